/**
 * What the live store (live-store.ts) keeps beside each MPC's state: where its data last came
 * from and when (so the UI can show data age), when it was first seen ended (the eviction
 * clock), and when anything last vouched for it (so a card nobody confirmed for a while is
 * marked stale). The rules for carrying these over a change live here, apart from the state.
 */
import type { MpcState } from '../../mpc/state'

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

/**
 * The meta of `mpc` after a change from `source` at `at`. `fromSnapshot`: the relay's state,
 * not a callback — it proves nothing new about a call the store already had (the relay holds a
 * ghost as live as any call), so it vouches only for a call the store did not have.
 */
export function nextMeta(
  previous: MpcMeta | undefined,
  mpc: MpcState,
  source: DataSource,
  at: number,
  fromSnapshot: boolean,
): MpcMeta {
  // A REST change vouches too: it was read from Plivo just now.
  const checkedAt = fromSnapshot && previous ? previous.checkedAt : at
  const meta: MpcMeta = { source, at, checkedAt }
  if (mpc.status === 'ended') meta.endedSeenAt = previous?.endedSeenAt ?? at
  if (previous?.unconfirmed && source === 'relay') meta.unconfirmed = true
  if (source === 'relay' && !fromSnapshot) meta.heardAt = at
  else if (previous?.heardAt !== undefined) meta.heardAt = previous.heardAt
  return meta
}

/** Sets or clears the stale mark for `cutoff`; returns whether the mark changed. */
export function updateStale(meta: MpcMeta, cutoff: number): boolean {
  const stale = meta.endedSeenAt === undefined && meta.checkedAt < cutoff
  if (stale === (meta.stale === true)) return false
  if (stale) meta.stale = true
  else delete meta.stale
  return true
}
