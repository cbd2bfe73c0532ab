import { describe, expect, it } from 'vitest'
import type { MpcEvent } from './events'
import { eventKey } from './event-key'
import { MPC_ENDED_EXIT_CAUSE, apply, applyEvent, emptyDeskState, pruneEnded } from './reducer'
import { TIMELINE_CAP, type DeskState, type MpcState } from './state'
import { CallScenario, callbackParams, realisticCall, toEvent } from './testing/scenario'

function reduce(events: MpcEvent[], from?: MpcState): MpcState {
  let mpc = from
  for (const event of events) mpc = applyEvent(mpc, event)
  if (!mpc) throw new Error('no events')
  return mpc
}

const only = (call: CallScenario): MpcState => reduce(call.events())

describe('applyEvent: a realistic supervised call', () => {
  const call = realisticCall()
  const mpc = only(call)
  const t = (sec: number) => call.time(sec)

  it('tracks the MPC lifecycle', () => {
    expect(mpc).toMatchObject({
      mpcUuid: call.mpcUuid,
      name: call.mpcName,
      status: 'ended',
      createdAt: t(0),
      startedAt: t(0),
      endedAt: t(102),
      terminationCause: 'No Active Participants',
      terminationCauseCode: 1000,
      durationSec: 102,
      lastEventAt: t(102),
    })
  })

  it('tracks every participant', () => {
    const { 10: customer, 11: agent, 12: supervisor } = mpc.participants
    expect(customer).toMatchObject({
      role: 'customer',
      callUuid: `call-${call.mpcUuid}-10`,
      joinedAt: t(0),
      leftAt: t(100),
      leftBy: 'exit',
      exitCause: 'Participant Call Hangup',
      hold: { value: false, at: t(70) },
      holds: [
        { at: t(40), on: true },
        { at: t(70), on: false },
      ],
      digits: [{ at: t(95), digits: '1#' }],
    })
    expect(customer?.speech).toEqual([
      { at: t(25), on: true },
      { at: t(30), on: false },
      { at: t(91), on: true },
      { at: t(93), on: false },
    ])
    expect(agent).toMatchObject({ role: 'agent', joinedAt: t(20), leftAt: t(101) })
    expect(supervisor).toMatchObject({
      role: 'supervisor',
      joinedAt: t(75),
      coachMode: { value: false, at: t(90) },
    })
  })

  it('follows the recording and keeps the completed file', () => {
    expect(mpc.recording).toMatchObject({ status: 'not-recording', at: t(102) })
    expect(mpc.recordings).toEqual([
      {
        status: 'not-recording',
        at: t(102),
        recordingUuid: `rec-${call.mpcUuid}-1`,
        url: `https://media.plivo.com/v1/Account/MA000/Recording/rec-${call.mpcUuid}-1.mp3`,
        format: 'mp3',
      },
    ])
  })

  it('keeps a sorted timeline of every event', () => {
    expect(mpc.timeline).toHaveLength(call.events().length)
    const times = mpc.timeline.map((e) => e.at)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(mpc.timeline.find((e) => e.name === 'ParticipantDigitInput')).toEqual({
      at: t(95),
      name: 'ParticipantDigitInput',
      memberId: '10',
      role: 'customer',
      detail: '1#',
    })
    expect(mpc.timeline.at(-1)).toMatchObject({ name: 'MPCEnd', detail: 'No Active Participants' })
  })
})

