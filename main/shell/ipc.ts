/**
 * The one door from the renderer into main (STYLE.md "IPC"): every invoke channel of the
 * contract is registered here through `handleDeskInvoke`, which
 *   (a) refuses a sender frame that is not the app's own top-level page,
 *   (b) refuses an oversized message,
 *   (c) runs `dispatchInvoke` — the contract's zod schema, then the service —
 * and answers an `IpcReply` envelope: `{ ok: true, value }` or `{ ok: false, error }`, never a
 * thrown error (those lose their class across IPC).
 *
 * The other way, `forwardPushes` sends the services' push channels to the window.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type pino from 'pino'
import {
  MAX_MESSAGE_BYTES,
  invokeSchemas,
  type DeskError,
  type InvokeChannel,
  type Unsubscribe,
} from '../../preload/api'
import { PUSH_CHANNELS, type IpcReply } from '../../preload/ipc-transport'
import { dispatchInvoke, InvalidMessageError, type DeskServices } from '../services/desk-services'
import { isAppUrl, type AppOrigins } from './app-origin'

export const INVOKE_CHANNELS = Object.keys(invokeSchemas) as InvokeChannel[]

export interface IpcGuard {
  origins: AppOrigins
  log?: pino.Logger
}

const refused = (message: string): IpcReply => ({
  ok: false,
  error: { code: 'unauthorized', message },
})

/** Size of a payload as structured-clone would carry it, approximated by its JSON. */
function payloadBytes(payload: unknown): number {
  if (payload === undefined) return 0
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '', 'utf8')
  } catch {
    return Infinity // cyclic or otherwise not plain data: refuse
  }
}

export async function handleDeskInvoke(
  services: DeskServices,
  guard: IpcGuard,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  channel: string,
  payload: unknown,
): Promise<IpcReply> {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null || !isAppUrl(frame.url, guard.origins)) {
    guard.log?.warn({ channel, url: frame?.url }, 'refused IPC from a foreign frame')
    return refused('This request did not come from the desk.')
  }
  if (payloadBytes(payload) > MAX_MESSAGE_BYTES) {
    return { ok: false, error: { code: 'invalid', message: `${channel}: message too large` } }
  }
  try {
    return { ok: true, value: await dispatchInvoke(services, channel, payload) }
  } catch (error) {
    if (error instanceof InvalidMessageError) return { ok: false, error: error.error }
    guard.log?.error({ err: error, channel }, 'IPC handler failed')
    const internal: DeskError = {
      code: 'internal',
      message: error instanceof Error ? error.message : String(error),
    }
    return { ok: false, error: internal }
  }
}

/** Registers every invoke channel; returns the function that removes them again. */
export function registerDeskIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  services: DeskServices,
  guard: IpcGuard,
): Unsubscribe {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) =>
      handleDeskInvoke(services, guard, event, channel, payload),
    )
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel)
  }
}

/** Sends every push of the services to the window's page (when it is the app's own). */
export function forwardPushes(
  services: DeskServices,
  target: () => WebContents | undefined,
  origins: AppOrigins,
): Unsubscribe {
  const offs = PUSH_CHANNELS.map((channel) =>
    services.subscribe(channel, (payload: unknown) => {
      const contents = target()
      if (!contents || contents.isDestroyed()) return
      // Never hand the desk's data to a page that is not the desk.
      if (!isAppUrl(contents.getURL(), origins)) return
      contents.send(channel, payload)
    }),
  )
  return () => offs.forEach((off) => off())
}
