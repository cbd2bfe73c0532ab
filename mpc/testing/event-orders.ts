/**
 * Arrival orders for the reducer's property tests: Plivo keeps each stream of callbacks (an
 * MPC's own, each member's, each API add's) in order at best, and may interleave, delay and
 * repeat them. These build the orders a test compares against the canonical one.
 */
import type { MpcEvent } from '../events'
import { applyEvent } from '../reducer'
import type { MpcState } from '../state'

/** Every event applied in turn, from `from` (a snapshot) or from nothing. */
export function reduce(events: readonly MpcEvent[], from?: MpcState): MpcState | undefined {
  let mpc = from
  for (const event of events) mpc = applyEvent(mpc, event)
  return mpc
}

/** Canonical order: by event time, each stream's own order kept (the sort is stable). */
export function canonical(streams: readonly MpcEvent[][]): MpcEvent[] {
  return streams.flat().sort((a, b) => a.at - b.at)
}

/** The streams interleaved by `picks` (each picks among the streams still open), each in order. */
export function interleave(streams: readonly MpcEvent[][], picks: readonly number[]): MpcEvent[] {
  const queues = streams.map((s) => [...s])
  const out: MpcEvent[] = []
  for (const pick of picks) {
    const open = queues.filter((q) => q.length > 0)
    if (open.length === 0) break
    out.push(open[pick % open.length]!.shift()!)
  }
  for (const q of queues) out.push(...q)
  return out
}

/** `events` in any order at all, sorted by random `keys` (reused cyclically, ties by index). */
export function shuffle(events: readonly MpcEvent[], keys: readonly number[]): MpcEvent[] {
  return events
    .map((e, i) => ({ e, k: (keys[i % keys.length] ?? 0) + i * 1e-9 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.e)
}
