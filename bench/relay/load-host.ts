/**
 * Child process: the load side of the relay benchmarks — N supervisor sockets (socket.io-client,
 * as main connects) and a callback generator (keep-alive HTTP, bounded concurrency). Send and
 * receive times are taken in this one process, on one clock, so latency needs no clock sync.
 */
import { io, type Socket } from 'socket.io-client'
import { z } from 'zod'
import { MPC_EVENT, SUBSCRIBE, SUPERVISOR_NAMESPACE, type RelayEventMessage } from '../../mpc/wire'
import { serveParent } from '../support/child'
import { distribution, Samples, wallNow, type Distribution } from '../support/stats'
import { callbackParamsList, signCallbacks } from './payloads'
import { RawHttpPool, requestBytes } from './raw-http'

const connectSchema = z.object({
  targets: z.array(
    z.object({ url: z.string(), token: z.string(), count: z.number().int().min(0) }),
  ),
})
const accountSchema = z.object({
  relayUrl: z.string(),
  authId: z.string(),
  authToken: z.string(),
  tag: z.string(),
})
const throughputSchema = accountSchema.extend({
  count: z.number().int().positive(),
  concurrency: z.number().int().positive(),
  timeoutMs: z.number().positive().default(120_000),
})
const rateSchema = accountSchema.extend({
  rate: z.number().positive(),
  durationMs: z.number().positive(),
  timeoutMs: z.number().positive().default(120_000),
})
const sessionSchema = z.object({ expected: z.number().int().positive() })
const waitSchema = z.object({ timeoutMs: z.number().positive().default(120_000) })

/** What every client received during one measured run. */
class Session {
  readonly seqs = new Samples()
  readonly times = new Samples()
  readonly stamps = new Samples()
  private readonly counts: number[]
  private complete = 0
  lastReceive = 0
  private done: (() => void) | undefined
  readonly finished: Promise<void>

  constructor(
    readonly expected: number,
    clients: number,
  ) {
    this.counts = new Array<number>(clients).fill(0)
    this.finished = new Promise((resolve) => (this.done = resolve))
    if (clients === 0) this.done?.()
  }

  receive(client: number, m: RelayEventMessage, at: number): void {
    this.seqs.push(m.seq)
    this.times.push(at)
    this.stamps.push(m.receivedAt)
    this.lastReceive = at
    const n = (this.counts[client] ?? 0) + 1
    this.counts[client] = n
    if (n === this.expected && ++this.complete === this.counts.length) this.done?.()
  }

  progress(): string {
    return `${this.complete}/${this.counts.length} clients complete, min ${Math.min(...this.counts)} of ${this.expected}`
  }
}

const CONNECT_BATCH = 10
let sockets: Socket[] = []
let session: Session | undefined

async function connectOne(url: string, token: string, index: number): Promise<Socket> {
  const socket = io(new URL(SUPERVISOR_NAMESPACE, url).href, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    // Hundreds of handshakes on a loaded 2-core machine: give each time.
    timeout: 60_000,
  })
  socket.on(MPC_EVENT, (m: RelayEventMessage) => session?.receive(index, m, wallNow()))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', (err) => reject(err))
  })
  const ack = (await socket.timeout(30_000).emitWithAck(SUBSCRIBE, {})) as {
    ok: boolean
    error?: string
  }
  if (!ack.ok) throw new Error(`subscribe refused: ${ack.error ?? 'unknown'}`)
  return socket
}

