/**
 * Commands that do not work out: the API refuses one, or the supervisor's phone never answers.
 * The optimistic change rolls back, the reason shows where the supervisor looked, and the
 * audit log records the outcome.
 */
import { addMember, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'
import { SUPERVISOR_ENDPOINT } from './support/stack'

test('a command the API rejects rolls back and shows Plivo’s reason', async ({ stack, desk }) => {
  const name = callName('full')
  // A call created for two participants only: the desk cannot add the supervisor to it.
  await addMember(stack, desk, name, 'customer', { max_participants: 2 })
  await addMember(stack, desk, name, 'agent')

  await desk.join(name, 'listen')
  const failure = desk.failure(name)
  await expect(failure).toContainText('Listen failed')
  await expect(failure).toContainText('maximum of 2 participants')
  // Rolled back: no ringing, no presence, no supervisor; Listen can be tried again.
  await expect(desk.presence(name)).toBeHidden()
  await expect(desk.membersOfRole(name, 'supervisor')).toHaveCount(0)
  await expect(desk.card(name).getByTestId('join-listen')).toBeEnabled()
  await expect(desk.card(name).getByTestId('join-listen')).toHaveAttribute('aria-pressed', 'false')

  await failure.getByRole('button', { name: 'Dismiss the error' }).click()
  await expect(failure).toBeHidden()

  await desk.view('audit')
  const row = desk.page.getByTestId('audit-row').filter({ hasText: name })
  await expect(row).toHaveCount(1)
  await expect(row).toHaveAttribute('data-result', 'failed')
  await expect(row).toContainText('maximum of 2 participants')
})

test('removing a member who already left is refused and the card shows the truth', async ({
  stack,
  desk,
}) => {
  const name = callName('gone')
  const { agent } = await placeCall(stack, desk, name)
  await addMember(stack, desk, name, 'agent')
  await desk.openDetail(name)

  // The agent hangs up while the relay is away, so the desk has not heard of it yet.
  await stack.restartRelay(async () => {
    await expect(desk.connection()).not.toHaveAttribute('data-status', 'live')
    stack.sim.hangup(agent.callUuid)
    await expect(desk.member(name, agent.memberId)).toBeVisible()

    await desk.memberAction(name, agent.memberId, 'kick')
    await expect(desk.failure(name)).toContainText(`Remove Agent ${agent.memberId} failed`)
    await expect(desk.failure(name)).toContainText(`member(s) ${agent.memberId} not found`)
  })

  // Back in touch: the member is gone for real, with Plivo's exit cause.
  await desk.expectLive()
  await expect(desk.member(name, agent.memberId)).toBeHidden()
  await expect(desk.row(agent.memberId)).toContainText('Participant Call Hangup')
  await expect(desk.membersOfRole(name, 'agent')).toHaveCount(1)
})

test.describe('when the supervisor’s phone does not answer', () => {
  test.use({
    stackOptions: {
      simulator: { failNumbers: [SUPERVISOR_ENDPOINT] },
      tuning: { joinTimeoutMs: 8000 },
    },
  })

  test('a join that never connects fails visibly and leaves nothing behind', async ({
    stack,
    desk,
  }) => {
    const name = callName('noanswer')
    await placeCall(stack, desk, name)

    await desk.join(name, 'coach')
    await expect(desk.presence(name)).toHaveAttribute('data-status', 'failed', { timeout: 15_000 })
    await expect(desk.presence(name)).toContainText('Join failed')
    await expect(desk.membersOfRole(name, 'supervisor')).toHaveCount(0)
    await expect(desk.card(name).getByTestId('leave')).toBeHidden()
    await expect(desk.card(name).getByTestId('join-coach')).toBeEnabled()
    const live = (await stack.rest.listParticipants(name)).filter((p) => !p.exit_time)
    expect(live.map((p) => p.role).sort()).toEqual(['agent', 'customer'])
  })
})
