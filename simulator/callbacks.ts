/**
 * Delivers status and recording callbacks the way Plivo does (plivo-mpc.md §2.1, §3): flat
 * params, form-encoded POST or query-string GET, V3-signed over the exact URL requested.
 *
 * Callbacks of one MPC to one URL go out one after another (a "lane"), different MPCs in
 * parallel over keep-alive connections, so thousands of MPCs share a few dozen sockets and each
 * MPC's events arrive in the order they happened. Test faults (delay, reorder, duplicate, drop)
 * are applied before the lanes, so they really do reorder an MPC's events.
 */
import http from 'node:http'
import https from 'node:https'
import type pino from 'pino'
import { CallbackEncoder, type PreparedRequest } from './callback-wire'
import { fallbackLogger } from './log'
import type { Rng } from './prng'
import type { CallbackTarget } from './types'

export interface CallbackInfo {
  url: string
  method: string
  params: Record<string, string>
  status: number | 'error'
  /** Wall-clock epoch ms at which the event was due on the simulation's schedule. */
  dueAt: number
  /** Wall-clock epoch ms the world handed it over (later than dueAt when the loop ran late). */
  queuedAt: number
  /** Wall-clock epoch ms its request was first written; undefined when it never was. */
  sentAt: number | undefined
}

export interface CallbackFaults {
  /** Each callback waits a random 0..delayMs (real ms) before it is queued. */
  delayMs?: number
  /** Callbacks are held in batches of this size and released shuffled. */
  reorderWindow?: number
  duplicateProbability?: number
  dropProbability?: number
}

interface Job {
  target: CallbackTarget
  params: Record<string, string>
  lane: string
  dueAt: number
  queuedAt: number
  sentAt?: number
  /** Built when first sent (a duplicate reuses it: same nonce, same signature). */
  request?: PreparedRequest
}

const REQUEST_TIMEOUT_MS = 10_000
const TIMEOUT_SWEEP_MS = 1_000
/** Reorder batches that never fill up are released after this long. */
const REORDER_FLUSH_MS = 50
const MAX_SOCKETS_PER_HOST = 64
/** Deliveries in flight across all hosts. */
export const MAX_IN_FLIGHT = 128
const RETRIES = 2
const RETRY_BASE_MS = 50
/** Beyond this backlog new callbacks are dropped (and counted) instead of eating memory. */
const MAX_BACKLOG = 200_000

export class CallbackDispatcher {
  private readonly lanes = new Map<string, Queue<Job>>()
  /** Lanes with work and nothing in flight, in the order they became ready. */
  private readonly ready = new Queue<string>()
  private inFlightCount = 0
  /** Requests on the wire and when they started (performance.now()), oldest first. */
  private readonly inFlight = new Map<http.ClientRequest, number>()
  /** One timer sweeps for overdue requests (a timer per request costs every callback). */
  private timeoutSweep: NodeJS.Timeout | undefined
  private readonly timers = new Set<NodeJS.Timeout>()
  private reorderBuffer: Job[] = []
  private reorderTimer: NodeJS.Timeout | undefined
  private backlog = 0
  private stopped = false
  private idleWaiters: (() => void)[] = []
  private readonly httpAgent = newCallbackAgent()
  private readonly httpsAgent = new https.Agent({
    keepAlive: true,
    maxSockets: MAX_SOCKETS_PER_HOST,
  })
  readonly stats = { sent: 0, failed: 0, dropped: 0, overflow: 0 }
  private readonly encoder: CallbackEncoder
  private readonly requestTimeoutMs: number
  private readonly log: pino.Logger

  constructor(
    private readonly options: {
      authToken: () => string
      faults: CallbackFaults
      rng: Rng
      onResult: (info: CallbackInfo) => void
      /** Default: stderr. */
      log?: pino.Logger
      /** A request not answered within this long fails (and is retried). Default 10 s. */
      requestTimeoutMs?: number
    },
  ) {
    this.encoder = new CallbackEncoder(options.authToken)
    this.requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
    this.log = options.log ?? fallbackLogger()
  }

