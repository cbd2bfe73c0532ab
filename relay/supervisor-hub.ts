/**
 * The `/supervisor` socket.io namespace: token auth, `subscribe({ since })`, and delivery of each
 * account's events to its subscribed sockets in seq order (DESIGN §4, `mpc/wire.ts`).
 *
 * Ordering. Every accepted event reaches this relay's `AccountSequencer` — directly when this
 * relay accepted it, through the socket.io Redis adapter (`serverSideEmit`) when another did.
 * Deliveries from several relays can arrive out of order, and a relay can die between storing an
 * event and announcing it, so the sequencer delivers strictly in seq order: an event after a gap
 * waits briefly, then the gap is read from the log. A periodic sweep of the log heads catches an
 * event whose announcement never came.
 *
 * Epochs. Seqs count within one log, named by its epoch (`EventStore`). A subscribe replays only
 * from a seq of the current epoch; any other gets a snapshot. If the shared log itself is
 * replaced while this relay runs (Redis lost its data), the sequencer notices the new epoch — on
 * an announced event, a gap fill or the sweep — and makes the account's clients resync.
 *
 * Subscribing without losing or repeating events. A socket joins its account's room — where the
 * sequencer broadcasts — only once it has everything up to what the sequencer delivered. Until
 * then it is "pending" (live events are buffered while the replay or snapshot is read) or
 * "catching up" (the read went further than the sequencer; live events up to the read's end are
 * dropped as already sent).
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type pino from 'pino'
import type { BroadcastOperator, Namespace, Server, Socket } from 'socket.io'
import {
  MPC_EVENT,
  SUBSCRIBE,
  SUPERVISOR_NAMESPACE,
  subscribeRequestSchema,
  type RelayEventMessage,
  type SubscribeAck,
} from '../mpc/wire'
import { EncodedEvent } from './encoded-event'
import type { EventStore, LogPosition } from './event-store'
import type { RelayMetrics } from './metrics'

/**
 * Between relays: "this event was appended", as `(authId, epoch, seq, receivedAt, json)` — the
 * message's JSON travels as encoded, so no relay serialises it again.
 */
const APPENDED = 'relay:appended'
const GAP_WAIT_MS = 100
const SWEEP_MS = 1000

interface SocketData {
  authId: string
}

interface ClientToServer {
  subscribe: (payload: unknown, ack: unknown) => void
}
interface ServerToClient {
  'mpc-event': (message: RelayEventMessage) => void
}
type SupervisorSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>

interface Subscription {
  socket: Socket
  phase: 'pending' | 'catching-up'
  buffer: EncodedEvent[]
  sentUpTo: number
}

function roomOf(authId: string): string {
  return `account:${authId}`
}

/** Token → account, compared in constant time over every configured token. */
export class TokenTable {
  private readonly entries: { digest: Buffer; authId: string }[]

  constructor(supervisors: readonly { token: string; authId: string }[]) {
    this.entries = supervisors.map((s) => ({ digest: digest(s.token), authId: s.authId }))
  }

  lookup(token: unknown): string | undefined {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return undefined
    const candidate = digest(token)
    let found: string | undefined
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, candidate)) found = entry.authId
    }
    return found
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

/** An `APPENDED` announcement's arguments, or undefined when they are not one. */
function readAppended(
  args: unknown[],
): { authId: string; epoch: string; message: EncodedEvent } | undefined {
  const [authId, epoch, seq, receivedAt, json] = args
  if (
    typeof authId !== 'string' ||
    typeof epoch !== 'string' ||
    typeof seq !== 'number' ||
    typeof receivedAt !== 'number' ||
    typeof json !== 'string'
  ) {
    return undefined
  }
  return { authId, epoch, message: new EncodedEvent(seq, receivedAt, json) }
}

class AccountSequencer {
  /** Highest seq delivered to this relay's sockets; everything below it was delivered too. */
  delivered: number
  /** The log `delivered` counts in. */
  epoch: string
  /** Set while the sockets are being sent to resync after the log moved away under us. */
  resyncing = false
  private readonly waiting = new Map<number, EncodedEvent>()
  private gapTimer: NodeJS.Timeout | undefined
  private filling = false
  /** Sockets of this account on this relay not yet in the room. */
  readonly joining = new Map<string, Subscription>()
  /** This relay's sockets in the account's room (built once: it is used for every event). */
  readonly room: BroadcastOperator<ServerToClient, SocketData>

  constructor(
    readonly authId: string,
    position: LogPosition,
    private readonly hub: SupervisorHub,
  ) {
    this.delivered = position.head
    this.epoch = position.epoch
    this.room = hub.nsp.local.to(roomOf(authId))
  }

