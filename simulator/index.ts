/**
 * A faithful local Plivo Multi-Party Call (DESIGN §8): the REST API, the world model, seeded
 * traffic and signed callbacks, started on one HTTP server.
 *
 * The API lives at `${baseUrl}/v1/Account/${authId}/MultiPartyCall/`; recordings at
 * `${baseUrl}/v1/Account/${authId}/Recording/{id}.mp3`.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type pino from 'pino'
import { STATUS_EVENT_GROUPS, type StatusEventGroup } from '../mpc/events'
import { CallbackDispatcher, type CallbackFaults, type CallbackInfo } from './callbacks'
import { simulatorLogger } from './log'
import { mulberry32, randomSeed } from './prng'
import { RestApi, type ArmedRestFault, type ControlRecord, type RestFault } from './rest'
import { Scheduler } from './scheduler'
import { toPlivoMpc, toPlivoParticipant } from './shapes'
import { Traffic, type TrafficOptions } from './traffic'
import type {
  CallbackTarget,
  PlivoMpcLike,
  PlivoParticipantLike,
  StatusSubscription,
} from './types'
import { World } from './world'

export type { CallbackInfo, CallbackFaults, TrafficOptions, PlivoMpcLike, PlivoParticipantLike }
export type { StatusEventGroup, ControlRecord, RestFault, ArmedRestFault }

export interface SimulatorCallbacks {
  statusUrl?: string
  recordingUrl?: string
  /** AI agents' stream status (the element's aiAgentStreamStatusCallbackUrl), traffic calls. */
  aiStreamUrl?: string
  method?: 'GET' | 'POST'
  /** Status event groups traffic MPCs subscribe to. Default: all of them (a desk wants speech). */
  events?: StatusEventGroup[]
}

export interface SimulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string
  /** Default 0 (any free port). */
  port?: number
  /** Default: generated 'MA' + 18 characters. */
  authId?: string
  /** Default: generated. */
  authToken?: string
  /** Where traffic-created MPCs send callbacks (like a <MultiPartyCall> XML's attributes). */
  callbacks?: SimulatorCallbacks
  /** Generated calls; started at once when given. Default false (no generated calls). */
  traffic?: TrafficOptions | false
  /** Simulated seconds per real second. Default 1. */
  timeScale?: number
  seed?: number
  /** Dialled participants answer after this many real ms. Default 1500. */
  answerDelayMs?: number
  /** 'to' values that never answer. */
  failNumbers?: string[]
  /** Default 300 requests / 5000 ms. */
  rateLimit?: { requests: number; windowMs: number }
  faults?: CallbackFaults
  /** A pino logger, or `false` for silence. Default: pino to stderr. */
  logger?: pino.Logger | false
}

export interface SimulatorStats {
  liveMpcs: number
  /** Callbacks generated but not yet answered (queued, delayed or in flight). */
  callbacksPending: number
  callbacksSent: number
  callbacksFailed: number
  /** Dropped by the drop fault, or beyond the backlog bound. */
  callbacksDropped: number
  scheduledTasks: number
}

export interface Simulator {
  /** 'http://127.0.0.1:PORT'. */
  baseUrl: string
  authId: string
  authToken: string
  /** Ground truth for tests: live and recently ended MPCs in Plivo's REST shapes. */
  truth(): { mpcs: PlivoMpcLike[]; participants: Record<string, PlivoParticipantLike[]> }
  /** The phone network: this call (a participant, or a dial still ringing) hangs up. */
  hangup(callUuid: string): void
  /**
   * This AI agent's stream fails (DroppedStream; the agent stays, silent). False when the call is
   * not a live AI agent that is streaming.
   */
  dropAiStream(callUuid: string, reason?: string): boolean
  /**
   * Test fault: the next `times` (default 1) REST requests with `method` to `route` (a pattern of
   * rest.ts's route table, e.g. `DELETE ':mpc/Participant/:member'`, a kick) answer `status` with
   * Plivo's `{api_id, error}` and change nothing in the world. After auth and the rate limit.
   * Throws on a route the table does not have. The handle counts what is left to fail.
   */
  failNext(fault: RestFault): ArmedRestFault
  /** Re-points traffic MPCs (new and live) at these callback URLs. */
  setCallbacks(callbacks: SimulatorOptions['callbacks']): void
  traffic: { start(): void; stop(): void; readonly running: boolean }
  on(event: 'callback', listener: (info: CallbackInfo) => void): () => void
  /** Resolves once no callback is queued or in flight. */
  callbacksIdle(): Promise<void>
  /** Counters for load checks and benchmarks. */
  stats(): SimulatorStats
  /** Requests the REST API has answered (tests prove a client really reached it). */
  readonly requestCount: number
  /**
   * Update-participant and start-recording requests as received (parsed fields, wire names),
   * optionally of one MPC, oldest first: what a client sent, and whether Plivo would have beeped.
   */
  controlLog(mpcUuid?: string): ControlRecord[]
  /** Closes the server, cancels timers and in-flight callbacks. */
  stop(): Promise<void>
}

