/**
 * What the desk knows about the calls, and the patches that tell the renderer (DESIGN §5): the
 * live store, the supervisor's presence, hand-offs to agents, the alerts and which calls are
 * watched live, behind one `apply(event, origin)` entry. Whoever feeds it (the connection
 * source) only says what arrived; every consequence — presence, coverage, alerts, the patch — is
 * decided here, so a patch always carries the alerts of the calls it carries.
 *
 * Its two timers (alerts re-evaluated as silence and waits grow; ended calls evicted and calls
 * nothing vouched for lately marked stale) run between `start` and `stop`.
 */
import type { MpcEvent } from '../../mpc/events'
import type { MpcState } from '../../mpc/state'
import type { RelaySnapshot } from '../../mpc/wire'
import type { Alert, AlertThresholds, DeskPatch, DeskSnapshot, MpcSource } from '../../preload/api'
import { AlertTracker, type AlertUpdate } from './alerts'
import { LiveCoverage } from './live-coverage'
import { LiveStore, type ApplyResult } from './live-store'
import { handOffTrackerFor, type HandOffHooks, type HandOffTracker } from './hand-off'
import { createPatchBatcher, type DirtySet } from './patch-batcher'
import { PresenceTracker, type PresenceHooks } from './presence'
import type { DeskTuning } from './tuning'

/** Where an event came from: the relay (with its sequence number) or the REST read-back. */
export type EventOrigin = { from: 'relay'; seq: number } | { from: 'rest' }

export interface DeskStateOptions {
  tuning: DeskTuning
  /** The current account's alert thresholds. */
  thresholds(): AlertThresholds
  /** After how long without news a card says so (reconcile.ts); undefined: no read-back. */
  staleAfterMs(): number | undefined
  /** Every patch, ready to push. */
  emit(patch: DeskPatch): void
  /** Called once for each new alert. */
  notify?: (alert: Alert) => void
  /** What presence asks of the commands and the audit log. */
  presence: Omit<PresenceHooks, 'changed'>
  /** What hand-offs to an agent ask of the commands and the audit log (none: nothing done). */
  handOff?: Omit<HandOffHooks, 'changed'>
  warn(message: string, detail?: unknown): void
}

export interface DeskState {
  /** Read-only for the others (commands, the reconcile's reads): changes go through here. */
  readonly store: LiveStore
  readonly presence: PresenceTracker
  readonly handOffs: HandOffTracker
  apply(event: MpcEvent, origin: EventOrigin): ApplyResult
  /** A relay snapshot; the uuids it brought are upserted. */
  applySnapshot(head: number, snapshot: RelaySnapshot): void
  /** Neither REST nor the relay knows the call any more. */
  remove(mpcUuid: string): void
  /** Plivo does not know the call: shown ended with the reason, then it leaves as ended calls do. */
  endGone(mpcUuid: string): void
  /** A different account: every call, presence and alert goes (removals patched). */
  clear(): void
  /** The live feed is up (or down): silence and overtalk alerts restart (or stop) now. */
  setFeedLive(live: boolean): void
  /** Patches accumulate during a resync and go out as one on release. */
  hold(): void
  release(): void
  snapshot(): DeskSnapshot
  start(): void
  stop(): void
}

