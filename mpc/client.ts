/**
 * Typed client for Plivo's MultiPartyCall REST API (plivo-mpc.md §1; DESIGN §5 "Commands").
 *
 * Why hand-written rather than the `plivo` SDK: the SDK is untyped (`Promise<any>`), mis-sends
 * `coachMode: false` on add participant, refuses `ai-agent`, mangles `creation_time__*` filters
 * and buries Plivo's error text (plivo-mpc.md §4.4). The wire format below mirrors the docs:
 * Basic auth, JSON bodies, GET parameters in the query string, a trailing slash on every path.
 *
 * Every request:
 * - is checked first against what Plivo would refuse (a `PlivoValidationError`, nothing sent);
 * - waits for a slot of the account's rate limiter (300 requests / 5 s by default);
 * - gets `timeoutMs` per attempt (the response body included);
 * - is retried with backoff on 429 (honouring Retry-After) and, only when repeating it is
 *   harmless, on 5xx, timeouts and network errors. Add participant and start recording are not
 *   idempotent: they are retried only when Plivo cannot have acted (429, connection refused);
 * - has its 2xx body checked against the zod schemas of `plivo-types.ts`; a surprise is a
 *   `PlivoResponseError` saying the request was accepted, never a crash.
 */
import type { z } from 'zod'
import {
  PlivoAbortedError,
  PlivoApiError,
  PlivoNetworkError,
  PlivoResponseError,
  PlivoTimeoutError,
  PlivoValidationError,
  type RequestTarget,
  type ValidationIssue,
} from './client-errors'
import {
  ADD_PARTICIPANT_WIRE_NAMES,
  LIST_MPC_WIRE_NAMES,
  LIST_PARTICIPANTS_WIRE_NAMES,
  PARTICIPANT_RECORDING_CONTROL_WIRE_NAMES,
  PARTICIPANT_RECORDING_WIRE_NAMES,
  RECORDING_WIRE_NAMES,
  UPDATE_PARTICIPANT_WIRE_NAMES,
  addParticipantParamsSchema,
  addParticipantResponseSchema,
  listMpcQuerySchema,
  listParticipantsQuerySchema,
  mpcListPageSchema,
  participantListPageSchema,
  participantRecordingControlSchema,
  participantRecordingParamsSchema,
  plivoErrorBodySchema,
  plivoMpcSchema,
  plivoParticipantSchema,
  recordingParamsSchema,
  startRecordingResponseSchema,
  toWire,
  updateParticipantParamsSchema,
  updateParticipantResponseSchema,
  type AddParticipantParams,
  type AddParticipantResponse,
  type ListMpcQuery,
  type ListParticipantsQuery,
  type MpcListPage,
  type ParticipantListPage,
  type ParticipantRecordingControlParams,
  type ParticipantRecordingParams,
  type PlivoMpc,
  type PlivoParticipant,
  type RecordingParams,
  type StartRecordingResponse,
  type UpdateParticipantParams,
  type UpdateParticipantResponse,
} from './plivo-types'
import { RateLimiter } from './rate-limiter'
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  isRetryableServerStatus,
  neverConnected,
  parseRetryAfter,
  sleep as defaultSleep,
  type RetryPolicy,
} from './retry'

/** An MPC by uuid (works after it ended) or by friendly name (only while it is live). */
export type MpcRef = { uuid: string } | { name: string }

/** One member id, several (sent comma-separated), or `'all'`. */
export type MemberTarget = string | readonly string[]

export interface CallOptions {
  /** Cancels the request, including its wait for a rate-limiter slot and any retry backoff. */
  signal?: AbortSignal
}

export interface RetryInfo {
  method: string
  path: string
  /** The attempt that failed (1 = the first). */
  attempt: number
  delayMs: number
  /** e.g. `HTTP 429`, `timeout`, `network ECONNRESET`. */
  reason: string
}

