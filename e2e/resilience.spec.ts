/**
 * The board stays true when the pipe misbehaves: the relay restarting (with an empty log) while
 * calls change, and callbacks arriving twice or out of order.
 */
import { addMember, address, callbackParams, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'
import { expectBoardMatchesSimulator } from './support/truth'

test('the relay restarts and the board recovers to the simulator’s truth', async ({
  stack,
  desk,
}) => {
  const kept = callName('kept')
  const ending = callName('ending')
  const { customer, agent } = await placeCall(stack, desk, kept)
  const doomed = await placeCall(stack, desk, ending)
  await desk.joinAndWait(kept, 'listen')
  // The pointer leaves the board: resting on it, it holds the order and new calls wait
  // (board-stability.spec.ts) — this test is about the relay, not the pointer.
  await desk.page.mouse.move(0, 0)
  await desk.expectLive()

  const born = callName('born')
  await stack.restartRelay(async () => {
    // The desk notices it lost the relay…
    await expect(desk.connection()).not.toHaveAttribute('data-status', 'live')
    // …while the calls go on without it: none of these callbacks reaches anyone.
    await stack.rest.updateParticipant(kept, agent.memberId, { mute: true })
    await stack.rest.updateParticipant(kept, customer.memberId, { hold: true })
    await stack.sim.hangup(doomed.customer.callUuid)
    for (const role of ['customer', 'agent'] as const) {
      await stack.rest.addParticipant(born, {
        role,
        from: '+15550000001',
        to: address(role),
        ...callbackParams(stack),
      })
    }
    await expect(async () => {
      const joined = (await stack.rest.listParticipants(born)).filter((p) => !p.exit_time)
      expect(joined).toHaveLength(2)
    }).toPass()
  })

  await desk.expectLive()
  // What happened while the relay was away is on the board, once.
  await expect(desk.mark(kept, agent.memberId, 'muted')).toBeVisible()
  await expect(desk.mark(kept, customer.memberId, 'hold')).toBeVisible()
  await expect(desk.card(born).getByTestId('participant')).toHaveCount(2)
  await expect(desk.page.locator(`[data-testid="call-card"][data-status="active"]`)).toHaveCount(2)
  await expect(desk.card(ending)).toBeHidden()
  // Our own presence survived the restart, with no second supervisor member.
  await expect(desk.presence(kept)).toHaveAttribute('data-mode', 'listen')
  await expect(desk.membersOfRole(kept, 'supervisor')).toHaveCount(1)
  await expectBoardMatchesSimulator(desk, stack)

  // And the desk is fully working again: commands and their events go round.
  await desk.memberAction(kept, agent.memberId, 'unmute')
  await expect(desk.mark(kept, agent.memberId, 'muted')).toBeHidden()
  await desk.joinAndWait(kept, 'coach')
  await addMember(stack, desk, born, 'agent')
  await expectBoardMatchesSimulator(desk, stack)
})

test.describe('with duplicated and reordered callbacks', () => {
  test.use({
    stackOptions: {
      simulator: { faults: { duplicateProbability: 0.5, reorderWindow: 4 }, seed: 7 },
    },
  })

  test('duplicates and reordering change nothing visible', async ({ stack, desk }) => {
    const name = callName('faults')
    const { customer, agent } = await placeCall(stack, desk, name)
    const second = await addMember(stack, desk, name, 'agent', { mute: true, hold: true })
    await expect(desk.mark(name, second.memberId, 'hold')).toBeVisible()

    await desk.joinAndWait(name, 'listen')
    await desk.joinAndWait(name, 'barge')
    await desk.memberAction(name, agent.memberId, 'mute')
    await expect(desk.mark(name, agent.memberId, 'muted')).toBeVisible()
    await desk.memberAction(name, customer.memberId, 'hold')
    await expect(desk.mark(name, customer.memberId, 'hold')).toBeVisible()
    await desk.memberAction(name, customer.memberId, 'unhold')
    await expect(desk.mark(name, customer.memberId, 'hold')).toBeHidden()
    await desk.recording(name, 'start')
    await expect(desk.recordingState(name)).toHaveText('Recording')
    await desk.recording(name, 'stop')
    await expect(desk.recordingState(name)).toHaveText('Not recording')
    await stack.sim.hangup(second.callUuid)
    await expect(desk.member(name, second.memberId)).toBeHidden()

    await expectBoardMatchesSimulator(desk, stack)
    await expect(desk.presence(name)).toHaveAttribute('data-mode', 'barge')
    await expect(desk.membersOfRole(name, 'supervisor')).toHaveCount(1)

    // Every event shows once in the timeline, however many times it was delivered.
    await desk.openDetail(name)
    for (const [event, count] of [
      ['MPCStart', 1],
      ['ParticipantJoin', 4],
      ['ParticipantExit', 1],
      ['MPCRecordingInitiated', 1],
      ['MPCRecordingCompleted', 1],
    ] as const) {
      await expect(desk.timeline(event)).toHaveCount(count)
    }
    const texts = await desk
      .timeline()
      .evaluateAll((lines) =>
        lines.map(
          (line) => `${line.querySelector('time')?.getAttribute('datetime')} ${line.textContent}`,
        ),
      )
    expect(texts.length).toBeGreaterThan(8)
    expect(new Set(texts).size, 'no timeline line shows twice').toBe(texts.length)
  })
})
