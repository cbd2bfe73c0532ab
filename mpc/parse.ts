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
 */
import {
  ADD_PARTICIPANT_API_EVENTS,
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

const has = <T extends string>(list: readonly T[], name: string): name is T =>
  (list as readonly string[]).includes(name)

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
      if (typeof value === 'string' && value.trim() !== '') return { field, value: value.trim() }
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

/** Drop keys whose value is undefined, so events compare and serialise cleanly. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key]
  }
  return value
}

function readEvent(params: Record<string, string>, via: CallbackKind | undefined): MpcEvent {
  const name = new Reader(params, '').required(FIELDS.eventName)
  const r = new Reader(params, name)
  const at = r.time(FIELDS.timestamp)
  if (at === undefined) r.required(FIELDS.timestamp)
  const base = {
    mpcUuid: r.required(FIELDS.mpcUuid),
    mpcName: r.string(FIELDS.mpcName),
    at: at ?? 0,
    sequenceNumber: r.number(FIELDS.sequenceNumber, true),
    raw: { ...params },
    via,
  }

  if (has(MPC_STATE_EVENTS, name)) {
    const event: MpcStateEvent = {
      ...base,
      kind: 'mpc',
      name: name satisfies MpcStateEventName,
      durationSec: r.number(FIELDS.duration),
      billedDurationSec: r.number(FIELDS.billedDuration),
      billedAmount: r.string(FIELDS.billedAmount),
      terminationCause: r.string(FIELDS.terminationCause),
      terminationCauseCode: r.number(FIELDS.terminationCauseCode, true),
    }
    return compact(event)
  }

  if (has(PARTICIPANT_EVENT_NAMES, name)) {
    const event: ParticipantEvent = {
      ...base,
      kind: 'participant',
      name,
      memberId: r.required(FIELDS.memberId),
      role: r.role(FIELDS.role),
      callUuid: r.string(FIELDS.callUuid),
      coachMode: r.boolean(FIELDS.coachMode),
      digits: r.string(FIELDS.digits),
      exitCause: r.string(FIELDS.exitCause),
    }
    return compact(event)
  }

  if (has(ADD_PARTICIPANT_API_EVENTS, name)) {
    const event: AddParticipantApiEvent = {
      ...base,
      kind: 'add-participant',
      name: name satisfies AddParticipantEventName,
      requestUuid: r.string(FIELDS.requestUuid),
      callUuid: r.string(FIELDS.callUuid),
      memberId: r.string(FIELDS.memberId),
      role: r.role(FIELDS.role),
      callStatus: r.string(FIELDS.callStatus),
      to: r.string(FIELDS.to),
    }
    return compact(event)
  }

  if (has(RECORDING_EVENT_NAMES, name)) {
    const perParticipant = has(PARTICIPANT_RECORDING_EVENTS, name)
    // Plivo reports an unknown length as -1 in other CDRs; treat it as "not said", not an error.
    const rawDuration = r.find(FIELDS.recordingDuration)
    const event: RecordingEvent = {
      ...base,
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
    }
    return compact(event)
  }

  const event: UnknownEvent = {
    ...base,
    kind: 'unknown',
    name,
    memberId: r.string(FIELDS.memberId),
  }
  return compact(event)
}

/**
 * Parse one callback. `kind` says which URL it came to (kept on the event as `via`); events are
 * accepted on either URL, since which URL Plivo uses for which event is not confirmed.
 */
export function parseCallback(params: Record<string, string>, kind?: CallbackKind): ParseResult {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    return { ok: false, error: { field: '', message: 'callback params must be a flat map' } }
  }
  for (const [field, value] of Object.entries(params)) {
    if (typeof value !== 'string') {
      return { ok: false, error: { field, message: `${field} must be a string` } }
    }
  }
  try {
    return { ok: true, event: readEvent(params, kind) }
  } catch (error) {
    if (error instanceof FieldError) {
      return { ok: false, error: { field: error.field, message: error.message } }
    }
    throw error
  }
}
