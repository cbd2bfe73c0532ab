/**
 * A relay outage must not flood the desk with false alerts, and a relay the desk cannot reach
 * must look like that, not like a quiet floor.
 *
 * While the live feed is down the board is still refreshed from Plivo's REST API, which has no
 * speech data: silence and overtalk alerts are paused (and the desk says so), a call known only
 * from REST never raises them, and when the feed is back they count silence from then on — no
 * burst of alerts the moment it returns.
 */
import { createServer } from 'node:net'
import { address, callbackParams, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'

test.describe('the relay goes away with calls live', () => {
  test.use({
    stackOptions: {
      // Silence alerts after 5 s; the rest out of the way.
      thresholds: { customerWaitSec: 3600, longHoldSec: 3600, longSilenceSec: 5, overtalkSec: 1 },
      // The read-back from Plivo's API is what keeps the board current while the relay is down.
      tuning: { reconcileIntervalMs: 1000 },
    },
  })

  test('silence alerts pause, the notice says why, REST-only calls raise none, and none burst on return', async ({
    stack,
    desk,
  }) => {
    const quiet = callName('quiet')
    await placeCall(stack, desk, quiet)
    // Nobody speaks: with the live feed up that is a real silence, and it alerts.
    await expect(desk.alerts(quiet, 'long-silence')).toHaveCount(1, { timeout: 15_000 })

    const born = callName('born')
    const notice = desk.page.getByTestId('connection-notice')
    await stack.restartRelay(async () => {
      await expect(desk.connection()).toHaveAttribute('data-status', 'reconnecting')
      // The speech facts stopped coming: the silence alert is paused, and the desk says so.
      await expect(desk.alerts(quiet, 'long-silence')).toHaveCount(0)
      await expect(desk.page.getByTestId('alerts-paused')).toHaveText(
        'Silence and overtalk alerts are paused while live updates are down.',
      )
      // The banner tells the truth: the board is still being refreshed, from the API.
      await expect(desk.page.getByTestId('connection-consequence')).toHaveText(
        "Live updates are paused: the board is refreshed from Plivo's API instead, without who is speaking. Commands still go to Plivo.",
      )
      await expect(desk.page.getByTestId('connection-refresh-age')).toContainText(
        'Last read from the API',
      )
      await expect(notice).not.toContainText('frozen')

      // A call that starts meanwhile reaches the board from REST alone…
      for (const role of ['customer', 'agent'] as const) {
        await stack.rest.addParticipant(born, {
          role,
          from: '+15550000001',
          to: address(role),
          ...callbackParams(stack),
        })
      }
      await expect(desk.card(born).getByTestId('participant')).toHaveCount(2, { timeout: 15_000 })
      // …and once it is older than the threshold, still no silence alert on any call.
      await expect(desk.card(born).getByTestId('call-age')).toHaveText(/ 0:(0[7-9]|[1-5]\d)$/, {
        timeout: 20_000,
      })
      await expect(desk.page.getByTestId('alert')).toHaveCount(0)
    })

    await desk.expectLive()
    const liveAt = Date.now()
    await expect(notice).toBeHidden()
    // Silence is counted from when the feed came back: a full threshold before it alerts again.
    await expect(desk.alerts(quiet, 'long-silence')).toHaveCount(0)
    await expect(desk.alerts(quiet, 'long-silence')).toHaveCount(1, { timeout: 15_000 })
    expect(Date.now() - liveAt, 'no alert before 5 s of silence were seen').toBeGreaterThan(4000)
    // The call the desk knows only from REST has no speech data: it never raises silence.
    await expect(desk.alerts(born)).toHaveCount(0)
  })
})

/** A port nothing listens on (taken, then let go). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

test('a relay URL nothing answers at is named with the cause, and the board does not claim "no calls"', async ({
  stack,
  desk,
}) => {
  const services = stack.services
  test.skip(!services, 'needs the desk services in this process (the web host)')
  await desk.expectLive()
  const bogus = `http://127.0.0.1:${await closedPort()}`
  // What the settings screen sends when the relay URL is changed.
  const saved = await services?.invoke['settings:update']({ relayUrl: bogus })
  expect(saved?.ok).toBe(true)

  const reason = `Cannot reach the relay at ${bogus}: connection refused (nothing is listening there)`
  await expect(desk.connection()).toHaveAttribute('data-status', 'reconnecting')
  await expect(desk.page.getByTestId('connection-reason')).toHaveText(reason)
  const empty = desk.page.getByTestId('board-empty')
  await expect(empty).toContainText('Not connected to the relay — no calls to show yet.')
  await expect(desk.page.getByTestId('board-empty-reason')).toHaveText(reason)
  await expect(empty).not.toContainText('No live calls')
  await desk.page.screenshot({ path: '/work/shots/outage/bogus-relay-url.png' })
})