export function createDeskState(options: DeskStateOptions): DeskState {
  const { tuning } = options
  const store = new LiveStore(Date.now, tuning.evictedMemoryMs)
  const alerts = new AlertTracker()
  /** Which calls' speech the desk sees live, and since when (silence / overtalk alerts). */
  const coverage = new LiveCoverage()
  const batcher = createPatchBatcher({
    minIntervalMs: tuning.patchIntervalMs,
    build: buildPatch,
    emit: options.emit,
  })
  const presence = new PresenceTracker(
    { ...options.presence, changed: () => batcher.mineChanged() },
    { joinTimeoutMs: tuning.joinTimeoutMs, failedTtlMs: tuning.failedPresenceTtlMs },
  )
  const handOffs = handOffTrackerFor(options.handOff, () => batcher.handOffsChanged(), tuning)

  function buildPatch(dirty: DirtySet): DeskPatch | null {
    const upserts = [...dirty.upserts].flatMap((uuid) => store.get(uuid) ?? [])
    const removed = [...dirty.removed].filter((uuid) => !store.get(uuid))
    // The calls in this patch get their alerts re-evaluated now, so both go out together.
    const alertsMoved = noteAlerts(
      alerts.refresh(
        [...dirty.upserts, ...removed],
        alertable,
        options.thresholds(),
        Date.now(),
        coverage,
      ),
    )
    const withAlerts = dirty.alerts || alertsMoved
    const moved = dirty.mine || dirty.handOffs || withAlerts
    if (upserts.length === 0 && removed.length === 0 && !moved) return null
    return {
      seq: store.seq,
      upserts,
      sources: sourcesOf(upserts.map((m) => m.mpcUuid)),
      removed,
      ...(dirty.mine ? { mine: presence.list() } : {}),
      ...(withAlerts ? { alerts: alerts.list() } : {}),
      ...(dirty.handOffs ? { handOffs: handOffs.list() } : {}),
      at: Date.now(),
    }
  }

  function sourcesOf(uuids: string[]): Record<string, MpcSource> {
    const out: Record<string, MpcSource> = {}
    for (const uuid of uuids) {
      const meta = store.metaOf(uuid)
      if (!meta) continue
      out[uuid] = {
        from: meta.source,
        at: meta.at,
        ...(meta.stale ? { noUpdateSince: meta.checkedAt } : {}),
      }
    }
    return out
  }

  /** Notifies the alerts that just started; whether the list changed. */
  function noteAlerts(update: AlertUpdate): boolean {
    for (const alert of update.added) {
      try {
        options.notify?.(alert)
      } catch (error) {
        options.warn('notify failed', error)
      }
    }
    return update.changed
  }
  /** A stale call's facts are out of date: its card says so instead of raising alerts on them. */
  function alertable(uuid: string): MpcState | undefined {
    return store.metaOf(uuid)?.stale === true ? undefined : store.get(uuid)
  }
  /** Every call (silence and waits grow without events); the patches carry the change. */
  function evaluateAllAlerts(): void {
    const mpcs = store.list().filter((mpc) => alertable(mpc.mpcUuid))
    if (noteAlerts(alerts.update(mpcs, options.thresholds(), Date.now(), coverage))) {
      batcher.alertsChanged()
    }
  }

  function evictAndMarkStale(): void {
    for (const uuid of store.evictEnded(tuning.endedGraceMs)) {
      batcher.remove(uuid)
      forget(uuid)
    }
    // Cards nothing vouched for lately say so (reconcile.ts staleAfterMs for the threshold).
    const staleAfterMs = options.staleAfterMs()
    if (staleAfterMs !== undefined) {
      for (const uuid of store.markStale(Date.now() - staleAfterMs)) batcher.upsert(uuid)
    }
  }

  /** A state that arrived whole may hold a join or an exit no event will announce again. */
  function syncWith(mpc: MpcState): void {
    presence.syncWith(mpc)
    handOffs.syncWith(mpc)
  }
  /** The call left the desk: so do the legs and the coverage kept for it. */
  function forget(uuid: string): void {
    presence.drop(uuid)
    handOffs.drop(uuid)
    coverage.forget(uuid)
  }

  let timers: ReturnType<typeof setInterval>[] = []

  return {
    store,
    presence,
    handOffs,
    apply(event, origin) {
      const result =
        origin.from === 'relay'
          ? store.apply(event, 'relay', origin.seq)
          : store.apply(event, 'rest')
      // Only the relay carries speech: a REST read says nothing about who is talking.
      if (origin.from === 'relay') coverage.sawLive(event.mpcUuid, Date.now())
      presence.observe(event)
      handOffs.observe(event)
      if (result.changed) batcher.upsert(event.mpcUuid)
      return result
    },
    applySnapshot(head, snapshot) {
      const { upserts } = store.applySnapshot(head, snapshot)
      for (const uuid of upserts) {
        coverage.sawLive(uuid, Date.now())
        batcher.upsert(uuid)
        const mpc = store.get(uuid)
        if (mpc) syncWith(mpc)
      }
    },
    remove(uuid) {
      if (store.remove(uuid)) batcher.remove(uuid)
      forget(uuid)
    },
    endGone(uuid) {
      if (!store.endGone(uuid)) return
      batcher.upsert(uuid)
      const mpc = store.get(uuid)
      if (mpc) syncWith(mpc)
    },
    clear() {
      for (const uuid of store.uuids()) batcher.remove(uuid)
      store.clear()
      presence.clear()
      handOffs.clear()
      coverage.clear()
      if (alerts.clear()) batcher.alertsChanged()
      batcher.release()
    },
    setFeedLive(live) {
      const wasLive = coverage.feedLive
      coverage.setFeed(live, Date.now())
      if (wasLive !== coverage.feedLive) evaluateAllAlerts()
    },
    hold: () => batcher.hold(),
    release: () => batcher.release(),
    snapshot: () => ({
      seq: store.seq,
      mpcs: store.list(),
      sources: sourcesOf(store.uuids()),
      mine: presence.list(),
      alerts: alerts.list(),
      handOffs: handOffs.list(),
      at: Date.now(),
    }),
    start() {
      if (timers.length > 0) return
      timers = [
        setInterval(evaluateAllAlerts, tuning.alertIntervalMs),
        setInterval(evictAndMarkStale, tuning.evictIntervalMs),
      ]
    },
    stop() {
      for (const timer of timers) clearInterval(timer)
      timers = []
      presence.stop()
      handOffs.stop()
      batcher.stop()
    },
  }
}
