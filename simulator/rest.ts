/**
 * The Multi-Party Call REST API (plivo-mpc.md §1): routing, Basic auth, rate limiting, body
 * parsing, and the endpoint handlers over the world model. Each endpoint is one entry of
 * `RestApi.routes` (method, path pattern, handler); the rate limiter is mpc's, the body reader
 * `mpc/read-body.ts`, both shared with the desk and the relay.
 *
 * Status codes follow the docs, or the SDK tests where the docs say nothing: 201 add
 * participant, 202 update / start recording / play / speak, 204 start MPC, end, kick, stop,
 * pause, resume. Errors are `{api_id, error}`: 400 bad parameters or a rule refused, 401 auth,
 * 404 unknown (or ended) MPC, member or call, 405 method, 413 body, 429 rate.
 *
 * Test fault (`failNext`): the next N requests to one route answer a chosen `{api_id, error}`
 * instead of being handled, so tests can see a client meet a refusal Plivo's own rules would
 * never produce in the simulated world (a kick refused, a server error). Nothing else changes.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type pino from 'pino'
import { DEFAULT_STATUS_EVENT_GROUPS } from '../mpc/events'
import { RateLimiter } from '../mpc/rate-limiter'
import { BodyTooLargeError, readBody } from '../mpc/read-body'
import { silentMp3, silentWav } from './audio'
import {
  addParticipantSchema,
  listMpcSchema,
  listParticipantsSchema,
  ParamError,
  parseParams,
  parsePlivoDate,
  playSchema,
  recordTrackSchema,
  speakSchema,
  startMpcSchema,
  startParticipantRecordingSchema,
  startRecordingSchema,
  updateParticipantSchema,
  type AddParticipantParams,
} from './params'
import { toPlivoMpc, toPlivoParticipant } from './shapes'
import {
  EXIT_CAUSE,
  TERMINATION,
  type CallbackTarget,
  type StatusEventGroup,
  type StatusSubscription,
} from './types'
import { WorldError, type Mpc, type Participant, type World } from './world'

type Raw = Record<string, unknown>

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const MAX_BODY_BYTES = 1024 * 1024
/** A play or speak "lasts" this long (simulated) unless stopped. */
const MEDIA_DURATION_MS = 30_000

export interface RestOptions {
  world: World
  authId: string
  authToken: string
  rateLimit: { requests: number; windowMs: number }
  newUuid: () => string
  log: pino.Logger
}

/**
 * A control request that changed something, as the simulator understood it: the parsed fields
 * the client sent (wire names), so tests can assert what was sent — not only its effect.
 * `beep`: Plivo plays `beep:1` into the MPC on each coach_mode change (plivo-mpc.md §1.3 (8));
 * true when this update changed a supervisor's coach mode without `disable_state_change_sound`.
 */
export interface ControlRecord {
  op: 'update-participant' | 'start-recording'
  mpcUuid: string
  /** update-participant: the member path (an id, a list, or `all`). */
  target?: string
  params: Record<string, unknown>
  beep?: boolean
}

/**
 * A test fault (`RestApi.failNext`): the next `times` requests with this method to this route of
 * the table (its pattern, e.g. `:mpc/Participant/:member` for get / update / kick a member) are
 * answered `status` with `{api_id, error}` and do nothing else: the world is left unchanged.
 * Auth and the rate limit come first, as on Plivo: a 401 or 429 does not use the fault up.
 */
export interface RestFault {
  method: Method
  route: string
  /** An HTTP error status, 400–599. */
  status: number
  /** Plivo's `error` text of the answer. */
  error: string
  /** How many matching requests fail, then the route works again. Default 1. */
  times?: number
}

/** An armed fault: how many matching requests it will still fail. */
export interface ArmedRestFault {
  readonly remaining: number
}

interface FaultEntry {
  method: Method
  route: string
  status: number
  error: string
  left: number
}

/** Enough for any test's story; a long demo run must not grow without bound. */
const CONTROL_LOG_LIMIT = 2_000