const ALL_GROUPS = Object.keys(STATUS_EVENT_GROUPS) as StatusEventGroup[]
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

function generateAuthId(): string {
  const bytes = randomBytes(18)
  let id = 'MA'
  for (const byte of bytes) id += ID_CHARS[byte % ID_CHARS.length]
  return id
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const authId = options.authId ?? generateAuthId()
  const authToken = options.authToken ?? randomBytes(24).toString('base64url')
  const seed = options.seed ?? randomSeed()
  const root = mulberry32(seed)
  const trafficRng = root.fork()
  const faultRng = root.fork()
  const log = simulatorLogger(options.logger)
  const scheduler = new Scheduler(options.timeScale ?? 1, Date.now(), (error) => {
    log.error({ err: error }, 'simulator task failed')
  })
  const events = new EventEmitter()
  events.setMaxListeners(0)

  let callbacks = options.callbacks ?? {}
  const statusTarget = (): StatusSubscription | undefined =>
    callbacks.statusUrl
      ? {
          url: callbacks.statusUrl,
          method: callbacks.method ?? 'POST',
          groups: new Set(callbacks.events ?? ALL_GROUPS),
        }
      : undefined
  const recordingTarget = (): CallbackTarget | undefined =>
    callbacks.recordingUrl
      ? { url: callbacks.recordingUrl, method: callbacks.method ?? 'POST' }
      : undefined

  const aiStreamTarget = (): CallbackTarget | undefined =>
    callbacks.aiStreamUrl
      ? { url: callbacks.aiStreamUrl, method: callbacks.method ?? 'POST' }
      : undefined

  const dispatcher = new CallbackDispatcher({
    authToken: () => authToken,
    faults: options.faults ?? {},
    rng: faultRng,
    onResult: (info) => events.emit('callback', info),
    log,
  })

  let baseUrl = ''
  const answerDelayMs = options.answerDelayMs ?? 1_500
  const world = new World({
    scheduler,
    // "now" inside a task is its scheduled instant: lateness is measured from there.
    sink: (target, params, lane) =>
      dispatcher.send(target, params, lane, scheduler.realTimeOf(scheduler.now())),
    baseUrl: () => baseUrl,
    authId,
    failNumbers: new Set(options.failNumbers ?? []),
    answerDelaySimMs: () => scheduler.realToSim(answerDelayMs),
  })
  const rest = new RestApi({
    world,
    authId,
    authToken,
    rateLimit: options.rateLimit ?? { requests: 300, windowMs: 5_000 },
    newUuid: randomUUID,
    log,
  })
  const traffic = new Traffic(
    world,
    trafficRng,
    { status: statusTarget, recording: recordingTarget, aiStream: aiStreamTarget },
    options.traffic || {},
  )

  const server = http.createServer((req, res) => {
    void rest.handle(req, res)
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  baseUrl = `http://${host}:${address.port}`

  if (options.traffic) traffic.start()

  let stopped = false
  return {
    baseUrl,
    authId,
    authToken,
    truth() {
      const mpcs = world.allMpcs()
      return {
        mpcs: mpcs.map((mpc) => toPlivoMpc(authId, mpc)),
        participants: Object.fromEntries(
          mpcs.map((mpc) => [mpc.uuid, mpc.members.map((m) => toPlivoParticipant(authId, m))]),
        ),
      }
    },
    hangup(callUuid) {
      world.hangup(callUuid)
    },
    dropAiStream(callUuid, reason) {
      const participant = world.liveCall(callUuid)
      return participant !== undefined && world.dropAiStream(participant, reason)
    },
    failNext: (fault) => rest.failNext(fault),
    setCallbacks(next) {
      callbacks = next ?? {}
      world.retarget(statusTarget(), recordingTarget(), aiStreamTarget())
    },
    traffic: {
      start: () => traffic.start(),
      stop: () => traffic.stop(),
      get running() {
        return traffic.running
      },
    },
    on(event, listener) {
      events.on(event, listener)
      return () => events.off(event, listener)
    },
    callbacksIdle: () => dispatcher.idle(),
    stats: () => ({
      liveMpcs: world.liveCount,
      callbacksPending: dispatcher.pending,
      callbacksSent: dispatcher.stats.sent,
      callbacksFailed: dispatcher.stats.failed,
      callbacksDropped: dispatcher.stats.dropped + dispatcher.stats.overflow,
      scheduledTasks: scheduler.pending,
    }),
    get requestCount() {
      return rest.requestCount
    },
    controlLog: (mpcUuid) =>
      rest.controlLog.filter((r) => mpcUuid === undefined || r.mpcUuid === mpcUuid),
    async stop() {
      if (stopped) return
      stopped = true
      traffic.stop()
      scheduler.stop()
      await dispatcher.stop()
      events.removeAllListeners()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
