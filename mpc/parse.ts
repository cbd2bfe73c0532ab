/**
 * Plivo MPC callback (a flat string map: POST form or GET query) → typed `MpcEvent` (DESIGN §3).
 *
 * What is strict and what is lenient, and why:
 * - Strict where a wrong value would corrupt the live state: `EventName`, `MPCUUID` and
 *   `EventTimestamp` are required; `MemberID` is required for every event about one participant;
 *   a field that is present must be well formed (a role we know, `true`/`false`, a number).
 * - Lenient where Plivo's field list is not confirmed (plivo-mpc.md §2.2 "Not confirmed"): every
 *   other field is optional, several plausible spellings are accepted for the same fact (first
 *   one present wins, in the order listed below), and an empty value counts as absent (Plivo
 *   sends `Key=` for unset fields).
 * - An EventName we do not know is kept as kind `unknown` (forward compatible), never dropped.
 * - Every event keeps its raw params untouched.
 * - AI agent stream callbacks (`ai-stream`) name their event in `Event` (Plivo's audio stream
 *   param) or `EventName`, and their time in `EventTimestamp` or `Timestamp`: events.ts
 *   `AI_STREAM_EVENTS` says what Plivo documents for them and what we chose.
 */
import {
  ADD_PARTICIPANT_API_EVENTS,
  AI_STREAM_EVENTS,
  MPC_RECORDING_EVENTS,
  MPC_STATE_EVENTS,
  PARTICIPANT_AUDIO_EVENTS,
  PARTICIPANT_DIGIT_EVENTS,
  PARTICIPANT_RECORDING_EVENTS,
  PARTICIPANT_SPEAK_EVENTS,
  PARTICIPANT_STATE_EVENTS,
  ROLES,
  type AddParticipantApiEvent,
  type AddParticipantEventName,
  type AiStreamEvent,
  type CallbackKind,
  type MpcEvent,
  type MpcStateEvent,
  type MpcStateEventName,
  type ParticipantEvent,
  type ParticipantEventName,
  type RecordingEvent,
  type RecordingEventName,
  type Role,
  type UnknownEvent,
} from './events'
import { parsePlivoTime } from './timestamps'

export interface CallbackParseError {
  /** The param at fault, as Plivo names it (e.g. `MemberID`). */
  field: string
  /** Readable, names the field, e.g. "MemberID is required for ParticipantJoin". */
  message: string
}

export type ParseResult = { ok: true; event: MpcEvent } | { ok: false; error: CallbackParseError }

/**
 * Accepted spellings per fact. The first is the documented one where there is one; the others are
 * plausible names for facts Plivo has not documented for MPC status callbacks.
 */
const FIELDS = {
  eventName: ['EventName'],
  aiStreamEventName: ['Event', 'EventName'],
  aiStreamTimestamp: ['EventTimestamp', 'Timestamp'],
  streamId: ['StreamID', 'StreamId', 'StreamUUID'],
  streamReason: ['StreamStopReason', 'Reason', 'Error'],
  mpcUuid: ['MPCUUID'],
  mpcName: ['MPCName', 'MPCFriendlyName'],
  timestamp: ['EventTimestamp'],
  sequenceNumber: ['SequenceNumber'],
  memberId: ['MemberID'],
  role: ['ParticipantRole'],
  callUuid: ['ParticipantCallUUID', 'CallUUID'],
  coachMode: ['ParticipantCoachMode'],
  digits: ['Digits', 'ParticipantDigits', 'DigitInput', 'ParticipantDigitInput'],
  exitCause: ['ParticipantExitCause', 'ExitCause'],
  requestUuid: ['RequestUUID'],
  callStatus: ['CallStatus'],
  // Not in Plivo's documented list; the dialled destination where a callback names it.
  to: ['ParticipantCallTo', 'To'],
  duration: ['MPCDuration'],
  billedDuration: ['MPCBilledDuration'],
  billedAmount: ['MPCBilledAmount'],
  terminationCause: ['TerminationCause', 'MPCTerminationCause'],
  terminationCauseCode: ['TerminationCauseCode', 'MPCTerminationCauseCode'],
  recordingUuid: ['RecordingUUID'],
  recordingUrl: ['RecordingURL'],
  recordingResourceUrl: ['RecordingResourceURL'],
  recordingFormat: ['RecordingFormat'],
  recordingDuration: ['RecordingDuration'],
  recordingStart: ['RecordingStartTime'],
  recordingEnd: ['RecordingEndTime'],
} as const satisfies Record<string, readonly [string, ...string[]]>

type Aliases = (typeof FIELDS)[keyof typeof FIELDS]

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}

/** Membership test over a name list, as a Set (checked on every callback). */
function setOf<T extends string>(list: readonly T[]): (name: string) => name is T {
  const names = new Set<string>(list)
  return (name: string): name is T => names.has(name)
}