export class RestApi {
  /** Newest last, at most CONTROL_LOG_LIMIT. */
  readonly controlLog: ControlRecord[] = []
  private readonly limiter: RateLimiter
  private readonly expectedAuth: Buffer
  /** Armed test faults, oldest first; spent ones are removed. */
  private readonly faults: FaultEntry[] = []
  /** Requests answered, for tests proving a client really reached the simulator. */
  requestCount = 0

  constructor(private readonly options: RestOptions) {
    this.limiter = new RateLimiter({
      limit: options.rateLimit.requests,
      windowMs: options.rateLimit.windowMs,
    })
    this.expectedAuth = Buffer.from(`${options.authId}:${options.authToken}`)
  }

  private get world(): World {
    return this.options.world
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requestCount++
    const apiId = randomUUID()
    try {
      await this.route(req, res, apiId)
    } catch (error) {
      if (res.headersSent) return
      if (error instanceof HttpError)
        send(res, error.status, { api_id: apiId, error: error.message })
      else if (error instanceof ParamError) send(res, 400, { api_id: apiId, error: error.message })
      else if (error instanceof WorldError)
        send(res, error.status, { api_id: apiId, error: error.message })
      else {
        this.options.log.error({ err: error }, 'simulator: request failed')
        send(res, 500, { api_id: apiId, error: 'internal error' })
      }
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, apiId: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid')
    let segments: string[]
    try {
      segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
    } catch {
      throw new HttpError(400, 'malformed URL path')
    }
    const method = (req.method ?? 'GET').toUpperCase()
    if (segments[0] !== 'v1' || segments[1] !== 'Account' || segments.length < 4) {
      throw new HttpError(404, `no such resource: ${url.pathname}`)
    }
    const [, , account, resource, ...rest] = segments

    // Recording media links must open in a browser or player without credentials.
    if (resource === 'Recording' && rest.length === 1 && (method === 'GET' || method === 'HEAD')) {
      return this.serveRecording(res, rest[0] ?? '', method === 'HEAD')
    }

    this.authenticate(req, account ?? '')
    const slot = this.limiter.tryAcquire()
    if (!slot.ok) {
      res.setHeader('Retry-After', String(Math.ceil(slot.retryAfterMs / 1000)))
      const { requests, windowMs } = this.options.rateLimit
      throw new HttpError(
        429,
        `too many requests: the limit is ${requests} requests per ${windowMs / 1000} seconds`,
      )
    }
    if (resource !== 'MultiPartyCall') {
      throw new HttpError(404, `no such resource: ${url.pathname}`)
    }
    const params = { ...queryParams(url), ...(await readParams(req)) }
    const reply = (status: number, body?: Raw): void =>
      send(res, status, body && { api_id: apiId, ...body })

    return this.dispatch(method, rest, { params, url, reply })
  }

  /**
   * The MultiPartyCall endpoints below `/v1/Account/:authId/MultiPartyCall/`, tried in order.
   * A path no pattern matches is 404; a path some pattern matches with another method is 405,
   * naming the methods of every pattern it matches in table order.
   */
  private readonly routes: readonly Route[] = [
    route('GET', '', (r) => r.reply(200, this.listMpcs(r.params, r.url))),
    route('GET', ':mpc', (r) => this.getMpc(r)),
    route('POST', ':mpc', (r) => this.startMpc(r)),
    route('DELETE', ':mpc', (r) => this.endMpc(r)),
    route('GET', ':mpc/Participant', (r) => this.listMembers(r)),
    route('POST', ':mpc/Participant', (r) => this.addMember(r)),
    route('GET', ':mpc/Participant/:member', (r) => this.getMember(r)),
    route('POST', ':mpc/Participant/:member', (r) => this.updateMembers(r)),
    route('DELETE', ':mpc/Participant/:member', (r) => this.kickMembers(r)),
    route('POST', ':mpc/Participant/:member/Record', (r) => this.startMemberRecording(r)),
    route('DELETE', ':mpc/Participant/:member/Record', (r) => this.stopMemberRecording(r)),
    route('POST', ':mpc/Participant/:member/Record/Pause', (r) =>
      this.pauseMemberRecording(r, true),
    ),
    route('POST', ':mpc/Participant/:member/Record/Resume', (r) =>
      this.pauseMemberRecording(r, false),
    ),
    route('POST', ':mpc/Record', (r) => this.startRecording(r)),
    route('DELETE', ':mpc/Record', (r) => this.stopRecording(r)),
    route('POST', ':mpc/Record/Pause', (r) => this.pauseRecording(r, true)),
    route('POST', ':mpc/Record/Resume', (r) => this.pauseRecording(r, false)),
    route('POST', ':mpc/Member/:member/Play', (r) => this.startMedia('Play', r)),
    route('DELETE', ':mpc/Member/:member/Play', (r) => this.stopMedia('Play', r)),
    route('POST', ':mpc/Member/:member/Speak', (r) => this.startMedia('Speak', r)),
    route('DELETE', ':mpc/Member/:member/Speak', (r) => this.stopMedia('Speak', r)),
  ]

  /** The routes with their patterns split once, for `dispatch`. */
  private readonly compiled = this.routes.map((route) => ({
    route,
    segments: route.pattern === '' ? [] : route.pattern.split('/'),
  }))

  private dispatch(method: string, path: string[], request: RouteRequest): void {
    const allowed: string[] = []
    for (const { route, segments } of this.compiled) {
      const match = matchPath(segments, path)
      if (!match) continue
      if (route.method === method) {
        this.injectFault(route)
        return route.handler({ ...request, ...match })
      }
      allowed.push(route.method)
    }
    if (allowed.length === 0) throw new HttpError(404, `no such resource: ${request.url.pathname}`)
    throw new HttpError(405, `method ${method} not allowed here; use ${allowed.join(' or ')}`)
  }

  /** Arms a test fault (see `RestFault`); a fault naming no route of the table is refused. */
  failNext(fault: RestFault): ArmedRestFault {
    const { method, route, status, error, times = 1 } = fault
    if (!this.routes.some((r) => r.method === method && r.pattern === route)) {
      const known = this.routes.map((r) => `${r.method} '${r.pattern}'`).join(', ')
      throw new TypeError(`failNext: no route ${method} '${route}'; the routes are ${known}`)
    }
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new TypeError(`failNext: status must be an HTTP error status 400–599, not ${status}`)
    }
    if (error.trim() === '') throw new TypeError('failNext: error must say why (Plivo’s text)')
    if (!Number.isInteger(times) || times < 1) {
      throw new TypeError(`failNext: times must be a whole number ≥ 1, not ${times}`)
    }
    const entry: FaultEntry = { method, route, status, error, left: times }
    this.faults.push(entry)
    return {
      get remaining() {
        return entry.left
      },
    }
  }

