/**
 * Where accepted callbacks live: per account, a sequence counter, a bounded log, the live state
 * (the `mpc/` reducer over the log) and the deliveries already seen. Two implementations: in
 * memory (one relay) and Redis (any number of relays sharing one order).
 */
import type { MpcEvent } from '../mpc/events'
import type { RelaySnapshot } from '../mpc/wire'
import type { EncodedEvent } from './encoded-event'

export type AppendResult =
  /** `epoch`: the log the message was appended to. */
  | { duplicate: false; message: EncodedEvent; epoch: string }
  /** The same delivery was accepted before, as `seq`; nothing was stored now. */
  | { duplicate: true; seq: number }

export interface LogRead {
  /** Every event with seq > `since`, in seq order. */
  events: EncodedEvent[]
  /** The last seq covered by the read (`since` when nothing followed). */
  head: number
  /** The log the events belong to. */
  epoch: string
}

/**
 * Where an account's log stands. `epoch` names the log: seqs restart from 1 only under a new
 * epoch (a relay without Redis restarted, or Redis lost its data), so (epoch, seq) is a
 * position that never means two different events.
 */
export interface LogPosition {
  head: number
  epoch: string
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
  /** The account's last assigned seq (0 before the first event) and its log's epoch. */
  position(authId: string): Promise<LogPosition>
  /** Positions of several accounts at once. */
  positions(authIds: readonly string[]): Promise<Map<string, LogPosition>>
  /**
   * Events after `since`, or `null` when some of them have left the bounded log, `since` is
   * past the head, or `epoch` is given and is not the log's (`since` counts in another log).
   */
  readSince(authId: string, since: number, epoch?: string): Promise<LogRead | null>
  /** The live state, the seq it reflects and the log's epoch, taken atomically. */
  snapshot(authId: string): Promise<LogPosition & { snapshot: RelaySnapshot }>
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