describe('applyEvent: order tolerance', () => {
  it('ignores a duplicate delivery (same object back)', () => {
    const events = realisticCall().events()
    const mpc = reduce(events)
    for (const event of events) expect(applyEvent(mpc, event)).toBe(mpc)
    const reparsed = toEvent({ ...events[5]!.raw })
    expect(applyEvent(mpc, reparsed)).toBe(mpc)
  })

  it('an exit seen before its join leaves the member gone', () => {
    const call = new CallScenario().join(5, '7', 'agent').exit(9, '7')
    const [join, exit] = call.events() as [MpcEvent, MpcEvent]
    const mpc = reduce([exit, join])
    expect(mpc.participants['7']).toMatchObject({
      joinedAt: call.time(5),
      leftAt: call.time(9),
      leftBy: 'exit',
      role: 'agent',
    })
    expect(reduce([join, exit])).toEqual(mpc)
  })

  it('creates a member referenced before its join from what the event carries', () => {
    const call = new CallScenario()
    const mute = toEvent(
      callbackParams({
        name: 'ParticipantMute',
        mpcUuid: call.mpcUuid,
        at: call.time(3),
        memberId: '8',
        role: 'customer',
        callUuid: 'c-8',
      }),
    )
    const mpc = applyEvent(undefined, mute)
    expect(mpc.participants['8']).toMatchObject({
      memberId: '8',
      role: 'customer',
      callUuid: 'c-8',
      mute: { value: true, at: call.time(3) },
    })
    expect(mpc.participants['8']?.joinedAt).toBeUndefined()
    expect(mpc.participants['8']?.leftAt).toBeUndefined()
  })

  it('status only moves forward', () => {
    const call = new CallScenario().mpcInitialized(0).mpcStart(1).mpcEnd(9)
    const [init, start, end] = call.events() as [MpcEvent, MpcEvent, MpcEvent]
    const mpc = reduce([end, start, init])
    expect(mpc).toMatchObject({
      status: 'ended',
      startedAt: call.time(1),
      endedAt: call.time(9),
      createdAt: call.time(0),
    })
    expect(reduce([start, init]).status).toBe('active')
  })

  it('last writer by event time wins; on a tie the one applied last', () => {
    const call = new CallScenario().mute(10, '1').unmute(20, '1')
    const [mute, unmute] = call.events() as [MpcEvent, MpcEvent]
    expect(reduce([unmute, mute]).participants['1']?.mute).toEqual({
      value: false,
      at: call.time(20),
    })
    const tie = new CallScenario().mute(10, '1').unmute(10, '1').events()
    expect(reduce(tie).participants['1']?.mute.value).toBe(false)
    expect(reduce([...tie].reverse()).participants['1']?.mute.value).toBe(true)
  })

  it('inserts speech and hold edges in time order', () => {
    const events = new CallScenario().speak(10, '1', 2).speak(20, '1', 3).hold(30, '1').events()
    const mpc = reduce([...events].reverse())
    expect(mpc.participants['1']?.speech.map((e) => e.on)).toEqual([true, false, true, false])
    expect(mpc.participants['1']?.speech.map((e) => e.at)).toEqual(
      [10, 12, 20, 23].map((s) => events[0]!.at + (s - 10) * 1000),
    )
    expect(mpc).toEqual(reduce(events))
  })
})

describe('applyEvent: other participant facts', () => {
  it('records audio start/stop edges and coach mode from any participant callback', () => {
    const call = new CallScenario()
      .join(0, '5', 'supervisor', { coachMode: true })
      .raw('ParticipantAudioStop', 9, '5')
      .raw('ParticipantAudioStart', 4, '5')
      .raw('ParticipantMute', 12, '5', { ParticipantCoachMode: 'false' })
    const p = only(call).participants['5']
    expect(p?.audio).toEqual([
      { at: call.time(4), on: true },
      { at: call.time(9), on: false },
    ])
    expect(p?.coachMode).toEqual({ value: false, at: call.time(12) })
    expect(p?.mute.value).toBe(true)
  })

  it('applies a repeat Plivo stamped like an earlier event when it came in another delivery', () => {
    // coach → barge → coach within one second: the second CoachModeStart is the first, param
    // for param; only its delivery differs. The same delivery twice is still one event.
    const call = new CallScenario()
      .join(0, '5', 'supervisor', { coachMode: false })
      .raw('ParticipantCoachModeStart', 7, '5', { ParticipantCoachMode: 'true' })
      .raw('ParticipantCoachModeStop', 7, '5', { ParticipantCoachMode: 'false' })
      .raw('ParticipantCoachModeStart', 7, '5', { ParticipantCoachMode: 'true' })
    const events = call.events().map((event, i) => ({ ...event, delivery: `nonce-${i}` }))
    expect(reduce(events).participants['5']?.coachMode.value).toBe(true)
    const redelivered = [...events, events[2]!]
    expect(reduce(redelivered)).toEqual(reduce(events))
    // Without a delivery to tell them apart, the repeat reads as a redelivery.
    expect(only(call).participants['5']?.coachMode.value).toBe(false)
  })

  it('keeps the first role and call uuid it learns', () => {
    const call = new CallScenario().join(0, '5', 'agent').raw('ParticipantMute', 1, '5', {
      ParticipantRole: 'Customer',
      ParticipantCallUUID: 'other',
    })
    expect(only(call).participants['5']).toMatchObject({
      role: 'agent',
      callUuid: `call-${call.mpcUuid}-5`,
    })
  })
})

