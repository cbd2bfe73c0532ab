/**
 * The desk's subscription to the relay (DESIGN §4/§5): socket.io-client on the `/supervisor`
 * namespace with the supervisor token, reconnecting with backoff, re-subscribing from the last
 * applied seq after every (re)connect.
 *
 * Events reach `onEvent` exactly once and in seq order: a duplicate (seq ≤ last) is dropped,
 * and a gap (seq > last + 1, e.g. a message lost in a relay failover) triggers a re-subscribe
 * from the last applied seq, so the relay replays what was missed — or sends a snapshot when
 * it can no longer. Events that arrive while a subscribe is in flight are held and released in
 * order once its ack says where the stream stands.
 *
 * A seq only means something within one relay log, named by the ack's `epoch`: the subscription
 * keeps the epoch of the log the applied seqs count in and sends it with `since`, so a relay that
 * lost its log (restarted without Redis) answers with a snapshot even when its new log has
 * already passed our seq — instead of replaying events of another history as if they followed.
 *
 * Every message is checked at this edge (zod) before anything uses it.
 *
 * A connection that fails says where and why in a supervisor's words (`connectErrorText`, in
 * relay-connect-error.ts) rather than socket.io's bare "websocket error".
 */
import { io, type Socket } from 'socket.io-client'
import { z } from 'zod'
import {
  MAX_EPOCH_LENGTH,
  MPC_EVENT,
  SUBSCRIBE,
  SUPERVISOR_NAMESPACE,
  type RelayEventMessage,
  type RelaySnapshot,
} from '../../mpc/wire'
import { mpcEventSchema, mpcStateSchema } from '../../mpc/wire-schemas'
import { connectErrorText, errorText } from './relay-connect-error'

export { connectErrorText, displayRelayUrl } from './relay-connect-error'

export type SubscriptionPhase =
  | 'connecting'
  /** Connected; waiting for the subscribe ack (replay or snapshot). */
  | 'subscribing'
  | 'live'
  /** Lost the connection (or the relay refused a subscribe); retrying with backoff. */
  | 'reconnecting'
  /** The relay refused us (e.g. wrong token): no automatic retry. */
  | 'refused'

export interface SubscriptionHandlers {
  /**
   * The last seq applied from this subscription's stream (snapshot head or event seq), or
   * undefined when nothing has been (ask for a snapshot).
   */
  lastSeq(): number | undefined
  onSnapshot(head: number, snapshot: RelaySnapshot): void
  onEvent(message: RelayEventMessage): void
  onPhase(phase: SubscriptionPhase, reason?: string): void
}

export interface RelaySubscriptionOptions {
  url: string
  token: string
  handlers: SubscriptionHandlers
  subscribeTimeoutMs?: number
  /** How long one connection attempt may take before it counts as timed out. */
  connectTimeoutMs?: number
  reconnectDelayMs?: number
  reconnectDelayMaxMs?: number
  warn?: (message: string, detail?: unknown) => void
}