  /**
   * Queues one callback. Never throws: delivery problems are reported through onResult.
   * `dueAt` (epoch ms) is when the event happened on the simulation's schedule; default now.
   */
  send(target: CallbackTarget, params: Record<string, string>, lane: string, dueAt?: number): void {
    if (this.stopped) return
    const faults = this.options.faults
    const rng = this.options.rng
    if (faults.dropProbability && rng.chance(faults.dropProbability)) {
      this.stats.dropped++
      return
    }
    if (this.backlog >= MAX_BACKLOG) {
      this.stats.overflow++
      return
    }
    // Encoding and signing wait until a socket is free: a backlog costs no CPU until it is sent.
    const queuedAt = wallNow()
    const job: Job = {
      target,
      params,
      lane: `${lane} ${target.url}`,
      dueAt: dueAt ?? queuedAt,
      queuedAt,
    }
    const copies = faults.duplicateProbability && rng.chance(faults.duplicateProbability) ? 2 : 1
    for (let i = 0; i < copies; i++) this.afterFaults(job)
  }

  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void> {
    if (this.backlog === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  get pending(): number {
    return this.backlog
  }

  async stop(): Promise<void> {
    this.stopped = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    if (this.reorderTimer) clearTimeout(this.reorderTimer)
    this.reorderBuffer = []
    this.lanes.clear()
    this.ready.clear()
    if (this.timeoutSweep) clearInterval(this.timeoutSweep)
    this.timeoutSweep = undefined
    for (const request of this.inFlight.keys()) request.destroy()
    this.inFlight.clear()
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
    this.backlog = 0
    this.notifyIdle()
  }

  private afterFaults(job: Job): void {
    this.backlog++
    const { delayMs } = this.options.faults
    if (delayMs && delayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        this.reorder(job)
      }, this.options.rng.next() * delayMs)
      this.timers.add(timer)
    } else {
      this.reorder(job)
    }
  }

  private reorder(job: Job): void {
    const window = this.options.faults.reorderWindow ?? 0
    if (window <= 1) {
      this.enqueue(job)
      return
    }
    this.reorderBuffer.push(job)
    if (this.reorderBuffer.length >= window) this.flushReorder()
    else if (!this.reorderTimer) {
      this.reorderTimer = setTimeout(() => this.flushReorder(), REORDER_FLUSH_MS)
    }
  }

