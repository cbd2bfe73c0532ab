/**
 * The synthetic events a REST reconcile feeds through the mpc/ reducer (reconcile.ts): what
 * Plivo's REST objects say, phrased as the callbacks that would have said it, so state is built
 * one way whatever it was learned from. Each carries `Source: rest-reconcile` in its raw fields,
 * so a timeline or a log can tell it from a real callback.
 */
import {
  ROLES,
  type MpcStateEvent,
  type ParticipantEvent,
  type ParticipantEventName,
  type RecordingEvent,
  type Role,
} from '../../mpc/events'
import type { PlivoMpc, PlivoParticipant } from '../../mpc/plivo-types'
import type { ParticipantState } from '../../mpc/state'

const RECONCILE_SOURCE = 'rest-reconcile'

function baseRaw(name: string, mpcUuid: string): Record<string, string> {
  return { EventName: name, MPCUUID: mpcUuid, Source: RECONCILE_SOURCE }
}

export function mpcEvent(name: MpcStateEvent['name'], mpc: PlivoMpc, at: number): MpcStateEvent {
  const event: MpcStateEvent = {
    kind: 'mpc',
    name,
    mpcUuid: mpc.mpc_uuid,
    mpcName: mpc.friendly_name,
    at,
    raw: baseRaw(name, mpc.mpc_uuid),
  }
  if (name === 'MPCEnd') {
    if (mpc.termination_cause) event.terminationCause = mpc.termination_cause
    if (mpc.termination_cause_code !== null) event.terminationCauseCode = mpc.termination_cause_code
    if (mpc.duration !== null) event.durationSec = mpc.duration
  }
  return event
}

export function recordingEvent(
  name: RecordingEvent['name'],
  mpc: PlivoMpc,
  at: number,
): RecordingEvent {
  return {
    kind: 'recording',
    name,
    mpcUuid: mpc.mpc_uuid,
    mpcName: mpc.friendly_name,
    at,
    raw: baseRaw(name, mpc.mpc_uuid),
  }
}

function toRole(role: string): Role | undefined {
  return (ROLES as readonly string[]).includes(role) ? (role as Role) : undefined
}

export function participantEvent(
  name: ParticipantEventName,
  mpc: PlivoMpc,
  p: PlivoParticipant,
  at: number,
): ParticipantEvent {
  const event: ParticipantEvent = {
    kind: 'participant',
    name,
    mpcUuid: mpc.mpc_uuid,
    mpcName: mpc.friendly_name,
    memberId: p.member_id,
    callUuid: p.call_uuid,
    at,
    raw: { ...baseRaw(name, mpc.mpc_uuid), MemberID: p.member_id },
  }
  const role = toRole(p.role)
  if (role) event.role = role
  // No coach_mode riding along: the reducer would take it as a fact of this event's time and
  // skip the freshness check the coach-mode events go through (reconcile-diff.ts).
  if (name === 'ParticipantExit' && p.exit_cause) event.exitCause = p.exit_cause
  return event
}

/** The exit of a member the store has but REST no longer lists (so only the store's facts). */
export function exitUnlisted(
  mpc: PlivoMpc,
  member: ParticipantState,
  at: number,
): ParticipantEvent {
  const event: ParticipantEvent = {
    kind: 'participant',
    name: 'ParticipantExit',
    mpcUuid: mpc.mpc_uuid,
    mpcName: mpc.friendly_name,
    memberId: member.memberId,
    at,
    raw: { ...baseRaw('ParticipantExit', mpc.mpc_uuid), MemberID: member.memberId },
  }
  if (member.callUuid) event.callUuid = member.callUuid
  if (member.role) event.role = member.role
  return event
}
