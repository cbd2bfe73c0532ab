/**
 * The renderer's transport in a browser tab (DESIGN §6): `DeskApi` over one socket.io
 * connection back to the web host that served the page. The Electron window uses the IPC
 * transport instead; both feed `createDeskApi`, so the React app cannot tell them apart.
 *
 * Browser code, bundled into the renderer: no Node imports. The session cookie the host set when
 * the page was opened authenticates the socket; there is nothing secret in here. It stays in
 * preload/ with the rest of the bridge because its wire types (`WebInvokeReply`, `WEB_EVENTS`)
 * are the contract main/web/socket-bridge.ts answers: in renderer/, main would import the UI.
 *
 * Wire protocol (the web host in main/web/ is the other side):
 * - client → `invoke` `{ channel, payload }` with an ack: `{ ok: true, value }` with the
 *   channel's result, or `{ ok: false, error: DeskError }` when the host refused the message
 *   (unknown channel, bad payload, too large) or a service failed unexpectedly;
 * - client → `subscribe` / `unsubscribe` `[channel, …]` (push channels);
 * - server → one event per push channel, named after it, with its payload.
 *
 * The connection reconnects on its own. While it is down, connection listeners hear
 * `reconnecting` (the desk's own state is unknown then); once it is back the transport
 * re-subscribes and passes on the desk's real connection state, so a renderer that resyncs on
 * returning to `live` also recovers the patches it missed.
 */
import { io, type Socket } from 'socket.io-client'
import type { ConnectionState, DeskError, DeskTransport, InvokeChannel, PushChannel } from './api'

export type WebInvokeRequest = { channel: InvokeChannel; payload: unknown }
export type WebInvokeReply = { ok: true; value: unknown } | { ok: false; error: DeskError }

/** Socket event names of the web host's protocol. */
export const WEB_EVENTS = {
  invoke: 'invoke',
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
} as const

/** Channels that change something: never queued while disconnected. */
const CHANGES: ReadonlySet<InvokeChannel> = new Set([
  'desk:command',
  'settings:update',
  'update:restart',
])

/** How long an invoke may wait for its answer (a command waits for Plivo, with retries). */
export const DEFAULT_INVOKE_TIMEOUT_MS = 30_000

/** A refusal or failure the web host reported, with its typed error. */
export class DeskTransportError extends Error {
  constructor(readonly error: DeskError) {
    super(error.message)
    this.name = 'DeskTransportError'
  }
}

export interface WebTransportOptions {
  /** The web host's origin; by default the page's own. */
  url?: string
  invokeTimeoutMs?: number
  /**
   * For non-browser clients only (tools, tests): headers for the WebSocket handshake, e.g. the
   * session cookie. Browsers send the page's cookie and Origin themselves.
   */
  extraHeaders?: Record<string, string>
}

export interface WebTransport extends DeskTransport {
  /** Closes the socket; pending invokes reject. */
  close(): void
}

export function createWebTransport(options: WebTransportOptions = {}): WebTransport {
  const socketOptions = {
    // The host accepts WebSocket only: its handshake always carries an Origin to check.
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    // Outside a browser socket.io-client keeps its own cookie jar under withCredentials, which
    // would replace the Cookie header given here; a page's cookie goes with it either way.
    ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : { withCredentials: true }),
  }
  const socket: Socket = options.url ? io(options.url, socketOptions) : io(socketOptions)
  const timeoutMs = options.invokeTimeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS
  const listeners = new Map<PushChannel, Set<(payload: unknown) => void>>()
  let lastConnection: ConnectionState | undefined
  let wasConnected = false

  const deliver = (channel: PushChannel, payload: unknown): void => {
    if (channel === 'desk:connection') lastConnection = payload as ConnectionState
    for (const listener of listeners.get(channel) ?? []) listener(payload)
  }

  const invoke = async (channel: InvokeChannel, payload: unknown): Promise<unknown> => {
    if (CHANGES.has(channel) && wasConnected && !socket.connected) {
      // socket.io would buffer it and send it on reconnect, maybe much later: a barge or a
      // kick must happen when the supervisor clicks, or not at all. (Before the first connect
      // the page is still loading: that wait is the page's.)
      throw new DeskTransportError({
        code: 'network',
        message: 'Not connected to the desk host: nothing was sent. Try again once it reconnects.',
      })
    }
    const request: WebInvokeRequest = { channel, payload }
    let reply: WebInvokeReply
    try {
      reply = (await socket
        .timeout(timeoutMs)
        .emitWithAck(WEB_EVENTS.invoke, request)) as WebInvokeReply
    } catch {
      throw new DeskTransportError({
        code: 'timeout',
        message: `The desk did not answer ${channel} within ${Math.round(timeoutMs / 1000)} s (connection to the desk host lost?).`,
      })
    }
    if (!reply.ok) throw new DeskTransportError(reply.error)
    if (channel === 'desk:connection') lastConnection = reply.value as ConnectionState
    return reply.value
  }

  for (const channel of [
    'desk:patch',
    'desk:connection',
    'audit:entry',
    'update:status',
  ] as const) {
    socket.on(channel, (payload: unknown) => deliver(channel, payload))
  }

  socket.on('connect', () => {
    const channels = [...listeners.keys()]
    if (channels.length > 0) socket.emit(WEB_EVENTS.subscribe, channels)
    if (wasConnected && listeners.has('desk:connection')) {
      // Back after a drop: tell the renderer where the desk really is, so it resyncs.
      invoke('desk:connection', undefined).then(
        (state) => deliver('desk:connection', state),
        () => undefined, // the next drop or push reports the state again
      )
    }
    wasConnected = true
  })

  const hostState = (status: ConnectionState['status'], reason: string): void => {
    if (lastConnection?.status === status && lastConnection.reason === reason) return
    deliver('desk:connection', {
      status,
      dataAt: lastConnection?.dataAt ?? null,
      since: Date.now(),
      reason,
      demo: lastConnection?.demo ?? false,
    } satisfies ConnectionState)
  }

  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return
    // socket.io does not retry after the server hung up on purpose; the host only does that
    // when it stops, and it may come back (or tell us why not).
    if (reason === 'io server disconnect') socket.connect()
    hostState('reconnecting', 'Lost the connection to the desk host; reconnecting…')
  })

  // The handshake was refused or the host is down. A host that restarted has a new session
  // secret, so only the URL it printed gets back in; socket.io keeps retrying meanwhile.
  const unreachable = (): void =>
    hostState(
      'offline',
      'Cannot reach the desk host. If it was restarted, open the URL it printed again.',
    )
  socket.on('connect_error', unreachable)
  socket.io.on('reconnect_error', unreachable)

  return {
    invoke,
    subscribe(channel, listener) {
      let set = listeners.get(channel)
      if (!set) {
        set = new Set()
        listeners.set(channel, set)
        if (socket.connected) socket.emit(WEB_EVENTS.subscribe, [channel])
      }
      set.add(listener)
      return () => {
        const current = listeners.get(channel)
        if (!current?.delete(listener) || current.size > 0) return
        listeners.delete(channel)
        if (socket.connected) socket.emit(WEB_EVENTS.unsubscribe, [channel])
      }
    },
    close() {
      socket.close()
    },
  }
}