describe('applyEvent: MPC end', () => {
  it('closes every member still present', () => {
    const call = new CallScenario()
      .join(0, '1', 'customer')
      .join(1, '2', 'agent')
      .exit(5, '2', 'Kicked Out of Multiparty Call')
      .mpcEnd(9, 'Hangup API Triggered', '3000')
    const mpc = only(call)
    expect(mpc.participants['1']).toMatchObject({
      leftAt: call.time(9),
      exitCause: MPC_ENDED_EXIT_CAUSE,
      leftBy: 'mpc-end',
    })
    expect(mpc.participants['2']).toMatchObject({
      leftAt: call.time(5),
      exitCause: 'Kicked Out of Multiparty Call',
      leftBy: 'exit',
    })
  })

  it("a member's own exit arriving after the end still wins", () => {
    const call = new CallScenario().join(0, '1', 'customer').exit(9, '1').mpcEnd(9)
    const [join, exit, end] = call.events() as [MpcEvent, MpcEvent, MpcEvent]
    const late = reduce([join, end, exit])
    expect(late.participants['1']).toMatchObject({
      leftAt: call.time(9),
      exitCause: 'Participant Call Hangup',
      leftBy: 'exit',
    })
    expect(late).toEqual(reduce([join, exit, end]))
  })

  it('closes a member whose join arrives after the end', () => {
    const call = new CallScenario().join(2, '1', 'agent').mpcEnd(9)
    const [join, end] = call.events() as [MpcEvent, MpcEvent]
    expect(reduce([end, join]).participants['1']).toMatchObject({
      joinedAt: call.time(2),
      leftAt: call.time(9),
      leftBy: 'mpc-end',
    })
  })
})

describe('applyEvent: recording', () => {
  it('moves through recording, paused and not-recording', () => {
    const call = new CallScenario()
    const states = (['Initiated', 'Paused', 'Resumed', 'Completed'] as const).map((phase, i) => {
      call.recording(i * 10, phase)
      return only(call).recording.status
    })
    expect(states).toEqual(['recording', 'paused', 'recording', 'not-recording'])
  })

  it('a failed recording is not recording and is not listed', () => {
    const mpc = only(new CallScenario().recording(0, 'Initiated').recording(5, 'Failed'))
    expect(mpc.recording.status).toBe('not-recording')
    expect(mpc.recordings).toEqual([])
    expect(mpc.timeline.map((e) => e.name)).toContain('MPCRecordingFailed')
  })

  it('a late older event does not undo a newer one', () => {
    const events = new CallScenario().recording(0, 'Paused').recording(5, 'Completed').events()
    expect(reduce([...events].reverse()).recording.status).toBe('not-recording')
  })

  it('participant recording lands on the participant and in the list', () => {
    const call = new CallScenario()
      .join(0, '4', 'agent')
      .participantRecording(1, '4', 'Initiated')
      .participantRecording(8, '4', 'Completed')
    const mpc = only(call)
    expect(mpc.participants['4']?.recording).toMatchObject({
      status: 'not-recording',
      recordingUuid: `rec-${call.mpcUuid}-4`,
    })
    expect(mpc.recordings).toEqual([
      expect.objectContaining({ memberId: '4', at: call.time(8), url: expect.any(String) }),
    ])
    expect(mpc.recording.status).toBe('not-recording')
  })
})

describe('applyEvent: add participant by API', () => {
  it('merges Initiated and Completed in either order', () => {
    const call = new CallScenario()
      .apiAdd(0, 'Initiated', 'req-1')
      .apiAdd(6, 'Completed', 'req-1', {
        ParticipantCallUUID: 'c-9',
        MemberID: '9',
        CallStatus: 'success',
      })
    const events = call.events()
    const expected = [
      {
        requestUuid: 'req-1',
        callUuid: 'c-9',
        memberId: '9',
        initiatedAt: call.time(0),
        completedAt: call.time(6),
        callStatus: 'success',
      },
    ]
    expect(reduce(events).apiAdds).toEqual(expected)
    expect(reduce([...events].reverse()).apiAdds).toEqual(expected)
  })

  it('keeps separate requests apart, in time order', () => {
    const call = new CallScenario().apiAdd(5, 'Initiated', 'req-b').apiAdd(1, 'Initiated', 'req-a')
    expect(only(call).apiAdds.map((a) => a.requestUuid)).toEqual(['req-a', 'req-b'])
  })

  it('names the dialled destination on the timeline, so dial-outs started together read apart', () => {
    const call = new CallScenario()
      .apiAdd(1, 'Initiated', 'req-a', { ParticipantCallTo: '+14155550101' })
      .apiAdd(1, 'Initiated', 'req-b', { ParticipantCallTo: 'sip:agent@example.com' })
      .apiAdd(4, 'Completed', 'req-a', {
        ParticipantCallTo: '+14155550101',
        MemberID: '7',
        CallStatus: 'success',
      })
    const details = only(call)
      .timeline.filter((e) => e.name.startsWith('AddParticipantByAPI'))
      .map((e) => e.detail)
    expect(details).toEqual(['+14155550101', 'sip:agent@example.com', '+14155550101: success'])
  })
})

