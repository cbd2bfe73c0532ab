/**
 * The Electron host's `DeskTransport` (DESIGN §6): invoke over `ipcRenderer.invoke`, pushes over
 * `ipcRenderer.on`. The IPC object is passed in (only preload/index.ts may load `electron`),
 * which also lets tests drive this with a fake.
 *
 * Main answers every invoke with an `IpcReply` envelope, because an error thrown across IPC
 * loses its class and gains a prefix. Channels whose own result is a `Result` (command,
 * settings update) get a refusal back as that `Result`; the others reject with a
 * `DeskTransportError` carrying the `DeskError`.
 *
 * Listeners receive the payload only: the IPC event (and its `sender`) never reaches the page.
 */
import {
  type DeskError,
  type DeskTransport,
  type InvokeChannel,
  type PushChannel,
  type Result,
} from './api'

/** What main answers on every invoke channel. */
export type IpcReply = Result<unknown>

/** The part of Electron's ipcRenderer this transport uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

export const PUSH_CHANNELS: readonly PushChannel[] = [
  'desk:patch',
  'desk:connection',
  'audit:entry',
  'update:status',
]
const RESULT_CHANNELS: ReadonlySet<InvokeChannel> = new Set([
  'desk:command',
  'settings:update',
  'update:restart',
])

export class DeskTransportError extends Error {
  constructor(readonly error: DeskError) {
    super(error.message)
    this.name = 'DeskTransportError'
  }
}

function isReply(value: unknown): value is IpcReply {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false
  return value.ok === true ? 'value' in value : value.ok === false && 'error' in value
}

export function createIpcTransport(ipc: IpcRendererLike): DeskTransport {
  return {
    async invoke(channel, payload) {
      const reply = await ipc.invoke(channel, payload)
      if (!isReply(reply)) {
        throw new DeskTransportError({ code: 'internal', message: `malformed reply on ${channel}` })
      }
      if (reply.ok) return reply.value
      if (RESULT_CHANNELS.has(channel)) return reply
      throw new DeskTransportError(reply.error)
    },
    subscribe(channel, listener) {
      if (!PUSH_CHANNELS.includes(channel)) {
        throw new DeskTransportError({
          code: 'invalid',
          message: `unknown push channel ${channel}`,
        })
      }
      const handler = (_event: unknown, payload: unknown): void => listener(payload)
      ipc.on(channel, handler)
      return () => {
        ipc.removeListener(channel, handler)
      }
    },
  }
}
