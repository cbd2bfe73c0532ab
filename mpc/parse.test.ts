import { describe, expect, it } from 'vitest'
import {
  ADD_PARTICIPANT_API_EVENTS,
  MPC_RECORDING_EVENTS,
  MPC_STATE_EVENTS,
  PARTICIPANT_AUDIO_EVENTS,
  PARTICIPANT_DIGIT_EVENTS,
  PARTICIPANT_RECORDING_EVENTS,
  PARTICIPANT_SPEAK_EVENTS,
  PARTICIPANT_STATE_EVENTS,
  type MpcEvent,
} from './events'
import { parseCallback, type CallbackParseError } from './parse'

const AT = Date.UTC(2024, 4, 1, 10, 0, 0)
const base = {
  EventTimestamp: '2024-05-01 10:00:00+00:00',
  MPCUUID: '8742d531-292a-46aa-8754-836be1092885',
  MPCName: 'room 1',
}

function ok(params: Record<string, string>): MpcEvent {
  const result = parseCallback(params)
  if (!result.ok) throw new Error(`unexpected parse error: ${result.error.message}`)
  return result.event
}

function fail(params: unknown): CallbackParseError {
  const result = parseCallback(params)
  if (result.ok) throw new Error(`expected a parse error, got ${result.event.kind}`)
  return result.error
}

describe('parseCallback: MPC state events', () => {
  it.each(MPC_STATE_EVENTS)('%s', (name) => {
    const event = ok({ ...base, EventName: name })
    expect(event).toEqual({
      kind: 'mpc',
      name,
      mpcUuid: base.MPCUUID,
      mpcName: 'room 1',
      at: AT,
      raw: { ...base, EventName: name },
    })
  })

  it('MPCEnd carries duration, billing and termination cause', () => {
    const event = ok({
      ...base,
      EventName: 'MPCEnd',
      MPCDuration: '125',
      MPCBilledDuration: '180',
      MPCBilledAmount: '0.05000',
      TerminationCause: 'Hangup API Triggered',
      TerminationCauseCode: '3000',
      SequenceNumber: '7',
    })
    expect(event).toMatchObject({
      kind: 'mpc',
      durationSec: 125,
      billedDurationSec: 180,
      billedAmount: '0.05000',
      terminationCause: 'Hangup API Triggered',
      terminationCauseCode: 3000,
      sequenceNumber: 7,
    })
  })

  it('accepts the MPC-prefixed spellings of the termination cause', () => {
    const event = ok({
      ...base,
      EventName: 'MPCEnd',
      MPCTerminationCause: 'No Active Participants',
      MPCTerminationCauseCode: '1000',
    })
    expect(event).toMatchObject({
      terminationCause: 'No Active Participants',
      terminationCauseCode: 1000,
    })
  })
})

describe('parseCallback: participant events', () => {
  const participantNames = [
    ...PARTICIPANT_STATE_EVENTS,
    ...PARTICIPANT_SPEAK_EVENTS,
    ...PARTICIPANT_DIGIT_EVENTS,
    ...PARTICIPANT_AUDIO_EVENTS,
  ]

  it.each(participantNames)('%s', (name) => {
    const params = {
      ...base,
      EventName: name,
      MemberID: '355',
      ParticipantRole: 'Agent',
      ParticipantCallUUID: 'call-1',
      ParticipantCoachMode: 'false',
    }
    expect(ok(params)).toEqual({
      kind: 'participant',
      name,
      mpcUuid: base.MPCUUID,
      mpcName: 'room 1',
      at: AT,
      memberId: '355',
      role: 'agent',
      callUuid: 'call-1',
      coachMode: false,
      raw: params,
    })
  })

  it.each(participantNames)('%s without MemberID is an error naming it', (name) => {
    expect(fail({ ...base, EventName: name })).toEqual({
      field: 'MemberID',
      message: `MemberID is required for ${name}`,
    })
    expect(fail({ ...base, EventName: name, MemberID: '  ' }).field).toBe('MemberID')
  })

  it.each([
    ['Customer', 'customer'],
    ['AGENT', 'agent'],
    ['supervisor', 'supervisor'],
    ['ai-agent', 'ai-agent'],
    ['AI-Agent', 'ai-agent'],
    ['ai_agent', 'ai-agent'],
    ['AiAgent', 'ai-agent'],
  ])('normalises role %s → %s', (wire, role) => {
    const event = ok({
      ...base,
      EventName: 'ParticipantJoin',
      MemberID: '1',
      ParticipantRole: wire,
    })
    expect(event).toMatchObject({ role })
  })

  it.each([
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['false', false],
    ['FaLsE', false],
  ])('reads coach mode %s', (wire, value) => {
    const event = ok({
      ...base,
      EventName: 'ParticipantJoin',
      MemberID: '1',
      ParticipantCoachMode: wire,
    })
    expect(event).toMatchObject({ coachMode: value })
  })

  it.each([
    ['Digits', '12#'],
    ['ParticipantDigits', '12#'],
    ['DigitInput', '12#'],
  ])('reads digits from %s', (field, digits) => {
    const event = ok({
      ...base,
      EventName: 'ParticipantDigitInput',
      MemberID: '1',
      [field]: digits,
    })
    expect(event).toMatchObject({ kind: 'participant', digits })
  })

  it.each(['ParticipantExitCause', 'ExitCause'])('reads the exit cause from %s', (field) => {
    const event = ok({
      ...base,
      EventName: 'ParticipantExit',
      MemberID: '1',
      [field]: 'Kicked Out of Multiparty Call',
    })
    expect(event).toMatchObject({ exitCause: 'Kicked Out of Multiparty Call' })
  })

  it('treats empty optional fields as absent', () => {
    const event = ok({
      ...base,
      EventName: 'ParticipantJoin',
      MemberID: '1',
      ParticipantRole: '',
      ParticipantCoachMode: '',
      MPCName: '',
    })
    expect(event).not.toHaveProperty('role')
    expect(event).not.toHaveProperty('coachMode')
    expect(event).not.toHaveProperty('mpcName')
    expect(event.raw.ParticipantRole).toBe('')
  })
})

