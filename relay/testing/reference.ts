/**
 * What a fresh reducer makes of a list of callbacks, to compare the relay's snapshots with.
 *
 * Compared without `seen` (the keys of the events applied): the relay keys each event by its
 * delivery too (mpc/events.ts `delivery`), which the test's callback params do not carry.
 * Everything a supervisor sees is compared.
 */
import { parseCallback } from '../../mpc/parse'
import { applyEvent } from '../../mpc/reducer'
import type { MpcState } from '../../mpc/state'

export type VisibleMpc = Omit<MpcState, 'seen'>

/** The snapshot's MPCs as plain JSON (as the socket carries them), without `seen`. */
export function visibleState(
  mpcs: Record<string, MpcState> | undefined,
): Record<string, VisibleMpc> | undefined {
  if (mpcs === undefined) return undefined
  const out: Record<string, VisibleMpc> = {}
  for (const [uuid, mpc] of Object.entries(mpcs)) {
    const { seen: _seen, ...rest } = mpc
    out[uuid] = JSON.parse(JSON.stringify(rest)) as VisibleMpc
  }
  return out
}

export function reduceCallbacks(callbacks: Record<string, string>[]): Record<string, VisibleMpc> {
  const mpcs: Record<string, MpcState> = {}
  for (const params of callbacks) {
    const parsed = parseCallback(params, 'status')
    if (!parsed.ok) throw new Error(parsed.error.message)
    mpcs[parsed.event.mpcUuid] = applyEvent(mpcs[parsed.event.mpcUuid], parsed.event)
  }
  return visibleState(mpcs) ?? {}
}