  /** Answers this request with the oldest armed fault for its route, if there is one. */
  private injectFault(route: Route): void {
    const i = this.faults.findIndex((f) => f.method === route.method && f.route === route.pattern)
    const fault = this.faults[i]
    if (!fault) return
    fault.left--
    if (fault.left === 0) this.faults.splice(i, 1)
    this.options.log.debug({ fault }, 'simulator: test fault answered a request')
    throw new HttpError(fault.status, fault.error)
  }

  private getMpc(r: RouteArgs): void {
    r.reply(200, { ...toPlivoMpc(this.options.authId, this.find(r.mpc, false)) })
  }

  private startMpc(r: RouteArgs): void {
    parseParams(startMpcSchema, r.params)
    this.world.activate(this.find(r.mpc, true))
    r.reply(204)
  }

  private endMpc(r: RouteArgs): void {
    this.world.end(this.find(r.mpc, true), TERMINATION.hangupApi)
    r.reply(204)
  }

  private listMembers(r: RouteArgs): void {
    r.reply(200, this.listParticipants(this.find(r.mpc, false), r.params))
  }

  private addMember(r: RouteArgs): void {
    r.reply(201, this.addParticipant(r.mpc, parseParams(addParticipantSchema, r.params)))
  }

  private getMember(r: RouteArgs): void {
    const mpc = this.find(r.mpc, false)
    r.reply(200, {
      ...toPlivoParticipant(this.options.authId, this.oneMember(mpc, r.member, false)),
    })
  }

