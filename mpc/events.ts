/**
 * Typed MPC callback events (DESIGN §3, plivo-mpc.md §2).
 *
 * A Plivo callback is a flat string map. `parse.ts` turns one into an `MpcEvent` or a
 * `CallbackParseError` naming the bad field. Every event keeps its raw params, so nothing Plivo
 * sent is lost even where we do not model it yet.
 */

export const ROLES = ['customer', 'agent', 'supervisor', 'ai-agent'] as const
export type Role = (typeof ROLES)[number]

export const MPC_STATE_EVENTS = ['MPCInitialized', 'MPCStart', 'MPCEnd'] as const
export const PARTICIPANT_STATE_EVENTS = [
  'ParticipantJoin',
  'ParticipantExit',
  'ParticipantMute',
  'ParticipantUnmute',
  'ParticipantHold',
  'ParticipantUnhold',
  'ParticipantCoachModeStart',
  'ParticipantCoachModeStop',
] as const
export const PARTICIPANT_SPEAK_EVENTS = ['ParticipantSpeakStart', 'ParticipantSpeakStop'] as const
export const PARTICIPANT_DIGIT_EVENTS = ['ParticipantDigitInput'] as const
export const ADD_PARTICIPANT_API_EVENTS = [
  'AddParticipantByAPIActionInitiated',
  'AddParticipantByAPIActionCompleted',
] as const
export const PARTICIPANT_AUDIO_EVENTS = ['ParticipantAudioStart', 'ParticipantAudioStop'] as const
export const MPC_RECORDING_EVENTS = [
  'MPCRecordingInitiated',
  'MPCRecordingPaused',
  'MPCRecordingResumed',
  'MPCRecordingCompleted',
  'MPCRecordingFailed',
] as const
export const PARTICIPANT_RECORDING_EVENTS = [
  'ParticipantRecordingInitiated',
  'ParticipantRecordingPaused',
  'ParticipantRecordingResumed',
  'ParticipantRecordingCompleted',
  'ParticipantRecordingFailed',
] as const

/**
 * AI agent stream status events: what the element's `aiAgentStreamStatusCallbackUrl` receives
 * for each `ai-agent` member (multipartycall-element.txt, "AI Agent Stream Attributes"; Plivo's
 * MultiPartyCall XML page, https://docs.plivo.com/docs/voice/xml/multiparty-call).
 *
 * What Plivo documents, and what it does not:
 * - The MultiPartyCall page documents only the attribute ("URL for receiving AI agent stream
 *   status event callbacks") and its method (`aiAgentStreamStatusCallbackMethod`, default POST).
 *   It names no event and no parameter.
 * - Plivo's audio stream (the same WebSocket streaming an AI agent uses) documents its
 *   `statusCallbackUrl` events in the param `Event`: `StartStream` (audio begins streaming once
 *   connected), `StopStream` (stopped on purpose, or its timeout reached), `DroppedStream`
 *   (failed to connect, or disconnected during the call) —
 *   https://docs.plivo.com/docs/voice/xml/audiostream — and `DegradedStream` (a slow
 *   connection: Plivo's buffer reached 30, 60 or 90 %) —
 *   https://plivo.com/docs/voice/audio-streaming/best-practices. Its stream termination reasons
 *   are "API request", "Call hangup", "Connection error", "Stream timeout" (same page).
 *
 * Our choice where Plivo is silent: an AI stream callback uses those four event names, in
 * `Event` (or `EventName`, the MPC callbacks' name for it), and carries the MPC callbacks'
 * identifying params — `MPCUUID`, `MPCName`, `MemberID`, `ParticipantCallUUID` and
 * `EventTimestamp` — plus `StreamID` and, for a stop or drop, a reason (`StreamStopReason`,
 * `Reason` or `Error`) where it has one. `MPCUUID`, `MemberID` and a time are required: without
 * them the status cannot be put on a member. Another event name on this URL is kept as `unknown`.
 */
export const AI_STREAM_EVENTS = [
  'StartStream',
  'StopStream',
  'DroppedStream',
  'DegradedStream',
] as const

