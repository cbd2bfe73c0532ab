/**
 * Whether a relay event contradicts what the live store (live-store.ts) knows — it only makes
 * sense if the store had seen something it did not — so the MPC is re-read from REST rather than
 * left wrong until the next full pass. Pure, kept apart from the store's bookkeeping.
 */
import type { MpcEvent } from '../../mpc/events'
import type { MpcState } from '../../mpc/state'

/** Events that legitimately open an MPC the store has not seen. */
const OPENING_EVENTS = new Set(['MPCInitialized', 'MPCStart'])

/** A call or member the store never saw open, or a join on a call the store saw end. */
export function contradicts(before: MpcState | undefined, event: MpcEvent): boolean {
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
