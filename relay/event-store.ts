/**
 * Where accepted callbacks live: per account, a sequence counter, a bounded log, the live state
 * (the `mpc/` reducer over the log) and the deliveries already seen. Two implementations: in
 * memory (one relay) and Redis (any number of relays sharing one order).
 */
import type { MpcEvent } from '../mpc/events'
import type { RelayEventMessage, RelaySnapshot } from '../mpc/wire'

export type AppendResult =
  | { duplicate: false; message: RelayEventMessage }
  /** The same delivery was accepted before, as `seq`; nothing was stored now. */
  | { duplicate: true; seq: number }

export interface LogRead {
  /** Every event with seq > `since`, in seq order. */
  events: RelayEventMessage[]
  /** The last seq covered by the read (`since` when nothing followed). */
  head: number
}

export interface EventStore {
  /**
   * Appends `event` as the account's next seq and folds it into the live state, atomically with
   * remembering `deliveryKey`; a delivery key seen before appends nothing.
   */
  append(
    authId: string,
    deliveryKey: string,
    event: MpcEvent,
    receivedAt: number,
  ): Promise<AppendResult>
  /** The account's last assigned seq (0 before the first event). */
  head(authId: string): Promise<number>
  /** Heads of several accounts at once. */
  heads(authIds: readonly string[]): Promise<Map<string, number>>
  /** Events after `since`, or `null` when some of them have left the bounded log. */
  readSince(authId: string, since: number): Promise<LogRead | null>
  /** The live state and the seq it reflects, taken atomically. */
  snapshot(authId: string): Promise<{ head: number; snapshot: RelaySnapshot }>
  /** Drops the accounts' ended MPCs whose grace period has passed. */
  pruneEnded(now: number, authIds: readonly string[]): Promise<void>
  close(): Promise<void>
}

export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StoreUnavailableError'
  }
}
