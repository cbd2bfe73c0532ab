/**
 * What an event, or a state that arrived whole (a relay snapshot), means for the supervisor's
 * own presence on that call (presence.ts): their phone joined, the dial failed, or they are no
 * longer on it. Pure, so the tracker only keeps entries and timers, and the rules that turn
 * Plivo's callbacks into "ringing your phone…" / "joined" / "failed" can be read in one place.
 */
import type { MpcEvent } from '../../mpc/events'
import type { MpcState } from '../../mpc/state'
import type { DeskErrorCode, MyPresence } from '../../preload/api'

/** Add-participant call states that mean the dialled leg did not join. */
const FAILED_CALL_STATUSES = new Set([
  'failed',
  'busy',
  'no-answer',
  'noanswer',
  'canceled',
  'cancelled',
  'rejected',
  'timeout',
  'error',
])

export type PresenceStep =
  /** The supervisor's phone joined as this member. */
  | { step: 'joined'; memberId: string }
  /** The join failed (only while ringing), with the reason shown to the supervisor. */
  | { step: 'fail'; message: string; code: DeskErrorCode }
  /** The supervisor is not on the call any more; `reason` settles a join still pending. */
  | { step: 'drop'; reason?: string }

export const ENDED_BEFORE_JOIN = 'The call ended before you joined.'

/** What the steps read of a dialled leg: the supervisor's presence, or a hand-off's agent leg. */
export type DialledLeg = Pick<MyPresence, 'status' | 'callUuid' | 'memberId'>

/** What an applied event (relay or REST) means for `presence`, or undefined if nothing. */
export function stepForEvent(presence: DialledLeg, event: MpcEvent): PresenceStep | undefined {
  const ringing = presence.status === 'ringing'
  if (event.kind === 'mpc' && event.name === 'MPCEnd') {
    return ringing ? { step: 'fail', message: ENDED_BEFORE_JOIN, code: 'plivo' } : { step: 'drop' }
  }
  if (event.kind === 'participant') {
    if (
      event.name === 'ParticipantJoin' &&
      ringing &&
      event.callUuid !== undefined &&
      event.callUuid === presence.callUuid
    ) {
      return { step: 'joined', memberId: event.memberId }
    }
    if (
      event.name === 'ParticipantExit' &&
      ((presence.memberId !== undefined && event.memberId === presence.memberId) ||
        (ringing && event.callUuid === presence.callUuid))
    ) {
      return { step: 'drop' }
    }
    return undefined
  }
  if (
    event.kind === 'add-participant' &&
    event.name === 'AddParticipantByAPIActionCompleted' &&
    ringing &&
    presence.callUuid !== undefined &&
    // One add-participant can dial several destinations: Plivo lists their uuids with commas.
    (event.callUuid?.split(',') ?? []).includes(presence.callUuid) &&
    event.callStatus !== undefined &&
    FAILED_CALL_STATUSES.has(event.callStatus.toLowerCase())
  ) {
    return {
      step: 'fail',
      message: `Your phone did not join (${event.callStatus}).`,
      code: 'plivo',
    }
  }
  return undefined
}

/**
 * What a state that arrived whole means for `presence`: a join or an exit may be in it that no
 * event will announce again.
 */
export function stepForState(presence: DialledLeg, mpc: MpcState): PresenceStep | undefined {
  if (mpc.status === 'ended') {
    return presence.status === 'ringing'
      ? { step: 'fail', message: ENDED_BEFORE_JOIN, code: 'not-found' }
      : { step: 'drop' }
  }
  if (presence.status === 'ringing') {
    const member = Object.values(mpc.participants).find((p) => p.callUuid === presence.callUuid)
    if (member?.leftAt !== undefined) return { step: 'drop', reason: 'Your phone left the call.' }
    if (member?.joinedAt !== undefined) return { step: 'joined', memberId: member.memberId }
  } else if (presence.memberId !== undefined) {
    if (mpc.participants[presence.memberId]?.leftAt !== undefined) return { step: 'drop' }
  }
  return undefined
}
