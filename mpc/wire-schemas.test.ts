/**
 * The relay socket's schemas take everything the parser and the reducer make — every event kind
 * and a state with every part filled — unchanged through JSON, as the socket carries them; and
 * name the field of a call that is not a call.
 */
import { describe, expect, it } from 'vitest'
import type { MpcEvent } from './events'
import { applyEvent } from './reducer'
import type { MpcState } from './state'
import { CallScenario } from './testing/scenario'
import { mpcEventSchema, mpcStateSchema } from './wire-schemas'

/** One call that produces every kind of event and fills every part of the state. */
function everyKindOfEvent(): MpcEvent[] {
  const call = new CallScenario({ mpcUuid: 'mpc-w' })
    .mpcInitialized(0)
    .join(0, '10', 'customer')
    .mpcStart(0)
    .join(5, '11', 'agent')
    .join(6, '12', 'supervisor', { coachMode: true })
    .join(7, '13', 'ai-agent')
    .speak(8, '10', 3)
    .mute(12, '11')
    .unmute(13, '11')
    .hold(14, '10')
    .unhold(20, '10')
    .coachStop(21, '12')
    .digits(22, '10', '42#')
    .raw('ParticipantAudioStart', 23, '13')
    .raw('ParticipantAudioStop', 24, '13')
    .recording(25, 'Initiated')
    .recording(26, 'Paused')
    .recording(27, 'Resumed')
    .recording(30, 'Completed')
    .participantRecording(25, '11', 'Initiated')
    .participantRecording(31, '11', 'Completed')
    .apiAdd(32, 'Initiated', 'req-1')
    .apiAdd(35, 'Completed', 'req-1', { CallStatus: 'success', MemberID: '14' })
    .raw('ParticipantWhisperStart', 36, '12')
    .exit(40, '13')
    .mpcEnd(41)
  return call.events().map((event, i) => ({ ...event, via: 'status', delivery: `nonce-${i}` }))
}

const overTheWire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value))

describe('wire schemas', () => {
  const events = everyKindOfEvent()

  it('take every event kind the parser makes, unchanged', () => {
    expect(new Set(events.map((e) => e.kind))).toEqual(
      new Set(['mpc', 'participant', 'recording', 'add-participant', 'unknown']),
    )
    for (const event of events) {
      expect(mpcEventSchema.parse(overTheWire(event))).toEqual(overTheWire(event))
    }
  })

  it('take the state the reducer makes of them, unchanged', () => {
    let state: MpcState | undefined
    for (const event of events) state = applyEvent(state, event)
    if (!state) throw new Error('no state')
    expect(Object.keys(state.participants)).toHaveLength(4)
    expect(state.recordings.length).toBeGreaterThan(0)
    expect(state.apiAdds.length).toBeGreaterThan(0)
    expect(mpcStateSchema.parse(overTheWire(state))).toEqual(overTheWire(state))
  })

  it('keep fields a newer relay adds, and name the field a malformed call gets wrong', () => {
    const [first] = events
    const newer = { ...(overTheWire(first) as object), addedLater: 1 }
    expect(mpcEventSchema.parse(newer)).toMatchObject({ addedLater: 1 })
    const result = mpcStateSchema.safeParse({ mpcUuid: 'm', status: 'talking' })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['status', 'createdAt', 'participants']),
    )
  })
})