  private flushReorder(): void {
    if (this.reorderTimer) clearTimeout(this.reorderTimer)
    this.reorderTimer = undefined
    const batch = this.reorderBuffer
    this.reorderBuffer = []
    const rng = this.options.rng
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1))
      const a = batch[i] as Job
      batch[i] = batch[j] as Job
      batch[j] = a
    }
    for (const job of batch) this.enqueue(job)
  }

  private enqueue(job: Job): void {
    if (this.stopped) return
    const queue = this.lanes.get(job.lane)
    if (queue) {
      queue.push(job)
    } else {
      this.lanes.set(job.lane, new Queue([job]))
      // A lane is in `ready` or in flight from its first job until it runs dry.
      this.ready.push(job.lane)
    }
    this.kick()
  }

  /**
   * Starts deliveries, at most MAX_IN_FLIGHT at once, one per lane, taking lanes round-robin.
   * Requests are created only when a socket is free for them, so a backlog of 100,000 events
   * costs 100,000 small objects, not 100,000 queued HTTP requests.
   */
  private kick(): void {
    while (this.inFlightCount < MAX_IN_FLIGHT && !this.stopped) {
      const lane = this.ready.shift()
      if (lane === undefined) return
      const job = this.lanes.get(lane)?.shift()
      if (!job) {
        this.lanes.delete(lane)
        continue
      }
      this.inFlightCount++
      this.deliverWithRetry(job, 0, (status) => {
        this.inFlightCount--
        this.backlog--
        if (status === 'error') this.stats.failed++
        else this.stats.sent++
        if (!this.stopped) {
          try {
            this.options.onResult({
              url: job.request?.url ?? job.target.url,
              method: job.target.method,
              params: job.params,
              status,
              dueAt: job.dueAt,
              queuedAt: job.queuedAt,
              sentAt: job.sentAt,
            })
          } catch (error) {
            // A listener's bug must not stall delivery of everything after it.
            this.log.error({ err: error }, 'simulator: callback listener failed')
          }
          if ((this.lanes.get(lane)?.length ?? 0) > 0) this.ready.push(lane)
          else this.lanes.delete(lane)
          this.kick()
        }
        if (this.backlog === 0) this.notifyIdle()
      })
    }
  }

  /**
   * Network failures (refused, reset, timeout) are retried a few times with a short backoff:
   * a keep-alive socket the receiver has just closed must not lose an event. HTTP answers,
   * whatever their status, are final.
   */
  private deliverWithRetry(
    job: Job,
    attempt: number,
    done: (status: number | 'error') => void,
  ): void {
    this.deliver(job, (status) => {
      if (status !== 'error' || attempt >= RETRIES || this.stopped) {
        done(status)
        return
      }
      const timer = setTimeout(
        () => {
          this.timers.delete(timer)
          if (!this.stopped) this.deliverWithRetry(job, attempt + 1, done)
        },
        RETRY_BASE_MS * 2 ** attempt,
      )
      this.timers.add(timer)
    })
  }

  private deliver(job: Job, done: (status: number | 'error') => void): void {
    let finished = false
    const finish = (status: number | 'error'): void => {
      if (finished) return
      finished = true
      this.inFlight.delete(request)
      done(status)
    }
    let request: http.ClientRequest
    let prepared: PreparedRequest
    try {
      prepared = job.request ??= this.encoder.prepare(job.target, job.params)
      const secure = prepared.options.protocol === 'https:'
      const o = prepared.options
      request = (secure ? https : http).request({
        protocol: o.protocol,
        hostname: o.hostname,
        port: o.port,
        path: o.path,
        auth: o.auth,
        method: job.target.method,
        headers: prepared.headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
      })
    } catch {
      // An unusable URL (bad scheme, bad host) fails this callback, not the simulator.
      setImmediate(() => done('error'))
      return
    }
    this.inFlight.set(request, performance.now())
    this.timeoutSweep ??= setInterval(
      () => this.sweepOverdue(),
      Math.min(TIMEOUT_SWEEP_MS, this.requestTimeoutMs / 4),
    ).unref()
    job.sentAt ??= wallNow()
    request.on('response', (response) => {
      response.resume()
      response.on('end', () => finish(response.statusCode ?? 'error'))
      response.on('error', () => finish('error'))
    })
    request.on('error', () => finish('error'))
    request.end(prepared.body)
  }

  /** Fails requests older than the timeout (the map is in start order: stop at a young one). */
  private sweepOverdue(): void {
    const cutoff = performance.now() - this.requestTimeoutMs
    for (const [request, startedAt] of this.inFlight) {
      if (startedAt > cutoff) break
      request.destroy(new Error('callback timed out'))
    }
    if (this.inFlight.size === 0 && this.timeoutSweep) {
      clearInterval(this.timeoutSweep)
      this.timeoutSweep = undefined
    }
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }
}

/** FIFO with O(1) shift (Array#shift is O(n), and backlogs here reach 100,000). */
class Queue<T> {
  private items: (T | undefined)[]
  private head = 0
  constructor(initial: T[] = []) {
    this.items = initial
  }
  get length(): number {
    return this.items.length - this.head
  }
  push(item: T): void {
    this.items.push(item)
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head++] = undefined
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }
  clear(): void {
    this.items = []
    this.head = 0
  }
}

/** The keep-alive agent callbacks to http: URLs go out on (benchmarks use the same one). */
export function newCallbackAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST })
}

/** Wall-clock epoch ms with sub-ms resolution. */
function wallNow(): number {
  return performance.timeOrigin + performance.now()
}