export interface RelaySubscription {
  /** Asks the relay again from the last applied seq. */
  resubscribe(reason: string): void
  stop(): void
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 20_000

const eventMessageSchema = z.object({
  seq: z.number().int().positive(),
  receivedAt: z.number().finite(),
  event: mpcEventSchema,
})
const ackSchema = z.union([
  z.object({
    ok: z.literal(true),
    head: z.number().int().nonnegative(),
    // Optional: a relay from before epochs sends none; we then resubscribe with `since` alone.
    epoch: z.string().min(1).max(MAX_EPOCH_LENGTH).optional(),
    snapshot: z.object({ mpcs: z.record(z.string(), mpcStateSchema) }).optional(),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
])

export function subscribeToRelay(options: RelaySubscriptionOptions): RelaySubscription {
  const { handlers } = options
  const subscribeTimeout = options.subscribeTimeoutMs ?? 10_000
  const connectTimeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  const socket: Socket = io(new URL(SUPERVISOR_NAMESPACE, options.url).href, {
    auth: { token: options.token },
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: options.reconnectDelayMs ?? 500,
    reconnectionDelayMax: options.reconnectDelayMaxMs ?? 10_000,
    randomizationFactor: 0.5,
    timeout: connectTimeout,
  })

  let stopped = false
  /** Bumped per subscribe, so a stale ack (from before a reconnect) is ignored. */
  let generation = 0
  let subscribing = false
  let held: RelayEventMessage[] = []
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  /** The relay log that `handlers.lastSeq()` counts in (from the last ack). */
  let epoch: string | undefined
  /** The relay's last answer did not fit our position: ask for a snapshot, not a replay. */
  let needSnapshot = false

  function deliver(message: RelayEventMessage): void {
    const last = handlers.lastSeq()
    if (last !== undefined && message.seq <= last) return
    if (last !== undefined && message.seq > last + 1) {
      subscribe(`gap: expected seq ${last + 1}, got ${message.seq}`)
      held.push(message)
      return
    }
    if (last === undefined) {
      // No snapshot yet: an event cannot be placed; the subscribe that is coming will.
      held.push(message)
      return
    }
    handlers.onEvent(message)
  }

  function subscribe(reason: string): void {
    if (stopped || !socket.connected) return
    if (subscribing && reason.startsWith('gap')) return // the one in flight covers it
    subscribing = true
    const mine = ++generation
    const since = needSnapshot ? undefined : handlers.lastSeq()
    const sentEpoch = since === undefined ? undefined : epoch
    const request = since === undefined ? {} : sentEpoch ? { since, epoch: sentEpoch } : { since }
    handlers.onPhase('subscribing', reason)
    socket
      .timeout(subscribeTimeout)
      .emitWithAck(SUBSCRIBE, request)
      .then((raw: unknown) => {
        if (mine !== generation || stopped) return
        const ack = ackSchema.safeParse(raw)
        if (!ack.success) throw new Error(`malformed subscribe ack: ${ack.error.message}`)
        if (!ack.data.ok) throw new Error(`relay refused subscribe: ${ack.data.error}`)
        const { head, snapshot } = ack.data
        subscribing = false
        if (snapshot) {
          epoch = ack.data.epoch
          needSnapshot = false
          handlers.onSnapshot(head, snapshot)
        } else if (since !== undefined && head < since) {
          // The relay's log is behind what we applied (it lost its history) but it did not
          // send a snapshot: ask for one explicitly rather than trust a mismatched stream.
          needSnapshot = true
          throw new Error(`relay head ${head} is behind our seq ${since}`)
        } else if (sentEpoch !== undefined && ack.data.epoch !== sentEpoch) {
          // A replay from another log than ours would mix two histories.
          needSnapshot = true
          throw new Error(`relay replayed log ${ack.data.epoch ?? '(none)'}, ours is ${sentEpoch}`)
        } else {
          epoch = ack.data.epoch
        }
        if (handlers.lastSeq() === undefined)
          throw new Error('relay sent neither replay nor snapshot')
        const pending = held.sort((a, b) => a.seq - b.seq)
        held = []
        handlers.onPhase('live')
        for (const message of pending) deliver(message)
      })
      .catch((error: unknown) => {
        if (mine !== generation || stopped) return
        subscribing = false
        options.warn?.('relay subscribe failed; retrying', error)
        handlers.onPhase('reconnecting', errorText(error))
        retryTimer = setTimeout(() => subscribe('retry after failed subscribe'), 1000)
      })
  }

  socket.on('connect', () => {
    held = []
    handlers.onPhase('subscribing', 'connected')
    subscribe('connected')
  })
  socket.on('disconnect', (reason) => {
    generation++ // any ack still in flight belongs to the old connection
    subscribing = false
    held = []
    if (!stopped) handlers.onPhase('reconnecting', `connection lost (${reason})`)
  })
  socket.on('connect_error', (error) => {
    if (stopped) return
    // Not active: the relay itself turned us away (e.g. a wrong token) and says why.
    if (socket.active) {
      handlers.onPhase('reconnecting', connectErrorText(error, options.url, connectTimeout))
    } else handlers.onPhase('refused', error.message)
  })
  socket.on(MPC_EVENT, (raw: unknown) => {
    const parsed = eventMessageSchema.safeParse(raw)
    if (!parsed.success) {
      options.warn?.('dropped a malformed mpc-event from the relay', parsed.error.message)
      return
    }
    const message: RelayEventMessage = parsed.data
    if (subscribing) held.push(message)
    else deliver(message)
  })
  handlers.onPhase('connecting')

  return {
    resubscribe(reason) {
      subscribing = false
      subscribe(reason)
    },
    stop() {
      stopped = true
      if (retryTimer) clearTimeout(retryTimer)
      socket.removeAllListeners()
      socket.disconnect()
    },
  }
}
