/**
 * Listen, coach, barge, switch and leave — and the failures supervisors report in other tools:
 * a stuck mark after hanging up their own phone, a second supervisor shown wrong, agents' and
 * customers' mute and hold marks going wrong while a supervisor is on the call.
 */
import { addMember, callName, placeCall } from './support/calls'
import type { Desk, Mode } from './support/desk'
import { expect, test } from './support/fixtures'
import { SUPERVISOR_ENDPOINT, type Stack } from './support/stack'

/** The desk's own supervisor member on a call, as the simulator has it. */
async function mySupervisor(stack: Stack, name: string) {
  const participants = await stack.rest.listParticipants(name)
  return participants.filter((p) => p.role === 'supervisor' && !p.exit_time)
}

/** The desk's own supervisor member id once it joined, read from the card. */
async function mySupervisorMember(desk: Desk, stack: Stack, name: string): Promise<string> {
  let memberId = ''
  await expect(async () => {
    const live = await mySupervisor(stack, name)
    expect(live).toHaveLength(1)
    memberId = live[0]?.member_id ?? ''
  }).toPass({ timeout: 10_000 })
  await expect(desk.member(name, memberId)).toBeVisible()
  return memberId
}

const EXPECTED_FLAGS: Record<Mode, { coach_mode: boolean; mute: boolean }> = {
  listen: { coach_mode: true, mute: true },
  coach: { coach_mode: true, mute: false },
  barge: { coach_mode: false, mute: false },
}

test('listen, switch to coach and barge in place, then leave', async ({ stack, desk }) => {
  const name = callName('modes')
  await placeCall(stack, desk, name)

  await desk.join(name, 'listen')
  // The supervisor's phone rings before they are on the call…
  await expect(desk.presence(name)).toBeVisible()
  // …then they are listening, and shown as a supervisor member of the call.
  await expect(desk.presence(name)).toHaveAttribute('data-mode', 'listen')
  await expect(desk.presence(name)).toHaveAttribute('data-status', 'joined')
  await expect(desk.presence(name)).toHaveText('You are listening')
  const memberId = await mySupervisorMember(desk, stack, name)
  await expect(desk.mark(name, memberId, 'coach')).toHaveAttribute('data-mode', 'listen')
  await expect(desk.card(name).getByTestId('join-listen')).toHaveAttribute('aria-pressed', 'true')

  for (const mode of ['coach', 'barge', 'listen'] as const) {
    await desk.join(name, mode)
    await expect(desk.presence(name)).toHaveAttribute('data-mode', mode)
    await expect(desk.mark(name, memberId, 'coach')).toHaveAttribute('data-mode', mode)
    await expect(desk.card(name).getByTestId(`join-${mode}`)).toHaveAttribute(
      'aria-pressed',
      'true',
    )
    // Switching is in place: still one supervisor member, the same one, with Plivo's flags.
    await expect(desk.membersOfRole(name, 'supervisor')).toHaveCount(1)
    const live = await mySupervisor(stack, name)
    expect(live.map((p) => p.member_id)).toEqual([memberId])
    expect({ coach_mode: live[0]?.coach_mode, mute: live[0]?.mute }).toEqual(EXPECTED_FLAGS[mode])
  }

  await desk.leave(name)
  await expect(desk.presence(name)).toBeHidden()
  await expect(desk.member(name, memberId)).toBeHidden()
  await expect(desk.membersOfRole(name, 'supervisor')).toHaveCount(0)
  await expect(desk.card(name).getByTestId('leave')).toBeHidden()
  await expect(desk.card(name).getByTestId('join-listen')).toBeEnabled()
  expect(await mySupervisor(stack, name)).toEqual([])
})

const DOING: Record<Mode, string> = { listen: 'listening', coach: 'coaching', barge: 'barging' }

for (const mode of ['listen', 'coach', 'barge'] as const) {
  test(`hanging up their own phone while ${DOING[mode]} clears the supervisor's mark`, async ({
    stack,
    desk,
  }) => {
    const name = callName(`hangup-${mode}`)
    const { customer, agent } = await placeCall(stack, desk, name)
    await desk.joinAndWait(name, mode)
    const memberId = await mySupervisorMember(desk, stack, name)
    const [me] = await mySupervisor(stack, name)
    if (!me) throw new Error('supervisor not on the call')

    await stack.sim.hangup(me.call_uuid)

    // No stuck indicator, no leftover member; the call goes on and can be joined again.
    await expect(desk.presence(name)).toBeHidden()
    await expect(desk.member(name, memberId)).toBeHidden()
    await expect(desk.membersOfRole(name, 'supervisor')).toHaveCount(0)
    await expect(desk.card(name).getByTestId('leave')).toBeHidden()
    await expect(desk.member(name, customer.memberId)).toBeVisible()
    await expect(desk.member(name, agent.memberId)).toBeVisible()
    for (const m of ['listen', 'coach', 'barge'] as const) {
      await expect(desk.card(name).getByTestId(`join-${m}`)).toHaveAttribute(
        'aria-pressed',
        'false',
      )
    }

    await desk.joinAndWait(name, 'listen')
    await expect(desk.membersOfRole(name, 'supervisor')).toHaveCount(1)
  })
}

