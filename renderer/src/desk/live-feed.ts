/**
 * Since when the live feed (the relay's callbacks) has been down, or null while it is live.
 *
 * What only callbacks tell — who is speaking, a talk share that grows with an open speech — is
 * unknown while the feed is down (the REST read-back has no speech data), so the board shows it
 * as of this time instead of as if it were still true (main pauses the silence and overtalk
 * alerts for the same reason: services/live-coverage.ts). "Down" is any status but `live`, as
 * main counts it.
 */
import { useSyncExternalStore } from 'react'
import type { MpcSource } from '../../../preload/api'
import type { MpcState } from '../../../preload/domain'
import { useDeskRuntime } from './runtime'

export function useFeedDownSince(): number | null {
  const { connection } = useDeskRuntime()
  // A number, not the state: every card reads it, and the state changes every second (data age).
  return useSyncExternalStore(connection.subscribe, () => {
    const state = connection.getSnapshot()
    return state && state.status !== 'live' ? state.since : null
  })
}

/**
 * Up to when a call's live-only facts are known, or undefined while they are current: since
 * main marked it stale (no callback and no REST confirmation for two reconcile rounds), or
 * since the feed went down, whichever came first. An ended call's facts are final.
 */
export function liveFactsAt(
  mpc: Pick<MpcState, 'status'>,
  source: MpcSource | undefined,
  feedDownSince: number | null,
  now: number,
): number | undefined {
  if (mpc.status === 'ended') return undefined
  const quiet = source?.noUpdateSince
  if (quiet === undefined && feedDownSince === null) return undefined
  return Math.min(quiet ?? now, feedDownSince ?? now, now)
}
