/**
 * The desk's timings in one place (`createDesk`'s `tuning` option): every default here, so a
 * test or the bench shortens one without reading the modules that use it.
 */
import { TOMBSTONE_TTL_MS } from '../../mpc/tombstones'
import { DEFAULT_ENDED_GRACE_MS } from './live-store'
import { DEFAULT_PATCH_INTERVAL_MS } from './patch-batcher'
import { DEFAULT_FAILED_TTL_MS, DEFAULT_JOIN_TIMEOUT_MS } from './presence'
import {
  DEFAULT_FRESH_MS,
  DEFAULT_RECONCILE_INTERVAL_MS,
  DEFAULT_REREAD_DELAY_MS,
} from './reconcile'

/** Timings, overridable (tests shorten them). */
export interface DeskTuning {
  /** Minimum gap between patches: 50 ms = at most 20 a second. */
  patchIntervalMs: number
  /** A join with no ParticipantJoin after this is reported failed. */
  joinTimeoutMs: number
  failedPresenceTtlMs: number
  /** How long an ended call stays on the board. */
  endedGraceMs: number
  /** How long an evicted call is remembered, so a late callback cannot bring it back. */
  evictedMemoryMs: number
  reconcileIntervalMs: number
  rereadDelayMs: number
  freshMs: number
  /** How often alerts are re-evaluated (silence and waits grow without events). */
  alertIntervalMs: number
  evictIntervalMs: number
  /** Control API per-attempt timeout and total attempts. */
  controlTimeoutMs: number
  controlAttempts: number
  /** Longest the desk shows "resyncing" while the first reconcile after a subscribe runs. */
  resyncMaxMs: number
  /** Relay reconnect backoff. */
  reconnectDelayMs: number
  reconnectDelayMaxMs: number
}

export const DEFAULT_TUNING: DeskTuning = {
  patchIntervalMs: DEFAULT_PATCH_INTERVAL_MS,
  joinTimeoutMs: DEFAULT_JOIN_TIMEOUT_MS,
  failedPresenceTtlMs: DEFAULT_FAILED_TTL_MS,
  endedGraceMs: DEFAULT_ENDED_GRACE_MS,
  evictedMemoryMs: TOMBSTONE_TTL_MS,
  reconcileIntervalMs: DEFAULT_RECONCILE_INTERVAL_MS,
  rereadDelayMs: DEFAULT_REREAD_DELAY_MS,
  freshMs: DEFAULT_FRESH_MS,
  alertIntervalMs: 1000,
  evictIntervalMs: 5000,
  controlTimeoutMs: 5000,
  controlAttempts: 3,
  resyncMaxMs: 5000,
  reconnectDelayMs: 500,
  reconnectDelayMaxMs: 10_000,
}
