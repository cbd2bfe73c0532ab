/**
 * The Electron host's `DeskTransport` (DESIGN §6): invoke over `ipcRenderer.invoke`, pushes over
 * `ipcRenderer.on`. The IPC object is passed in (only preload/index.ts may load `electron`),
 * which also lets tests drive this with a fake.
 *
 * Main answers every invoke with a `HostReply` envelope, because an error thrown across IPC
 * loses its class and gains a prefix; a refusal rejects with a `DeskTransportError` carrying
 * the `DeskError`, as over the web host's socket (`createDeskApi` turns that into a `Result`
 * for the channels that have one).
 *
 * Listeners receive the payload only: the IPC event (and its `sender`) never reaches the page.
 */
import {
  assertContractChannel,
  DeskTransportError,
  unwrapHostReply,
  type DeskTransport,
} from './api'

/** The part of Electron's ipcRenderer this transport uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

export function createIpcTransport(ipc: IpcRendererLike): DeskTransport {
  return {
    async invoke(channel, payload) {
      assertContractChannel('invoke', channel)
      let reply: unknown
      try {
        reply = await ipc.invoke(channel, payload)
      } catch (error) {
        // Electron itself failed the call (no handler: main is starting or stopping).
        throw new DeskTransportError({
          code: 'internal',
          message: `The desk did not answer ${channel}: ${error instanceof Error ? error.message : String(error)}`,
        })
      }
      return unwrapHostReply(channel, reply)
    },
    subscribe(channel, listener) {
      assertContractChannel('push', channel)
      const handler = (_event: unknown, payload: unknown): void => listener(payload)
      ipc.on(channel, handler)
      return () => {
        ipc.removeListener(channel, handler)
      }
    },
  }
}
