/**
 * Every status and recording event kind shows, readably, in the call's timeline: those the
 * supervisor's own actions and the contact center's app cause, those that come from people
 * talking and pressing keys, and the rare ones (a failed recording, an event name Plivo adds
 * tomorrow).
 */
import { addMember, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'
import { sendPlivoCallback } from './support/plivo-callback'

// Ended calls stay on the board (and their details open) long enough to be read.
test.use({ stackOptions: { tuning: { endedGraceMs: 60_000 } } })

test('every event the desk and the API cause shows in the timeline', async ({ stack, desk }) => {
  // The longest scenario: some thirty commands, each waiting for its event to come back.
  test.setTimeout(120_000)
  const name = callName('events')
  const { customer, agent } = await placeCall(stack, desk, name)
  const extra = await addMember(stack, desk, name, 'agent')
  const mpcUuid = (await desk.card(name).getAttribute('data-mpc')) ?? ''
  await desk.openDetail(name)

  // Supervisor modes: coach mode stops (barge) and starts again (coach).
  await desk.joinAndWait(name, 'listen')
  await desk.joinAndWait(name, 'barge')
  await desk.joinAndWait(name, 'coach')

  for (const [member, action, mark, shown] of [
    [agent.memberId, 'mute', 'muted', true],
    [agent.memberId, 'unmute', 'muted', false],
    [customer.memberId, 'hold', 'hold', true],
    [customer.memberId, 'unhold', 'hold', false],
  ] as const) {
    await desk.memberAction(name, member, action)
    if (shown) await expect(desk.mark(name, member, mark)).toBeVisible()
    else await expect(desk.mark(name, member, mark)).toBeHidden()
  }

  for (const [action, state] of [
    ['start', 'Recording'],
    ['pause', 'Recording paused'],
    ['resume', 'Recording'],
    ['stop', 'Not recording'],
  ] as const) {
    await desk.recording(name, action)
    await expect(desk.recordingState(name)).toHaveText(state)
  }

  // Participant recording, started by the contact center's app.
  for (const action of ['start', 'pause', 'resume', 'stop'] as const) {
    await stack.rest.participantRecording(name, agent.memberId, action)
  }
  await expect(desk.timeline('ParticipantRecordingCompleted')).toHaveCount(1)

  // What the simulator never does, Plivo may: a recording fails; a new kind of event arrives.
  const recordingUuid = crypto.randomUUID()
  await sendPlivoCallback(stack, 'recording', {
    EventName: 'MPCRecordingFailed',
    MPCUUID: mpcUuid,
    MPCName: name,
    RecordingUUID: recordingUuid,
    SequenceNumber: '99',
  })
  await sendPlivoCallback(stack, 'recording', {
    EventName: 'ParticipantRecordingFailed',
    MPCUUID: mpcUuid,
    MPCName: name,
    MemberID: agent.memberId,
    RecordingUUID: crypto.randomUUID(),
    SequenceNumber: '100',
  })
  await sendPlivoCallback(stack, 'status', {
    EventName: 'ParticipantWhisperStart',
    MPCUUID: mpcUuid,
    MPCName: name,
    MemberID: agent.memberId,
  })
  await expect(desk.timeline('MPCRecordingFailed')).toContainText('Call recording failed')
  await expect(desk.timeline('ParticipantWhisperStart')).toContainText('ParticipantWhisperStart')

  await desk.memberAction(name, extra.memberId, 'kick')
  await expect(desk.member(name, extra.memberId)).toBeHidden()
  await desk.endCall(name)
  await expect(desk.card(name).getByTestId('call-status')).toHaveText('Ended')

  const expected: Record<string, number | 'some'> = {
    MPCInitialized: 1,
    MPCStart: 1,
    MPCEnd: 1,
    // Customer, two agents, the supervisor.
    ParticipantJoin: 4,
    ParticipantExit: 4,
    ParticipantMute: 'some',
    ParticipantUnmute: 'some',
    ParticipantHold: 1,
    ParticipantUnhold: 1,
    ParticipantCoachModeStart: 1,
    ParticipantCoachModeStop: 1,
    AddParticipantByAPIActionInitiated: 4,
    AddParticipantByAPIActionCompleted: 4,
    MPCRecordingInitiated: 1,
    MPCRecordingPaused: 1,
    MPCRecordingResumed: 1,
    MPCRecordingCompleted: 1,
    MPCRecordingFailed: 1,
    ParticipantRecordingInitiated: 1,
    ParticipantRecordingPaused: 1,
    ParticipantRecordingResumed: 1,
    ParticipantRecordingCompleted: 1,
    ParticipantRecordingFailed: 1,
    ParticipantWhisperStart: 1,
  }
  for (const [event, count] of Object.entries(expected)) {
    if (count === 'some') await expect(desk.timeline(event).first()).toBeVisible()
    else await expect(desk.timeline(event), event).toHaveCount(count)
  }
  // Readable, not raw names.
  await expect(desk.timeline('ParticipantCoachModeStop')).toContainText('heard by everyone')
  await expect(desk.timeline('ParticipantHold')).toContainText(`Customer ${customer.memberId}`)
  await expect(desk.timeline('ParticipantRecordingFailed')).toContainText(
    new RegExp(`Recording of .*${agent.memberId} failed`),
  )
})

test.describe('with the simulator playing a call center', () => {
  test.use({
    stackOptions: {
      simulator: {
        seed: 20261125,
        traffic: {
          concurrentCalls: 6,
          meanCallSeconds: 20,
          meanWaitSeconds: 4,
          aiAgentShare: 0,
          recordShare: 0,
          supervisorShare: 0,
          abandonShare: 0,
          rampSeconds: 1,
          maxCalls: 12,
        },
      },
      // Calls the traffic ends stay on the board long enough to be read.
      tuning: { endedGraceMs: 60_000 },
    },
  })

  test('speech, audio and digits show in the timeline', async ({ stack, desk }) => {
    const kinds = [
      'ParticipantSpeakStart',
      'ParticipantSpeakStop',
      'ParticipantAudioStart',
      'ParticipantAudioStop',
      'ParticipantDigitInput',
    ]
    const seen = new Map<string, Set<string>>()
    const off = stack.sim.on('callback', (info) => {
      const mpc = info.params.MPCName
      const event = info.params.EventName
      if (info.status !== 200 || !mpc || !event) return
      seen.set(mpc, (seen.get(mpc) ?? new Set()).add(event))
    })
    let name = ''
    await expect(async () => {
      const full = [...seen].find(([, events]) => kinds.every((k) => events.has(k)))
      expect(full, 'a call with speech, audio and digits').toBeDefined()
      name = full?.[0] ?? ''
    }).toPass({ timeout: 40_000 })
    off()
    stack.sim.traffic.stop()

    await desk.page.getByTestId('search').fill(name)
    await expect(desk.cards()).toHaveCount(1)
    await desk.openDetail(name)
    for (const kind of kinds) await expect(desk.timeline(kind).first()).toBeVisible()
    await expect(desk.timeline('ParticipantDigitInput').first()).toContainText('pressed digits')
    await expect(desk.timeline('ParticipantSpeakStart').first()).toContainText('started speaking')
    // Plivo's audio events are audio from the member, not audio played to them.
    await expect(desk.timeline('ParticipantAudioStart').first()).toContainText('Audio from ')
    await expect(desk.timeline('ParticipantAudioStop').first()).toContainText('stopped')

    // The timeline can hide the chatter of speaking events (with their audio) and show it again.
    await desk.detail().getByLabel('Hide speaking events').check()
    await expect(desk.timeline('ParticipantSpeakStart')).toHaveCount(0)
    await expect(desk.timeline('ParticipantAudioStart')).toHaveCount(0)
    await expect(desk.timeline('ParticipantAudioStop')).toHaveCount(0)
    await expect(desk.timeline('ParticipantDigitInput').first()).toBeVisible()
    await desk.detail().getByLabel('Hide speaking events').uncheck()
    await expect(desk.timeline('ParticipantSpeakStart').first()).toBeVisible()
  })
})
