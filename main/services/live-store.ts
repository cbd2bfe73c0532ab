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
import type { MpcState, TimelineEntry } from '../../mpc/state'
import { TOMBSTONE_CAP, TOMBSTONE_TTL_MS, Tombstones } from '../../mpc/tombstones'
import type { RelaySnapshot } from '../../mpc/wire'

export type DataSource = 'relay' | 'rest'

export interface MpcMeta {
  /** Where the newest change came from. */
  source: DataSource
  /** Wall-clock time of the newest change. */
  at: number
  /** Wall-clock time the MPC was first seen ended (eviction clock). */
  endedSeenAt?: number
  /** Kept from before a relay snapshot that did not include it: REST must confirm it. */
  unconfirmed?: boolean
  /** Wall-clock time of the newest relay event that changed it (live proof Plivo knows it). */
  heardAt?: number
  /** Wall-clock time of the newest relay event or REST read that vouched for it. */
  checkedAt: number
  /** Set while nothing vouched for it for longer than the stale threshold (`markStale`). */
  stale?: boolean
}

export interface ApplyResult {
  changed: boolean
  /** The event disagrees with what the store knows, so the MPC should be re-read. */
  contradicts: boolean
}

export const DEFAULT_ENDED_GRACE_MS = 60_000
/**
 * How much later than a REST-derived entry the real callback for the same fact may be stamped:
 * Plivo stamps whole seconds on its own clock, the desk stamps REST reads on its clock.
 */
export const REST_ENTRY_SKEW_MS = 5000

/**
 * The termination cause the desk writes on a call Plivo answered "not found" for. Plivo keeps an
 * ended call readable by uuid, so "not found" means the account has no such call at all — e.g. a
 * simulator restarted on the same API base, or a call the relay invented from a stray callback.
 */
export const GONE_CAUSE = 'Plivo no longer knows this call'

/** Events that legitimately open an MPC the store has not seen. */
const OPENING_EVENTS = new Set(['MPCInitialized', 'MPCStart'])

export class LiveStore {
  private readonly mpcs = new Map<string, MpcState>()
  private readonly meta = new Map<string, MpcMeta>()
  private readonly tombstones: Tombstones
  /** Calls Plivo said it does not know: no event or snapshot brings them back. */
  private readonly gone: Tombstones
  /**
   * Timeline entries the store wrote for facts it learned from REST, per MPC, until the real
   * callback for the same fact replaces them. A REST read races the callbacks it reads about, so
   * without this the timeline would show the fact twice (the callback has another event key).
   */
  private readonly restEntries = new Map<string, TimelineEntry[]>()
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
    const contradicts = source === 'relay' && this.contradicts(before, event)
    let after = applyEvent(before, event)
    if (after === before) {
      // A duplicate still proves the relay hears of the call.
      if (source === 'relay') this.vouch(event.mpcUuid)
      return { changed: false, contradicts }
    }
    after =
      source === 'rest' ? this.noteRestEntry(before, after) : this.replaceRestEntry(after, event)
    this.put(after, source)
    return { changed: true, contradicts }
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
      this.restEntries.delete(uuid) // the relay's state replaces ours, entries and all
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
      this.put(this.noteRestEntry(mpc, applyEvent(mpc, end)), 'rest')
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
    for (const [uuid, meta] of this.meta) {
      const stale = meta.endedSeenAt === undefined && meta.checkedAt < cutoff
      if (stale === (meta.stale === true)) continue
      if (stale) meta.stale = true
      else delete meta.stale
      changed.push(uuid)
    }
    return changed
  }

  /** Drops an MPC outright (REST does not know it at all). */
  remove(mpcUuid: string): boolean {
    if (!this.mpcs.delete(mpcUuid)) return false
    this.meta.delete(mpcUuid)
    this.restEntries.delete(mpcUuid)
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

  /**
   * `fromSnapshot`: the relay's state, not a callback — it proves nothing new about a call the
   * store already had (the relay holds a ghost as live as any call), so it vouches only for a
   * call the store did not have.
   */
  private put(mpc: MpcState, source: DataSource, fromSnapshot = false): void {
    const at = this.now()
    const previous = this.meta.get(mpc.mpcUuid)
    // A REST change vouches too: it was read from Plivo just now.
    const checkedAt = fromSnapshot && previous ? previous.checkedAt : at
    const meta: MpcMeta = { source, at, checkedAt }
    if (mpc.status === 'ended') meta.endedSeenAt = previous?.endedSeenAt ?? at
    if (previous?.unconfirmed && source === 'relay') meta.unconfirmed = true
    if (source === 'relay' && !fromSnapshot) meta.heardAt = at
    else if (previous?.heardAt !== undefined) meta.heardAt = previous.heardAt
    this.mpcs.set(mpc.mpcUuid, mpc)
    this.meta.set(mpc.mpcUuid, meta)
  }

  /** Remembers the timeline entry a REST-derived event added, so its callback can replace it. */
  private noteRestEntry(before: MpcState | undefined, after: MpcState): MpcState {
    if (after.timeline === before?.timeline) return after
    const old = new Set(before?.timeline)
    const added = after.timeline.find((entry) => !old.has(entry))
    if (added) {
      const entries = this.restEntries.get(after.mpcUuid) ?? []
      entries.push(added)
      this.restEntries.set(after.mpcUuid, entries)
    }
    return after
  }

  /**
   * A callback from the relay states a fact REST may already have told us: its entry (Plivo's
   * time, Plivo's details) takes the place of the one the store wrote from REST.
   */
  private replaceRestEntry(after: MpcState, event: MpcEvent): MpcState {
    const entries = this.restEntries.get(after.mpcUuid)
    if (!entries) return after
    const memberId = 'memberId' in event ? event.memberId : undefined
    const index = entries.findIndex(
      (entry) =>
        entry.name === event.name &&
        entry.memberId === memberId &&
        event.at <= entry.at + REST_ENTRY_SKEW_MS,
    )
    if (index < 0) return after
    const [replaced] = entries.splice(index, 1)
    if (entries.length === 0) this.restEntries.delete(after.mpcUuid)
    const timeline = after.timeline.filter((entry) => entry !== replaced)
    return timeline.length === after.timeline.length ? after : { ...after, timeline }
  }

  /** An event that only makes sense if we had seen something we did not. */
  private contradicts(before: MpcState | undefined, event: MpcEvent): boolean {
    if (!before) return !OPENING_EVENTS.has(event.name)
    if (before.status === 'ended' && event.name !== 'MPCEnd' && event.kind !== 'recording') {
      return event.kind === 'participant' && event.name === 'ParticipantJoin'
    }
    if (event.kind === 'participant' && event.name !== 'ParticipantJoin') {
      const member = before.participants[event.memberId]
      return member === undefined || member.joinedAt === undefined
    }
    return false
  }
}