export interface ControlClientOptions {
  /** Origin under which `/v1/Account/{authId}/MultiPartyCall/` lives. Default Plivo's. */
  baseUrl?: string
  authId: string
  authToken: string
  /** Per attempt, response body included. Default 5000. */
  timeoutMs?: number
  /** Retries after the first attempt (0 = never retry). Default 2, i.e. 3 attempts in total. */
  retries?: number
  retry?: Partial<RetryPolicy>
  /** Share one limiter between all clients of an account. Default: a private 300 / 5 s one. */
  limiter?: RateLimiter
  fetch?: typeof fetch
  userAgent?: string
  /** Observability hook, called before each backoff wait. */
  onRetry?: (info: RetryInfo) => void
  /** Test seams: the backoff sleep, jitter source and clock (for HTTP-date Retry-After). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  now?: () => number
}

export interface ControlClient {
  readonly authId: string
  readonly baseUrl: string
  listMpcs(query?: ListMpcQuery, options?: CallOptions): Promise<MpcListPage>
  /** Every MPC matching `query`, following pagination (20 per page). */
  listAllMpcs(
    query?: Omit<ListMpcQuery, 'limit' | 'offset'>,
    options?: CallOptions,
  ): AsyncGenerator<PlivoMpc, void, undefined>
  getMpc(ref: MpcRef, options?: CallOptions): Promise<PlivoMpc>
  /** Moves an `Initialized` MPC to `Active`. */
  startMpc(ref: MpcRef, options?: CallOptions): Promise<void>
  endMpc(ref: MpcRef, options?: CallOptions): Promise<void>
  /** Never retried once it may have reached Plivo: a repeat would dial the phone twice. */
  addParticipant(
    ref: MpcRef,
    params: AddParticipantParams,
    options?: CallOptions,
  ): Promise<AddParticipantResponse>
  listParticipants(
    ref: MpcRef,
    query?: ListParticipantsQuery,
    options?: CallOptions,
  ): Promise<ParticipantListPage>
  getParticipant(ref: MpcRef, memberId: string, options?: CallOptions): Promise<PlivoParticipant>
  /** `coachMode` only for a single member (Plivo answers 400 for `all`). */
  updateParticipant(
    ref: MpcRef,
    members: MemberTarget,
    params: UpdateParticipantParams,
    options?: CallOptions,
  ): Promise<UpdateParticipantResponse>
  kickParticipant(ref: MpcRef, members: MemberTarget, options?: CallOptions): Promise<void>
  startRecording(
    ref: MpcRef,
    params?: RecordingParams,
    options?: CallOptions,
  ): Promise<StartRecordingResponse>
  stopRecording(ref: MpcRef, options?: CallOptions): Promise<void>
  pauseRecording(ref: MpcRef, options?: CallOptions): Promise<void>
  resumeRecording(ref: MpcRef, options?: CallOptions): Promise<void>
  startParticipantRecording(
    ref: MpcRef,
    memberId: string,
    params?: ParticipantRecordingParams,
    options?: CallOptions,
  ): Promise<StartRecordingResponse>
  stopParticipantRecording(
    ref: MpcRef,
    memberId: string,
    params?: ParticipantRecordingControlParams,
    options?: CallOptions,
  ): Promise<void>
  pauseParticipantRecording(
    ref: MpcRef,
    memberId: string,
    params?: ParticipantRecordingControlParams,
    options?: CallOptions,
  ): Promise<void>
  resumeParticipantRecording(
    ref: MpcRef,
    memberId: string,
    params?: ParticipantRecordingControlParams,
    options?: CallOptions,
  ): Promise<void>
}

export const DEFAULT_BASE_URL = 'https://api.plivo.com'
export const DEFAULT_TIMEOUT_MS = 5000
const DEFAULT_USER_AGENT = 'supervisor-desk-mpc-client/0.1'
/** Bodies kept on errors are cut here, so an HTML error page cannot flood a log. */
const MAX_KEPT_BODY = 2000

type HttpMethod = 'GET' | 'POST' | 'DELETE'

interface RequestSpec<T> {
  method: HttpMethod
  /** Below `/v1/Account/{authId}/MultiPartyCall/`, e.g. `name_x/Participant/`. */
  path: string
  query?: Record<string, unknown>
  body?: Record<string, unknown>
  /** Repeating it leaves Plivo in the same state (GET, DELETE, absolute-state POSTs). */
  idempotent: boolean
  /** Absent: the body is ignored and the call resolves to void. */
  schema?: z.ZodType<T>
}