const PARTICIPANT_EVENT_NAMES: readonly ParticipantEventName[] = [
  ...PARTICIPANT_STATE_EVENTS,
  ...PARTICIPANT_SPEAK_EVENTS,
  ...PARTICIPANT_DIGIT_EVENTS,
  ...PARTICIPANT_AUDIO_EVENTS,
]
const RECORDING_EVENT_NAMES: readonly RecordingEventName[] = [
  ...MPC_RECORDING_EVENTS,
  ...PARTICIPANT_RECORDING_EVENTS,
]
const isMpcStateEvent = setOf(MPC_STATE_EVENTS)
const isParticipantEvent = setOf(PARTICIPANT_EVENT_NAMES)
const isAddParticipantEvent = setOf(ADD_PARTICIPANT_API_EVENTS)
const isRecordingEvent = setOf(RECORDING_EVENT_NAMES)
const isParticipantRecordingEvent = setOf(PARTICIPANT_RECORDING_EVENTS)
const isAiStreamEvent = setOf(AI_STREAM_EVENTS)

const ROLE_ALIASES: Record<string, Role> = {
  customer: 'customer',
  agent: 'agent',
  supervisor: 'supervisor',
  'ai-agent': 'ai-agent',
  ai_agent: 'ai-agent',
  aiagent: 'ai-agent',
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/
const INTEGER = /^[+-]?\d+$/

/** Reads fields of one callback; every failure is a FieldError naming the field. */
class Reader {
  constructor(
    private readonly params: Record<string, string>,
    private readonly eventName: string,
  ) {}

  /** The first alias present with a non-blank value. */
  find(aliases: Aliases): { field: string; value: string } | undefined {
    for (const field of aliases) {
      const value = Object.hasOwn(this.params, field) ? this.params[field] : undefined
      if (typeof value !== 'string') continue
      const trimmed = value.trim()
      if (trimmed !== '') return { field, value: trimmed }
    }
    return undefined
  }

  string(aliases: Aliases): string | undefined {
    return this.find(aliases)?.value
  }

  required(aliases: Aliases): string {
    const found = this.find(aliases)
    if (found) return found.value
    const field = aliases[0]
    throw new FieldError(
      field,
      this.eventName === '' ? `${field} is required` : `${field} is required for ${this.eventName}`,
    )
  }

  boolean(aliases: Aliases): boolean | undefined {
    const found = this.find(aliases)
    if (!found) return undefined
    const lower = found.value.toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
    throw new FieldError(found.field, `${found.field} must be true or false, got '${found.value}'`)
  }

  /** A non-negative number (durations); `integer` also refuses fractions. */
  number(aliases: Aliases, integer = false): number | undefined {
    const found = this.find(aliases)
    if (!found) return undefined
    const ok = (integer ? INTEGER : NUMBER).test(found.value)
    const value = Number(found.value)
    if (!ok || !Number.isFinite(value) || value < 0) {
      const what = integer ? 'a non-negative integer' : 'a non-negative number'
      throw new FieldError(found.field, `${found.field} must be ${what}, got '${found.value}'`)
    }
    return value
  }

  time(aliases: Aliases): number | undefined {
    const found = this.find(aliases)
    if (!found) return undefined
    const at = parsePlivoTime(found.value)
    if (at === undefined) {
      throw new FieldError(
        found.field,
        `${found.field} '${found.value}' is not a time (expected YYYY-MM-DD HH:mm:ss±hh:mm)`,
      )
    }
    return at
  }

  role(aliases: Aliases): Role | undefined {
    const found = this.find(aliases)
    if (!found) return undefined
    const role = ROLE_ALIASES[found.value.toLowerCase()]
    if (role === undefined) {
      throw new FieldError(
        found.field,
        `${found.field} '${found.value}' is not a known role (${ROLES.join(', ')})`,
      )
    }
    return role
  }
}

/**
 * The same object without its undefined keys, so events compare and serialise cleanly. Copied
 * rather than `delete`d in place: deleting turns an object into a slow dictionary, and every
 * event is read again by the reducer and serialised for each fan-out.
 */
function compact<T extends object>(value: T): T {
  const out: Partial<T> = {}
  for (const key in value) {
    if (value[key] !== undefined) out[key] = value[key]
  }
  return out as T
}

function readEvent(params: Record<string, string>, via: CallbackKind | undefined): MpcEvent {
  const aiStream = via === 'ai-stream'
  const name = new Reader(params, '').required(
    aiStream ? FIELDS.aiStreamEventName : FIELDS.eventName,
  )
  const r = new Reader(params, name)
  const timestamp = aiStream ? FIELDS.aiStreamTimestamp : FIELDS.timestamp
  const time = r.time(timestamp)
  if (time === undefined) r.required(timestamp)
  const mpcUuid = r.required(FIELDS.mpcUuid)
  const mpcName = r.string(FIELDS.mpcName)
  const at = time ?? 0
  const sequenceNumber = r.number(FIELDS.sequenceNumber, true)
  const raw = { ...params }
  // Each event is one literal naming every field (no `...base` spread): spreading into a literal
  // with more fields took most of the parse time, and this runs on every callback.

  if (isMpcStateEvent(name)) {
    return compact<MpcStateEvent>({
      mpcUuid,
      mpcName,
      at,
      sequenceNumber,
      raw,
      via,
      kind: 'mpc',
      name: name satisfies MpcStateEventName,
      durationSec: r.number(FIELDS.duration),
      billedDurationSec: r.number(FIELDS.billedDuration),
      billedAmount: r.string(FIELDS.billedAmount),
      terminationCause: r.string(FIELDS.terminationCause),
      terminationCauseCode: r.number(FIELDS.terminationCauseCode, true),
    })
  }

  if (isParticipantEvent(name)) {
    return compact<ParticipantEvent>({
      mpcUuid,
      mpcName,
      at,
      sequenceNumber,
      raw,
      via,
      kind: 'participant',
      name,
      memberId: r.required(FIELDS.memberId),
      role: r.role(FIELDS.role),
      callUuid: r.string(FIELDS.callUuid),
      coachMode: r.boolean(FIELDS.coachMode),
      digits: r.string(FIELDS.digits),
      exitCause: r.string(FIELDS.exitCause),
    })
  }

  if (isAddParticipantEvent(name)) {
    return compact<AddParticipantApiEvent>({
      mpcUuid,
      mpcName,
      at,
      sequenceNumber,
      raw,
      via,
      kind: 'add-participant',
      name: name satisfies AddParticipantEventName,
      requestUuid: r.string(FIELDS.requestUuid),
      callUuid: r.string(FIELDS.callUuid),
      memberId: r.string(FIELDS.memberId),
      role: r.role(FIELDS.role),
      callStatus: r.string(FIELDS.callStatus),
      to: r.string(FIELDS.to),
    })
  }

  if (isRecordingEvent(name)) {
    const perParticipant = isParticipantRecordingEvent(name)
    // Plivo reports an unknown length as -1 in other CDRs; treat it as "not said", not an error.
    const rawDuration = r.find(FIELDS.recordingDuration)
    return compact<RecordingEvent>({
      mpcUuid,
      mpcName,
      at,
      sequenceNumber,
      raw,
      via,
      kind: 'recording',
      name,
      memberId: perParticipant ? r.required(FIELDS.memberId) : r.string(FIELDS.memberId),
      recordingUuid: r.string(FIELDS.recordingUuid),
      recordingUrl: r.string(FIELDS.recordingUrl),
      recordingResourceUrl: r.string(FIELDS.recordingResourceUrl),
      recordingFormat: r.string(FIELDS.recordingFormat),
      recordingDurationSec:
        rawDuration?.value === '-1' ? undefined : r.number(FIELDS.recordingDuration),
      recordingStartAt: r.time(FIELDS.recordingStart),
      recordingEndAt: r.time(FIELDS.recordingEnd),
    })
  }

  if (isAiStreamEvent(name)) {
    return compact<AiStreamEvent>({
      mpcUuid,
      mpcName,
      at,
      sequenceNumber,
      raw,
      via,
      kind: 'ai-stream',
      name,
      memberId: r.required(FIELDS.memberId),
      callUuid: r.string(FIELDS.callUuid),
      streamId: r.string(FIELDS.streamId),
      reason: r.string(FIELDS.streamReason),
    })
  }

  return compact<UnknownEvent>({
    mpcUuid,
    mpcName,
    at,
    sequenceNumber,
    raw,
    via,
    kind: 'unknown',
    name,
    memberId: r.string(FIELDS.memberId),
  })
}

/**
 * Parse one callback. `kind` says which URL it came to (kept on the event as `via`); events are
 * accepted on either URL, since which URL Plivo uses for which event is not confirmed.
 */
/** Params arrive from an HTTP body: anything a form or JSON parser could make. */
function isFlatStringMap(params: unknown): params is Record<string, string> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return false
  for (const field in params) {
    if (
      Object.hasOwn(params, field) &&
      typeof (params as Record<string, unknown>)[field] !== 'string'
    )
      return false
  }
  return true
}

function flatMapError(params: unknown): CallbackParseError {
  if (typeof params === 'object' && params !== null && !Array.isArray(params)) {
    for (const [field, value] of Object.entries(params)) {
      if (typeof value !== 'string') return { field, message: `${field} must be a string` }
    }
  }
  return { field: '', message: 'callback params must be a flat map' }
}

export function parseCallback(params: unknown, kind?: CallbackKind): ParseResult {
  if (!isFlatStringMap(params)) return { ok: false, error: flatMapError(params) }
  try {
    return { ok: true, event: readEvent(params, kind) }
  } catch (error) {
    if (error instanceof FieldError) {
      return { ok: false, error: { field: error.field, message: error.message } }
    }
    throw error
  }
}
