/**
 * The live state the reducer (`reducer.ts`) builds from events (DESIGN §3).
 *
 * Plain JSON (no Map/Set/Date): the relay ships it as a snapshot over socket.io and stores it in
 * Redis, main ships it to the renderer. Facts are stored with the event time that set them, so
 * the reducer can take events in any order and still converge (last writer by event time wins;
 * ties go to the event applied last). Derived numbers (talk time, silence, overtalk, wait) are
 * computed from these facts by `metrics.ts`, never stored.
 */
import type { Role } from './events'

export type MpcStatus = 'initialized' | 'active' | 'ended'
export type RecordingStatus = 'not-recording' | 'recording' | 'paused'

/** A boolean fact and the event time that set it. */
export interface TimedFlag {
  value: boolean
  at: number
}

/** One on/off edge of a toggled fact (speaking, hold, audio), kept sorted by `at`. */
export interface Edge {
  at: number
  on: boolean
}

export interface ParticipantState {
  memberId: string
  /** Unknown until an event carrying it arrives (e.g. a mute seen before its join). */
  role?: Role
  callUuid?: string
  joinedAt?: number
  /** Set once the member has exited; an exit seen before its join still marks it gone. */
  leftAt?: number
  exitCause?: string
  /**
   * What set `leftAt`: the member's own ParticipantExit, or MPCEnd closing everyone still present
   * (exit cause `Multiparty Call Ended`). A real exit always replaces an MPCEnd one, whatever the
   * order they arrive in.
   */
  leftBy?: 'exit' | 'mpc-end'
  mute: TimedFlag
  hold: TimedFlag
  /** Supervisors only: true = heard by agents only (coach / listen), false = heard by all. */
  coachMode: TimedFlag
  /** Speak start/stop edges, sorted by time. */
  speech: Edge[]
  /** Hold/unhold edges, sorted by time (for hold time; `hold` is the current fact). */
  holds: Edge[]
  /** ParticipantAudioStart/Stop edges, sorted by time. */
  audio: Edge[]
  /** Digits pressed, in time order. */
  digits: { at: number; digits: string }[]
  recording?: RecordingInfo
  /** AI agents: their stream's latest status (AI stream callbacks), absent until one arrives. */
  aiStream?: AiStreamInfo
}

/**
 * An AI agent member's stream, from its latest AI stream callback by event time: `streaming`
 * (StartStream), `stopped` (StopStream), `dropped` (DroppedStream: failed or disconnected),
 * `degraded` (DegradedStream: a slow connection, still streaming).
 */
export interface AiStreamInfo {
  status: 'streaming' | 'stopped' | 'dropped' | 'degraded'
  at: number
  streamId?: string
  reason?: string
}

export interface RecordingInfo {
  /** A failed recording is `not-recording` (the reducer maps it). */
  status: RecordingStatus
  /** Event time of the latest recording event applied. */
  at: number
  recordingUuid?: string
  /** Set by MPCRecordingCompleted / ParticipantRecordingCompleted. */
  url?: string
  format?: string
  durationSec?: number
  /** In `MpcState.recordings`: the member a participant recording belongs to. */
  memberId?: string
}

/** An add-participant request seen through AddParticipantByAPIAction* events. */
export interface ApiAddState {
  requestUuid?: string
  callUuid?: string
  initiatedAt?: number
  completedAt?: number
  callStatus?: string
  memberId?: string
  role?: Role
}

/** One line of the call's event timeline (detail view). */
export interface TimelineEntry {
  at: number
  name: string
  memberId?: string
  role?: Role
  /** Short readable detail: digits, exit cause, recording url, termination cause… */
  detail?: string
}

export interface MpcState {
  mpcUuid: string
  name?: string
  status: MpcStatus
  /** Event time of MPCInitialized, or of the first event seen for this MPC. */
  createdAt: number
  startedAt?: number
  endedAt?: number
  terminationCause?: string
  terminationCauseCode?: number
  durationSec?: number
  recording: RecordingInfo
  /** Completed recordings, in time order (with their media URLs). */
  recordings: RecordingInfo[]
  participants: Record<string, ParticipantState>
  apiAdds: ApiAddState[]
  /** Sorted by `at`, capped at TIMELINE_CAP (oldest dropped). */
  timeline: TimelineEntry[]
  /** Time of the newest event applied. */
  lastEventAt: number
  /**
   * `eventKey`s of the events applied recently, so a duplicate changes nothing: one sorted list
   * per minute of event time, only for the last minutes before `lastEventAt` and capped per
   * minute, so it does not grow with the length of the call (`event-key-window.ts`). Adding a
   * key copies one minute's list, not every key the MPC has seen.
   */
  seen: Record<string, string[]>
}

/** All live MPCs of one account, by MPC uuid. */
export interface DeskState {
  mpcs: Record<string, MpcState>
}

export const TIMELINE_CAP = 500
