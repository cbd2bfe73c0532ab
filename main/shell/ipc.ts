/**
 * The one door from the renderer into main (STYLE.md "IPC"): every invoke channel of the
 * contract is registered here through `handleDeskInvoke`, which
 *   (a) refuses a sender frame that is not the app's own top-level page,
 *   (b) then answers as the web host does (main/hosts/answer-invoke.ts): the size check, the
 *       contract's zod schema, the service,
 * with a `HostReply` envelope: `{ ok: true, value }` or `{ ok: false, error }`, never a thrown
 * error (those lose their class across IPC).
 *
 * The other way, `forwardPushes` sends the services' push channels to the window.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type pino from 'pino'
import { INVOKE_CHANNELS, PUSH_CHANNELS, type HostReply, type Unsubscribe } from '../../preload/api'
import { answerInvoke, refusal } from '../hosts/answer-invoke'
import type { DeskServices } from '../services/desk-services'
import { isAppUrl, type AppOrigins } from './app-origin'

export interface IpcGuard {
  origins: AppOrigins
  log?: pino.Logger
}

export async function handleDeskInvoke(
  services: DeskServices,
  guard: IpcGuard,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  channel: string,
  payload: unknown,
): Promise<HostReply> {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null || !isAppUrl(frame.url, guard.origins)) {
    guard.log?.warn({ channel, url: frame?.url }, 'refused IPC from a foreign frame')
    return refusal({ code: 'unauthorized', message: 'This request did not come from the desk.' })
  }
  return answerInvoke(services, channel, payload, guard.log)
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
