/**
 * Plivo MultiPartyCall REST shapes (plivo-mpc.md §1): zod schemas of the responses, and the typed
 * request parameters of the control client (`client.ts`).
 *
 * Responses are parsed leniently, as plivo-mpc.md §1.1 asks: Plivo's docs, fixtures and SDKs
 * disagree on details (nulls, `billed_amount` as string or number, `recording: "null"`,
 * `exit_cause` vs `participant_exit_cause`, booleans as strings), so each field accepts every
 * form seen and is normalised to one output type. Unknown extra fields are kept (loose objects),
 * never an error. The schemas describe the wire (snake_case), so the simulator can check its own
 * responses against them.
 *
 * Requests are camelCase in TypeScript and snake_case on the wire; `*_WIRE_NAMES` is the one
 * explicit mapping (no generic case conversion: `relayDtmfInputs` must become
 * `relay_dtmf_inputs`, `endTimeGt` must become `end_time__gt`).
 */
import { z } from 'zod'
import { ROLES, STATUS_EVENT_GROUPS, type Role, type StatusEventGroup } from './events'
import type { MpcStatus, RecordingStatus } from './state'

// ---------------------------------------------------------------------------------------------
// Lenient scalars for responses

/** `true`/`false` as JSON booleans or strings in any case; null/absent → null. */
const lenientBool = z.preprocess((value) => {
  if (typeof value !== 'string') return value
  const lower = value.trim().toLowerCase()
  if (lower === 'true') return true
  if (lower === 'false') return false
  if (lower === '' || lower === 'null') return null
  return value
}, z.boolean().nullish())

/** An integer sent as a number or numeric text; null/absent → null. */
const lenientInt = z.preprocess((value) => {
  if (typeof value !== 'string') return value
  const trimmed = value.trim()
  if (trimmed === '' || trimmed.toLowerCase() === 'null') return null
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : value
}, z.number().int().nullish())

/** A decimal amount: DOC-API sends `"0.05000"`, a Python fixture `3.6`. Output: number | null. */
const lenientAmount = z.preprocess((value) => {
  if (typeof value !== 'string') return value
  const trimmed = value.trim()
  if (trimmed === '' || trimmed.toLowerCase() === 'null') return null
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : value
}, z.number().nullish())

/** Free text where Plivo may send null, nothing, or the literal string "null". */
const lenientText = z.preprocess(
  (value) => (value === 'null' || value === '' ? null : value),
  z.string().nullish(),
)

/** Ids Plivo documents as numeric text (`member_id: "355"`) but could send as numbers. */
const idText = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string(),
)

const nullIfAbsent = <T>(value: T | null | undefined): T | null => value ?? null

// ---------------------------------------------------------------------------------------------
// Resource objects

/**
 * Plivo prints statuses capitalised (`Active`); list filters use lower case. Normalised to lower
 * case; a status we do not know yet passes through rather than failing a whole list.
 */
const mpcStatus = z.string().transform((s) => s.trim().toLowerCase() as MpcStatus | (string & {}))

const recordingStatus = lenientText.transform(
  (s) => (s ? s.trim().toLowerCase() : null) as RecordingStatus | (string & {}) | null,
)

const role = z.string().transform((s) => s.trim().toLowerCase() as Role | (string & {}))

export const plivoMpcSchema = z
  .looseObject({
    api_id: z.string().optional(),
    mpc_uuid: z.string(),
    friendly_name: z.string(),
    status: mpcStatus,
    creation_time: lenientText,
    start_time: lenientText,
    end_time: lenientText,
    duration: lenientInt,
    billed_duration: lenientInt,
    billed_amount: lenientAmount,
    max_participants: lenientInt,
    max_duration: lenientInt,
    stay_alone: lenientBool,
    recording: recordingStatus,
    participants: lenientText,
    resource_uri: lenientText,
    termination_cause: lenientText,
    termination_cause_code: lenientInt,
    sub_account: lenientText,
  })
  .transform((mpc) => ({
    ...mpc,
    creation_time: nullIfAbsent(mpc.creation_time),
    start_time: nullIfAbsent(mpc.start_time),
    end_time: nullIfAbsent(mpc.end_time),
    duration: nullIfAbsent(mpc.duration),
    billed_duration: nullIfAbsent(mpc.billed_duration),
    billed_amount: nullIfAbsent(mpc.billed_amount),
    max_participants: nullIfAbsent(mpc.max_participants),
    max_duration: nullIfAbsent(mpc.max_duration),
    stay_alone: nullIfAbsent(mpc.stay_alone),
    recording: nullIfAbsent(mpc.recording),
    participants: nullIfAbsent(mpc.participants),
    resource_uri: nullIfAbsent(mpc.resource_uri),
    termination_cause: nullIfAbsent(mpc.termination_cause),
    termination_cause_code: nullIfAbsent(mpc.termination_cause_code),
    sub_account: nullIfAbsent(mpc.sub_account),
  }))