type AttemptOutcome =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | { kind: 'timeout' }
  | { kind: 'aborted'; reason: unknown }
  | { kind: 'network'; error: unknown; systemCode: string | undefined }

function issue(field: string, message: string): ValidationIssue {
  return { field, message }
}

function validate<S extends z.ZodType>(operation: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {})
  if (result.success) return result.data
  throw new PlivoValidationError(
    operation,
    result.error.issues.map((i) => issue(i.path.map(String).join('.'), i.message)),
  )
}

function mpcPathId(operation: string, ref: MpcRef): string {
  const candidate = ref as { uuid?: unknown; name?: unknown } | null | undefined
  const uuid = candidate?.uuid
  const name = candidate?.name
  if (uuid !== undefined && name !== undefined) {
    throw new PlivoValidationError(operation, [issue('ref', 'give either uuid or name, not both')])
  }
  if (typeof uuid === 'string' && uuid.trim() !== '') return `uuid_${encodeURIComponent(uuid)}`
  if (typeof name === 'string' && name.trim() !== '') return `name_${encodeURIComponent(name)}`
  throw new PlivoValidationError(operation, [
    issue('ref', 'give the MPC as { uuid } or { name } with a non-empty value'),
  ])
}

const MEMBER_ID = /^[^\s/,?#]+$/

function memberPathId(operation: string, memberId: unknown, field = 'memberId'): string {
  if (typeof memberId !== 'string' || !MEMBER_ID.test(memberId)) {
    throw new PlivoValidationError(operation, [
      issue(field, 'must be one member id (no spaces, slashes or commas)'),
    ])
  }
  return encodeURIComponent(memberId)
}

/** `'all'`, one id, or a de-duplicated comma list (commas stay literal, as Plivo expects). */
function membersPathId(operation: string, members: MemberTarget): string {
  if (members === 'all') return 'all'
  if (typeof members === 'string') return memberPathId(operation, members, 'members')
  if (!Array.isArray(members) || members.length === 0) {
    throw new PlivoValidationError(operation, [
      issue('members', "give one member id, a non-empty list, or 'all'"),
    ])
  }
  const unique = [...new Set(members)]
  if (unique.includes('all')) {
    throw new PlivoValidationError(operation, [
      issue('members', "'all' cannot be combined with member ids"),
    ])
  }
  return unique.map((m) => memberPathId(operation, m, 'members')).join(',')
}

/**
 * Whose recording: the whole MPC's (`{mpc}/Record/`) or one member's
 * (`{mpc}/Participant/{member}/Record/`). Both take the same actions on the same path tails.
 */
type RecordingOwner =
  { kind: 'mpc'; ref: MpcRef } | { kind: 'participant'; ref: MpcRef; memberId: string }

/** Method and path tail (below `.../Record/`) of each action after start. */
const RECORDING_ACTIONS = {
  stop: { method: 'DELETE', tail: '' },
  pause: { method: 'POST', tail: 'Pause/' },
  resume: { method: 'POST', tail: 'Resume/' },
} as const satisfies Record<string, { method: HttpMethod; tail: string }>

type RecordingAction = keyof typeof RECORDING_ACTIONS

interface RecordingParamsSpec {
  schema: z.ZodType<Record<string, unknown>>
  wireNames: Readonly<Record<string, string>>
}

/** What start recording accepts, per owner. */
const RECORDING_START_PARAMS: Record<RecordingOwner['kind'], RecordingParamsSpec> = {
  mpc: { schema: recordingParamsSchema, wireNames: RECORDING_WIRE_NAMES },
  participant: {
    schema: participantRecordingParamsSchema,
    wireNames: PARTICIPANT_RECORDING_WIRE_NAMES,
  },
}

/** What stop / pause / resume accept, per owner: the MPC's take no parameters. */
const RECORDING_CONTROL_PARAMS: Record<RecordingOwner['kind'], RecordingParamsSpec | undefined> = {
  mpc: undefined,
  participant: {
    schema: participantRecordingControlSchema,
    wireNames: PARTICIPANT_RECORDING_CONTROL_WIRE_NAMES,
  },
}

/** 'start recording', 'pause participant recording', … (names the call in validation errors). */
function recordingOperation(action: 'start' | RecordingAction, owner: RecordingOwner): string {
  return `${action} ${owner.kind === 'participant' ? 'participant ' : ''}recording`
}

/** The recording's path, ending in `Record/`; checks the MPC ref, then the member id. */
function recordingPath(operation: string, owner: RecordingOwner): string {
  const id = mpcPathId(operation, owner.ref)
  if (owner.kind === 'mpc') return `${id}/Record/`
  return `${id}/Participant/${memberPathId(operation, owner.memberId)}/Record/`
}

function systemCodeOf(error: unknown): string | undefined {
  // undici: TypeError('fetch failed', { cause }) where cause carries `code`, or an
  // AggregateError of per-address attempts (happy eyeballs) whose members carry it.
  let current: unknown = error
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const record = current as { code?: unknown; cause?: unknown; errors?: unknown }
    if (typeof record.code === 'string') return record.code
    if (Array.isArray(record.errors) && record.errors.length > 0) {
      const inner = systemCodeOf(record.errors[0])
      if (inner) return inner
    }
    current = record.cause
  }
  return undefined
}

