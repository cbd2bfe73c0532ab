/**
 * The take-over's part of the supervisor's presence (presence.ts; issue 18): a take-over rides a
 * presence's ringing → joined → failed path as its `takeOver` field, pending until the phone
 * joins, removing while the AI member is taken off the line (take-over.ts), then done or failed.
 * Pure transitions, apart from the tracker, so the tracker only keeps entries and timers and the
 * take-over's states can be read in one place.
 */
import type { MyPresence, TakeOverState, TakeOverThen } from '../../preload/api'
import { ENDED_BEFORE_JOIN } from './presence-steps'

/** How taking the AI member off the line went; `did` and `note` when it went otherwise than asked. */
export type TakeOverOutcome =
  { ok: true; did?: TakeOverThen; note?: string } | { ok: false; error: string }

/** The AI agent stays when the supervisor's phone never joins: said with every such failure. */
export const AI_STAYS = 'The AI agent stays on the call.'

/** What the supervisor asked: which AI member, and what to do with it. */
export interface TakeOverRequest {
  aiMemberId: string
  then: TakeOverThen
}

/** A dial-out's take-over, if any: pending until the phone joins. */
export function pendingTakeOver(takeOver?: TakeOverRequest): Pick<MyPresence, 'takeOver'> {
  return takeOver ? { takeOver: { ...takeOver, status: 'pending' } } : {}
}

/** The supervisor is on the call: the AI member is being taken off the line now. */
export function removingTakeOver(presence: MyPresence, takeOver: TakeOverRequest): MyPresence {
  return { ...presence, takeOver: { ...takeOver, status: 'removing' } }
}

/** The take-over once taking the AI member off the line went `outcome`. */
export function settledTakeOver(takeOver: TakeOverState, outcome: TakeOverOutcome): TakeOverState {
  return outcome.ok
    ? {
        aiMemberId: takeOver.aiMemberId,
        then: outcome.did ?? takeOver.then,
        status: 'done',
        ...(outcome.note !== undefined ? { note: outcome.note } : {}),
      }
    : { ...takeOver, status: 'failed', error: outcome.error }
}

/** What a failed join says; a call that ended took the AI agent with it, any other keeps it. */
export function failureMessage(takeOver: TakeOverState | undefined, message: string): string {
  return takeOver && message !== ENDED_BEFORE_JOIN ? `${message} ${AI_STAYS}` : message
}

/** A failed join fails its take-over too, with the same message. */
export function failedTakeOver(
  takeOver: TakeOverState | undefined,
  shown: string,
): Pick<MyPresence, 'takeOver'> {
  return takeOver ? { takeOver: { ...takeOver, status: 'failed', error: shown } } : {}
}