describe('applyEvent: unknown events and the timeline', () => {
  it('keeps an unknown event in the timeline', () => {
    const call = new CallScenario().raw('ParticipantTranscript', 3, '5', { Text: 'hi' })
    const mpc = only(call)
    expect(mpc.timeline).toEqual([
      { at: call.time(3), name: 'ParticipantTranscript', memberId: '5' },
    ])
    expect(mpc.participants).toEqual({})
  })

  it(`caps the timeline at ${TIMELINE_CAP}, dropping the oldest`, () => {
    const call = new CallScenario()
    for (let i = 0; i < TIMELINE_CAP + 50; i++) call.digits(TIMELINE_CAP + 50 - i, '1', String(i))
    const mpc = only(call)
    expect(mpc.timeline).toHaveLength(TIMELINE_CAP)
    expect(mpc.timeline[0]?.at).toBe(call.time(51))
    expect(mpc.timeline.at(-1)?.at).toBe(call.time(TIMELINE_CAP + 50))
    expect(mpc.participants['1']?.digits).toHaveLength(TIMELINE_CAP + 50)
  })
})

describe('apply, emptyDeskState, pruneEnded', () => {
  function desk(...calls: CallScenario[]): DeskState {
    let state = emptyDeskState()
    for (const call of calls) for (const event of call.events()) state = apply(state, event)
    return state
  }

  it('touches only the MPC of the event', () => {
    const a = realisticCall({ mpcUuid: 'a' })
    const b = realisticCall({ mpcUuid: 'b', end: false })
    const before = desk(a, b)
    const event = toEvent(
      callbackParams({ name: 'ParticipantMute', mpcUuid: 'b', at: b.time(200), memberId: '11' }),
    )
    const after = apply(before, event)
    expect(after).not.toBe(before)
    expect(after.mpcs.a).toBe(before.mpcs.a)
    expect(after.mpcs.b?.participants['10']).toBe(before.mpcs.b?.participants['10'])
    expect(after.mpcs.b?.participants['11']?.mute.value).toBe(true)
    expect(before.mpcs.b?.participants['11']?.mute.value).toBe(false)
    expect(apply(after, event)).toBe(after)
  })

  it('drops MPCs ended longer ago than the grace period, and only those', () => {
    const ended = realisticCall({ mpcUuid: 'ended' })
    const live = realisticCall({ mpcUuid: 'live', end: false })
    const state = desk(ended, live)
    const endedAt = state.mpcs.ended!.endedAt!
    expect(pruneEnded(state, endedAt + 60_000, 60_000)).toBe(state)
    const pruned = pruneEnded(state, endedAt + 60_001, 60_000)
    expect(Object.keys(pruned.mpcs)).toEqual(['live'])
    expect(pruned.mpcs.live).toBe(state.mpcs.live)
    expect(pruneEnded(emptyDeskState(), Date.now(), 0).mpcs).toEqual({})
  })
})

describe('eventKey', () => {
  const params = new CallScenario().join(1, '3', 'agent').params()[0]!

  it('is the same for the same content in any param order', () => {
    const reversed = Object.fromEntries(Object.entries(params).reverse())
    expect(eventKey(toEvent(reversed))).toBe(eventKey(toEvent(params)))
    expect(eventKey(toEvent(params))).toMatch(/^[0-9a-z]{22}$/)
  })

  it('differs when any param differs', () => {
    const event = toEvent(params)
    const key = eventKey(event)
    for (const [field, value] of Object.entries(params)) {
      expect(eventKey({ ...event, raw: { ...params, [field]: `${value}x` } })).not.toBe(key)
    }
    expect(eventKey({ ...event, raw: { ...params, Extra: '' } })).not.toBe(key)
    expect(eventKey({ ...event, at: event.at + 1 })).not.toBe(key)
    if (event.kind !== 'participant') throw new Error('expected a participant event')
    expect(eventKey({ ...event, memberId: '4' })).not.toBe(key)
  })

  it('tells deliveries apart where the receiver recorded them', () => {
    const event = toEvent(params)
    const key = eventKey({ ...event, delivery: 'nonce-1' })
    expect(eventKey({ ...event, delivery: 'nonce-1' })).toBe(key)
    expect(eventKey({ ...event, delivery: 'nonce-2' })).not.toBe(key)
    expect(eventKey(event)).not.toBe(key)
  })
})
