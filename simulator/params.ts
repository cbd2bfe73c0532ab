/**
 * Request parameter schemas for the REST API (plivo-mpc.md §1.3). Lenient where real clients
 * differ (booleans as JSON or as strings in any case, numbers as strings, upper/lower case
 * methods and roles, Python's `["active"]`), strict on ranges and allowed values.
 */
import { z } from 'zod'
import { ROLES, STATUS_EVENT_GROUPS, type StatusEventGroup } from '../mpc/events'

type Raw = Record<string, unknown>

/** The one value of a repeated form field or a one-element JSON array. */
function single(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value
}

export const bool = z.preprocess(
  (value) => {
    const v = single(value)
    if (typeof v === 'string') {
      const lower = v.trim().toLowerCase()
      if (lower === 'true') return true
      if (lower === 'false') return false
    }
    return v
  },
  z.boolean({ error: 'must be true or false' }),
)

export function int(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z.preprocess(
    (value) => {
      const v = single(value)
      return typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v
    },
    z
      .number({ error: 'must be an integer' })
      .int({ error: 'must be an integer' })
      .min(min, {
        error:
          max === Number.MAX_SAFE_INTEGER
            ? `must be ≥ ${min}`
            : `must be between ${min} and ${max}`,
      })
      .max(max, { error: `must be between ${min} and ${max}` }),
  )
}

const text = z.preprocess(single, z.string({ error: 'must be a string' }))

export const httpMethod = z.preprocess(
  (value) => {
    const v = single(value)
    return typeof v === 'string' ? v.toUpperCase() : v
  },
  z.enum(['GET', 'POST'], { error: 'must be GET or POST' }),
)

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

export const httpUrl = text.refine(isHttpUrl, { error: 'must be an http(s) URL' })

const lowerEnum = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.preprocess(
    (value) => {
      const v = single(value)
      return typeof v === 'string' ? v.trim().toLowerCase() : v
    },
    z.enum(values, { error: `must be one of ${values.join(', ')}${what}` }),
  )

const sound = text.refine((v) => ['none', 'beep:1', 'beep:2'].includes(v) || isHttpUrl(v), {
  error: 'must be none, beep:1, beep:2 or an http(s) URL',
})

const groups = Object.keys(STATUS_EVENT_GROUPS) as StatusEventGroup[]

