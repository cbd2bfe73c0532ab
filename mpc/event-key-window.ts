/**
 * The `eventKey`s an MPC remembers, so the reducer can drop a callback it has already applied —
 * bounded, so a long call's state (and every relay snapshot and Redis write of it) stops growing
 * with the number of events the call has had.
 *
 * What is kept: the keys of events stamped within `SEEN_WINDOW_MS` of the MPC's newest event
 * time (`lastEventAt`), in one sorted list per minute of event time, at most `SEEN_BUCKET_CAP`
 * per minute (the smallest keys). Why this bound:
 * - Every key is unique per delivery (it includes the relay's nonce), so a key is only ever
 *   useful against a redelivery of that one callback, and a redelivery repeats its original's
 *   EventTimestamp: its age relative to the call's newest event says how late it is. Event time
 *   (Plivo's clock, in the state) keeps the reducer pure, unlike the wall clock.
 * - The reducer is the last of three layers, not the only one: the relay drops a redelivery by
 *   its nonce and signature for an hour (RELAY_DEDUPE_TTL_MS) before it is logged, and the desk
 *   drops relay events by their log seq (a replay or snapshot never applies one twice). What
 *   can reach the reducer twice is a REST read repeated in the same second (seconds old), or a
 *   Plivo retry the relay has already forgotten (the in-memory store keeps the last 100,000
 *   deliveries of an account, under two minutes on a very busy one). Plivo documents no retry
 *   schedule (plivo-mpc.md), so ten minutes is a judgment: well past a retry after a timeout,
 *   while keeping an hour (as the relay does) would cost six times the bytes in every snapshot.
 * - The per-minute cap bounds the worst case whatever the event rate: 600 a minute is ten
 *   callbacks a second on one MPC, above what a full conference of talkers sends. Over it, a
 *   duplicate of a key not kept is applied again; nothing else changes.
 * - The result depends only on which events were applied, never on their order: the window
 *   moves with `lastEventAt` (the latest event time, whatever order events came in), a minute
 *   below the window is never recreated, and "the smallest keys" of a minute is the same set in
 *   any order. So the relay and a desk that replays the same events hold the same keys.
 *
 * An event older than the window is still applied (a late first delivery is news, not a
 * duplicate); its key is just not kept.
 */

/** Keys of events stamped at most this long before the MPC's newest event are kept. */
export const SEEN_WINDOW_MS = 10 * 60_000
/** Width of one bucket of keys, in event time. */
export const SEEN_BUCKET_MS = 60_000
/** Most keys one bucket keeps (the smallest). */
export const SEEN_BUCKET_CAP = 600

/** Bucket name → sorted keys (the shape of `MpcState.seen`). */
export type SeenKeys = Record<string, string[]>

const PREFIX = 'm'

function bucketIndex(at: number): number {
  return Math.floor(at / SEEN_BUCKET_MS)
}

/** Named, not integer-like, so the object stays small and in V8's fast mode. */
function bucketName(index: number): string {
  return PREFIX + String(index)
}

/** The bucket index a name (from `bucketName`) stands for. */
function indexOf(name: string): number {
  return Number(name.slice(PREFIX.length))
}

/** The oldest bucket kept while the MPC's newest event is at `newestAt`. */
function oldestKept(newestAt: number): number {
  return bucketIndex(newestAt - SEEN_WINDOW_MS)
}

function indexInSorted(keys: readonly string[], key: string): { found: boolean; at: number } {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const k = keys[mid] as string
    if (k === key) return { found: true, at: mid }
    if (k < key) lo = mid + 1
    else hi = mid
  }
  return { found: false, at: lo }
}

/** Whether the key of an event stamped `at` is among those kept. */
export function hasSeen(seen: SeenKeys, key: string, at: number): boolean {
  const keys = seen[bucketName(bucketIndex(at))]
  return keys !== undefined && indexInSorted(keys, key).found
}

/**
 * `seen` after applying the event with `key` stamped `at`, the MPC's newest event time now
 * being `newestAt` (≥ `at`). Returns `seen` itself when nothing changes.
 */
export function rememberKey(seen: SeenKeys, key: string, at: number, newestAt: number): SeenKeys {
  const from = oldestKept(newestAt)
  const kept = withoutBucketsBefore(seen, from)
  const index = bucketIndex(at)
  if (index < from) return kept
  const name = bucketName(index)
  const keys = kept[name] ?? []
  const { found, at: position } = indexInSorted(keys, key)
  if (found || position >= SEEN_BUCKET_CAP) return kept
  const added = keys.slice(0, SEEN_BUCKET_CAP - 1)
  added.splice(position, 0, key)
  return { ...kept, [name]: added }
}

/**
 * `seen` without the buckets older than bucket `from`; `seen` itself when there are none. Built afresh rather than with `delete`, which would drop the
 * object out of V8's fast mode.
 */
function withoutBucketsBefore(seen: SeenKeys, from: number): SeenKeys {
  let stale = false
  for (const name in seen) {
    if (!isKept(name, from)) {
      stale = true
      break
    }
  }
  if (!stale) return seen
  const next: SeenKeys = {}
  for (const name in seen) if (isKept(name, from)) next[name] = seen[name] as string[]
  return next
}

function isKept(name: string, from: number): boolean {
  return indexOf(name) >= from
}

/** How many keys are kept (for tests and measurements). */
export function seenKeyCount(seen: SeenKeys): number {
  let count = 0
  for (const keys of Object.values(seen)) count += keys.length
  return count
}
