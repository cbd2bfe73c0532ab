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

test.describe('with the simulator playing a call center', () => {
  test.use({
    // Tall enough that every live call's card is rendered (the board is virtualised).
    viewport: { width: 1280, height: 2400 },
    stackOptions: {
      simulator: {
        seed: 424242,
        traffic: {
          concurrentCalls: 4,
          meanCallSeconds: 10,
          meanWaitSeconds: 2,
          rampSeconds: 2,
          supervisorShare: 0.3,
          aiAgentShare: 0.25,
        },
      },
    },
  })

  test('calls appear, change and disappear as the simulator plays them', async ({
    stack,
    desk,
  }) => {
    // A busy board on a shared two-core machine: give the page time, not the assertions slack.
    test.setTimeout(150_000)
    type Shown = { name: string; members: string[] }[]
    const onBoard = (): Promise<Shown> =>
      desk.page
        .locator('[data-testid="call-card"]:not([data-status="ended"])')
        .evaluateAll((cards) =>
          cards
            .map((card) => ({
              name: (card.getAttribute('aria-label') ?? '').replace(/^Call /, ''),
              members: Array.from(card.querySelectorAll<HTMLElement>('[data-testid="participant"]'))
                .map((p) => `${p.dataset.member}:${p.dataset.role}`)
                .sort(),
            }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        )
    const inSimulator = (): Shown => {
      const truth = stack.sim.truth()
      return truth.mpcs
        .filter((mpc) => mpc.status !== 'Ended')
        .map((mpc) => ({
          name: mpc.friendly_name,
          members: (truth.participants[mpc.mpc_uuid] ?? [])
            .filter((p) => !p.exit_time)
            .map((p) => `${p.member_id}:${p.role}`)
            .sort(),
        }))
        .sort((a, b) => a.name.localeCompare(b.name))
    }

    // Calls arrive on their own and the board keeps up with them, members and all.
    await expect.poll(async () => (await onBoard()).length, { timeout: 45_000 }).toBeGreaterThan(1)
    const names = new Set<string>()
    for (let round = 0; round < 2; round++) {
      await expect(async () => {
        const shown = await onBoard()
        const expected = inSimulator()
        // On a mismatch, say what the desk's services hold too: which side is behind.
        const services = (await stack.services?.invoke['desk:snapshot'](undefined))?.mpcs
          .filter((mpc) => mpc.status !== 'ended')
          .map(
            (mpc) =>
              `${mpc.name}:${Object.values(mpc.participants).filter((p) => p.leftAt === undefined).length}`,
          )
          .sort()
          .join(' ')
        expect(shown, `the desk's services have ${services}`).toEqual(expected)
        for (const call of shown) names.add(call.name)
      }).toPass({ timeout: 45_000, intervals: [100] })
    }
    expect(names.size).toBeGreaterThan(1)

    // No new callers, and everyone still on a call hangs up: every call leaves the board.
    stack.sim.traffic.stop()
    const truth = stack.sim.truth()
    for (const participants of Object.values(truth.participants)) {
      for (const p of participants) if (!p.exit_time) stack.sim.hangup(p.call_uuid)
    }
    expect(inSimulator()).toEqual([])
    await expect(desk.cards()).toHaveCount(0, { timeout: 20_000 })
    for (const name of names) await expect(desk.card(name)).toHaveCount(0)
  })
})
