/**
 * The board follows what the simulator plays: calls appear, change and disappear; a
 * participant added by the API outside the desk appears.
 */
import { addMember, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'

test('a call appears, changes and disappears as the simulator plays it', async ({
  stack,
  desk,
}) => {
  const name = callName('appear')
  await expect(desk.card(name)).toHaveCount(0)

  const { customer, agent } = await placeCall(stack, desk, name)
  await expect(desk.card(name).getByTestId('call-status')).toHaveText('Active')
  await expect(desk.membersOfRole(name, 'customer')).toHaveCount(1)
  await expect(desk.membersOfRole(name, 'agent')).toHaveCount(1)

  // Changes made outside the desk (the contact center's own app) show on the card.
  await stack.rest.updateParticipant(name, agent.memberId, { mute: true })
  await expect(desk.mark(name, agent.memberId, 'muted')).toBeVisible()
  await stack.rest.updateParticipant(name, customer.memberId, { hold: true })
  await expect(desk.mark(name, customer.memberId, 'hold')).toBeVisible()
  await stack.rest.updateParticipant(name, customer.memberId, { hold: false })
  await expect(desk.mark(name, customer.memberId, 'hold')).toBeHidden()
  await stack.rest.updateParticipant(name, agent.memberId, { mute: false })
  await expect(desk.mark(name, agent.memberId, 'muted')).toBeHidden()

  // The customer hangs up; the agent, alone, is not allowed to stay: the call ends.
  await stack.sim.hangup(customer.callUuid)
  await expect(desk.member(name, customer.memberId)).toBeHidden()
  await expect(desk.card(name)).toBeHidden()
  await expect(desk.page.getByTestId('board-empty')).toBeVisible()
})

test('a participant added by the API outside the desk appears on the call', async ({
  stack,
  desk,
}) => {
  const name = callName('outside')
  await placeCall(stack, desk, name)

  const second = await addMember(stack, desk, name, 'agent')
  await expect(desk.membersOfRole(name, 'agent')).toHaveCount(2)
  await expect(desk.member(name, second.memberId)).toContainText('Agent')

  const ai = await addMember(stack, desk, name, 'ai-agent')
  await expect(desk.member(name, ai.memberId)).toContainText('AI agent')
  await expect(desk.card(name).getByTestId('participant')).toHaveCount(4)
})

test('several calls side by side each show their own participants', async ({ stack, desk }) => {
  const names = [callName('one'), callName('two'), callName('three')]
  const calls = []
  for (const name of names) calls.push(await placeCall(stack, desk, name))
  await expect(desk.cards()).toHaveCount(3)
  for (const [i, name] of names.entries()) {
    const call = calls[i]
    if (!call) throw new Error('call missing')
    await expect(desk.card(name).getByTestId('participant')).toHaveCount(2)
    await expect(desk.member(name, call.customer.memberId)).toBeVisible()
    await expect(desk.member(name, call.agent.memberId)).toBeVisible()
  }
  // Ending one leaves the others untouched.
  await stack.rest.endMpc(names[1] ?? '')
  await expect(desk.card(names[1] ?? '')).toBeHidden()
  await expect(desk.cards()).toHaveCount(2)
})