function describeNetworkError(error: unknown, systemCode: string | undefined): string {
  const cause = (error as { cause?: unknown } | null)?.cause
  const detail =
    cause instanceof Error && cause.message
      ? cause.message
      : error instanceof Error
        ? error.message
        : String(error)
  return systemCode && !detail.includes(systemCode) ? `${systemCode} ${detail}` : detail
}

function clip(text: string): string {
  return text.length > MAX_KEPT_BODY ? `${text.slice(0, MAX_KEPT_BODY)}…` : text
}

function plivoErrorOf(text: string): { plivoError: string | undefined; apiId: string | undefined } {
  const trimmed = text.trim()
  if (trimmed === '') return { plivoError: undefined, apiId: undefined }
  let json: unknown
  try {
    json = JSON.parse(trimmed)
  } catch {
    return { plivoError: clip(trimmed), apiId: undefined }
  }
  const parsed = plivoErrorBodySchema.safeParse(json)
  if (!parsed.success) return { plivoError: clip(trimmed), apiId: undefined }
  const { error, message, api_id: apiId } = parsed.data
  const reason = error ?? message
  if (typeof reason === 'string') return { plivoError: reason, apiId }
  if (reason !== undefined) return { plivoError: JSON.stringify(reason), apiId }
  return { plivoError: clip(trimmed), apiId }
}