describe('parseCallback: add-participant API events', () => {
  it.each(ADD_PARTICIPANT_API_EVENTS)('%s', (name) => {
    const params = {
      ...base,
      EventName: name,
      RequestUUID: 'req-1',
      ParticipantCallUUID: 'call-9',
      MemberID: '400',
      ParticipantRole: 'supervisor',
      CallStatus: 'success',
    }
    expect(ok(params)).toEqual({
      kind: 'add-participant',
      name,
      mpcUuid: base.MPCUUID,
      mpcName: 'room 1',
      at: AT,
      requestUuid: 'req-1',
      callUuid: 'call-9',
      memberId: '400',
      role: 'supervisor',
      callStatus: 'success',
      raw: params,
    })
  })

  it('needs neither a member nor a request id (fields unconfirmed)', () => {
    const event = ok({ ...base, EventName: 'AddParticipantByAPIActionInitiated', CallUUID: 'c' })
    expect(event).toMatchObject({ kind: 'add-participant', callUuid: 'c' })
    expect(event).not.toHaveProperty('memberId')
  })
})

describe('parseCallback: recording events', () => {
  const recording = {
    RecordingUUID: 'rec-1',
    RecordingURL: 'https://media.plivo.com/v1/Account/MA1/Recording/rec-1.mp3',
    RecordingResourceURL: 'https://api.plivo.com/v1/Account/MA1/Recording/rec-1/',
    RecordingFormat: 'mp3',
    RecordingDuration: '42',
    RecordingStartTime: '2024-05-01 09:59:18+00:00',
    RecordingEndTime: '2024-05-01 10:00:00+00:00',
    SequenceNumber: '3',
  }

  it.each(MPC_RECORDING_EVENTS)('%s', (name) => {
    const params = { ...base, ...recording, EventName: name }
    expect(ok(params, 'recording')).toEqual({
      kind: 'recording',
      name,
      mpcUuid: base.MPCUUID,
      mpcName: 'room 1',
      at: AT,
      sequenceNumber: 3,
      recordingUuid: 'rec-1',
      recordingUrl: recording.RecordingURL,
      recordingResourceUrl: recording.RecordingResourceURL,
      recordingFormat: 'mp3',
      recordingDurationSec: 42,
      recordingStartAt: AT - 42_000,
      recordingEndAt: AT,
      raw: params,
      via: 'recording',
    })
  })

  it.each(PARTICIPANT_RECORDING_EVENTS)('%s needs and keeps MemberID', (name) => {
    expect(ok({ ...base, ...recording, EventName: name, MemberID: '355' })).toMatchObject({
      kind: 'recording',
      name,
      memberId: '355',
    })
    expect(fail({ ...base, ...recording, EventName: name })).toEqual({
      field: 'MemberID',
      message: `MemberID is required for ${name}`,
    })
  })

  it('reads RecordingDuration -1 as unknown, not as an error', () => {
    const event = ok({ ...base, EventName: 'MPCRecordingFailed', RecordingDuration: '-1' })
    expect(event).not.toHaveProperty('recordingDurationSec')
  })

  function ok(params: Record<string, string>, kind?: 'status' | 'recording'): MpcEvent {
    const result = parseCallback(params, kind)
    if (!result.ok) throw new Error(result.error.message)
    return result.event
  }
})

