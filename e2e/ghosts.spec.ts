/**
 * Ghost calls: the simulator (the local Plivo) is stopped and a new one started on the same API
 * base. It knows none of the old calls and nothing will ever send their end, while the relay
 * still holds them live. The board must not keep them: while nothing can confirm them their
 * cards say so (and claim no live facts), and once Plivo answers that it does not know them —
 * at the next reconcile, or at once for a command — they end, saying why, and leave.
 */
import { addMember, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'
import { sendPlivoCallback } from './support/plivo-callback'

const GONE_CAUSE = 'Plivo no longer knows this call'
const GONE_MESSAGE = 'This call no longer exists at Plivo; removed from the board.'

// The app project runs its own services with the production timings (a 30 s reconcile).
test.skip(({ deskHost }) => deskHost === 'electron', 'needs the desk timings shortened')

test.describe('with a quick reconcile', () => {
  test.use({
    stackOptions: {
      // Reconcile every 500 ms, so a card nothing confirms goes stale after about a second;
      // ended calls stay 3 s, long enough to read why.
      tuning: { reconcileIntervalMs: 500, freshMs: 300, endedGraceMs: 3000 },
    },
  })

  test('calls the simulator forgot go stale, then end saying why, then leave', async ({
    stack,
    desk,
  }) => {
    const talking = callName('talking')
    const other = callName('other')
    const { customer } = await placeCall(stack, desk, talking)
    await placeCall(stack, desk, other)
    const mpcUuid = await desk.card(talking).getAttribute('data-mpc')
    // The customer starts speaking; the stop will never come.
    await sendPlivoCallback(stack, 'status', {
      EventName: 'ParticipantSpeakStart',
      MPCUUID: mpcUuid ?? '',
      MPCName: talking,
      MemberID: customer.memberId,
      ParticipantRole: 'customer',
      ParticipantCallUUID: customer.callUuid,
    })
    await expect(desk.mark(talking, customer.memberId, 'speaking')).toBeVisible()

    await stack.restartSimulator(async () => {
      // Plivo cannot be read and no callback comes: the cards say so, on the card.
      for (const name of [talking, other]) {
        await expect(desk.card(name).getByTestId('call-stale')).toHaveText(/^No update for \d+ s$/)
        await expect(desk.card(name)).toHaveAttribute('data-status', 'active')
      }
      // …and no longer claim the customer is speaking.
      await expect(desk.member(talking, customer.memberId)).toBeVisible()
      await expect(desk.mark(talking, customer.memberId, 'speaking')).toBeHidden()
    })

    // The new simulator answers, and knows neither call: both end, with the reason…
    for (const name of [talking, other]) {
      await expect(desk.card(name)).toHaveAttribute('data-status', 'ended')
      await expect(desk.card(name).getByTestId('ended-reason')).toHaveText(GONE_CAUSE)
      await expect(desk.card(name).getByTestId('call-stale')).toBeHidden()
    }
    // …and leave after the ended grace, like any ended call.
    await expect(desk.card(talking)).toBeHidden()
    await expect(desk.card(other)).toBeHidden()

    // Calls on the new simulator show as usual.
    const fresh = callName('fresh')
    await addMember(stack, desk, fresh, 'customer')
    await expect(desk.card(fresh)).toHaveAttribute('data-status', /initialized|active/)
    await expect(desk.card(fresh).getByTestId('call-stale')).toBeHidden()
  })
})

test.describe('with no reconcile during the test', () => {
  test.use({
    stackOptions: {
      // Only the command can find out: the next reconcile is ten minutes away. No callback is
      // still arriving for the call when Listen is clicked, so freshness does not hold it back.
      tuning: { reconcileIntervalMs: 600_000, freshMs: 0, endedGraceMs: 3000 },
    },
  })

  test('Listen on a call the simulator forgot says so in words and ends the card', async ({
    stack,
    desk,
  }) => {
    const name = callName('forgotten')
    await placeCall(stack, desk, name)
    await stack.restartSimulator()

    await desk.join(name, 'listen')
    const failure = desk.failure(name)
    await expect(failure).toContainText(`Listen failed: ${GONE_MESSAGE}`)
    await expect(failure).not.toContainText('uuid_')
    await expect(desk.card(name)).toHaveAttribute('data-status', 'ended')
    await expect(desk.card(name).getByTestId('ended-reason')).toHaveText(GONE_CAUSE)
    await expect(desk.presence(name)).toBeHidden()
    await expect(desk.card(name)).toBeHidden()
  })
})
