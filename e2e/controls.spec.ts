/**
 * Per-participant and per-call controls: each click reaches the simulator through the control
 * API, and what the supervisor sees changes only when the simulator's callback comes back.
 */
import { addMember, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'

test('mute, unmute, hold, unhold and remove participants', async ({ stack, desk }) => {
  const name = callName('controls')
  const { customer, agent } = await placeCall(stack, desk, name)
  await desk.openDetail(name)

  await desk.memberAction(name, agent.memberId, 'mute')
  await expect(desk.mark(name, agent.memberId, 'muted')).toBeVisible()
  await expect(desk.row(agent.memberId).getByTestId('unmute')).toBeVisible()
  await expect(desk.row(agent.memberId).getByTestId('mark-muted')).toBeVisible()

  await desk.memberAction(name, agent.memberId, 'unmute')
  await expect(desk.mark(name, agent.memberId, 'muted')).toBeHidden()
  await expect(desk.row(agent.memberId).getByTestId('mute')).toBeVisible()

  await desk.memberAction(name, customer.memberId, 'hold')
  await expect(desk.mark(name, customer.memberId, 'hold')).toBeVisible()
  await expect(desk.row(customer.memberId).getByTestId('unhold')).toBeVisible()

  await desk.memberAction(name, customer.memberId, 'unhold')
  await expect(desk.mark(name, customer.memberId, 'hold')).toBeHidden()
  await expect(desk.row(customer.memberId).getByTestId('hold')).toBeVisible()

  // The simulator agrees with what the desk shows.
  const participants = await stack.rest.listParticipants(name)
  const flags = Object.fromEntries(
    participants.map((p) => [p.member_id, { mute: p.mute, hold: p.hold }]),
  )
  expect(flags).toEqual({
    [customer.memberId]: { mute: false, hold: false },
    [agent.memberId]: { mute: false, hold: false },
  })

  // Removing asks first; cancelling changes nothing.
  await desk.row(agent.memberId).getByTestId('kick').click()
  await desk.page.getByRole('alertdialog').getByTestId('confirm-cancel').click()
  await expect(desk.page.getByRole('alertdialog')).toBeHidden()
  await expect(desk.member(name, agent.memberId)).toBeVisible()

  // A third party so the call survives the kick (one left alone would end it).
  await addMember(stack, desk, name, 'agent')
  await expect(desk.membersOfRole(name, 'agent')).toHaveCount(2)
  await desk.memberAction(name, agent.memberId, 'kick')
  await expect(desk.member(name, agent.memberId)).toBeHidden()
  await expect(desk.membersOfRole(name, 'agent')).toHaveCount(1)
  await expect(desk.row(agent.memberId)).toContainText('Kicked Out of Multiparty Call')
  const after = await stack.rest.listParticipants(name)
  expect(after.find((p) => p.member_id === agent.memberId)?.exit_cause).toBe(
    'Kicked Out of Multiparty Call',
  )
})

test('recording: start, pause, resume, stop, and the recording link', async ({ stack, desk }) => {
  const name = callName('recording')
  await placeCall(stack, desk, name)
  await expect(desk.recordingState(name)).toHaveText('Not recording')

  await desk.recording(name, 'start')
  await expect(desk.recordingState(name)).toHaveText('Recording')
  await expect(desk.detail().getByTestId('recording-start')).toBeDisabled()

  await desk.recording(name, 'pause')
  await expect(desk.recordingState(name)).toHaveText('Recording paused')

  await desk.recording(name, 'resume')
  await expect(desk.recordingState(name)).toHaveText('Recording')

  await desk.recording(name, 'stop')
  await expect(desk.recordingState(name)).toHaveText('Not recording')
  await expect(desk.detail().getByTestId('recording-link')).toHaveCount(1)
  await expect(desk.detail().getByTestId('recording-link')).toHaveAttribute('href', /^https?:\/\//)

  for (const event of [
    'MPCRecordingInitiated',
    'MPCRecordingPaused',
    'MPCRecordingResumed',
    'MPCRecordingCompleted',
  ]) {
    await expect(desk.timeline(event)).toHaveCount(1)
  }
  expect((await stack.rest.getMpc(name)).recording).toBe('not-recording')
})

test('ending a call asks first, then ends it for everyone', async ({ stack, desk }) => {
  const name = callName('end')
  const { customer, agent } = await placeCall(stack, desk, name)
  const uuid = await desk.card(name).getAttribute('data-mpc')
  await desk.openDetail(name)

  await desk.detail().getByTestId('end-call').click()
  await desk.page.getByRole('alertdialog').getByTestId('confirm-cancel').click()
  await expect(desk.card(name).getByTestId('call-status')).toHaveText('Active')

  await desk.endCall(name)
  await expect(desk.card(name).getByTestId('call-status')).toHaveText('Ended')
  await expect(desk.member(name, customer.memberId)).toBeHidden()
  await expect(desk.member(name, agent.memberId)).toBeHidden()
  await expect(desk.timeline('MPCEnd')).toHaveCount(1)
  await expect(desk.detail().getByTestId('end-call')).toBeDisabled()
  expect((await stack.rest.getMpcByUuid(uuid ?? '')).status).toBe('Ended')
})