export type PlivoMpc = z.output<typeof plivoMpcSchema>

export const plivoParticipantSchema = z
  .looseObject({
    api_id: z.string().optional(),
    member_id: idText,
    mpc_uuid: lenientText,
    call_uuid: z.string(),
    role,
    coach_mode: lenientBool,
    mute: lenientBool,
    hold: lenientBool,
    join_time: lenientText,
    exit_time: lenientText,
    duration: lenientInt,
    billed_duration: lenientInt,
    billed_amount: lenientAmount,
    start_mpc_on_enter: lenientBool,
    end_mpc_on_exit: lenientBool,
    // The docs' table says participant_exit_cause; every example and fixture says exit_cause.
    exit_cause: lenientText,
    participant_exit_cause: lenientText,
    member_address: lenientText,
    resource_uri: lenientText,
  })
  .transform(({ participant_exit_cause, ...p }) => ({
    ...p,
    mpc_uuid: nullIfAbsent(p.mpc_uuid),
    coach_mode: nullIfAbsent(p.coach_mode),
    mute: nullIfAbsent(p.mute),
    hold: nullIfAbsent(p.hold),
    join_time: nullIfAbsent(p.join_time),
    exit_time: nullIfAbsent(p.exit_time),
    duration: nullIfAbsent(p.duration),
    billed_duration: nullIfAbsent(p.billed_duration),
    billed_amount: nullIfAbsent(p.billed_amount),
    start_mpc_on_enter: nullIfAbsent(p.start_mpc_on_enter),
    end_mpc_on_exit: nullIfAbsent(p.end_mpc_on_exit),
    exit_cause: p.exit_cause ?? participant_exit_cause ?? null,
    member_address: nullIfAbsent(p.member_address),
    resource_uri: nullIfAbsent(p.resource_uri),
  }))
export type PlivoParticipant = z.output<typeof plivoParticipantSchema>

export const listMetaSchema = z.looseObject({
  count: lenientInt.transform(nullIfAbsent),
  limit: lenientInt.transform(nullIfAbsent),
  offset: lenientInt.transform(nullIfAbsent),
  next: lenientText.transform(nullIfAbsent),
  previous: lenientText.transform(nullIfAbsent),
})
export type ListMeta = z.output<typeof listMetaSchema>

export const mpcListPageSchema = z.looseObject({
  api_id: z.string().optional(),
  meta: listMetaSchema,
  objects: z.array(plivoMpcSchema),
})
export type MpcListPage = z.output<typeof mpcListPageSchema>

export const participantListPageSchema = z.looseObject({
  api_id: z.string().optional(),
  // The docs show meta; a trimmed response without it is still a usable list.
  meta: listMetaSchema.optional(),
  objects: z.array(plivoParticipantSchema),
})
export type ParticipantListPage = z.output<typeof participantListPageSchema>

/**
 * 201 from add participant. There is deliberately no member_id: Plivo assigns it when the call
 * joins, and it arrives only by callback (`MemberID`) or list participants.
 */
export const addParticipantResponseSchema = z.looseObject({
  api_id: z.string().optional(),
  calls: z
    .array(
      z.looseObject({
        to: lenientText.transform(nullIfAbsent),
        from: lenientText.transform(nullIfAbsent),
        call_uuid: z.string(),
      }),
    )
    .optional()
    .transform((calls) => calls ?? []),
  message: lenientText.transform(nullIfAbsent),
  request_uuid: lenientText.transform(nullIfAbsent),
})
export type AddParticipantResponse = z.output<typeof addParticipantResponseSchema>