  /** `epoch`: the log `message` belongs to, when known (announced appends carry it). */
  offer(message: EncodedEvent, epoch?: string): void {
    if (epoch !== undefined && epoch !== this.epoch) {
      this.hub.lostTrack(this)
      return
    }
    if (message.seq <= this.delivered || this.waiting.has(message.seq)) return
    this.waiting.set(message.seq, message)
    this.drain()
    if (this.waiting.size > 0 && !this.gapTimer && !this.filling) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = undefined
        void this.fill()
      }, GAP_WAIT_MS)
    }
  }

  private drain(): void {
    for (;;) {
      const next = this.waiting.get(this.delivered + 1)
      if (!next) return
      this.waiting.delete(next.seq)
      this.delivered = next.seq
      this.hub.deliver(this, next)
    }
  }

  /** Reads missing events from the log up to `upTo` (or up to the newest waiting event). */
  async fill(upTo?: number): Promise<void> {
    if (this.filling) return
    const target = upTo ?? Math.max(0, ...this.waiting.keys())
    if (target <= this.delivered) return
    this.filling = true
    try {
      const read = await this.hub.store.readSince(this.authId, this.delivered, this.epoch)
      if (read) {
        for (const m of read.events) this.offer(m)
      } else {
        this.hub.lostTrack(this)
      }
    } catch (err) {
      this.hub.log.warn({ err, authId: this.authId }, 'cannot read the log to fill a gap')
    } finally {
      this.filling = false
    }
    if (this.waiting.size > 0 && !this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = undefined
        void this.fill()
      }, GAP_WAIT_MS)
    }
  }

  /** The log moved past what we could read (or was replaced): start over from its head. */
  resetTo(position: LogPosition): void {
    this.waiting.clear()
    this.delivered = position.head
    this.epoch = position.epoch
  }

  stop(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer)
    this.gapTimer = undefined
  }
}

export interface SupervisorHubOptions {
  io: Server
  store: EventStore
  accounts: readonly string[]
  supervisors: readonly { token: string; authId: string }[]
  metrics: RelayMetrics
  log: pino.Logger
  /** Whether other relays share this store (the Redis adapter carries their events). */
  clustered: boolean
}

export class SupervisorHub {
  readonly nsp: Namespace
  readonly store: EventStore
  readonly log: pino.Logger
  private readonly tokens: TokenTable
  private readonly metrics: RelayMetrics
  private readonly sequencers = new Map<string, AccountSequencer>()
  private sweepTimer: NodeJS.Timeout | undefined
  private sweeping = false
  private readonly clustered: boolean

