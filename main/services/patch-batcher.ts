/**
 * Coalesces store changes into renderer patches: at most one patch per `minIntervalMs`
 * (50 ms → 20 a second) however fast events come, each carrying only the MPCs that changed
 * since the previous one (DESIGN §5). A first change after a quiet spell goes out on the next
 * tick, so a single event is not delayed by the batching.
 *
 * While held (a resync is in progress), changes accumulate and go out as one patch on release,
 * so the board jumps once from the old picture to the corrected one instead of flickering
 * through a half-rebuilt store. A hold never lasts longer than `maxHoldMs`.
 */
import type { DeskPatch } from '../../preload/api'

export const DEFAULT_PATCH_INTERVAL_MS = 50
export const DEFAULT_MAX_HOLD_MS = 3000

export interface DirtySet {
  upserts: ReadonlySet<string>
  removed: ReadonlySet<string>
  mine: boolean
  alerts: boolean
  handOffs: boolean
}

export interface PatchBatcher {
  upsert(mpcUuid: string): void
  remove(mpcUuid: string): void
  mineChanged(): void
  alertsChanged(): void
  handOffsChanged(): void
  hold(): void
  release(): void
  stop(): void
}

export interface PatchBatcherOptions {
  /** Builds the patch for a dirty set; null when there is nothing to send after all. */
  build(dirty: DirtySet): DeskPatch | null
  emit(patch: DeskPatch): void
  minIntervalMs?: number
  maxHoldMs?: number
  now?: () => number
}

export function createPatchBatcher(options: PatchBatcherOptions): PatchBatcher {
  const minInterval = options.minIntervalMs ?? DEFAULT_PATCH_INTERVAL_MS
  const maxHold = options.maxHoldMs ?? DEFAULT_MAX_HOLD_MS
  const now = options.now ?? Date.now

  let upserts = new Set<string>()
  let removed = new Set<string>()
  let mine = false
  let alerts = false
  let handOffs = false
  let lastFlush = -Infinity
  let timer: ReturnType<typeof setTimeout> | undefined
  let held = false
  let holdTimer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  const pending = (): boolean => upserts.size > 0 || removed.size > 0 || mine || alerts || handOffs

  function flush(): void {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (!pending() || stopped) return
    // Node starts a timer from the loop's cached clock, which lags after a long synchronous
    // run (a burst of events), so it can fire early by the wall clock: re-check the spacing.
    const early = lastFlush + minInterval - now()
    if (early > 0 && !held) {
      timer = setTimeout(flush, early)
      return
    }
    const dirty: DirtySet = { upserts, removed, mine, alerts, handOffs }
    upserts = new Set()
    removed = new Set()
    mine = false
    alerts = false
    handOffs = false
    const patch = options.build(dirty)
    // Measured after building, so the spacing holds between the patches' own timestamps too.
    lastFlush = now()
    if (patch) options.emit(patch)
  }

  function schedule(): void {
    if (held || timer || stopped || !pending()) return
    const wait = Math.max(0, lastFlush + minInterval - now())
    timer = setTimeout(flush, wait)
  }

  return {
    upsert(uuid) {
      removed.delete(uuid)
      upserts.add(uuid)
      schedule()
    },
    remove(uuid) {
      upserts.delete(uuid)
      removed.add(uuid)
      schedule()
    },
    mineChanged() {
      mine = true
      schedule()
    },
    alertsChanged() {
      alerts = true
      schedule()
    },
    handOffsChanged() {
      handOffs = true
      schedule()
    },
    hold() {
      if (held) return
      held = true
      if (timer) clearTimeout(timer)
      timer = undefined
      holdTimer = setTimeout(() => this.release(), maxHold)
    },
    release() {
      if (!held) return
      held = false
      if (holdTimer) clearTimeout(holdTimer)
      holdTimer = undefined
      schedule()
    },
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      if (holdTimer) clearTimeout(holdTimer)
      timer = undefined
      holdTimer = undefined
    },
  }
}
