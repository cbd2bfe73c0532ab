/**
 * The relay's socket.io protocol (DESIGN §4), shared by relay/ (server) and main/ (client).
 * Namespace `/supervisor`, handshake `auth: { token }`.
 */
import { z } from 'zod'
import type { MpcEvent } from './events'
import type { MpcState } from './state'

export const SUPERVISOR_NAMESPACE = '/supervisor'

/** client → server `subscribe`, acked with `SubscribeAck`. */
export const subscribeRequestSchema = z.object({
  since: z.number().int().nonnegative().optional(),
})
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>

/**
 * If `since` is still in the log, the relay replays every event after it (as `mpc-event`
 * messages, in order) and acks `{ head }`. Otherwise it acks `{ head, snapshot }`: the live state
 * at `head`; events after `head` follow.
 */
export type SubscribeAck =
  { ok: true; head: number; snapshot?: RelaySnapshot } | { ok: false; error: string }

export interface RelaySnapshot {
  /** Live MPCs of the account by uuid (ended ones until their grace period passes). */
  mpcs: Record<string, MpcState>
}

/** server → client `mpc-event`, in seq order per account. */
export interface RelayEventMessage {
  seq: number
  /** Wall-clock ms when the relay accepted the callback. */
  receivedAt: number
  event: MpcEvent
}

export const MPC_EVENT = 'mpc-event'
export const SUBSCRIBE = 'subscribe'