/**
 * 202 from update participant: one text per field changed (legacy docs). A Python fixture nests
 * them under `message`, so that form is accepted too.
 */
export const updateParticipantResponseSchema = z.looseObject({
  api_id: z.string().optional(),
  mute: z.string().optional(),
  hold: z.string().optional(),
  coach_mode: z.string().optional(),
  message: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
})
export type UpdateParticipantResponse = z.output<typeof updateParticipantResponseSchema>

/** 202 from MPC or participant start recording. */
export const startRecordingResponseSchema = z.looseObject({
  api_id: z.string().optional(),
  message: lenientText.transform(nullIfAbsent),
  recording_id: z.string(),
  recording_url: z.string(),
})
export type StartRecordingResponse = z.output<typeof startRecordingResponseSchema>

/** Plivo's error body: `{"api_id": "...", "error": "<text>"}`. */
export const plivoErrorBodySchema = z.looseObject({
  api_id: z.string().optional(),
  error: z.unknown().optional(),
  message: z.unknown().optional(),
})

/**
 * Plivo timestamps look like `2020-12-24 09:20:03+00:00`. Returns epoch ms, or null when the
 * text is absent or not a timestamp.
 */
export function plivoTimeToMs(text: string | null | undefined): number | null {
  if (!text) return null
  const iso = text.trim().replace(' ', 'T')
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`)
  return Number.isNaN(ms) ? null : ms
}

// ---------------------------------------------------------------------------------------------
// Request parameters (camelCase here, snake_case on the wire)

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
const httpUrl = z.string().refine(isHttpUrl, 'must be an absolute http(s) URL')
const callbackMethod = z.enum(['GET', 'POST'])
/** `beep:1`, `beep:2`, `none`, or a URL returning XML. */
const soundSpec = z
  .string()
  .refine(
    (v) => v === 'beep:1' || v === 'beep:2' || v === 'none' || isHttpUrl(v),
    'must be beep:1, beep:2, none or an http(s) URL',
  )
/** One integer, or `<`-separated integers (one per destination). */
const perDestinationInts = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\d+(<\d+)*$/, 'must be an integer or integers separated by "<"'),
])
const statusCallbackEvents = z.union([
  z.array(z.enum(Object.keys(STATUS_EVENT_GROUPS) as [StatusEventGroup, ...StatusEventGroup[]])),
  z
    .string()
    .refine(
      (v) => v.split(',').every((g) => g.trim() in STATUS_EVENT_GROUPS),
      `must be a comma list of ${Object.keys(STATUS_EVENT_GROUPS).join(', ')}`,
    ),
])

const MAX_DESTINATIONS = 20

const addParticipantFields = {
  /** `ai-agent` is accepted by Plivo (PY SDK, XML docs) though the Node SDK refuses it. */
  role: z.enum(ROLES),
  /** Dial-out mode: caller ID (E.164 or SIP). */
  from: z.string().min(1).optional(),
  /** Dial-out mode: one destination, or up to 20 joined with `<` (agents only). */
  to: z.string().min(1).optional(),
  /** Transfer mode: an existing live call to move into the MPC. */
  callUuid: z.string().min(1).optional(),
  callerName: z.string().min(1).max(50).optional(),
  callStatusCallbackUrl: httpUrl.optional(),
  callStatusCallbackMethod: callbackMethod.optional(),
  sipHeaders: z.string().optional(),
  confirmKey: z.enum(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '#', '*']).optional(),
  confirmKeySoundUrl: httpUrl.optional(),
  confirmKeySoundMethod: callbackMethod.optional(),
  /** `real`, `none`, or a URL. */
  dialMusic: z
    .string()
    .refine(
      (v) => ['real', 'none'].includes(v.toLowerCase()) || isHttpUrl(v),
      'must be real, none or an http(s) URL',
    )
    .optional(),
  ringTimeout: perDestinationInts.optional(),
  delayDial: perDestinationInts.optional(),
  maxDuration: z.number().int().min(300).max(28800).optional(),
  maxParticipants: z.number().int().min(2).max(10).optional(),
  recordMinMemberCount: z.number().int().min(1).max(2).optional(),
  waitMusicUrl: httpUrl.optional(),
  waitMusicMethod: callbackMethod.optional(),
  agentHoldMusicUrl: httpUrl.optional(),
  agentHoldMusicMethod: callbackMethod.optional(),
  customerHoldMusicUrl: httpUrl.optional(),
  customerHoldMusicMethod: callbackMethod.optional(),
  recordingCallbackUrl: httpUrl.optional(),
  recordingCallbackMethod: callbackMethod.optional(),
  statusCallbackUrl: httpUrl.optional(),
  statusCallbackMethod: callbackMethod.optional(),
  /** Groups as an array or Plivo's comma list; sent as the comma list. */
  statusCallbackEvents: statusCallbackEvents.optional(),
  onExitActionUrl: httpUrl.optional(),
  onExitActionMethod: callbackMethod.optional(),
  record: z.boolean().optional(),
  recordParticipantTrack: z.boolean().optional(),
  recordFileFormat: z.enum(['mp3', 'wav']).optional(),
  stayAlone: z.boolean().optional(),
  /** Supervisors only: true = whisper to agents, false = heard by everyone ("barge"). */
  coachMode: z.boolean().optional(),
  mute: z.boolean().optional(),
  hold: z.boolean().optional(),
  startMpcOnEnter: z.boolean().optional(),
  endMpcOnExit: z.boolean().optional(),
  relayDtmfInputs: z.boolean().optional(),
  enterSound: soundSpec.optional(),
  enterSoundMethod: callbackMethod.optional(),
  exitSound: soundSpec.optional(),
  exitSoundMethod: callbackMethod.optional(),
  startRecordingAudio: httpUrl.optional(),
  startRecordingAudioMethod: callbackMethod.optional(),
  stopRecordingAudio: httpUrl.optional(),
  stopRecordingAudioMethod: callbackMethod.optional(),
  createMpcWithSingleParticipant: z.boolean().optional(),
  sendDigits: z.string().optional(),
  sendOnPreanswer: z.boolean().optional(),
  transcript: z.boolean().optional(),
  transcriptionUrl: httpUrl.optional(),
}

export const ADD_PARTICIPANT_WIRE_NAMES = {
  role: 'role',
  from: 'from',
  to: 'to',
  callUuid: 'call_uuid',
  callerName: 'caller_name',
  callStatusCallbackUrl: 'call_status_callback_url',
  callStatusCallbackMethod: 'call_status_callback_method',
  sipHeaders: 'sip_headers',
  confirmKey: 'confirm_key',
  confirmKeySoundUrl: 'confirm_key_sound_url',
  confirmKeySoundMethod: 'confirm_key_sound_method',
  dialMusic: 'dial_music',
  ringTimeout: 'ring_timeout',
  delayDial: 'delay_dial',
  maxDuration: 'max_duration',
  maxParticipants: 'max_participants',
  recordMinMemberCount: 'record_min_member_count',
  waitMusicUrl: 'wait_music_url',
  waitMusicMethod: 'wait_music_method',
  agentHoldMusicUrl: 'agent_hold_music_url',
  agentHoldMusicMethod: 'agent_hold_music_method',
  customerHoldMusicUrl: 'customer_hold_music_url',
  customerHoldMusicMethod: 'customer_hold_music_method',
  recordingCallbackUrl: 'recording_callback_url',
  recordingCallbackMethod: 'recording_callback_method',
  statusCallbackUrl: 'status_callback_url',
  statusCallbackMethod: 'status_callback_method',
  statusCallbackEvents: 'status_callback_events',
  onExitActionUrl: 'on_exit_action_url',
  onExitActionMethod: 'on_exit_action_method',
  record: 'record',
  recordParticipantTrack: 'record_participant_track',
  recordFileFormat: 'record_file_format',
  stayAlone: 'stay_alone',
  coachMode: 'coach_mode',
  mute: 'mute',
  hold: 'hold',
  startMpcOnEnter: 'start_mpc_on_enter',
  endMpcOnExit: 'end_mpc_on_exit',
  relayDtmfInputs: 'relay_dtmf_inputs',
  enterSound: 'enter_sound',
  enterSoundMethod: 'enter_sound_method',
  exitSound: 'exit_sound',
  exitSoundMethod: 'exit_sound_method',
  startRecordingAudio: 'start_recording_audio',
  startRecordingAudioMethod: 'start_recording_audio_method',
  stopRecordingAudio: 'stop_recording_audio',
  stopRecordingAudioMethod: 'stop_recording_audio_method',
  createMpcWithSingleParticipant: 'create_mpc_with_single_participant',
  sendDigits: 'send_digits',
  sendOnPreanswer: 'send_on_preanswer',
  transcript: 'transcript',
  transcriptionUrl: 'transcription_url',
} as const satisfies Record<keyof typeof addParticipantFields, string>

function countDestinations(to: string): number {
  return to.split('<').length
}

/** Add-participant parameters with Plivo's cross-field rules (plivo-mpc.md §1.3 (5)). */
export const addParticipantParamsSchema = z
  .strictObject(addParticipantFields)
  .superRefine((p, ctx) => {
    const dialOut = p.from !== undefined || p.to !== undefined
    if (dialOut && p.callUuid !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['callUuid'],
        message: 'give either callUuid (move a live call in) or from + to (dial out), not both',
      })
    } else if (!dialOut && p.callUuid === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['callUuid'],
        message: 'give either callUuid (move a live call in) or from + to (dial out)',
      })
    } else if (dialOut && (p.from === undefined || p.to === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [p.from === undefined ? 'from' : 'to'],
        message: 'dialling out needs both from and to',
      })
    }
    if (p.to !== undefined) {
      const destinations = countDestinations(p.to)
      if (destinations > 1 && p.role !== 'agent') {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: 'several destinations (joined with "<") are allowed only for role agent',
        })
      }
      if (destinations > MAX_DESTINATIONS) {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: `at most ${MAX_DESTINATIONS} destinations, got ${destinations}`,
        })
      }
      for (const key of ['ringTimeout', 'delayDial'] as const) {
        const value = p[key]
        if (typeof value === 'string' && value.split('<').length > destinations) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `has more values than there are destinations (${destinations})`,
          })
        }
      }
    }
  })

type AddParticipantFields = z.input<typeof addParticipantParamsSchema>
type AddParticipantCommon = Omit<AddParticipantFields, 'from' | 'to' | 'callUuid'>
/** Exactly one mode: dial out (`from` + `to`) or move a live call in (`callUuid`). */
export type AddParticipantParams = AddParticipantCommon &
  ({ from: string; to: string; callUuid?: never } | { callUuid: string; from?: never; to?: never })

export const updateParticipantParamsSchema = z
  .strictObject({
    mute: z.boolean().optional(),
    hold: z.boolean().optional(),
    /** Only for a single member: Plivo answers 400 for `all` (and we refuse lists too). */
    coachMode: z.boolean().optional(),
    /** Node SDK ≥ 4.73: suppress the beep on this state change. */
    disableStateChangeSound: z.boolean().optional(),
  })
  .refine((p) => p.mute !== undefined || p.hold !== undefined || p.coachMode !== undefined, {
    message: 'set at least one of mute, hold, coachMode',
  })
export type UpdateParticipantParams = z.input<typeof updateParticipantParamsSchema>
export const UPDATE_PARTICIPANT_WIRE_NAMES = {
  mute: 'mute',
  hold: 'hold',
  coachMode: 'coach_mode',
  disableStateChangeSound: 'disable_state_change_sound',
} as const satisfies Record<keyof UpdateParticipantParams, string>

export const recordingParamsSchema = z.strictObject({
  fileFormat: z.enum(['mp3', 'wav']).optional(),
  recordingCallbackUrl: httpUrl.optional(),
  recordingCallbackMethod: callbackMethod.optional(),
  transcript: z.boolean().optional(),
  transcriptionUrl: httpUrl.optional(),
})
export type RecordingParams = z.input<typeof recordingParamsSchema>
export const RECORDING_WIRE_NAMES = {
  fileFormat: 'file_format',
  recordingCallbackUrl: 'recording_callback_url',
  recordingCallbackMethod: 'recording_callback_method',
  transcript: 'transcript',
  transcriptionUrl: 'transcription_url',
} as const satisfies Record<keyof RecordingParams, string>

/** `participant` = that member's own track, `all` = multi-channel for that member, or `both`. */
const recordTrackType = z.enum(['participant', 'all', 'both'])

export const participantRecordingParamsSchema = recordingParamsSchema.extend({
  recordTrackType: recordTrackType.optional(),
})
export type ParticipantRecordingParams = z.input<typeof participantRecordingParamsSchema>
export const PARTICIPANT_RECORDING_WIRE_NAMES = {
  ...RECORDING_WIRE_NAMES,
  recordTrackType: 'record_track_type',
} as const satisfies Record<keyof ParticipantRecordingParams, string>

/** Stop / pause / resume of a participant recording. */
export const participantRecordingControlSchema = z.strictObject({
  recordTrackType: recordTrackType.optional(),
})
export type ParticipantRecordingControlParams = z.input<typeof participantRecordingControlSchema>
export const PARTICIPANT_RECORDING_CONTROL_WIRE_NAMES = {
  recordTrackType: 'record_track_type',
} as const satisfies Record<keyof ParticipantRecordingControlParams, string>

/** `YYYY-MM-DD HH:MM[:ss]`, or a Date (sent as UTC). */
const filterTime = z.union([
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/, 'must look like YYYY-MM-DD HH:MM[:ss]'),
  z
    .date()
    .refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date')
    .transform((d) => d.toISOString().slice(0, 19).replace('T', ' ')),
])

export const listMpcQuerySchema = z.strictObject({
  subAccount: z
    .string()
    .regex(/^SA[A-Za-z0-9]{18}$/, 'must be a subaccount id (SA + 18 characters)')
    .optional(),
  friendlyName: z.string().min(1).optional(),
  status: z.enum(['initialized', 'active', 'ended']).optional(),
  /** 1000 no active participants, 1010 stay-alone not permitted, 2000 max duration, 3000 API. */
  terminationCauseCode: z.number().int().optional(),
  endTimeGt: filterTime.optional(),
  endTimeGte: filterTime.optional(),
  endTimeLt: filterTime.optional(),
  endTimeLte: filterTime.optional(),
  creationTimeGt: filterTime.optional(),
  creationTimeGte: filterTime.optional(),
  creationTimeLt: filterTime.optional(),
  creationTimeLte: filterTime.optional(),
  limit: z.number().int().min(1).max(20).optional(),
  offset: z.number().int().min(0).optional(),
})
export type ListMpcQuery = z.input<typeof listMpcQuerySchema>
export const LIST_MPC_WIRE_NAMES = {
  subAccount: 'sub_account',
  friendlyName: 'friendly_name',
  status: 'status',
  terminationCauseCode: 'termination_cause_code',
  endTimeGt: 'end_time__gt',
  endTimeGte: 'end_time__gte',
  endTimeLt: 'end_time__lt',
  endTimeLte: 'end_time__lte',
  creationTimeGt: 'creation_time__gt',
  creationTimeGte: 'creation_time__gte',
  creationTimeLt: 'creation_time__lt',
  creationTimeLte: 'creation_time__lte',
  limit: 'limit',
  offset: 'offset',
} as const satisfies Record<keyof ListMpcQuery, string>

export const listParticipantsQuerySchema = z.strictObject({
  callUuid: z.string().min(1).optional(),
})
export type ListParticipantsQuery = z.input<typeof listParticipantsQuerySchema>
export const LIST_PARTICIPANTS_WIRE_NAMES = {
  callUuid: 'call_uuid',
} as const satisfies Record<keyof ListParticipantsQuery, string>

/** Rename parsed camelCase params to their wire names, dropping absent ones. */
export function toWire(
  params: Record<string, unknown>,
  names: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const wire: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue
    const name = names[key]
    // Unreachable after strict parsing; kept so a mapping gap fails loudly, not silently.
    if (name === undefined) throw new Error(`no wire name for parameter ${key}`)
    wire[name] = Array.isArray(value) ? value.join(',') : value
  }
  return wire
}