  private updateMembers(r: RouteArgs): void {
    r.reply(202, this.updateParticipants(this.find(r.mpc, true), r.member, r.params))
  }

  private kickMembers(r: RouteArgs): void {
    for (const member of this.members(this.find(r.mpc, true), r.member)) {
      this.world.exit(member, EXIT_CAUSE.kicked)
    }
    r.reply(204)
  }

  private startMemberRecording(r: RouteArgs): void {
    const mpc = this.find(r.mpc, true)
    const member = this.oneMember(mpc, r.member, true)
    const body = parseParams(startParticipantRecordingSchema, r.params)
    const recording = this.world.startParticipantRecording(member, recordingOptions(body))
    const message = `MPC: ${mpc.name} member ${member.memberId} record started`
    r.reply(202, this.recordStarted(message, recording))
  }

  private stopMemberRecording(r: RouteArgs): void {
    const member = this.oneMember(this.find(r.mpc, true), r.member, true)
    parseParams(recordTrackSchema, r.params)
    this.world.stopParticipantRecording(member)
    r.reply(204)
  }

  private pauseMemberRecording(r: RouteArgs, pause: boolean): void {
    const member = this.oneMember(this.find(r.mpc, true), r.member, true)
    parseParams(recordTrackSchema, r.params)
    if (pause) this.world.pauseParticipantRecording(member)
    else this.world.resumeParticipantRecording(member)
    r.reply(204)
  }

  private startRecording(r: RouteArgs): void {
    const mpc = this.find(r.mpc, true)
    const body = parseParams(startRecordingSchema, r.params)
    if (mpc.status !== 'Active') throw new HttpError(400, `MPC ${mpc.name} has not started`)
    const recording = this.world.startRecording(mpc, recordingOptions(body))
    this.note({ op: 'start-recording', mpcUuid: mpc.uuid, params: present(body) })
    r.reply(202, this.recordStarted(`MPC: ${mpc.name} record started`, recording))
  }

  private stopRecording(r: RouteArgs): void {
    this.world.stopRecording(this.find(r.mpc, true))
    r.reply(204)
  }

  private pauseRecording(r: RouteArgs, pause: boolean): void {
    const mpc = this.find(r.mpc, true)
    if (pause) this.world.pauseRecording(mpc)
    else this.world.resumeRecording(mpc)
    r.reply(204)
  }

  private authenticate(req: IncomingMessage, account: string): void {
    const header = req.headers.authorization ?? ''
    const match = /^Basic\s+(.+)$/i.exec(header)
    const given = match ? Buffer.from(match[1] ?? '', 'base64') : Buffer.alloc(0)
    const ok =
      given.length === this.expectedAuth.length && timingSafeEqual(given, this.expectedAuth)
    if (!ok)
      throw new HttpError(
        401,
        'authentication failed: use Basic auth with your Auth ID and Auth Token',
      )
    if (account !== this.options.authId) {
      throw new HttpError(401, `these credentials are not valid for account ${account}`)
    }
  }

  /** `name_x` finds a live MPC; `uuid_x` any retained one. `control` refuses ended MPCs. */
  private find(id: string, control: boolean): Mpc {
    let mpc: Mpc | undefined
    if (id.startsWith('name_')) mpc = this.world.liveByFriendlyName(id.slice(5))
    else if (id.startsWith('uuid_')) mpc = this.world.byMpcUuid(id.slice(5))
    else throw new HttpError(400, `MPC id must start with name_ or uuid_: ${id}`)
    if (!mpc) throw new HttpError(404, `multi party call ${id} not found`)
    if (control && !mpc.live) throw new HttpError(404, `multi party call ${id} has ended`)
    return mpc
  }

