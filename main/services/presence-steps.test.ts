/**
 * What Plivo's callbacks mean for the supervisor's own presence: only the join of the phone the
 * desk dialled makes them "joined", a dial failure for any of the legs one add-participant
 * dialled fails the join, and only their own member's exit takes them off the call.
 */
import { describe, expect, it } from 'vitest'
import type { MpcEvent } from '../../mpc/events'
import { applyEvent } from '../../mpc/reducer'
import type { MpcState } from '../../mpc/state'
import type { MyPresence } from '../../preload/api'
import { stepForEvent, stepForState } from './presence-steps'

const ringing: MyPresence = {
  mpcUuid: 'm',
  mode: 'listen',
  status: 'ringing',
  callUuid: 'call-sup',
  since: 0,
}
const joined: MyPresence = { ...ringing, status: 'joined', memberId: '9' }

const participant = (name: 'ParticipantJoin' | 'ParticipantExit', memberId: string, call: string) =>
  ({
    kind: 'participant',
    name,
    mpcUuid: 'm',
    memberId,
    callUuid: call,
    at: 1000,
    raw: {},
  }) satisfies MpcEvent
const dialled = (callUuid: string, callStatus: string): MpcEvent => ({
  kind: 'add-participant',
  name: 'AddParticipantByAPIActionCompleted',
  mpcUuid: 'm',
  callUuid,
  callStatus,
  at: 1000,
  raw: {},
})
const end: MpcEvent = { kind: 'mpc', name: 'MPCEnd', mpcUuid: 'm', at: 2000, raw: {} }

describe('stepForEvent', () => {
  it('joins on the join of the dialled phone only', () => {
    expect(stepForEvent(ringing, participant('ParticipantJoin', '9', 'call-sup'))).toEqual({
      step: 'joined',
      memberId: '9',
    })
    expect(stepForEvent(ringing, participant('ParticipantJoin', '3', 'call-agent'))).toBeUndefined()
  })

  it('fails a ringing join when Plivo reports its leg busy, among several dialled legs', () => {
    expect(stepForEvent(ringing, dialled('call-x,call-sup', 'Busy'))).toEqual({
      step: 'fail',
      message: 'Your phone did not join (Busy).',
      code: 'plivo',
    })
    expect(stepForEvent(ringing, dialled('call-sup', 'success'))).toBeUndefined()
    expect(stepForEvent(ringing, dialled('call-x', 'busy'))).toBeUndefined()
  })

  it('takes the supervisor off only on their own exit', () => {
    expect(stepForEvent(joined, participant('ParticipantExit', '9', 'call-sup'))).toEqual({
      step: 'drop',
    })
    expect(stepForEvent(joined, participant('ParticipantExit', '3', 'call-agent'))).toBeUndefined()
  })

  it('fails a join still ringing when the call ends, and drops a joined one', () => {
    expect(stepForEvent(ringing, end)).toMatchObject({
      step: 'fail',
      message: 'The call ended before you joined.',
    })
    expect(stepForEvent(joined, end)).toEqual({ step: 'drop' })
  })
})

describe('stepForState', () => {
  const state = (...events: MpcEvent[]): MpcState => {
    const start: MpcEvent = { kind: 'mpc', name: 'MPCInitialized', mpcUuid: 'm', at: 500, raw: {} }
    const built = [start, ...events].reduce<MpcState | undefined>(applyEvent, undefined)
    if (!built) throw new Error('no state')
    return built
  }

  it('finds in a snapshot the join no event will announce again', () => {
    const mpc = state(participant('ParticipantJoin', '9', 'call-sup'))
    expect(stepForState(ringing, mpc)).toEqual({ step: 'joined', memberId: '9' })
  })

  it('drops a ringing join whose phone already left, saying so', () => {
    const mpc = state(
      participant('ParticipantJoin', '9', 'call-sup'),
      participant('ParticipantExit', '9', 'call-sup'),
    )
    expect(stepForState(ringing, mpc)).toEqual({
      step: 'drop',
      reason: 'Your phone left the call.',
    })
  })

  it('fails a ringing join on an ended call as not found', () => {
    expect(stepForState(ringing, state(end))).toMatchObject({ step: 'fail', code: 'not-found' })
  })
})
