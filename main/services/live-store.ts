/**
 * The desk's live state (DESIGN §5): the mpc/ reducer's MpcState per live MPC, the relay
 * sequence number it includes, and where each MPC's data last came from (the relay's events
 * or a REST reconcile) and when, so the UI can show data age.
 *
 * Ended MPCs stay for a grace period (the supervisor sees the call end) and are then evicted,
 * keeping memory bounded over days. An evicted uuid is remembered for a while so that a late
 * or duplicated callback cannot bring the call back as a ghost.
 *
 * A call Plivo answered "not found" for (`endGone`) is ended on the board with a reason the
 * supervisor can read, and remembered apart from the evicted ones: the relay's own live state
 * still holds such a call (it only ever heard it start), so neither its events nor a relay
 * snapshot may bring it back — a snapshot un-buries an evicted call, never a gone one.
 *
 * Each call also carries when anything last vouched for it (`checkedAt`: a relay event, or a
 * REST read that found it live as shown), so the desk can mark a card whose data nobody has
 * confirmed for a while (`markStale`).
 */
import type { MpcEvent } from '../../mpc/events'
import { applyEvent } from '../../mpc/reducer'
import type { MpcState } from '../../mpc/state'
import { TOMBSTONE_CAP, TOMBSTONE_TTL_MS, Tombstones } from '../../mpc/tombstones'
import type { RelaySnapshot } from '../../mpc/wire'
import { contradicts } from './live-contradicts'
import { nextMeta, updateStale, type DataSource, type MpcMeta } from './live-meta'
import { RestEntries } from './live-rest-entries'

export type { DataSource, MpcMeta } from './live-meta'
export { REST_ENTRY_SKEW_MS } from './live-rest-entries'

export interface ApplyResult {
  changed: boolean
  /** The event disagrees with what the store knows, so the MPC should be re-read. */
  contradicts: boolean
}

export const DEFAULT_ENDED_GRACE_MS = 60_000

/**
 * The termination cause the desk writes on a call Plivo answered "not found" for. Plivo keeps an
 * ended call readable by uuid, so "not found" means the account has no such call at all — e.g. a
 * simulator restarted on the same API base, or a call the relay invented from a stray callback.
 */
export const GONE_CAUSE = 'Plivo no longer knows this call'

export class LiveStore {
  private readonly mpcs = new Map<string, MpcState>()
  private readonly meta = new Map<string, MpcMeta>()
  private readonly tombstones: Tombstones
  /** Calls Plivo said it does not know: no event or snapshot brings them back. */
  private readonly gone: Tombstones
  /** Timeline entries written from REST, until their callbacks replace them. */
  private readonly restEntries = new RestEntries()
  /** The relay sequence number the state includes (0 before any). */
  seq = 0

  constructor(
    private readonly now: () => number = Date.now,
    evictedMemoryMs = TOMBSTONE_TTL_MS,
  ) {
    this.tombstones = new Tombstones(TOMBSTONE_CAP, evictedMemoryMs)
    this.gone = new Tombstones(TOMBSTONE_CAP, evictedMemoryMs)
  }

  get(mpcUuid: string): MpcState | undefined {
    return this.mpcs.get(mpcUuid)
  }

  metaOf(mpcUuid: string): MpcMeta | undefined {
    return this.meta.get(mpcUuid)
  }

  list(): MpcState[] {
    return [...this.mpcs.values()]
  }

  uuids(): string[] {
    return [...this.mpcs.keys()]
  }

  get size(): number {
    return this.mpcs.size
  }

  wasEvicted(mpcUuid: string): boolean {
    return this.tombstones.has(mpcUuid)
  }

  /** Plivo answered "not found" for this call (`endGone`). */
  isGone(mpcUuid: string): boolean {
    return this.gone.has(mpcUuid)
  }

  /**
   * Applies one event from the relay (with its seq) or synthesised from REST.
   *
   * A relay event at or below the seq the store already includes (a replay overlapping a
   * snapshot or what was applied before a reconnect) is dropped here, by its seq: the reducer
   * only remembers the keys of the last minutes of a call (mpc/event-key-window.ts), so on a long
   * call it could not tell an old event replayed from a late one.
   */
  apply(event: MpcEvent, source: DataSource, seq?: number): ApplyResult {
    if (seq !== undefined) {
      if (seq <= this.seq) return { changed: false, contradicts: false }
      this.seq = seq
    }
    if (this.tombstones.has(event.mpcUuid) || this.gone.has(event.mpcUuid)) {
      return { changed: false, contradicts: false }
    }
    const before = this.mpcs.get(event.mpcUuid)
    const contradicting = source === 'relay' && contradicts(before, event)
    let after = applyEvent(before, event)
    if (after === before) {
      // A duplicate still proves the relay hears of the call.
      if (source === 'relay') this.vouch(event.mpcUuid)
      return { changed: false, contradicts: contradicting }
    }
    after =
      source === 'rest'
        ? this.restEntries.note(before, after)
        : this.restEntries.replace(after, event)
    this.put(after, source)
    return { changed: true, contradicts: contradicting }
  }

