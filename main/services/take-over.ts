/**
 * Take over from an AI agent in place (issue 18): the supervisor is dialled into the same MPC in
 * barge mode (commands.ts, as a join), and once their ParticipantJoin arrived (presence.ts) the
 * AI member is taken off the line here. The customer never leaves the MPC: nothing is
 * transferred, only the AI member changes.
 *
 * The element's rules decide what is safe (plivo-mpc.md §5):
 * - an AI member with `endMpcOnExit` would end the customer's call when kicked, so it is muted
 *   and held instead, and the supervisor is told why. Its flag is read from Plivo (get
 *   participant) at that moment; if that read fails, the AI is held too: a hold can be undone,
 *   an ended call cannot;
 * - stayAlone needs no care: the customer and the supervisor remain, two members;
 * - maxParticipants: a full call refuses the supervisor's dial-out, the command fails at once
 *   and the AI stays.
 * An AI member already gone when the phone joins needs nothing more: the take-over is done.
 * A hand-off to an agent endpoint (hand-off.ts) removes the AI here too, once the agent joined.
 * Every failure leaves the supervisor on the call with the AI still there, and says so.
 */
import type { ControlClient } from '../../mpc/client'
import type { MyPresence, TakeOverThen } from '../../preload/api'
import type { AuditLog } from './audit-log'
import { toDeskError } from './desk-errors'
import type { LiveStore } from './live-store'
import type { TakeOverOutcome } from './presence'

export interface TakeOverDeps {
  store: Pick<LiveStore, 'get'>
  audit: Pick<AuditLog, 'finish'>
  client():
    Pick<ControlClient, 'getParticipant' | 'kickParticipant' | 'updateParticipant'> | undefined
  settled(mpcUuid: string, outcome: TakeOverOutcome): void
  warn(message: string, detail?: unknown): void
  /** Who is on the call with the AI when removing fails; the supervisor unless a hand-off. */
  stillThere?: string
}

export const HELD_INSTEAD =
  'The AI agent ends the call when it leaves, so it was muted and held instead of removed.'
export const HELD_UNREAD =
  'Plivo could not say whether the AI agent ends the call when it leaves, so it was muted and held instead of removed.'

/** Takes the take-over's AI member off the line; finishes `auditId` and reports the outcome. */
export async function removeAiMember(
  deps: TakeOverDeps,
  presence: Pick<MyPresence, 'mpcUuid' | 'takeOver'>,
  auditId: string | undefined,
): Promise<void> {
  const { mpcUuid, takeOver } = presence
  if (!takeOver) return
  const { aiMemberId } = takeOver
  const outcome = await remove(deps, mpcUuid, aiMemberId, takeOver.then).catch(
    (error: unknown): TakeOverOutcome => {
      const reason = toDeskError(error, { mpcUuid, name: deps.store.get(mpcUuid)?.name }).message
      return {
        ok: false,
        error: `Could not take AI agent ${aiMemberId} off the line: ${reason} ${deps.stillThere ?? 'You are on the call with the AI agent still there.'}`,
      }
    },
  )
  if (auditId !== undefined) {
    deps.audit.finish(
      auditId,
      outcome.ok ? { ok: true } : { ok: false, error: { code: 'plivo', message: outcome.error } },
    )
  }
  deps.settled(mpcUuid, outcome)
}

async function remove(
  deps: TakeOverDeps,
  mpcUuid: string,
  aiMemberId: string,
  then: TakeOverThen,
): Promise<TakeOverOutcome> {
  const client = deps.client()
  if (!client) return { ok: false, error: 'The desk lost its Plivo account before the AI left.' }
  const member = deps.store.get(mpcUuid)?.participants[aiMemberId]
  if (member?.leftAt !== undefined) return { ok: true, note: 'The AI agent had already left.' }
  const ref = { uuid: mpcUuid }
  let did = then
  let note: string | undefined
  if (then === 'kick') {
    const endsCall = await client.getParticipant(ref, aiMemberId).then(
      (p) => p.end_mpc_on_exit,
      (error: unknown) => {
        deps.warn(`reading AI member ${aiMemberId} of ${mpcUuid} before a kick failed`, error)
        return undefined
      },
    )
    if (endsCall !== false) {
      did = 'mute-hold'
      note = endsCall === true ? HELD_INSTEAD : HELD_UNREAD
    }
  }
  if (did === 'kick') await client.kickParticipant(ref, aiMemberId)
  else await client.updateParticipant(ref, aiMemberId, { mute: true, hold: true })
  return { ok: true, ...(did !== then ? { did } : {}), ...(note !== undefined ? { note } : {}) }
}
