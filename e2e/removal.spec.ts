/**
 * Removing a participant says first what it does to the call: on a customer-and-agent call,
 * removing the agent leaves the customer alone, and Plivo ends the call for them (stay alone
 * not permitted) — the simulator plays the element's rules.
 */
import { addMember, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'

// The ended call stays on the board long enough to be read.
test.use({ stackOptions: { tuning: { endedGraceMs: 60_000 } } })

test('removing the only agent warns that the call ends, and it does', async ({ stack, desk }) => {
  const name = callName('only-agent')
  const { customer, agent } = await placeCall(stack, desk, name)
  const uuid = (await desk.card(name).getAttribute('data-mpc')) ?? ''
  await desk.openDetail(name)

  await desk.row(agent.memberId).getByTestId('kick').click()
  const dialog = desk.page.getByRole('alertdialog')
  await expect(dialog).toContainText(
    `Removing Agent ${agent.memberId} leaves Customer ${customer.memberId} alone: Plivo will end the call for them (stay alone is not permitted).`,
  )
  await desk.confirm('Remove and end call')

  await expect(desk.card(name).getByTestId('call-status')).toHaveText('Ended')
  await expect
    .poll(async () => {
      const mpc = await stack.rest.getMpcByUuid(uuid)
      return [mpc.status, mpc.termination_cause]
    })
    .toEqual(['Ended', 'Stay Alone Not Permitted'])
})

test('removing one of two agents says the call goes on, and it does', async ({ stack, desk }) => {
  const name = callName('two-agents')
  const { customer, agent } = await placeCall(stack, desk, name)
  const second = await addMember(stack, desk, name, 'agent')
  await desk.openDetail(name)

  await desk.row(agent.memberId).getByTestId('kick').click()
  await expect(desk.page.getByRole('alertdialog')).toContainText(
    `the call goes on with Customer ${customer.memberId} and Agent ${second.memberId}.`,
  )
  await desk.confirm('Remove')
  await expect(desk.member(name, agent.memberId)).toBeHidden()
  await expect(desk.card(name).getByTestId('call-status')).toHaveText('Active')
  expect((await stack.rest.getMpc(name)).status).toBe('Active')
})
