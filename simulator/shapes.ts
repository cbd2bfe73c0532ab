/**
 * World objects → Plivo's REST JSON shapes (plivo-mpc.md §1.1).
 */
import { formatPlivoTime } from '../mpc/timestamps'
import type { PlivoMpcLike, PlivoParticipantLike } from './types'
import { mpcBilling, participantBilling, type Mpc, type Participant } from './world'

export function mpcPath(authId: string, mpc: Mpc): string {
  return `/v1/Account/${authId}/MultiPartyCall/uuid_${mpc.uuid}/`
}

export function toPlivoMpc(authId: string, mpc: Mpc): PlivoMpcLike {
  const ended = mpc.status === 'Ended'
  const billing = ended ? mpcBilling(mpc) : undefined
  return {
    billed_amount: billing ? billing.billedAmount : null,
    billed_duration: billing ? billing.billedDuration : null,
    creation_time: formatPlivoTime(mpc.creationTime),
    duration: billing ? billing.duration : null,
    end_time: mpc.endTime === undefined ? null : formatPlivoTime(mpc.endTime),
    friendly_name: mpc.name,
    max_duration: mpc.settings.maxDurationSec,
    max_participants: mpc.settings.maxParticipants,
    mpc_uuid: mpc.uuid,
    participants: `${mpcPath(authId, mpc)}Participant/`,
    recording: mpc.recording?.state ?? 'not-recording',
    resource_uri: mpcPath(authId, mpc),
    start_time: mpc.startTime === undefined ? null : formatPlivoTime(mpc.startTime),
    status: mpc.status,
    stay_alone: mpc.stayAlone,
    sub_account: null,
    termination_cause: mpc.termination?.cause ?? null,
    termination_cause_code: mpc.termination?.code ?? null,
  }
}

export function toPlivoParticipant(authId: string, p: Participant): PlivoParticipantLike {
  const billing = participantBilling(p)
  return {
    billed_amount: billing ? billing.billedAmount : null,
    billed_duration: billing ? billing.billedDuration : null,
    call_uuid: p.callUuid,
    coach_mode: p.coachMode,
    duration: billing ? billing.duration : null,
    end_mpc_on_exit: p.settings.endMpcOnExit,
    exit_cause: p.exitCause ?? null,
    exit_time: p.exitTime === undefined ? null : formatPlivoTime(p.exitTime),
    // Plivo reports mute/hold as null once the participant has left.
    hold: p.live ? p.hold : null,
    join_time: formatPlivoTime(p.joinTime),
    member_address: p.settings.memberAddress,
    member_id: p.memberId,
    mpc_uuid: p.mpc.uuid,
    mute: p.live ? p.mute : null,
    resource_uri: `${mpcPath(authId, p.mpc)}Participant/${p.memberId}/`,
    role: p.role,
    start_mpc_on_enter: p.settings.startMpcOnEnter,
  }
}
