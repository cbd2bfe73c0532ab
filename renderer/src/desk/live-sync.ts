/**
 * Feeds the query cache from main: one snapshot, then patches, each on the narrowest key.
 *
 * - `['desk','mpc',uuid]` and `['desk','source',uuid]` per call, so an event re-renders only
 *   that call's card;
 * - `['desk','board']`, the attention-ordered entries, replaced only when ordering or filtering
 *   data changed (entries that did not change keep their identity);
 * - `['desk','mine']`, `['desk','alerts']` and `['desk','hand-offs']`, replaced when a patch
 *   carries them.
 *
 * Patches that arrive while a snapshot is loading wait in a buffer and are replayed after it
 * when newer than it, so nothing between the two is lost and nothing older overwrites it.
 */
import type { QueryClient } from '@tanstack/react-query'
import type {
  Alert,
  AuditEntry,
  DeskApi,
  DeskPatch,
  DeskSnapshot,
  MyPresence,
  Unsubscribe,
} from '../../../preload/api'
import type { MpcState } from '../../../preload/domain'
import {
  type BoardEntry,
  boardEntry,
  compareAttention,
  groupAlerts,
  orderByAttention,
  sameEntry,
} from './attention'
import { newestFirst } from './audit-order'
import { updateOps } from './pending-ops'
import { unsettledOps } from './optimistic'
import { deskKeys, pendingQuery, type SnapshotMeta } from './queries'

export function applySnapshot(qc: QueryClient, snap: DeskSnapshot, now: number): void {
  const keep = new Set(snap.mpcs.map((m) => m.mpcUuid))
  for (const [key] of qc.getQueriesData<MpcState>({ queryKey: deskKeys.mpcs() })) {
    const uuid = key[2]
    if (typeof uuid === 'string' && !keep.has(uuid)) forgetMpc(qc, uuid)
  }
  for (const mpc of snap.mpcs) {
    qc.setQueryData(deskKeys.mpc(mpc.mpcUuid), mpc)
    const source = snap.sources[mpc.mpcUuid]
    if (source) qc.setQueryData(deskKeys.source(mpc.mpcUuid), source)
  }
  qc.setQueryData(deskKeys.mine(), snap.mine)
  qc.setQueryData(deskKeys.alerts(), snap.alerts)
  qc.setQueryData(deskKeys.handOffs(), snap.handOffs)
  const byMpc = groupAlerts(snap.alerts)
  const entries = snap.mpcs.map((m) => boardEntry(m, byMpc.get(m.mpcUuid) ?? [], now))
  setBoard(qc, entries)
  settlePending(qc, null)
}

export function applyPatch(qc: QueryClient, patch: DeskPatch, now: number): void {
  const prevAlerts = qc.getQueryData<Alert[]>(deskKeys.alerts()) ?? []
  for (const uuid of patch.removed) forgetMpc(qc, uuid)
  for (const mpc of patch.upserts) qc.setQueryData(deskKeys.mpc(mpc.mpcUuid), mpc)
  if (patch.mine) qc.setQueryData(deskKeys.mine(), patch.mine)
  if (patch.alerts) qc.setQueryData(deskKeys.alerts(), patch.alerts)
  if (patch.handOffs) qc.setQueryData(deskKeys.handOffs(), patch.handOffs)
  for (const [uuid, source] of Object.entries(patch.sources)) {
    qc.setQueryData(deskKeys.source(uuid), source)
  }

  // Entries to recompute: every upserted call, and every call whose alerts may have changed.
  const alerts = patch.alerts ?? prevAlerts
  const byMpc = groupAlerts(alerts)
  const touched = new Set(patch.upserts.map((m) => m.mpcUuid))
  if (patch.alerts) {
    for (const a of prevAlerts) touched.add(a.mpcUuid)
    for (const a of patch.alerts) touched.add(a.mpcUuid)
  }
  const removed = new Set(patch.removed)
  const prev = qc.getQueryData<BoardEntry[]>(deskKeys.board()) ?? []
  const prevById = indexOf(prev)
  const updates: BoardEntry[] = []
  for (const uuid of touched) {
    if (removed.has(uuid)) continue
    const mpc = qc.getQueryData<MpcState>(deskKeys.mpc(uuid))
    if (!mpc) continue
    const entry = boardEntry(mpc, byMpc.get(uuid) ?? [], now)
    const old = prevById.get(uuid)
    if (!old || !sameEntry(old, entry)) updates.push(entry)
  }
  // Most events (speech, mute) change nothing the board orders or filters by: the list stays.
  // Otherwise only the changed entries move: the rest is already in order, so each changed one
  // is taken out and put back where it now belongs — no re-sort of thousands of calls for a few.
  if (updates.length > 0 || patch.removed.some((uuid) => prevById.has(uuid))) {
    const moved = new Set(removed)
    for (const entry of updates) moved.add(entry.mpcUuid)
    const next = prev.filter((e) => !moved.has(e.mpcUuid))
    for (const entry of updates) next.splice(insertionIndex(next, entry), 0, entry)
    const index = new Map(prevById)
    for (const uuid of removed) index.delete(uuid)
    for (const entry of updates) index.set(entry.mpcUuid, entry)
    indexes.set(next, index)
    qc.setQueryData(deskKeys.board(), next)
  }
  settlePending(qc, patch.mine ? null : touched)
}

