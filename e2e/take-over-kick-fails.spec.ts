/**
 * A take-over from an AI agent whose kick Plivo refuses (issue 18), over the real chain: the
 * supervisor's phone joins in barge mode, the desk asks Plivo to remove the AI member and Plivo
 * says no (the simulator's `failNext` test fault answers that one DELETE with Plivo's error
 * shape and changes nothing). The card must tell the supervisor why, that they are on the call
 * and that the AI is still there; Plivo's truth must agree, the customer must never have left,
 * and the audit log must say the take-over failed, with the reason.
 */
import { addMember, callName } from './support/calls'
import { expect, test } from './support/fixtures'
import { SUPERVISOR_ENDPOINT } from './support/stack'

/** What Plivo says when it refuses the kick: any text, as long as the supervisor reads it. */
const REFUSAL = 'Participant could not be removed, please retry.'

test('a take-over whose kick Plivo refuses says why, and leaves the AI on the call', async ({
  stack,
  desk,
}) => {
  const name = callName('take-over-kick-fails')
  const customer = await addMember(stack, desk, name, 'customer')
  const ai = await addMember(stack, desk, name, 'ai-agent')
  const mpcUuid = (await stack.rest.listLiveMpcs()).find((m) => m.friendly_name === name)?.mpc_uuid
  // 400: Plivo refused the request itself, so the desk reports it at once (no retry).
  const refusal = stack.sim.failNext({
    method: 'DELETE',
    route: ':mpc/Participant/:member',
    status: 400,
    error: REFUSAL,
  })
  const card = desk.card(name)

  await card.getByTestId('take-over').click()

  const status = card.getByTestId('take-over-status')
  await expect(status).toHaveAttribute('data-status', 'failed')
  await expect(status).toHaveAttribute('role', 'alert')
  await expect(status).toContainText(`Could not take AI agent ${ai.memberId} off the line`)
  await expect(status).toContainText(REFUSAL)
  await expect(status).toContainText('You are on the call with the AI agent still there.')
  await expect(desk.presence(name)).toHaveAttribute('data-status', 'joined')
  await expect(desk.presence(name)).toHaveAttribute('data-mode', 'barge')
  await expect(desk.member(name, ai.memberId)).toBeVisible()
  await expect(desk.member(name, customer.memberId)).toBeVisible()
  // The AI is still there, so the supervisor may try again.
  await expect(card.getByTestId('take-over')).toBeEnabled()
  await card.screenshot({ path: test.info().outputPath('take-over-kick-refused.png') })
  // The desk really asked Plivo, once: the refusal was spent on its kick.
  expect(refusal.remaining).toBe(0)

  // Plivo's truth: the same call; the customer, the AI and the barging supervisor all on it.
  const members = await stack.rest.listParticipants(name)
  const live = members.filter((p) => !p.exit_time)
  expect(live.map((p) => [p.member_id, p.role]).sort()).toEqual(
    [
      [customer.memberId, 'customer'],
      [ai.memberId, 'ai-agent'],
      [live.find((p) => p.role === 'supervisor')?.member_id ?? 'none', 'supervisor'],
    ].sort(),
  )
  const supervisor = live.find((p) => p.role === 'supervisor')
  expect(supervisor).toMatchObject({ coach_mode: false, member_address: SUPERVISOR_ENDPOINT })
  expect(members.filter((p) => p.member_id === customer.memberId)).toHaveLength(1)
  expect(members.find((p) => p.member_id === customer.memberId)?.exit_time).toBeFalsy()
  const mpcs = await stack.rest.listLiveMpcs()
  expect(mpcs.find((m) => m.friendly_name === name)?.mpc_uuid).toBe(mpcUuid)

  await desk.view('audit')
  const row = desk.page.getByTestId('audit-row').first()
  await expect(row.locator('td:nth-child(3)')).toHaveText(`Take over from AI agent ${ai.memberId}`)
  await expect(row).toHaveAttribute('data-result', 'failed')
  await expect(row).toContainText(REFUSAL)
})
