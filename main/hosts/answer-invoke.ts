/**
 * How either host answers one invoke from the renderer (DESIGN §6): the size check, the
 * contract's schema and the service (`dispatchInvoke`), and the one reply envelope — the
 * value, or the typed `DeskError` of the refusal or failure. The Electron IPC door and the web
 * socket bridge both answer through here, so a renderer sees the same refusal over either.
 * What only one host checks (the IPC sender frame, the socket's in-flight limit) stays there.
 */
import type { Logger } from 'pino'
import {
  DeskTransportError,
  MAX_MESSAGE_BYTES,
  type DeskError,
  type HostReply,
} from '../../preload/api'
import { dispatchInvoke, type DeskServices } from '../services/desk-services'

export const refusal = (error: DeskError): HostReply => ({ ok: false, error })

/** The UTF-8 size of a message as JSON (what either host carries), or Infinity when it cannot be serialised. */
export function messageBytes(message: unknown): number {
  try {
    const json = JSON.stringify(message)
    return json === undefined ? 0 : Buffer.byteLength(json, 'utf8')
  } catch {
    return Number.POSITIVE_INFINITY // cyclic or otherwise not plain data: refuse
  }
}

/** The refusal of a message too large for either host, or undefined when it fits. */
export function oversized(channel: string, message: unknown): DeskError | undefined {
  const bytes = messageBytes(message)
  if (bytes <= MAX_MESSAGE_BYTES) return undefined
  return {
    code: 'invalid',
    message: `${channel}: message too large: ${bytes} bytes (at most ${MAX_MESSAGE_BYTES})`,
  }
}

export async function answerInvoke(
  services: DeskServices,
  channel: string,
  payload: unknown,
  log?: Logger,
): Promise<HostReply> {
  const tooLarge = oversized(channel, payload)
  if (tooLarge) return refusal(tooLarge)
  try {
    return { ok: true, value: await dispatchInvoke(services, channel, payload) }
  } catch (error) {
    if (error instanceof DeskTransportError) return refusal(error.error)
    log?.error({ err: error, channel }, 'desk service failed')
    return refusal({
      code: 'internal',
      message: `The desk failed to handle ${channel}: ${error instanceof Error ? error.message : String(error)}`,
    })
  }
}
