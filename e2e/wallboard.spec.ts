/**
 * The wallboard (issue #18 item 3) matches the simulator's truth: its figures, computed here
 * from the simulator's own REST answers, are what the wall shows, and its alert counts are the
 * board's.
 */
import type { Page } from '@playwright/test'
import { addMember, address, callbackParams, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'
import type { Stack } from './support/stack'

test.use({
  stackOptions: {
    thresholds: { customerWaitSec: 5, longHoldSec: 5, longSilenceSec: 3600, overtalkSec: 600 },
  },
})

/** The figures as the simulator has them: every live call and its live members. */
async function truth(stack: Stack) {
  const mpcs = await stack.rest.listLiveMpcs()
  const figures = { active: mpcs.length, waiting: 0, human: 0, ai: 0, onHold: 0, recording: 0 }
  const queues = new Map<string, number>()
  for (const mpc of mpcs) {
    const live = (await stack.rest.listParticipants(mpc.friendly_name)).filter((p) => !p.exit_time)
    const has = (role: string) => live.some((p) => p.role === role)
    if (has('agent')) figures.human += 1
    else if (has('ai-agent')) figures.ai += 1
    else if (has('customer')) figures.waiting += 1
    figures.onHold += live.filter((p) => p.role === 'customer' && p.hold).length
    if (mpc.recording === 'recording') figures.recording += 1
    const queue = mpc.friendly_name.split('-')[0] ?? ''
    queues.set(queue, (queues.get(queue) ?? 0) + 1)
  }
  return { figures, queues }
}

const wall = (page: Page, id: string) => page.getByTestId(id)

test('the wallboard matches the simulator’s truth', async ({ stack, desk }) => {
  const waiting = callName('sales')
  const human = callName('support')
  const ai = callName('support')
  await addMember(stack, desk, waiting, 'customer', { stay_alone: true })
  const { customer } = await placeCall(stack, desk, human)
  await addMember(stack, desk, ai, 'customer')
  await addMember(stack, desk, ai, 'ai-agent')
  await stack.rest.updateParticipant(human, customer.memberId, { hold: true })
  await stack.rest.startRecording(ai)
  await expect(desk.recordingState(ai)).toHaveText('Recording')
  await desk.joinAndWait(human, 'listen')
  // Past the 5 s thresholds the board shows a waiting customer and a long hold.
  await expect(desk.alerts(waiting, 'customer-waiting')).toHaveCount(1, { timeout: 15_000 })
  await expect(desk.alerts(human, 'long-hold')).toHaveCount(1, { timeout: 15_000 })

  await desk.page.getByTestId('nav-wallboard').click()
  const page = desk.page
  await expect(wall(page, 'wallboard')).toBeVisible()

  const { figures, queues } = await truth(stack)
  expect(figures).toEqual({ active: 3, waiting: 1, human: 1, ai: 1, onHold: 1, recording: 1 })
  await expect(wall(page, 'wb-active')).toHaveText(String(figures.active))
  await expect(wall(page, 'wb-waiting')).toHaveText(String(figures.waiting))
  await expect(wall(page, 'wb-longest-wait')).toHaveText(/^\d+:\d\d$/)
  await expect(wall(page, 'wb-human')).toHaveText(String(figures.human))
  await expect(wall(page, 'wb-ai')).toHaveText(String(figures.ai))
  await expect(wall(page, 'wb-no-agent')).toHaveText(String(figures.waiting))
  await expect(wall(page, 'wb-on-hold')).toHaveText(String(figures.onHold))
  await expect(wall(page, 'wb-recording-calls')).toHaveText(String(figures.recording))
  await expect(wall(page, 'wb-recording')).toHaveText(
    `${Math.round((figures.recording / figures.active) * 100)}%`,
  )
  // Nobody has spoken on these calls (the simulator plays no speech on API-placed calls).
  await expect(wall(page, 'wb-talk-agents')).toHaveText('–')

  for (const [queue, calls] of queues) {
    const row = page.locator(`[data-testid="wb-queue"][data-queue="${queue}"]`)
    await expect(row.getByTestId('wb-queue-calls')).toHaveText(String(calls))
  }
  await expect(page.getByTestId('wb-queue')).toHaveCount(queues.size)

  // Each alert kind counts the calls the board shows it on.
  const alertRow = (kind: string) => page.locator(`[data-testid="wb-alert"][data-kind="${kind}"]`)
  await expect(alertRow('customer-waiting').locator('strong')).toHaveText('1')
  await expect(alertRow('long-hold').locator('strong')).toHaveText('1')
  await expect(alertRow('ai-stream-lost').locator('strong')).toHaveText('0')

  // The desk's own supervisor leg, on the call it joined, listening.
  const humanUuid = (await stack.rest.getMpc(human)).mpc_uuid
  const supervisor = page.getByTestId('wb-supervisor')
  await expect(supervisor).toHaveCount(1)
  await expect(supervisor).toHaveAttribute('data-mpc', humanUuid)
  await expect(supervisor).toHaveAttribute('data-mode', 'listen')
  await expect(supervisor).toContainText(`${human}`)
  await expect(supervisor).toContainText('(you)')

  // Live: an agent answers the waiting customer, and the wall follows without a reload.
  await stack.rest.addParticipant(waiting, {
    role: 'agent',
    from: '+15550000001',
    to: address('agent'),
    ...callbackParams(stack),
  })
  let after = figures
  await expect(async () => {
    after = (await truth(stack)).figures
    expect(after.waiting).toBe(0)
  }).toPass({ timeout: 10_000 })
  await expect(wall(page, 'wb-waiting')).toHaveText('0')
  await expect(wall(page, 'wb-human')).toHaveText(String(after.human))
  await expect(alertRow('customer-waiting').locator('strong')).toHaveText('0')
})