/** Where `entry` belongs in `ordered` (attention order): after every entry that sorts before it. */
function insertionIndex(ordered: readonly BoardEntry[], entry: BoardEntry): number {
  let lo = 0
  let hi = ordered.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const at = ordered[mid]
    if (at && compareAttention(at, entry) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Board entries by uuid, built once per board list (patches come many times a second). */
const indexes = new WeakMap<BoardEntry[], Map<string, BoardEntry>>()
function indexOf(board: BoardEntry[]): Map<string, BoardEntry> {
  let index = indexes.get(board)
  if (!index) {
    index = new Map(board.map((e) => [e.mpcUuid, e]))
    indexes.set(board, index)
  }
  return index
}

/** Orders the entries and stores them, keeping unchanged entries (and the list) identical. */
function setBoard(qc: QueryClient, entries: BoardEntry[]): void {
  const prev = qc.getQueryData<BoardEntry[]>(deskKeys.board())
  const prevById = indexOf(prev ?? [])
  const stable = entries.map((e) => {
    const old = prevById.get(e.mpcUuid)
    return old && sameEntry(old, e) ? old : e
  })
  const ordered = orderByAttention(stable)
  if (prev && prev.length === ordered.length && prev.every((e, i) => e === ordered[i])) return
  qc.setQueryData(deskKeys.board(), ordered)
}

function forgetMpc(qc: QueryClient, uuid: string): void {
  qc.removeQueries({ queryKey: deskKeys.mpc(uuid), exact: true })
  updateOps(qc, uuid, () => [])
  qc.removeQueries({ queryKey: deskKeys.failure(uuid), exact: true })
  qc.removeQueries({ queryKey: deskKeys.source(uuid), exact: true })
}

/** Drops the pending ops the server state now confirms (`only`: just these calls). */
function settlePending(qc: QueryClient, only: ReadonlySet<string> | null): void {
  const all = qc.getQueryData(pendingQuery().queryKey)
  if (!all) return
  const mine = qc.getQueryData<MyPresence[]>(deskKeys.mine()) ?? []
  const uuids = only ? [...only].filter((uuid) => all[uuid]) : Object.keys(all)
  for (const uuid of uuids) {
    const mpc = qc.getQueryData<MpcState>(deskKeys.mpc(uuid))
    const presence = mine.find((p) => p.mpcUuid === uuid)
    updateOps(qc, uuid, (ops) => unsettledOps(ops, mpc, presence))
  }
}

/** Largest audit list kept in memory; older entries stay in main's log. */
export const AUDIT_CAP = 1000

export function applyAuditEntry(qc: QueryClient, entry: AuditEntry): void {
  qc.setQueryData<AuditEntry[]>(deskKeys.audit(), (list) => {
    if (!list) return list // not loaded yet: the list call will include it
    const rest = list.filter((e) => e.id !== entry.id)
    return newestFirst([entry, ...rest]).slice(0, AUDIT_CAP)
  })
}

/**
 * The live link between main and the cache. `load` is the snapshot query's function; `start`
 * subscribes to patches and audit entries (call it before the first load so nothing is missed).
 */
export class LiveSync {
  /** Patches held while a snapshot loads; null when none is loading. Starts buffering. */
  private buffer: DeskPatch[] | null = []
  private loading = 0
  private lastSnapshotAt = -Infinity

  constructor(
    private readonly api: DeskApi,
    private readonly qc: QueryClient,
    private readonly clock: () => number = Date.now,
  ) {}

  start(): Unsubscribe {
    const offPatch = this.api.onPatch((patch) => {
      if (this.buffer) this.buffer.push(patch)
      else applyPatch(this.qc, patch, this.clock())
    })
    const offAudit = this.api.audit.onEntry((entry) => applyAuditEntry(this.qc, entry))
    return () => {
      offPatch()
      offAudit()
    }
  }

  readonly load = async (): Promise<SnapshotMeta> => {
    this.loading += 1
    this.buffer ??= []
    try {
      const snap = await this.api.snapshot()
      // A slower, older snapshot must not overwrite a newer one already applied.
      if (snap.at >= this.lastSnapshotAt) {
        this.lastSnapshotAt = snap.at
        applySnapshot(this.qc, snap, this.clock())
      }
      return { seq: snap.seq, at: snap.at }
    } finally {
      this.loading -= 1
      if (this.loading === 0) this.drain()
    }
  }

  /** After the last load in flight: replay what is newer than the snapshot, then go direct. */
  private drain(): void {
    const buffered = this.buffer ?? []
    if (this.lastSnapshotAt === -Infinity) {
      // No snapshot yet (the load failed): keep buffering for the retry; the retry's snapshot
      // is newer than everything buffered so far, so those patches are not needed.
      this.buffer = []
      return
    }
    this.buffer = null
    for (const patch of buffered) {
      if (patch.at >= this.lastSnapshotAt) applyPatch(this.qc, patch, this.clock())
    }
  }
}
