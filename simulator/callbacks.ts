/**
 * Delivers status and recording callbacks the way Plivo does (plivo-mpc.md §2.1, §3): flat
 * params, form-encoded POST or query-string GET, V3-signed over the exact URL requested.
 *
 * Callbacks of one MPC to one URL go out one after another (a "lane"), different MPCs in
 * parallel over keep-alive connections, so thousands of MPCs share a few dozen sockets and each
 * MPC's events arrive in the order they happened. Test faults (delay, reorder, duplicate, drop)
 * are applied before the lanes, so they really do reorder an MPC's events.
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { computeSignatureV3 } from '../mpc/signature'
import type { Rng } from './prng'
import type { CallbackTarget } from './types'

export interface CallbackInfo {
  url: string
  method: string
  params: Record<string, string>
  status: number | 'error'
  /** Wall-clock epoch ms at which the event was due on the simulation's schedule. */
  dueAt: number
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
  sentAt?: number
  /** Built when first sent (a duplicate reuses it: same nonce, same signature). */
  request?: PreparedRequest
}

/** A callback ready to go on the wire: the exact URL, headers (signed) and body. */
export interface PreparedRequest {
  url: string
  headers: Record<string, string>
  body: string | undefined
}

const REQUEST_TIMEOUT_MS = 10_000
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
  private readonly inFlight = new Set<http.ClientRequest>()
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

  constructor(
    private readonly options: {
      authToken: () => string
      faults: CallbackFaults
      rng: Rng
      onResult: (info: CallbackInfo) => void
    },
  ) {}

  /**
   * Queues one callback. Never throws: delivery problems are reported through onResult.
   * `dueAt` (epoch ms) is when the event happened on the simulation's schedule; default now.
   */
  send(
    target: CallbackTarget,
    params: Record<string, string>,
    lane: string,
    dueAt: number = wallNow(),
  ): void {
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
    const job: Job = { target, params, lane: `${lane} ${target.url}`, dueAt }
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
    for (const request of this.inFlight) request.destroy()
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
              sentAt: job.sentAt,
            })
          } catch (error) {
            // A listener's bug must not stall delivery of everything after it.
            console.error('simulator: callback listener failed', error)
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
    const prepared = (job.request ??= prepareCallback(
      job.target,
      job.params,
      this.options.authToken(),
    ))
    try {
      const secure = prepared.url.startsWith('https:')
      request = (secure ? https : http).request(prepared.url, {
        method: job.target.method,
        headers: prepared.headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
        timeout: REQUEST_TIMEOUT_MS,
      })
    } catch {
      // An unusable URL (bad scheme, bad host) fails this callback, not the simulator.
      setImmediate(() => done('error'))
      return
    }
    this.inFlight.add(request)
    job.sentAt ??= wallNow()
    request.on('response', (response) => {
      response.resume()
      response.on('end', () => finish(response.statusCode ?? 'error'))
      response.on('error', () => finish('error'))
    })
    request.on('timeout', () => request.destroy(new Error('callback timed out')))
    request.on('error', () => finish('error'))
    request.end(prepared.body)
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

/** Encodes and signs one callback, with a fresh nonce. */
export function prepareCallback(
  target: CallbackTarget,
  params: Record<string, string>,
  authToken: string,
): PreparedRequest {
  const nonce = makeNonce()
  let url = target.url
  let body: string | undefined
  const headers: Record<string, string> = { 'User-Agent': 'PlivoHTTP/1.0 (simulator)' }
  const encoded = new URLSearchParams(params).toString()
  if (target.method === 'GET') {
    url = encoded ? `${url}${url.includes('?') ? '&' : '?'}${encoded}` : url
  } else {
    body = encoded
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
    headers['Content-Length'] = String(Buffer.byteLength(body))
  }
  // GET: the configured URL's own query plus the params is exactly the URL requested.
  const signature = computeSignatureV3({
    method: target.method,
    url: target.url,
    params,
    nonce,
    authToken,
  })
  headers['X-Plivo-Signature-V3'] = signature
  // One main account and no subaccounts: both signatures use the same token.
  headers['X-Plivo-Signature-Ma-V3'] = signature
  headers['X-Plivo-Signature-V3-Nonce'] = nonce
  return { url, headers, body }
}

/** Wall-clock epoch ms with sub-ms resolution. */
function wallNow(): number {
  return performance.timeOrigin + performance.now()
}

/** Random bytes drawn in blocks: one syscall per 200 nonces instead of one each. */
let pool = Buffer.alloc(0)
let poolAt = 0

/** 20 random decimal digits, like Plivo's nonces. */
function makeNonce(): string {
  if (poolAt + 20 > pool.length) {
    pool = randomBytes(4_000)
    poolAt = 0
  }
  let out = ''
  // 250 = the largest multiple of 10 ≤ 256; rejecting above it keeps the digits uniform.
  while (out.length < 20) {
    if (poolAt >= pool.length) {
      pool = randomBytes(4_000)
      poolAt = 0
    }
    const byte = pool[poolAt++] ?? 0
    if (byte < 250) out += String(byte % 10)
  }
  return out
}