  /** Resolves `355`, `355,356` or `all` to live members (404 names the unknown ones). */
  private members(mpc: Mpc, target: string): Participant[] {
    if (target.toLowerCase() === 'all') {
      const live = mpc.liveMembers()
      if (live.length === 0) throw new HttpError(404, `MPC ${mpc.name} has no active members`)
      return live
    }
    const ids = [
      ...new Set(
        target
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ]
    if (ids.length === 0) throw new HttpError(400, 'member id is required')
    const found = ids.map((id) => mpc.member(id))
    const missing = ids.filter((_, i) => !found[i]?.live)
    if (missing.length > 0) {
      throw new HttpError(404, `member(s) ${missing.join(', ')} not found in MPC ${mpc.name}`)
    }
    return found as Participant[]
  }

  private oneMember(mpc: Mpc, target: string, liveOnly: boolean): Participant {
    if (target.toLowerCase() === 'all' || target.includes(',')) {
      throw new HttpError(400, 'this operation takes a single member id')
    }
    const member = mpc.member(target)
    if (!member || (liveOnly && !member.live)) {
      throw new HttpError(404, `member ${target} not found in MPC ${mpc.name}`)
    }
    return member
  }

  private listMpcs(params: Raw, url: URL): Raw {
    const q = parseParams(listMpcSchema, params)
    const limit = q.limit ?? 20
    const offset = q.offset ?? 0
    const seconds = (ms: number) => Math.floor(ms / 1000) * 1000
    const bound = (value: string | undefined, test: (at: number, limit: number) => boolean) =>
      value === undefined
        ? undefined
        : (at: number | undefined) => at !== undefined && test(seconds(at), parsePlivoDate(value))
    const timeTests = [
      ['end', bound(q.end_time__gt, (a, b) => a > b)],
      ['end', bound(q.end_time__gte, (a, b) => a >= b)],
      ['end', bound(q.end_time__lt, (a, b) => a < b)],
      ['end', bound(q.end_time__lte, (a, b) => a <= b)],
      ['creation', bound(q.creation_time__gt, (a, b) => a > b)],
      ['creation', bound(q.creation_time__gte, (a, b) => a >= b)],
      ['creation', bound(q.creation_time__lt, (a, b) => a < b)],
      ['creation', bound(q.creation_time__lte, (a, b) => a <= b)],
    ] as const
    const matches = this.world.allMpcs().filter((mpc) => {
      // The simulator has no subaccounts: a subaccount filter matches nothing.
      if (q.sub_account !== undefined) return false
      if (q.friendly_name !== undefined && mpc.name !== q.friendly_name) return false
      if (q.status !== undefined && mpc.status.toLowerCase() !== q.status) return false
      if (
        q.termination_cause_code !== undefined &&
        mpc.termination?.code !== q.termination_cause_code
      )
        return false
      return timeTests.every(
        ([field, test]) => !test || test(field === 'end' ? mpc.endTime : mpc.creationTime),
      )
    })
    const page = (o: number): string => {
      const next = new URLSearchParams(url.searchParams)
      next.set('limit', String(limit))
      next.set('offset', String(o))
      return `/v1/Account/${this.options.authId}/MultiPartyCall/?${next.toString()}`
    }
    return {
      meta: {
        count: matches.length,
        limit,
        next: offset + limit < matches.length ? page(offset + limit) : null,
        offset,
        previous: offset > 0 ? page(Math.max(0, offset - limit)) : null,
      },
      objects: matches
        .slice(offset, offset + limit)
        .map((mpc) => toPlivoMpc(this.options.authId, mpc)),
    }
  }

  private listParticipants(mpc: Mpc, params: Raw): Raw {
    const q = parseParams(listParticipantsSchema, params)
    const members = mpc.members.filter(
      (m) => q.call_uuid === undefined || m.callUuid === q.call_uuid,
    )
    return {
      meta: { count: members.length, limit: members.length, next: null, offset: 0, previous: null },
      objects: members.map((m) => toPlivoParticipant(this.options.authId, m)),
    }
  }

  private addParticipant(mpcId: string, p: AddParticipantParams): Raw {
    const dialMode = p.from !== undefined || p.to !== undefined
    if (dialMode && p.call_uuid !== undefined) {
      throw new HttpError(400, 'cannot specify call_uuid when (from, to) is provided')
    }
    if (!dialMode && p.call_uuid === undefined)
      throw new HttpError(400, 'specify either call_uuid or (from, to)')
    if (dialMode && (!p.from || !p.to)) {
      throw new HttpError(400, 'specify (from, to) when not adding an existing call_uuid')
    }
    const destinations = p.to?.split('<').map((s) => s.trim()) ?? []
    if (destinations.some((d) => d === '')) throw new HttpError(400, 'to: empty destination')
    if (destinations.length > 1 && p.role !== 'agent') {
      throw new HttpError(400, 'to: multiple destinations are allowed only for role agent')
    }
    if (destinations.length > 20) throw new HttpError(400, 'to: at most 20 destinations')
    for (const [field, value] of [
      ['ring_timeout', p.ring_timeout],
      ['delay_dial', p.delay_dial],
    ] as const) {
      if (value !== undefined && value.split('<').length > Math.max(1, destinations.length)) {
        throw new HttpError(400, `${field}: at most one value per destination`)
      }
    }
    const call = p.call_uuid === undefined ? undefined : this.world.liveCall(p.call_uuid)
    if (p.call_uuid !== undefined && !call)
      throw new HttpError(404, `call ${p.call_uuid} not found`)

    let mpc: Mpc
    if (mpcId.startsWith('name_')) {
      const name = mpcId.slice(5)
      if (name === '') throw new HttpError(400, 'MPC friendly name must not be empty')
      mpc = this.world.liveByFriendlyName(name) ?? this.createMpc(name, p)
    } else {
      mpc = this.find(mpcId, true)
    }
    const settings = {
      role: p.role,
      mute: p.mute ?? false,
      hold: p.hold ?? false,
      coachMode: p.coach_mode ?? true,
      stayAlone: p.stay_alone ?? false,
      startMpcOnEnter: p.start_mpc_on_enter ?? true,
      endMpcOnExit: p.end_mpc_on_exit ?? false,
      onExitAction: callbackTarget(p.on_exit_action_url, p.on_exit_action_method, 'POST'),
      aiStream: callbackTarget(
        p.ai_agent_stream_status_callback_url,
        p.ai_agent_stream_status_callback_method,
        'POST',
      ),
    }
    const requestUuid = this.options.newUuid()
    if (call) {
      const joined = this.world.transfer(mpc, call, settings)
      return {
        calls: [{ to: joined.settings.memberAddress, from: '', call_uuid: joined.callUuid }],
        message: 'add participant action initiated',
        request_uuid: requestUuid,
      }
    }
    const status = p.status_callback_url
      ? subscription(p.status_callback_url, p.status_callback_method, p.status_callback_events)
      : undefined
    const dial = this.world.dial(
      mpc,
      { requestUuid, to: destinations, from: p.from ?? '', settings, status },
      this.options.newUuid,
    )
    return {
      calls: destinations.map((to, i) => ({ to, from: p.from, call_uuid: dial.callUuids[i] })),
      message: 'add participant action initiated',
      request_uuid: requestUuid,
    }
  }

  private createMpc(name: string, p: AddParticipantParams): Mpc {
    return this.world.createMpc(
      name,
      {
        maxDurationSec: p.max_duration ?? 14_400,
        maxParticipants: p.max_participants ?? 10,
        record: p.record ?? false,
        recordFileFormat: p.record_file_format ?? 'mp3',
        recordMinMemberCount: p.record_min_member_count ?? 1,
        waitForAgent: false,
        status: p.status_callback_url
          ? subscription(p.status_callback_url, p.status_callback_method, p.status_callback_events)
          : undefined,
        recording: callbackTarget(p.recording_callback_url, p.recording_callback_method, 'GET'),
        defaultCallbacks: false,
      },
      this.options.newUuid(),
    )
  }

  private updateParticipants(mpc: Mpc, target: string, params: Raw): Raw {
    const u = parseParams(updateParticipantSchema, params)
    if (u.mute === undefined && u.hold === undefined && u.coach_mode === undefined) {
      throw new HttpError(400, 'specify at least one of coach_mode, mute, hold')
    }
    if (u.coach_mode !== undefined && (target.toLowerCase() === 'all' || target.includes(','))) {
      throw new HttpError(
        400,
        'coach_mode can be changed for a single member_id only, not for all or a list',
      )
    }
    const members = this.members(mpc, target)
    if (u.coach_mode !== undefined && members.some((m) => m.role !== 'supervisor')) {
      throw new HttpError(
        400,
        `coach_mode applies to supervisors only; member ${target} is not one`,
      )
    }
    let beep = false
    for (const member of members) {
      if (u.mute !== undefined) this.world.setMute(member, u.mute)
      if (u.hold !== undefined) this.world.setHold(member, u.hold)
      if (u.coach_mode !== undefined && member.live && member.coachMode !== u.coach_mode) {
        this.world.setCoachMode(member, u.coach_mode)
        beep = u.disable_state_change_sound !== true
      }
    }
    this.note({ op: 'update-participant', mpcUuid: mpc.uuid, target, params: present(u), beep })
    const body: Raw = {}
    if (u.coach_mode !== undefined)
      body.coach_mode = `MPC: ${mpc.name} coach_mode enable/disable succeeded`
    if (u.hold !== undefined) body.hold = `MPC: ${mpc.name} hold/unhold member(s) succeeded`
    if (u.mute !== undefined) body.mute = `MPC: ${mpc.name} mute/unmute member(s) succeeded`
    return body
  }

  private note(record: ControlRecord): void {
    this.controlLog.push(record)
    if (this.controlLog.length > CONTROL_LOG_LIMIT) this.controlLog.shift()
  }

  /** The 202 body of a started recording, for the MPC and for one member alike. */
  private recordStarted(message: string, recording: { uuid: string; format: string }): Raw {
    return {
      message,
      recording_id: recording.uuid,
      recording_url: this.world.recordingUrl(recording.uuid, recording.format),
    }
  }

  /** A play started for one form of target is stopped only by the same form (plivo-mpc.md §1.3). */
  private mediaKey(target: string): string {
    if (target.toLowerCase() === 'all') return 'all'
    return target
      .split(',')
      .map((s) => s.trim())
      .sort()
      .join(',')
  }

  private startMedia(kind: 'Play' | 'Speak', r: RouteArgs): void {
    const mpc = this.find(r.mpc, true)
    const plays = kind === 'Play' ? mpc.plays : mpc.speaks
    const key = this.mediaKey(r.member)
    if (kind === 'Play') parseParams(playSchema, r.params)
    else parseParams(speakSchema, r.params)
    const members = this.members(mpc, r.member)
    this.world.cancel(plays.get(key))
    plays.set(
      key,
      this.world.after(MEDIA_DURATION_MS, () => plays.delete(key)),
    )
    r.reply(202, {
      message: kind === 'Play' ? 'play queued into MPC' : 'speak queued into MPC',
      mpcMemberId: members.map((m) => m.memberId),
      mpcName: mpc.name,
    })
  }

  private stopMedia(kind: 'Play' | 'Speak', r: RouteArgs): void {
    const mpc = this.find(r.mpc, true)
    const plays = kind === 'Play' ? mpc.plays : mpc.speaks
    const key = this.mediaKey(r.member)
    this.members(mpc, r.member)
    this.world.cancel(plays.get(key))
    plays.delete(key)
    r.reply(204)
  }

  private serveRecording(res: ServerResponse, file: string, head: boolean): void {
    const match = /^(.+)\.(mp3|wav)$/.exec(file)
    if (!match) throw new HttpError(404, `no such recording: ${file}`)
    const audio = match[2] === 'mp3' ? MP3 : WAV
    res.writeHead(200, {
      'Content-Type': match[2] === 'mp3' ? 'audio/mpeg' : 'audio/wav',
      'Content-Length': String(audio.length),
    })
    res.end(head ? undefined : audio)
  }
}

const MP3 = silentMp3()
const WAV = silentWav()

export type Method = 'GET' | 'POST' | 'DELETE'

/** What every handler gets: the request's merged query and body parameters, and its answer. */
interface RouteRequest {
  params: Raw
  url: URL
  reply: (status: number, body?: Raw) => void
}

/** The path's `:mpc` and `:member` segments ('' where the pattern has none). */
interface PathArgs {
  mpc: string
  member: string
}

type RouteArgs = RouteRequest & PathArgs

interface Route {
  method: Method
  /** Segments after `MultiPartyCall/`: literals, or `:mpc` / `:member`; '' for none. */
  pattern: string
  handler: (request: RouteArgs) => void
}

/** The path's arguments when `path` has exactly the pattern's segments, else undefined. */
function route(method: Method, pattern: string, handler: Route['handler']): Route {
  return { method, pattern, handler }
}

function matchPath(pattern: readonly string[], path: readonly string[]): PathArgs | undefined {
  if (pattern.length !== path.length) return undefined
  const args: PathArgs = { mpc: '', member: '' }
  for (const [i, segment] of pattern.entries()) {
    const value = path[i] ?? ''
    if (segment === ':mpc') args.mpc = value
    else if (segment === ':member') args.member = value
    else if (segment !== value) return undefined
  }
  return args
}

/** The fields a request carried (parsed, wire names), without the absent ones. */
function present(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined))
}