export const statusEvents = text.transform((value, ctx) => {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const bad = items.filter((item) => !groups.includes(item as StatusEventGroup))
  if (bad.length > 0 || items.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown event group ${bad.join(', ') || '(empty)'}; allowed: ${groups.join(', ')}`,
    })
    return z.NEVER
  }
  return new Set(items as StatusEventGroup[])
})

/** `<`-separated integers, at most one per destination (checked by the handler). */
const perDestinationInts = z.preprocess(
  (value) => (typeof single(value) === 'number' ? String(single(value)) : single(value)),
  z.string().regex(/^\d+(<\d+)*$/, { error: 'must be an integer or integers separated by <' }),
)

export const addParticipantSchema = z.object({
  role: lowerEnum(ROLES, ''),
  from: text.optional(),
  to: text.optional(),
  call_uuid: text.optional(),
  caller_name: text
    .refine((v) => v.length >= 1 && v.length <= 50, { error: 'must be 1 to 50 characters' })
    .optional(),
  call_status_callback_url: httpUrl.optional(),
  call_status_callback_method: httpMethod.optional(),
  sip_headers: text.optional(),
  confirm_key: z
    .preprocess(single, z.enum(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '#', '*']))
    .optional(),
  confirm_key_sound_url: httpUrl.optional(),
  confirm_key_sound_method: httpMethod.optional(),
  dial_music: text.optional(),
  ring_timeout: perDestinationInts.optional(),
  delay_dial: perDestinationInts.optional(),
  max_duration: int(300, 28800).optional(),
  max_participants: int(2, 10).optional(),
  record_min_member_count: int(1, 2).optional(),
  wait_music_url: httpUrl.optional(),
  wait_music_method: httpMethod.optional(),
  agent_hold_music_url: httpUrl.optional(),
  agent_hold_music_method: httpMethod.optional(),
  customer_hold_music_url: httpUrl.optional(),
  customer_hold_music_method: httpMethod.optional(),
  recording_callback_url: httpUrl.optional(),
  recording_callback_method: httpMethod.optional(),
  status_callback_url: httpUrl.optional(),
  status_callback_method: httpMethod.optional(),
  status_callback_events: statusEvents.optional(),
  on_exit_action_url: httpUrl.optional(),
  on_exit_action_method: httpMethod.optional(),
  // The element's aiAgentStreamStatusCallbackUrl/Method, snake-cased as every API param is.
  ai_agent_stream_status_callback_url: httpUrl.optional(),
  ai_agent_stream_status_callback_method: httpMethod.optional(),
  record: bool.optional(),
  record_participant_track: bool.optional(),
  record_file_format: lowerEnum(['mp3', 'wav'] as const, '').optional(),
  stay_alone: bool.optional(),
  coach_mode: bool.optional(),
  mute: bool.optional(),
  hold: bool.optional(),
  start_mpc_on_enter: bool.optional(),
  end_mpc_on_exit: bool.optional(),
  relay_dtmf_inputs: bool.optional(),
  enter_sound: sound.optional(),
  enter_sound_method: httpMethod.optional(),
  exit_sound: sound.optional(),
  exit_sound_method: httpMethod.optional(),
  start_recording_audio: httpUrl.optional(),
  start_recording_audio_method: httpMethod.optional(),
  stop_recording_audio: httpUrl.optional(),
  stop_recording_audio_method: httpMethod.optional(),
  create_mpc_with_single_participant: bool.optional(),
  send_digits: text.optional(),
  send_on_preanswer: bool.optional(),
  transcript: bool.optional(),
  transcription_url: httpUrl.optional(),
})
export type AddParticipantParams = z.infer<typeof addParticipantSchema>

export const startMpcSchema = z.object({
  status: z.preprocess(
    (value) => {
      const v = single(value)
      return typeof v === 'string' ? v.toLowerCase() : v
    },
    z.literal('active', { error: "is required and must be 'active'" }),
  ),
})

export const updateParticipantSchema = z.object({
  mute: bool.optional(),
  hold: bool.optional(),
  coach_mode: bool.optional(),
  disable_state_change_sound: bool.optional(),
})

export const startRecordingSchema = z.object({
  file_format: lowerEnum(['mp3', 'wav'] as const, '').optional(),
  recording_callback_url: httpUrl.optional(),
  recording_callback_method: httpMethod.optional(),
  transcript: bool.optional(),
  transcription_url: httpUrl.optional(),
})

export const recordTrackSchema = z.object({
  record_track_type: lowerEnum(['participant', 'all', 'both'] as const, '').optional(),
})

export const startParticipantRecordingSchema = startRecordingSchema.extend(recordTrackSchema.shape)

const audioUrl = text.refine(
  (value) =>
    value
      .split(',')
      .map((s) => s.trim())
      .every((u) => isHttpUrl(u) && /\.(mp3|wav)$/i.test(new URL(u).pathname)),
  { error: 'must be http(s) URLs of .mp3 or .wav files' },
)

export const playSchema = z
  .object({ url: audioUrl.optional(), urls: audioUrl.optional() })
  .refine((v) => v.url !== undefined || v.urls !== undefined, {
    error: 'url is required',
    path: ['url'],
  })

export const speakSchema = z.object({
  text: text.refine((v) => v.trim().length > 0, { error: 'must not be empty' }),
  voice: text.optional(),
  language: text.optional(),
  mix: bool.optional(),
  type: text.optional(),
})

const plivoDate = text.refine((v) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(v), {
  error: 'must look like YYYY-MM-DD HH:MM[:ss]',
})

export const listMpcSchema = z.object({
  sub_account: text
    .refine((v) => /^SA[A-Z0-9]{18}$/i.test(v), { error: 'must be SA followed by 18 characters' })
    .optional(),
  friendly_name: text.optional(),
  status: lowerEnum(['initialized', 'active', 'ended'] as const, '').optional(),
  termination_cause_code: int(0).optional(),
  end_time__gt: plivoDate.optional(),
  end_time__gte: plivoDate.optional(),
  end_time__lt: plivoDate.optional(),
  end_time__lte: plivoDate.optional(),
  creation_time__gt: plivoDate.optional(),
  creation_time__gte: plivoDate.optional(),
  creation_time__lt: plivoDate.optional(),
  creation_time__lte: plivoDate.optional(),
  limit: int(1, 20).optional(),
  offset: int(0).optional(),
})

export const listParticipantsSchema = z.object({ call_uuid: text.optional() })

/** Plivo list-filter date (UTC) → epoch ms. */
export function parsePlivoDate(value: string): number {
  const [date, time = '00:00'] = value.split(' ')
  return Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}Z`)
}

export class ParamError extends Error {}

/** Parses `raw` with `schema`, or throws a ParamError naming the first bad field. */
export function parseParams<T extends z.ZodType>(schema: T, raw: Raw): z.output<T> {
  const result = schema.safeParse(raw)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue?.path.join('.') ?? ''
  throw new ParamError(
    field ? `${field}: ${issue?.message ?? 'invalid'}` : (issue?.message ?? 'invalid parameters'),
  )
}