  /**
   * Seeds the store from a relay snapshot at `head`. MPCs the snapshot lacks are kept but
   * marked unconfirmed (the relay may have lost them, e.g. restarted without Redis); the caller
   * reconciles them from REST. Returns what changed.
   */
  applySnapshot(
    head: number,
    snapshot: RelaySnapshot,
  ): { upserts: string[]; unconfirmed: string[] } {
    this.seq = head
    const upserts: string[] = []
    for (const [uuid, mpc] of Object.entries(snapshot.mpcs)) {
      if (mpc.mpcUuid !== uuid) continue
      // The relay never heard this call end (Plivo did not know it): ours stays as it is.
      if (this.gone.has(uuid)) continue
      this.tombstones.forget(uuid)
      this.restEntries.forget(uuid) // the relay's state replaces ours, entries and all
      this.put(mpc, 'relay', true)
      upserts.push(uuid)
    }
    const unconfirmed: string[] = []
    for (const uuid of this.mpcs.keys()) {
      if (Object.hasOwn(snapshot.mpcs, uuid) || this.gone.has(uuid)) continue
      const meta = this.meta.get(uuid)
      if (meta) meta.unconfirmed = true
      unconfirmed.push(uuid)
    }
    return { upserts, unconfirmed }
  }

  /** REST says this MPC is live (or told us how it ended): it no longer needs confirming. */
  confirm(mpcUuid: string): void {
    const meta = this.meta.get(mpcUuid)
    if (!meta) return
    delete meta.unconfirmed
    meta.checkedAt = this.now()
  }

  /**
   * Plivo does not know this call: end it on the board now, with `GONE_CAUSE` as the reason, and
   * refuse whatever the relay still says of it. It then leaves after the ended grace, like any
   * ended call. Returns whether the call was on the board (and live).
   */
  endGone(mpcUuid: string): boolean {
    const mpc = this.mpcs.get(mpcUuid)
    if (!mpc || this.gone.has(mpcUuid)) return false
    const at = this.now()
    if (mpc.status !== 'ended') {
      const end: MpcEvent = {
        kind: 'mpc',
        name: 'MPCEnd',
        mpcUuid,
        // When it ended is unknown; the last fact anyone heard is the honest bound. Ending it now
        // would stretch an open speech or hold over the time nobody heard of it (a talk share
        // of 99% for a customer whose speak stop never came).
        at: mpc.lastEventAt + 1,
        terminationCause: GONE_CAUSE,
        raw: { EventName: 'MPCEnd', MPCUUID: mpcUuid, Source: 'desk' },
      }
      if (mpc.name !== undefined) end.mpcName = mpc.name
      this.put(this.restEntries.note(mpc, applyEvent(mpc, end)), 'rest')
    }
    this.gone.bury([mpcUuid], at)
    return mpc.status !== 'ended'
  }

  /**
   * Marks live calls nothing vouched for since `cutoff` (wall clock) as stale, and clears the
   * mark on those vouched for again. Returns the uuids whose mark changed.
   */
  markStale(cutoff: number): string[] {
    const changed: string[] = []
    for (const [uuid, meta] of this.meta) if (updateStale(meta, cutoff)) changed.push(uuid)
    return changed
  }

  /** Drops an MPC outright (REST does not know it at all). */
  remove(mpcUuid: string): boolean {
    if (!this.mpcs.delete(mpcUuid)) return false
    this.meta.delete(mpcUuid)
    this.restEntries.forget(mpcUuid)
    this.tombstones.bury([mpcUuid], this.now())
    return true
  }

  /** Forgets everything (a different account). */
  clear(): void {
    this.mpcs.clear()
    this.meta.clear()
    this.tombstones.clear()
    this.gone.clear()
    this.restEntries.clear()
    this.seq = 0
  }

  /** Evicts MPCs that ended more than `graceMs` ago; returns their uuids. */
  evictEnded(graceMs: number): string[] {
    const cutoff = this.now() - graceMs
    const evicted: string[] = []
    for (const [uuid, meta] of this.meta) {
      if (meta.endedSeenAt !== undefined && meta.endedSeenAt <= cutoff) evicted.push(uuid)
    }
    for (const uuid of evicted) this.remove(uuid)
    return evicted
  }

  /** A relay event for the call arrived: it is alive as far as the callbacks know. */
  private vouch(mpcUuid: string): void {
    const meta = this.meta.get(mpcUuid)
    if (!meta) return
    const at = this.now()
    meta.heardAt = at
    meta.checkedAt = at
  }

  /** `fromSnapshot`: the relay's state, not a callback (see `nextMeta`). */
  private put(mpc: MpcState, source: DataSource, fromSnapshot = false): void {
    const meta = nextMeta(this.meta.get(mpc.mpcUuid), mpc, source, this.now(), fromSnapshot)
    this.mpcs.set(mpc.mpcUuid, mpc)
    this.meta.set(mpc.mpcUuid, meta)
  }
}