function callbackTarget(
  url: string | undefined,
  method: 'GET' | 'POST' | undefined,
  fallback: 'GET' | 'POST',
): CallbackTarget | undefined {
  return url ? { url, method: method ?? fallback } : undefined
}

/** A start-recording request's options; unless told otherwise Plivo records mp3 and POSTs. */
function recordingOptions(body: {
  file_format?: 'mp3' | 'wav' | undefined
  recording_callback_url?: string | undefined
  recording_callback_method?: 'GET' | 'POST' | undefined
}): { format: 'mp3' | 'wav'; callback: CallbackTarget | undefined } {
  return {
    format: body.file_format ?? 'mp3',
    callback: callbackTarget(body.recording_callback_url, body.recording_callback_method, 'POST'),
  }
}

function subscription(
  url: string,
  method: 'GET' | 'POST' | undefined,
  groups: ReadonlySet<StatusEventGroup> | undefined,
): StatusSubscription {
  return { url, method: method ?? 'GET', groups: groups ?? new Set(DEFAULT_STATUS_EVENT_GROUPS) }
}

function send(res: ServerResponse, status: number, body?: Raw): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status)
    res.end()
    return
  }
  const json = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(json)),
  })
  res.end(json)
}

function queryParams(url: URL): Raw {
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of url.searchParams) {
    const prev = out[key]
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
  }
  return out
}

async function readParams(req: IncomingMessage): Promise<Raw> {
  let bytes: Buffer
  try {
    bytes = await readBody(req, MAX_BODY_BYTES)
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new HttpError(413, 'request body too large')
    throw error
  }
  const text = bytes.toString('utf8').trim()
  if (text === '') return {}
  const type = (req.headers['content-type'] ?? '').toLowerCase()
  if (type.includes('application/x-www-form-urlencoded')) {
    return queryParams(new URL(`http://x.invalid/?${text}`))
  }
  if (type.includes('application/json') || text.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new HttpError(400, 'request body is not valid JSON')
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new HttpError(400, 'request body must be a JSON object')
    }
    return parsed as Raw
  }
  throw new HttpError(
    400,
    `unsupported Content-Type ${type || '(none)'}: send JSON or form-encoded parameters`,
  )
}
