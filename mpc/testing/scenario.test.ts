import { describe, expect, it } from 'vitest'
import { parseCallback } from '../parse'
import { parsePlivoTime } from '../timestamps'
import { CallScenario, SCENARIO_START, callbackParams, realisticCall, toEvent } from './scenario'

describe('callbackParams', () => {
  it('writes params as Plivo sends them', () => {
    expect(
      callbackParams({
        name: 'ParticipantJoin',
        mpcUuid: 'u-1',
        mpcName: 'room 1',
        at: SCENARIO_START + 1500,
        memberId: '355',
        role: 'supervisor',
        callUuid: 'c-1',
        coachMode: true,
        extra: { SequenceNumber: '4' },
      }),
    ).toEqual({
      EventName: 'ParticipantJoin',
      EventTimestamp: '2024-05-01 10:00:01+00:00',
      MPCUUID: 'u-1',
      MPCName: 'room 1',
      MemberID: '355',
      ParticipantRole: 'Supervisor',
      ParticipantCallUUID: 'c-1',
      ParticipantCoachMode: 'true',
      SequenceNumber: '4',
    })
  })

  it('toEvent throws with the parse error on an invalid callback', () => {
    expect(() => toEvent({ EventName: 'MPCStart' })).toThrow(
      /EventTimestamp is required for MPCStart/,
    )
  })
})

describe('CallScenario', () => {
  it('stamps seconds after its start, fills in role and call uuid for joined members', () => {
    const call = new CallScenario({ mpcUuid: 'm', mpcName: 'desk', start: SCENARIO_START })
    call.join(3, '7', 'agent').mute(4, '7').raw('ParticipantMute', 5, '8')
    const [join, mute, stranger] = call.params()
    expect(parsePlivoTime(join!.EventTimestamp!)).toBe(call.time(3))
    expect(join).toMatchObject({
      MPCName: 'desk',
      ParticipantRole: 'Agent',
      ParticipantCoachMode: 'false',
    })
    expect(mute).toMatchObject({ MemberID: '7', ParticipantCallUUID: 'call-m-7' })
    expect(stranger).not.toHaveProperty('ParticipantRole')
  })

  it('hands out copies, so a test can tamper with one without changing the scenario', () => {
    const call = new CallScenario().mpcStart(0)
    call.params()[0]!.EventName = 'changed'
    expect(call.params()[0]!.EventName).toBe('MPCStart')
  })
})

describe('realisticCall', () => {
  it('every callback parses, in time order, one MPC', () => {
    const call = realisticCall({ mpcUuid: 'r-1' })
    const params = call.params()
    for (const p of params) expect(parseCallback(p).ok).toBe(true)
    const events = call.events()
    expect(new Set(events.map((e) => e.mpcUuid))).toEqual(new Set(['r-1']))
    const times = events.map((e) => e.at)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(events[0]?.name).toBe('MPCInitialized')
    expect(events.at(-1)?.name).toBe('MPCEnd')
  })

  it('has the documented shape: three members, hold, barge, digits, recording', () => {
    const names = realisticCall()
      .events()
      .map((e) => e.name)
    for (const name of [
      'ParticipantHold',
      'ParticipantUnhold',
      'ParticipantCoachModeStop',
      'ParticipantDigitInput',
      'MPCRecordingInitiated',
      'MPCRecordingCompleted',
    ]) {
      expect(names).toContain(name)
    }
    expect(names.filter((n) => n === 'ParticipantJoin')).toHaveLength(3)
    expect(names.filter((n) => n === 'ParticipantExit')).toHaveLength(3)
  })

  it('can stay live and shift the wait', () => {
    const call = realisticCall({ end: false, waitSec: 60 })
    const names = call.events().map((e) => e.name)
    expect(names).not.toContain('MPCEnd')
    expect(names).not.toContain('ParticipantExit')
    const agentJoin = call
      .events()
      .find((e) => e.name === 'ParticipantJoin' && e.raw.MemberID === '11')
    expect(agentJoin?.at).toBe(call.time(60))
  })
})
