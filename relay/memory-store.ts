/**
 * The single-relay store: everything in this process. A restart starts from seq 0 under a new
 * random epoch per account, so a client resubscribing with a seq from before the restart gets a
 * snapshot even when the new log has already passed that seq; main then reconciles from REST.
 */
import { randomUUID } from 'node:crypto'
import type { MpcEvent } from '../mpc/events'
import { applyEvent, pruneEnded } from '../mpc/reducer'
import type { MpcState } from '../mpc/state'
import { Tombstones } from '../mpc/tombstones'
import type { RelaySnapshot } from '../mpc/wire'
import { EncodedEvent } from './encoded-event'
import type { AppendResult, EventStore, LogPosition, LogRead } from './event-store'

interface Delivery {
  seq: number
  at: number
}

/** The last `capacity` events, addressed by seq (seqs are contiguous, so a ring suffices). */
class RingLog {
  private readonly slots: (EncodedEvent | undefined)[]
  head = 0

  constructor(private readonly capacity: number) {
    this.slots = new Array<EncodedEvent | undefined>(capacity)
  }

  push(message: EncodedEvent): void {
    this.head = message.seq
    this.slots[(message.seq - 1) % this.capacity] = message
  }

  /** The oldest seq still held (head + 1 when empty). */
  get first(): number {
    return Math.max(1, this.head - this.capacity + 1)
  }

  since(seq: number): EncodedEvent[] {
    const out: EncodedEvent[] = []
    for (let s = seq + 1; s <= this.head; s++) {
      const m = this.slots[(s - 1) % this.capacity]
      if (m) out.push(m)
    }
    return out
  }
}

class AccountMemory {
  /** This process's log of the account: it dies with the process. */
  readonly epoch = randomUUID()
  readonly log: RingLog
  mpcs: Record<string, MpcState> = {}
  /** Insertion-ordered, so expiry walks from the front. */
  readonly deliveries = new Map<string, Delivery>()
  readonly tombstones = new Tombstones()

  constructor(logLimit: number) {
    this.log = new RingLog(logLimit)
  }
}

export interface MemoryStoreOptions {
  logLimit: number
  endedGraceMs: number
  dedupeTtlMs: number
  /** Cap on remembered deliveries per account, whatever their age. */
  maxDeliveries?: number
}

export class MemoryStore implements EventStore {
  private readonly accounts = new Map<string, AccountMemory>()
  private readonly maxDeliveries: number

  constructor(private readonly options: MemoryStoreOptions) {
    this.maxDeliveries = options.maxDeliveries ?? Math.max(100_000, options.logLimit)
  }

  private account(authId: string): AccountMemory {
    let a = this.accounts.get(authId)
    if (!a) {
      a = new AccountMemory(this.options.logLimit)
      this.accounts.set(authId, a)
    }
    return a
  }

  private forget(a: AccountMemory, now: number): void {
    for (const [key, d] of a.deliveries) {
      if (a.deliveries.size <= this.maxDeliveries && now - d.at < this.options.dedupeTtlMs) break
      a.deliveries.delete(key)
    }
  }

  append(
    authId: string,
    deliveryKey: string,
    event: MpcEvent,
    receivedAt: number,
  ): Promise<AppendResult> {
    const a = this.account(authId)
    this.forget(a, receivedAt)
    const seen = a.deliveries.get(deliveryKey)
    if (seen) return Promise.resolve({ duplicate: true, seq: seen.seq })
    const message = EncodedEvent.of({ seq: a.log.head + 1, receivedAt, event })
    const mpc = a.mpcs[event.mpcUuid]
    if (mpc !== undefined || !a.tombstones.has(event.mpcUuid)) {
      a.mpcs[event.mpcUuid] = applyEvent(mpc, event)
    }
    a.log.push(message)
    a.deliveries.set(deliveryKey, { seq: message.seq, at: receivedAt })
    return Promise.resolve({ duplicate: false, message, epoch: a.epoch })
  }

  private positionOf(authId: string): LogPosition {
    const a = this.account(authId)
    return { head: a.log.head, epoch: a.epoch }
  }

  position(authId: string): Promise<LogPosition> {
    return Promise.resolve(this.positionOf(authId))
  }

  positions(authIds: readonly string[]): Promise<Map<string, LogPosition>> {
    return Promise.resolve(new Map(authIds.map((id) => [id, this.positionOf(id)])))
  }

  readSince(authId: string, since: number, epoch?: string): Promise<LogRead | null> {
    const a = this.account(authId)
    if (epoch !== undefined && epoch !== a.epoch) return Promise.resolve(null)
    if (since > a.log.head || since + 1 < a.log.first) return Promise.resolve(null)
    return Promise.resolve({ events: a.log.since(since), head: a.log.head, epoch: a.epoch })
  }

  snapshot(authId: string): Promise<LogPosition & { snapshot: RelaySnapshot }> {
    const a = this.account(authId)
    this.prune(a, Date.now())
    return Promise.resolve({
      head: a.log.head,
      epoch: a.epoch,
      snapshot: { mpcs: { ...a.mpcs } },
    })
  }

  pruneEnded(now: number, authIds: readonly string[]): Promise<void> {
    for (const id of authIds) {
      const a = this.accounts.get(id)
      if (!a) continue
      this.prune(a, now)
      this.forget(a, now)
    }
    return Promise.resolve()
  }

  private prune(a: AccountMemory, now: number): void {
    const before = a.mpcs
    a.mpcs = pruneEnded({ mpcs: before }, now, this.options.endedGraceMs).mpcs
    if (a.mpcs === before) return
    a.tombstones.bury(
      Object.keys(before).filter((uuid) => !(uuid in a.mpcs)),
      now,
    )
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}