  private constructor(options: SupervisorHubOptions, positions: Map<string, LogPosition>) {
    this.store = options.store
    this.log = options.log
    this.metrics = options.metrics
    this.clustered = options.clustered
    this.tokens = new TokenTable(options.supervisors)
    this.nsp = options.io.of(SUPERVISOR_NAMESPACE)
    for (const authId of options.accounts) {
      const position = positions.get(authId)
      if (!position) throw new Error(`the store has no log position for ${authId}`)
      this.sequencers.set(authId, new AccountSequencer(authId, position, this))
    }
    this.nsp.use((socket, next) => {
      const auth: unknown = socket.handshake.auth
      const token =
        typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined
      const authId = this.tokens.lookup(token)
      if (!authId) {
        this.metrics.socketRejected.inc()
        this.log.warn({ address: socket.handshake.address }, 'socket refused: unauthorized')
        next(new Error('unauthorized'))
        return
      }
      ;(socket as SupervisorSocket).data.authId = authId
      next()
    })
    this.nsp.on('connection', (socket: Socket) => this.onConnection(socket as SupervisorSocket))
    this.nsp.on(APPENDED, (...args: unknown[]) => {
      const appended = readAppended(args)
      if (!appended) {
        this.log.warn('unreadable event from another relay')
        return
      }
      this.sequencers.get(appended.authId)?.offer(appended.message, appended.epoch)
    })
    // Nothing else is served on the main namespace.
    options.io.of('/').use((_socket, next) => next(new Error('unknown namespace')))
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS)
    this.sweepTimer.unref()
  }

  static async create(options: SupervisorHubOptions): Promise<SupervisorHub> {
    const positions = await options.store.positions(options.accounts)
    return new SupervisorHub(options, positions)
  }

  /** An event this relay appended to log `epoch`: deliver here and tell the other relays. */
  publish(authId: string, message: EncodedEvent, epoch: string): void {
    this.sequencers.get(authId)?.offer(message, epoch)
    if (this.clustered) {
      this.nsp.serverSideEmit(
        APPENDED,
        authId,
        epoch,
        message.seq,
        message.receivedAt,
        message.json,
      )
    }
  }

  /** Called by a sequencer, in seq order. */
  deliver(seq: AccountSequencer, message: EncodedEvent): void {
    this.metrics.fanoutLag.observe(Math.max(0, Date.now() - message.receivedAt) / 1000)
    seq.room.emit(MPC_EVENT, message.toMessage())
    for (const sub of seq.joining.values()) {
      if (sub.phase === 'pending') {
        sub.buffer.push(message)
        continue
      }
      if (message.seq > sub.sentUpTo) {
        sub.socket.emit(MPC_EVENT, message.toMessage())
        sub.sentUpTo = message.seq
      }
      this.joinIfCaughtUp(seq, sub)
    }
  }

  private joinIfCaughtUp(seq: AccountSequencer, sub: Subscription): void {
    if (sub.sentUpTo > seq.delivered) return
    seq.joining.delete(sub.socket.id)
    void sub.socket.join(roomOf(seq.authId))
  }

  /**
   * The log was trimmed past this relay's position, or replaced (a new epoch): make every
   * socket of the account resync.
   */
  lostTrack(seq: AccountSequencer): void {
    if (seq.resyncing) return
    seq.resyncing = true
    this.store
      .position(seq.authId)
      .then((position) => {
        this.log.warn(
          { authId: seq.authId, from: seq.delivered, epoch: seq.epoch, to: position },
          'lost track of the log',
        )
        seq.resetTo(position)
        // Closing the transport (not the socket.io session) makes clients reconnect and
        // resubscribe with their last seq and epoch; the relay then answers with a snapshot.
        for (const socket of this.nsp.sockets.values()) {
          if ((socket as SupervisorSocket).data.authId === seq.authId) socket.conn.close()
        }
      })
      .catch((err: unknown) => {
        // The sweep notices again once the store answers.
        this.log.warn({ err, authId: seq.authId }, 'cannot read the log position to resync')
      })
      .finally(() => {
        seq.resyncing = false
      })
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return
    this.sweeping = true
    try {
      const positions = await this.store.positions([...this.sequencers.keys()])
      for (const [authId, { head, epoch }] of positions) {
        const seq = this.sequencers.get(authId)
        if (!seq) continue
        if (epoch !== seq.epoch) this.lostTrack(seq)
        else if (head > seq.delivered) await seq.fill(head)
      }
    } catch (err) {
      this.log.warn({ err }, 'cannot sweep the log heads')
    } finally {
      this.sweeping = false
    }
  }

  private onConnection(socket: SupervisorSocket): void {
    const { authId } = socket.data
    const seq = this.sequencers.get(authId)
    if (!seq) {
      socket.disconnect(true)
      return
    }
    this.log.info({ authId, id: socket.id }, 'supervisor connected')
    let generation = 0
    socket.on(SUBSCRIBE, (payload: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (a: SubscribeAck) => void) : () => {}
      const parsed = subscribeRequestSchema.safeParse(payload ?? {})
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const where = issue?.path.length ? issue.path.join('.') : 'payload'
        reply({ ok: false, error: `invalid subscribe: ${where}: ${issue?.message ?? 'invalid'}` })
        return
      }
      generation++
      const { since, epoch } = parsed.data
      void this.subscribe(socket, seq, { since, epoch }, generation, () => generation, reply)
    })
    socket.on('disconnect', (reason) => {
      seq.joining.delete(socket.id)
      this.log.info({ authId, id: socket.id, reason }, 'supervisor disconnected')
    })
  }

  private async subscribe(
    socket: SupervisorSocket,
    seq: AccountSequencer,
    from: { since: number | undefined; epoch: string | undefined },
    mine: number,
    current: () => number,
    reply: (ack: SubscribeAck) => void,
  ): Promise<void> {
    // A new subscribe replaces the previous one on this socket. Registered before any await,
    // so every event delivered from here on is either read below or buffered.
    void socket.leave(roomOf(seq.authId))
    const sub: Subscription = { socket, phase: 'pending', buffer: [], sentUpTo: 0 }
    seq.joining.set(socket.id, sub)
    try {
      // Without an epoch (a client from before epochs), `since` is taken to be in this log.
      const read =
        from.since === undefined
          ? null
          : await this.store.readSince(seq.authId, from.since, from.epoch)
      if (mine !== current() || !socket.connected) return
      if (read) {
        for (const m of read.events) socket.emit(MPC_EVENT, m.toMessage())
        sub.sentUpTo = read.head
        reply({ ok: true, head: read.head, epoch: read.epoch })
        this.metrics.replays.inc()
      } else {
        const { head, epoch, snapshot } = await this.store.snapshot(seq.authId)
        if (mine !== current() || !socket.connected) return
        sub.sentUpTo = head
        reply({ ok: true, head, epoch, snapshot })
        this.metrics.snapshots.inc()
      }
      for (const m of sub.buffer) {
        if (m.seq > sub.sentUpTo) {
          socket.emit(MPC_EVENT, m.toMessage())
          sub.sentUpTo = m.seq
        }
      }
      sub.buffer = []
      sub.phase = 'catching-up'
      this.joinIfCaughtUp(seq, sub)
    } catch (err) {
      if (seq.joining.get(socket.id) === sub) seq.joining.delete(socket.id)
      this.log.error({ err, authId: seq.authId }, 'subscribe failed')
      reply({ ok: false, error: 'the relay cannot read its log right now; retry' })
    }
  }

  /** Connected sockets per account on this relay. */
  clientCounts(): Map<string, number> {
    const counts = new Map<string, number>([...this.sequencers.keys()].map((id) => [id, 0]))
    for (const socket of this.nsp.sockets.values()) {
      const id = (socket as SupervisorSocket).data.authId
      counts.set(id, (counts.get(id) ?? 0) + 1)
    }
    return counts
  }

  stop(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer)
    this.sweepTimer = undefined
    for (const seq of this.sequencers.values()) seq.stop()
  }
}