/** `status_callback_events` groups and the EventNames each one subscribes to. */
export const STATUS_EVENT_GROUPS = {
  'mpc-state-changes': MPC_STATE_EVENTS,
  'participant-state-changes': PARTICIPANT_STATE_EVENTS,
  'participant-speak-events': PARTICIPANT_SPEAK_EVENTS,
  'participant-digit-input-events': PARTICIPANT_DIGIT_EVENTS,
  'add-participant-api-events': ADD_PARTICIPANT_API_EVENTS,
  'participant-audio-events': PARTICIPANT_AUDIO_EVENTS,
} as const
export type StatusEventGroup = keyof typeof STATUS_EVENT_GROUPS
export const DEFAULT_STATUS_EVENT_GROUPS: StatusEventGroup[] = [
  'mpc-state-changes',
  'participant-state-changes',
]

export type MpcStateEventName = (typeof MPC_STATE_EVENTS)[number]
export type ParticipantEventName =
  | (typeof PARTICIPANT_STATE_EVENTS)[number]
  | (typeof PARTICIPANT_SPEAK_EVENTS)[number]
  | (typeof PARTICIPANT_DIGIT_EVENTS)[number]
  | (typeof PARTICIPANT_AUDIO_EVENTS)[number]
export type AddParticipantEventName = (typeof ADD_PARTICIPANT_API_EVENTS)[number]
export type RecordingEventName =
  (typeof MPC_RECORDING_EVENTS)[number] | (typeof PARTICIPANT_RECORDING_EVENTS)[number]
export type AiStreamEventName = (typeof AI_STREAM_EVENTS)[number]
export type KnownEventName =
  | MpcStateEventName
  | ParticipantEventName
  | AddParticipantEventName
  | RecordingEventName
  | AiStreamEventName

/** Which callback URL an event came to. */
export type CallbackKind = 'status' | 'recording' | 'ai-stream'

interface EventBase {
  /** EventName exactly as Plivo sent it. */
  name: string
  mpcUuid: string
  /** MPCName (friendly name); absent on some participant-recording callbacks. */
  mpcName?: string
  /** EventTimestamp as epoch milliseconds (Plivo sends `YYYY-MM-DD HH:mm:ss±hh:mm`). */
  at: number
  /** SequenceNumber, where Plivo sends one (recording callbacks). */
  sequenceNumber?: number
  /** Every parameter exactly as received. */
  raw: Record<string, string>
  /** Which callback URL delivered it, when the receiver said. */
  via?: CallbackKind
  /**
   * The delivery it came in (the relay sets the signature nonce). Plivo stamps whole seconds, so
   * a supervisor's quick coach → barge → coach repeats an earlier callback param for param; only
   * the delivery tells that repeat from the same callback delivered twice.
   */
  delivery?: string
}

export interface MpcStateEvent extends EventBase {
  kind: 'mpc'
  name: MpcStateEventName
  durationSec?: number
  billedDurationSec?: number
  billedAmount?: string
  terminationCause?: string
  terminationCauseCode?: number
}

export interface ParticipantEvent extends EventBase {
  kind: 'participant'
  name: ParticipantEventName
  memberId: string
  role?: Role
  callUuid?: string
  coachMode?: boolean
  /** ParticipantDigitInput: the digits pressed. */
  digits?: string
  /** ParticipantExit: why the member left, where Plivo says. */
  exitCause?: string
}

export interface AddParticipantApiEvent extends EventBase {
  kind: 'add-participant'
  name: AddParticipantEventName
  requestUuid?: string
  callUuid?: string
  memberId?: string
  role?: Role
  /** Completed: whether the dialled leg joined (`success`) or not, as far as Plivo says. */
  callStatus?: string
  /** The destination dialled (`ParticipantCallTo`), where Plivo names it. */
  to?: string
}

export interface RecordingEvent extends EventBase {
  kind: 'recording'
  name: RecordingEventName
  /** Present for ParticipantRecording* events. */
  memberId?: string
  recordingUuid?: string
  recordingUrl?: string
  recordingResourceUrl?: string
  recordingFormat?: string
  recordingDurationSec?: number
  recordingStartAt?: number
  recordingEndAt?: number
}

/** One AI agent member's stream status (AI_STREAM_EVENTS says what Plivo documents). */
export interface AiStreamEvent extends EventBase {
  kind: 'ai-stream'
  name: AiStreamEventName
  memberId: string
  callUuid?: string
  streamId?: string
  /** Why the stream stopped or dropped, where the callback says. */
  reason?: string
}

/** An EventName we do not know yet: kept, shown, never dropped. */
export interface UnknownEvent extends EventBase {
  kind: 'unknown'
  memberId?: string
}

export type MpcEvent =
  | MpcStateEvent
  | ParticipantEvent
  | AddParticipantApiEvent
  | RecordingEvent
  | AiStreamEvent
  | UnknownEvent
