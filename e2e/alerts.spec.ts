/**
 * Alerts fire when a threshold is crossed and clear when the condition ends.
 */
import { addMember, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'

test.use({
  stackOptions: {
    thresholds: { customerWaitSec: 5, longHoldSec: 5, longSilenceSec: 3600, overtalkSec: 600 },
  },
})

test('a long hold and a waiting customer raise alerts that clear when they end', async ({
  stack,
  desk,
}) => {
  const held = callName('held')
  const waiting = callName('waiting')
  const { customer } = await placeCall(stack, desk, held)
  // A customer alone on a call, no agent yet: waiting for one.
  await addMember(stack, desk, waiting, 'customer', { stay_alone: true })
  await stack.rest.updateParticipant(held, customer.memberId, { hold: true })
  await expect(desk.mark(held, customer.memberId, 'hold')).toBeVisible()
  await expect(desk.alerts(held)).toHaveCount(0)

  // Past the 5 s thresholds both alerts show, on their own calls, most urgent first.
  await expect(desk.alerts(held, 'long-hold')).toHaveCount(1, { timeout: 15_000 })
  await expect(desk.alerts(waiting, 'customer-waiting')).toHaveCount(1, { timeout: 15_000 })
  await expect(desk.card(held)).toHaveAttribute('data-alerts', '1')
  await expect(desk.alerts(held, 'customer-waiting')).toHaveCount(0)
  await expect(desk.alerts(waiting, 'long-hold')).toHaveCount(0)
  await expect(desk.cards().first()).toHaveAttribute('data-alerts', '1')

  // The hold ends: its alert clears. An agent answers: the waiting alert clears.
  await desk.memberAction(held, customer.memberId, 'unhold')
  await expect(desk.alerts(held)).toHaveCount(0)
  await expect(desk.card(held)).toHaveAttribute('data-alerts', '0')
  await addMember(stack, desk, waiting, 'agent')
  await expect(desk.alerts(waiting)).toHaveCount(0)
  await expect(desk.card(waiting).getByTestId('customer-waiting')).toBeHidden()
})