test('a second supervisor on the same call is shown with their own mode', async ({
  stack,
  desk,
}) => {
  const name = callName('two-sups')
  await placeCall(stack, desk, name)
  await desk.joinAndWait(name, 'listen')
  const mine = await mySupervisorMember(desk, stack, name)

  // Another supervisor (another tool, another desk) joins by the API, coaching.
  const other = await addMember(stack, desk, name, 'supervisor', {
    to: 'sip:other-supervisor@e2e.test',
    coach_mode: true,
    mute: false,
  })
  await expect(desk.membersOfRole(name, 'supervisor')).toHaveCount(2)
  await expect(desk.mark(name, other.memberId, 'coach')).toHaveAttribute('data-mode', 'coach')
  await expect(desk.mark(name, mine, 'coach')).toHaveAttribute('data-mode', 'listen')
  await expect(desk.presence(name)).toHaveAttribute('data-mode', 'listen')

  // They barge; our own mode does not change with theirs.
  await stack.rest.updateParticipant(name, other.memberId, { coach_mode: false })
  await expect(desk.mark(name, other.memberId, 'coach')).toHaveAttribute('data-mode', 'barge')
  await expect(desk.mark(name, mine, 'coach')).toHaveAttribute('data-mode', 'listen')
  await expect(desk.presence(name)).toHaveAttribute('data-mode', 'listen')

  // We switch; theirs does not change with ours.
  await desk.joinAndWait(name, 'coach')
  await expect(desk.mark(name, mine, 'coach')).toHaveAttribute('data-mode', 'coach')
  await expect(desk.mark(name, other.memberId, 'coach')).toHaveAttribute('data-mode', 'barge')

  // They hang up: only their chip goes; we are still coaching.
  await stack.sim.hangup(other.callUuid)
  await expect(desk.member(name, other.memberId)).toBeHidden()
  await expect(desk.membersOfRole(name, 'supervisor')).toHaveCount(1)
  await expect(desk.presence(name)).toHaveAttribute('data-mode', 'coach')

  // Leaving removes ours, not a stranger's: nothing of either is left.
  await desk.leave(name)
  await expect(desk.presence(name)).toBeHidden()
  await expect(desk.membersOfRole(name, 'supervisor')).toHaveCount(0)
})

test("agents' and customers' mute and hold marks stay right while a supervisor is on and switches", async ({
  stack,
  desk,
}) => {
  const name = callName('marks')
  const { customer, agent } = await placeCall(stack, desk, name)
  await stack.rest.updateParticipant(name, customer.memberId, { hold: true })
  await stack.rest.updateParticipant(name, agent.memberId, { mute: true })
  await expect(desk.mark(name, customer.memberId, 'hold')).toBeVisible()
  await expect(desk.mark(name, agent.memberId, 'muted')).toBeVisible()

  const expectOthersUnchanged = async () => {
    await expect(desk.mark(name, customer.memberId, 'hold')).toBeVisible()
    await expect(desk.mark(name, customer.memberId, 'muted')).toBeHidden()
    await expect(desk.mark(name, agent.memberId, 'muted')).toBeVisible()
    await expect(desk.mark(name, agent.memberId, 'hold')).toBeHidden()
  }

  await desk.joinAndWait(name, 'listen')
  const me = await mySupervisorMember(desk, stack, name)
  // Listening is a muted supervisor: that mute is theirs alone.
  await expectOthersUnchanged()

  for (const mode of ['coach', 'barge', 'listen', 'barge'] as const) {
    await desk.joinAndWait(name, mode)
    await expect(desk.mark(name, me, 'coach')).toHaveAttribute('data-mode', mode)
    await expectOthersUnchanged()
  }

  // Changes to the others while the supervisor is on show, and only on them.
  await stack.rest.updateParticipant(name, customer.memberId, { hold: false })
  await expect(desk.mark(name, customer.memberId, 'hold')).toBeHidden()
  await expect(desk.mark(name, agent.memberId, 'muted')).toBeVisible()
  await expect(desk.mark(name, me, 'coach')).toHaveAttribute('data-mode', 'barge')
  await desk.joinAndWait(name, 'coach')
  await expect(desk.mark(name, customer.memberId, 'hold')).toBeHidden()
  await expect(desk.mark(name, agent.memberId, 'muted')).toBeVisible()

  await desk.leave(name)
  await expect(desk.membersOfRole(name, 'supervisor')).toHaveCount(0)
  await expect(desk.mark(name, agent.memberId, 'muted')).toBeVisible()
  await expect(desk.mark(name, customer.memberId, 'hold')).toBeHidden()
})

test('the desk dials the configured supervisor endpoint', async ({ stack, desk }) => {
  const name = callName('endpoint')
  await placeCall(stack, desk, name)
  await desk.joinAndWait(name, 'listen')
  await mySupervisorMember(desk, stack, name)
  const [me] = await mySupervisor(stack, name)
  expect(me?.member_address).toBe(SUPERVISOR_ENDPOINT)
})

test.describe('with slow callbacks', () => {
  // Each callback waits up to 1.5 s: a mode switch's confirming event is still on its way when
  // the supervisor, having changed their mind, leaves.
  test.use({ stackOptions: { simulator: { faults: { delayMs: 1500 } } } })

  test('leaving right after switching mode leaves no stuck mark', async ({ stack, desk }) => {
    const name = callName('switch-leave')
    await placeCall(stack, desk, name)
    await desk.joinAndWait(name, 'listen')
    const memberId = await mySupervisorMember(desk, stack, name)

    await desk.join(name, 'barge')
    await expect(desk.presence(name)).toHaveAttribute('data-mode', 'barge')
    await desk.leave(name)

    // Once the supervisor's member is gone from the call, nothing may say they are on it or
    // that their phone is ringing.
    await expect(desk.member(name, memberId)).toBeHidden()
    expect(await mySupervisor(stack, name)).toEqual([])
    await expect(desk.presence(name)).toBeHidden({ timeout: 5000 })
    await expect(desk.card(name).getByTestId('leave')).toBeHidden()
    await expect(desk.card(name).getByTestId('join-barge')).toHaveAttribute('aria-pressed', 'false')
  })
})
