/**
 * The relay's socket.io protocol (DESIGN §4), shared by relay/ (server) and main/ (client).
 * Namespace `/supervisor`, handshake `auth: { token }`.
 */
import { z } from 'zod'
import type { MpcEvent } from './events'
import type { MpcState } from './state'

export const SUPERVISOR_NAMESPACE = '/supervisor'
export const MAX_EPOCH_LENGTH = 128

/** client → server `subscribe`, acked with `SubscribeAck`. */
export const subscribeRequestSchema = z.object({
  since: z.number().int().nonnegative().optional(),
  /**
   * The `epoch` of the ack that `since` came from. Seqs only mean something within one log: a
   * relay that lost its log (restarted without Redis, Redis flushed) counts from 0 again under
   * a new epoch, so a `since` from another epoch gets a snapshot, never a replay.
   */
  epoch: z.string().min(1).max(MAX_EPOCH_LENGTH).optional(),
})
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>

/**
 * If `since` is still in the log and the request's `epoch` is the log's (or the request has
 * none), the relay replays every event after it (as `mpc-event` messages, in order) and acks
 * `{ head, epoch }`. Otherwise it acks `{ head, epoch, snapshot }`: the live state at `head`;
 * events after `head` follow. `epoch` names the log the seqs belong to: keep it with the last
 * applied seq and send both on the next subscribe.
 */
export type SubscribeAck =
  { ok: true; head: number; epoch: string; snapshot?: RelaySnapshot } | { ok: false; error: string }

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