describe('parseCallback: unknown events are kept', () => {
  it('keeps an unknown EventName with its MPC and member', () => {
    const params = { ...base, EventName: 'ParticipantTranscript', MemberID: '7', Text: 'hello' }
    const result = parseCallback(params, 'status')
    expect(result).toEqual({
      ok: true,
      event: {
        kind: 'unknown',
        name: 'ParticipantTranscript',
        mpcUuid: base.MPCUUID,
        mpcName: 'room 1',
        at: AT,
        memberId: '7',
        raw: params,
        via: 'status',
      },
    })
  })

  it('still needs an MPCUUID and a timestamp', () => {
    expect(fail({ EventName: 'Something', EventTimestamp: base.EventTimestamp })).toEqual({
      field: 'MPCUUID',
      message: 'MPCUUID is required for Something',
    })
    expect(fail({ EventName: 'Something', MPCUUID: 'u' }).field).toBe('EventTimestamp')
  })
})

describe('parseCallback: errors name the field', () => {
  const join = { ...base, EventName: 'ParticipantJoin', MemberID: '1' }

  it.each<[string, Record<string, string>, CallbackParseError]>([
    ['no EventName', { ...base }, { field: 'EventName', message: 'EventName is required' }],
    [
      'blank EventName',
      { ...base, EventName: ' ' },
      { field: 'EventName', message: 'EventName is required' },
    ],
    [
      'no MPCUUID',
      { EventName: 'MPCStart', EventTimestamp: base.EventTimestamp },
      { field: 'MPCUUID', message: 'MPCUUID is required for MPCStart' },
    ],
    [
      'no EventTimestamp',
      { EventName: 'MPCStart', MPCUUID: 'u' },
      { field: 'EventTimestamp', message: 'EventTimestamp is required for MPCStart' },
    ],
    [
      'bad EventTimestamp',
      { ...join, EventTimestamp: '2024-02-30 10:00:00+00:00' },
      {
        field: 'EventTimestamp',
        message:
          "EventTimestamp '2024-02-30 10:00:00+00:00' is not a time (expected YYYY-MM-DD HH:mm:ss±hh:mm)",
      },
    ],
    [
      'unknown role',
      { ...join, ParticipantRole: 'boss' },
      {
        field: 'ParticipantRole',
        message:
          "ParticipantRole 'boss' is not a known role (customer, agent, supervisor, ai-agent)",
      },
    ],
    [
      'bad boolean',
      { ...join, ParticipantCoachMode: 'yes' },
      {
        field: 'ParticipantCoachMode',
        message: "ParticipantCoachMode must be true or false, got 'yes'",
      },
    ],
    [
      'bad SequenceNumber',
      { ...join, SequenceNumber: '1.5' },
      {
        field: 'SequenceNumber',
        message: "SequenceNumber must be a non-negative integer, got '1.5'",
      },
    ],
    [
      'bad MPCDuration',
      { ...base, EventName: 'MPCEnd', MPCDuration: 'abc' },
      { field: 'MPCDuration', message: "MPCDuration must be a non-negative number, got 'abc'" },
    ],
    [
      'negative MPCBilledDuration',
      { ...base, EventName: 'MPCEnd', MPCBilledDuration: '-3' },
      {
        field: 'MPCBilledDuration',
        message: "MPCBilledDuration must be a non-negative number, got '-3'",
      },
    ],
    [
      'bad TerminationCauseCode',
      { ...base, EventName: 'MPCEnd', TerminationCauseCode: 'x1000' },
      {
        field: 'TerminationCauseCode',
        message: "TerminationCauseCode must be a non-negative integer, got 'x1000'",
      },
    ],
    [
      'bad RecordingDuration',
      { ...base, EventName: 'MPCRecordingCompleted', RecordingDuration: '1e3' },
      {
        field: 'RecordingDuration',
        message: "RecordingDuration must be a non-negative number, got '1e3'",
      },
    ],
    [
      'bad RecordingStartTime',
      { ...base, EventName: 'MPCRecordingCompleted', RecordingStartTime: 'soon' },
      {
        field: 'RecordingStartTime',
        message: "RecordingStartTime 'soon' is not a time (expected YYYY-MM-DD HH:mm:ss±hh:mm)",
      },
    ],
    [
      'bad add-participant role',
      { ...base, EventName: 'AddParticipantByAPIActionCompleted', ParticipantRole: 'x' },
      {
        field: 'ParticipantRole',
        message: "ParticipantRole 'x' is not a known role (customer, agent, supervisor, ai-agent)",
      },
    ],
  ])('%s', (_label, params, error) => {
    expect(fail(params)).toEqual(error)
  })

  it('refuses a non-string value and a non-map, without throwing', () => {
    expect(fail({ ...join, MemberID: 5 })).toEqual({
      field: 'MemberID',
      message: 'MemberID must be a string',
    })
    const notAMap = parseCallback(null)
    expect(notAMap).toEqual({
      ok: false,
      error: { field: '', message: 'callback params must be a flat map' },
    })
  })

  it('is not fooled by inherited keys', () => {
    const params = Object.create({ MemberID: '1' }) as Record<string, string>
    Object.assign(params, base, { EventName: 'ParticipantJoin' })
    expect(fail(params).field).toBe('MemberID')
  })
})