function until<T>(
  what: string,
  promise: Promise<T>,
  timeoutMs: number,
  detail: () => string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what} not done after ${timeoutMs} ms: ${detail()}`)),
        timeoutMs,
      )
    }),
  ]).finally(() => clearTimeout(timer))
}

interface PostResult {
  status: number
  seq: number | undefined
}

async function post(pool: RawHttpPool, bytes: Buffer): Promise<PostResult> {
  const { status, body } = await pool.request(bytes)
  let seq: number | undefined
  try {
    seq = (JSON.parse(body) as { seq?: number }).seq
  } catch {
    seq = undefined
  }
  return { status, seq }
}

/** Every callback signed and serialised to request bytes before the clock starts. */
function prepare(input: z.infer<typeof accountSchema>, count: number) {
  const base = new URL(input.relayUrl)
  const signed = signCallbacks(callbackParamsList(count, input.tag), {
    publicUrl: base.origin,
    authId: input.authId,
    authToken: input.authToken,
  })
  const requests = signed.map((cb) => requestBytes('POST', base.host, cb.path, cb.headers, cb.body))
  const pool = (connections: number) =>
    new RawHttpPool(base.hostname, Number(base.port), connections)
  return { requests, pool }
}

/** Closed loop: `concurrency` requests in flight until every callback was answered. */
async function throughput(payload: unknown) {
  const input = throughputSchema.parse(payload)
  const { requests, pool: openPool } = prepare(input, input.count)
  const pool = openPool(input.concurrency)
  const run = new Session(input.count, sockets.length)
  session = run
  let next = 0
  let accepted = 0
  let refused = 0
  let lastAnswer = 0
  const started = wallNow()
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const r = await post(pool, requests[next++] as Buffer)
      if (r.status === 200) accepted++
      else refused++
      lastAnswer = wallNow()
    }
  }
  await Promise.all(Array.from({ length: input.concurrency }, worker))
  const ingestMs = lastAnswer - started
  if (refused > 0) throw new Error(`${refused} of ${input.count} callbacks refused`)
  await until('fan-out', run.finished, input.timeoutMs, () => run.progress())
  const deliverMs = (sockets.length > 0 ? run.lastReceive : lastAnswer) - started
  pool.close()
  session = undefined
  return {
    count: input.count,
    clients: sockets.length,
    accepted,
    acceptedPerSec: (accepted / ingestMs) * 1000,
    deliveredPerSec: (input.count / deliverMs) * 1000,
    ingestMs,
    deliverMs,
  }
}

export interface RateResult {
  sent: number
  clients: number
  achievedRate: number
  latency: Distribution
  /** Time to the relay's 200 (ingest only), for comparison. */
  answer: Distribution
}

/** Open loop: callbacks leave at a fixed rate whatever the answers; latency to every client. */
async function rate(payload: unknown): Promise<RateResult> {
  const input = rateSchema.parse(payload)
  const total = Math.max(1, Math.round((input.rate * input.durationMs) / 1000))
  const { requests, pool: openPool } = prepare(input, total)
  const pool = openPool(256)
  const run = new Session(total, sockets.length)
  session = run
  const sentAtBySeq = new Map<number, number>()
  const answer = new Samples()
  const inFlight: Promise<void>[] = []
  let refused = 0
  const started = wallNow()
  let sent = 0
  while (sent < total) {
    const due = Math.min(total, Math.floor(((wallNow() - started) * input.rate) / 1000) + 1)
    while (sent < due) {
      const bytes = requests[sent++] as Buffer
      const at = wallNow()
      inFlight.push(
        post(pool, bytes).then((r) => {
          answer.push(wallNow() - at)
          if (r.status !== 200 || r.seq === undefined) refused++
          else sentAtBySeq.set(r.seq, at)
        }),
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  const spanMs = wallNow() - started
  await Promise.all(inFlight)
  if (refused > 0) throw new Error(`${refused} of ${total} callbacks refused`)
  await until('fan-out', run.finished, input.timeoutMs, () => run.progress())
  pool.close()
  session = undefined
  const latency = new Samples()
  const seqs = run.seqs.values()
  const times = run.times.values()
  for (let i = 0; i < seqs.length; i++) {
    const at = sentAtBySeq.get(seqs[i] ?? -1)
    if (at !== undefined) latency.push((times[i] ?? 0) - at)
  }
  return {
    sent: total,
    clients: sockets.length,
    achievedRate: (total / spanMs) * 1000,
    latency: distribution(latency.values()),
    answer: distribution(answer.values()),
  }
}

serveParent({
  connect: async (payload) => {
    const { targets } = connectSchema.parse(payload)
    const wanted: { url: string; token: string }[] = []
    for (const t of targets) for (let i = 0; i < t.count; i++) wanted.push(t)
    // A few at a time: a burst of 200 handshakes starves both processes past any timeout.
    for (let i = 0; i < wanted.length; i += CONNECT_BATCH) {
      const batch = wanted.slice(i, i + CONNECT_BATCH)
      const base = sockets.length
      sockets.push(
        ...(await Promise.all(batch.map((t, k) => connectOne(t.url, t.token, base + k)))),
      )
    }
    return { clients: sockets.length }
  },
  disconnect: () => {
    for (const s of sockets) s.close()
    sockets = []
    return { clients: 0 }
  },
  throughput,
  rate,
  /** For the baseline: count what arrives while the bare server sends. */
  'session-start': (payload) => {
    const { expected } = sessionSchema.parse(payload)
    session = new Session(expected, sockets.length)
    return { clients: sockets.length }
  },
  'session-wait': async (payload) => {
    const { timeoutMs } = waitSchema.parse(payload)
    const run = session
    if (!run) throw new Error('no session started')
    await until('baseline delivery', run.finished, timeoutMs, () => run.progress())
    session = undefined
    const stamps = run.stamps.values()
    const times = run.times.values()
    const latency = new Samples()
    let firstStamp = Infinity
    for (let i = 0; i < stamps.length; i++) {
      const s = stamps[i] ?? 0
      firstStamp = Math.min(firstStamp, s)
      latency.push((times[i] ?? 0) - s)
    }
    return { lastReceive: run.lastReceive, firstStamp, latency: distribution(latency.values()) }
  },
  cpu: () => process.cpuUsage(),
  stop: () => {
    for (const s of sockets) s.close()
    sockets = []
  },
})