function normaliseBaseUrl(baseUrl: string): string {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new PlivoValidationError('client', [issue('baseUrl', `not a URL: ${baseUrl}`)])
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PlivoValidationError('client', [issue('baseUrl', 'must be an http(s) URL')])
  }
  if (url.search || url.hash) {
    throw new PlivoValidationError('client', [
      issue('baseUrl', 'must not carry a query or fragment'),
    ])
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

export function createControlClient(options: ControlClientOptions): ControlClient {
  const baseUrl = normaliseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL)
  const authId = options.authId
  if (typeof authId !== 'string' || authId.trim() === '') {
    throw new PlivoValidationError('client', [issue('authId', 'is required')])
  }
  if (typeof options.authToken !== 'string' || options.authToken === '') {
    throw new PlivoValidationError('client', [issue('authToken', 'is required')])
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (!(timeoutMs > 0)) {
    throw new PlivoValidationError('client', [issue('timeoutMs', 'must be a positive number')])
  }
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...options.retry,
    ...(options.retries !== undefined ? { maxAttempts: options.retries + 1 } : {}),
  }
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new PlivoValidationError('client', [issue('retries', 'must be an integer ≥ 0')])
  }
  const limiter = options.limiter ?? new RateLimiter()
  const doFetch = options.fetch ?? globalThis.fetch
  const sleep = options.sleep ?? defaultSleep
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const authorization = `Basic ${Buffer.from(`${authId}:${options.authToken}`, 'utf8').toString('base64')}`
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT
  const rootPath = `/v1/Account/${encodeURIComponent(authId)}/MultiPartyCall/`

  async function attemptOnce(
    url: string,
    init: RequestInit,
    callerSignal: AbortSignal | undefined,
  ): Promise<AttemptOutcome> {
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort(new Error(`timed out after ${timeoutMs} ms`))
    }, timeoutMs)
    const onCallerAbort = () => controller.abort(callerSignal?.reason)
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true })
    try {
      const response = await doFetch(url, { ...init, signal: controller.signal })
      // The body is read under the same deadline: a server that stalls mid-body times out too.
      const text = await response.text()
      return { kind: 'response', status: response.status, headers: response.headers, text }
    } catch (error) {
      if (timedOut) return { kind: 'timeout' }
      if (callerSignal?.aborted) return { kind: 'aborted', reason: callerSignal.reason }
      return { kind: 'network', error, systemCode: systemCodeOf(error) }
    } finally {
      clearTimeout(timer)
      callerSignal?.removeEventListener('abort', onCallerAbort)
    }
  }

  function parseSuccess<T>(
    spec: RequestSpec<T>,
    target: RequestTarget,
    status: number,
    text: string,
  ): T {
    const schema = spec.schema
    if (!schema) return undefined as T
    let json: unknown = {}
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text)
      } catch {
        throw new PlivoResponseError({
          target,
          status,
          body: clip(text),
          problems: ['body is not JSON'],
        })
      }
    }
    const parsed = schema.safeParse(json)
    if (parsed.success) return parsed.data
    throw new PlivoResponseError({
      target,
      status,
      body: clip(text),
      problems: parsed.error.issues.map(
        (i) => `${i.path.length ? i.path.map(String).join('.') : '(body)'}: ${i.message}`,
      ),
    })
  }

  function reasonText(reason: unknown): string {
    if (reason instanceof Error) return reason.message
    return reason === undefined ? 'aborted' : String(reason)
  }

  async function request<T>(spec: RequestSpec<T>, callOptions: CallOptions = {}): Promise<T> {
    const path = `${rootPath}${spec.path}`
    const query = new URLSearchParams()
    for (const [key, value] of Object.entries(spec.query ?? {})) query.append(key, String(value))
    const search = query.toString()
    const target: RequestTarget = { method: spec.method, path }
    const url = `${baseUrl}${path}${search ? `?${search}` : ''}`
    const headers: Record<string, string> = {
      Authorization: authorization,
      Accept: 'application/json',
      'User-Agent': userAgent,
    }
    let body: string | undefined
    if (spec.method === 'POST' || spec.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(spec.body ?? {})
    }
    const signal = callOptions.signal

    for (let attempt = 1; ; attempt++) {
      try {
        await limiter.acquire(signal)
      } catch (reason) {
        throw new PlivoAbortedError({ target, reason: reasonText(reason), cause: reason })
      }

      const outcome = await attemptOnce(url, { method: spec.method, headers, body }, signal)
      let failure: Error
      let retryable: boolean
      let retryAfterMs: number | undefined
      let why: string

      switch (outcome.kind) {
        case 'response': {
          if (outcome.status >= 200 && outcome.status < 300) {
            return parseSuccess(spec, target, outcome.status, outcome.text)
          }
          retryAfterMs = parseRetryAfter(outcome.headers.get('retry-after'), now())
          const { plivoError, apiId } = plivoErrorOf(outcome.text)
          failure = new PlivoApiError({
            status: outcome.status,
            plivoError,
            apiId,
            target,
            attempts: attempt,
            retryAfterMs,
          })
          if (outcome.status === 429) {
            // Over the account's budget, maybe because of other tools: hold everyone sharing
            // the limiter, not just this request.
            // Capped like our own wait, so one huge Retry-After cannot freeze every command.
            if (retryAfterMs !== undefined) {
              limiter.holdFor(Math.min(retryAfterMs, policy.maxRetryAfterMs))
            }
            retryable = retryAfterMs === undefined || retryAfterMs <= policy.maxRetryAfterMs
          } else {
            retryable = spec.idempotent && isRetryableServerStatus(outcome.status)
          }
          why = `HTTP ${outcome.status}`
          break
        }
        case 'timeout':
          failure = new PlivoTimeoutError({ target, timeoutMs, attempts: attempt })
          retryable = spec.idempotent
          why = 'timeout'
          break
        case 'aborted':
          throw new PlivoAbortedError({
            target,
            reason: reasonText(outcome.reason),
            cause: outcome.reason,
          })
        case 'network': {
          const mayHaveReachedPlivo = !neverConnected(outcome.systemCode)
          failure = new PlivoNetworkError({
            target,
            attempts: attempt,
            systemCode: outcome.systemCode,
            detail: describeNetworkError(outcome.error, outcome.systemCode),
            mayHaveReachedPlivo,
            cause: outcome.error,
          })
          retryable = spec.idempotent || !mayHaveReachedPlivo
          why = `network ${outcome.systemCode ?? 'error'}`
          break
        }
      }

      if (!retryable || attempt >= policy.maxAttempts) throw failure
      const delayMs = retryAfterMs ?? backoffDelay(attempt, policy, random)
      options.onRetry?.({ method: spec.method, path, attempt, delayMs, reason: why })
      try {
        await sleep(delayMs, signal)
      } catch (reason) {
        throw new PlivoAbortedError({ target, reason: reasonText(reason), cause: reason })
      }
    }
  }

  const client: ControlClient = {
    authId,
    baseUrl,

    async listMpcs(query, callOptions) {
      const parsed = validate('list MPCs', listMpcQuerySchema, query)
      return request(
        {
          method: 'GET',
          path: '',
          query: toWire(parsed, LIST_MPC_WIRE_NAMES),
          idempotent: true,
          schema: mpcListPageSchema,
        },
        callOptions,
      )
    },

    async *listAllMpcs(query = {}, callOptions) {
      const limit = 20
      let offset = 0
      for (;;) {
        const page = await client.listMpcs({ ...query, limit, offset }, callOptions)
        yield* page.objects
        offset += page.objects.length
        const count = page.meta.count
        if (page.objects.length === 0 || page.meta.next === null) return
        if (count !== null && offset >= count) return
      }
    },

    async getMpc(ref, callOptions) {
      return request(
        {
          method: 'GET',
          path: `${mpcPathId('get MPC', ref)}/`,
          idempotent: true,
          schema: plivoMpcSchema,
        },
        callOptions,
      )
    },

    async startMpc(ref, callOptions) {
      return request(
        {
          method: 'POST',
          path: `${mpcPathId('start MPC', ref)}/`,
          body: { status: 'active' },
          idempotent: true,
        },
        callOptions,
      )
    },

    async endMpc(ref, callOptions) {
      return request(
        { method: 'DELETE', path: `${mpcPathId('end MPC', ref)}/`, idempotent: true },
        callOptions,
      )
    },

    async addParticipant(ref, params, callOptions) {
      const id = mpcPathId('add participant', ref)
      const parsed = validate('add participant', addParticipantParamsSchema, params)
      return request(
        {
          method: 'POST',
          path: `${id}/Participant/`,
          body: toWire(parsed, ADD_PARTICIPANT_WIRE_NAMES),
          idempotent: false,
          schema: addParticipantResponseSchema,
        },
        callOptions,
      )
    },

    async listParticipants(ref, query, callOptions) {
      const id = mpcPathId('list participants', ref)
      const parsed = validate('list participants', listParticipantsQuerySchema, query)
      return request(
        {
          method: 'GET',
          path: `${id}/Participant/`,
          query: toWire(parsed, LIST_PARTICIPANTS_WIRE_NAMES),
          idempotent: true,
          schema: participantListPageSchema,
        },
        callOptions,
      )
    },

    async getParticipant(ref, memberId, callOptions) {
      const operation = 'get participant'
      return request(
        {
          method: 'GET',
          path: `${mpcPathId(operation, ref)}/Participant/${memberPathId(operation, memberId)}/`,
          idempotent: true,
          schema: plivoParticipantSchema,
        },
        callOptions,
      )
    },

    async updateParticipant(ref, members, params, callOptions) {
      const operation = 'update participant'
      const id = mpcPathId(operation, ref)
      const memberPath = membersPathId(operation, members)
      const parsed = validate(operation, updateParticipantParamsSchema, params)
      if (parsed.coachMode !== undefined && (members === 'all' || memberPath.includes(','))) {
        throw new PlivoValidationError(operation, [
          issue('coachMode', "can be changed for one member at a time, not a list or 'all'"),
        ])
      }
      return request(
        {
          method: 'POST',
          path: `${id}/Participant/${memberPath}/`,
          body: toWire(parsed, UPDATE_PARTICIPANT_WIRE_NAMES),
          // Sets absolute state (mute=true stays true), so repeating it is harmless.
          idempotent: true,
          schema: updateParticipantResponseSchema,
        },
        callOptions,
      )
    },

    async kickParticipant(ref, members, callOptions) {
      const operation = 'kick participant'
      return request(
        {
          method: 'DELETE',
          path: `${mpcPathId(operation, ref)}/Participant/${membersPathId(operation, members)}/`,
          idempotent: true,
        },
        callOptions,
      )
    },

    async startRecording(ref, params, callOptions) {
      return startRecordingOf({ kind: 'mpc', ref }, params, callOptions)
    },

    async stopRecording(ref, callOptions) {
      return controlRecording('stop', { kind: 'mpc', ref }, undefined, callOptions)
    },

    async pauseRecording(ref, callOptions) {
      return controlRecording('pause', { kind: 'mpc', ref }, undefined, callOptions)
    },

    async resumeRecording(ref, callOptions) {
      return controlRecording('resume', { kind: 'mpc', ref }, undefined, callOptions)
    },

    async startParticipantRecording(ref, memberId, params, callOptions) {
      return startRecordingOf({ kind: 'participant', ref, memberId }, params, callOptions)
    },

    async stopParticipantRecording(ref, memberId, params, callOptions) {
      const owner: RecordingOwner = { kind: 'participant', ref, memberId }
      return controlRecording('stop', owner, params, callOptions)
    },

    async pauseParticipantRecording(ref, memberId, params, callOptions) {
      const owner: RecordingOwner = { kind: 'participant', ref, memberId }
      return controlRecording('pause', owner, params, callOptions)
    },

    async resumeParticipantRecording(ref, memberId, params, callOptions) {
      const owner: RecordingOwner = { kind: 'participant', ref, memberId }
      return controlRecording('resume', owner, params, callOptions)
    },
  }

  /** Start recording: not idempotent (a repeat would start a second file). */
  async function startRecordingOf(
    owner: RecordingOwner,
    params: unknown,
    callOptions: CallOptions | undefined,
  ): Promise<StartRecordingResponse> {
    const operation = recordingOperation('start', owner)
    const path = recordingPath(operation, owner)
    const { schema, wireNames } = RECORDING_START_PARAMS[owner.kind]
    return request(
      {
        method: 'POST',
        path,
        body: toWire(validate(operation, schema, params), wireNames),
        idempotent: false,
        schema: startRecordingResponseSchema,
      },
      callOptions,
    )
  }

  /** Stop, pause, resume: each leaves the recording in one state, so a repeat is harmless. */
  async function controlRecording(
    action: RecordingAction,
    owner: RecordingOwner,
    params: unknown,
    callOptions: CallOptions | undefined,
  ): Promise<void> {
    const operation = recordingOperation(action, owner)
    const { method, tail } = RECORDING_ACTIONS[action]
    const path = `${recordingPath(operation, owner)}${tail}`
    const accepted = RECORDING_CONTROL_PARAMS[owner.kind]
    const wire = accepted
      ? toWire(validate(operation, accepted.schema, params), accepted.wireNames)
      : {}
    return request(
      {
        method,
        path,
        // A DELETE carries a body only when there is something to say; a POST always has one.
        body: Object.keys(wire).length > 0 || method === 'POST' ? wire : undefined,
        idempotent: true,
      },
      callOptions,
    )
  }

  return client
}
