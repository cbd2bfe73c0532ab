/**
 * The simulator's world types and the Plivo REST shapes it answers with (plivo-mpc.md §1.1).
 */
import type { Role, StatusEventGroup } from '../mpc/events'

export type { Role, StatusEventGroup }
export type HttpMethod = 'GET' | 'POST'
export type MpcStatus = 'Initialized' | 'Active' | 'Ended'
export type RecordingState = 'not-recording' | 'recording' | 'paused'

export interface CallbackTarget {
  url: string
  method: HttpMethod
}

export interface StatusSubscription extends CallbackTarget {
  groups: ReadonlySet<StatusEventGroup>
}

/** Termination causes and codes of plivo-mpc.md §1.0. */
export const TERMINATION = {
  noActiveParticipants: { cause: 'No Active Participants', code: 1000 },
  stayAloneNotPermitted: { cause: 'Stay Alone Not Permitted', code: 1010 },
  maxDurationReached: { cause: 'Max Duration Reached', code: 2000 },
  hangupApi: { cause: 'Hangup API Triggered', code: 3000 },
} as const
export type Termination = (typeof TERMINATION)[keyof typeof TERMINATION]

/** Participant exit causes of plivo-mpc.md §1.1. */
export const EXIT_CAUSE = {
  hangup: 'Participant Call Hangup',
  kicked: 'Kicked Out of Multiparty Call',
  mpcEnded: 'Multiparty Call Ended',
  transferred: 'Participant Call Transferred',
} as const
export type ExitCause = (typeof EXIT_CAUSE)[keyof typeof EXIT_CAUSE]

/** MPC object as GET/list return it (plivo-mpc.md §1.1). */
export interface PlivoMpcLike {
  billed_amount: string | null
  billed_duration: number | null
  creation_time: string
  duration: number | null
  end_time: string | null
  friendly_name: string
  max_duration: number
  max_participants: number
  mpc_uuid: string
  participants: string
  recording: RecordingState
  resource_uri: string
  start_time: string | null
  status: MpcStatus
  stay_alone: boolean
  sub_account: string | null
  termination_cause: string | null
  termination_cause_code: number | null
}

/** Participant object (plivo-mpc.md §1.1; full form, as the Go fixture shows it). */
export interface PlivoParticipantLike {
  billed_amount: string | null
  billed_duration: number | null
  call_uuid: string
  coach_mode: boolean
  duration: number | null
  end_mpc_on_exit: boolean
  exit_cause: string | null
  exit_time: string | null
  hold: boolean | null
  join_time: string
  member_address: string
  member_id: string
  mpc_uuid: string
  mute: boolean | null
  resource_uri: string
  role: Role
  start_mpc_on_enter: boolean
}
