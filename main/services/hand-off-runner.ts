/**
 * The hand-off's steps (issue 18), run when a take-over names an agent `endpoint`
 * (take-over-runner.ts): check nothing else is taking the AI off the line, dial the endpoint as
 * an agent (dial-out.ts) and track its leg (hand-off.ts); once it joined, take the AI member off
 * the line with the take-over's own rules (take-over.ts). The supervisor is not dialled.
 */
import type { ControlClient } from '../../mpc/client'
import type { MpcState } from '../../mpc/state'
import type { CommandOutcome, HandOff, TakeOverThen } from '../../preload/api'
import type { AuditLog } from './audit-log'
import { DeskCommandError } from './desk-errors'
import { dialAgent } from './dial-out'
import type { HandOffTracker } from './hand-off'
import type { LiveStore } from './live-store'
import type { PresenceTracker } from './presence'
import { removeAiMember } from './take-over'

export interface HandOffDeps {
  store: Pick<LiveStore, 'get'>
  audit: Pick<AuditLog, 'finish'>
  handOffs: HandOffTracker
  client(): ControlClient | undefined
  warn(message: string, detail?: unknown): void
}

export interface HandOffStartDeps extends HandOffDeps {
  presence: Pick<PresenceTracker, 'get'>
  supervisor(): { endpoint: string; callerId: string }
}

function refuse(message: string, code: 'invalid' | 'not-configured' = 'invalid'): never {
  throw new DeskCommandError({ code, message })
}

/** Dials `endpoint` into the call to take over from AI member `aiMemberId`. */
export async function startHandOff(
  deps: HandOffStartDeps,
  client: ControlClient,
  mpc: MpcState,
  request: { aiMemberId: string; then: TakeOverThen; endpoint: string },
  auditId: string,
): Promise<CommandOutcome> {
  const under = deps.handOffs.get(mpc.mpcUuid)?.status
  if (under === 'pending' || under === 'removing') {
    refuse('A hand-off is already under way on this call.')
  }
  const mine = deps.presence.get(mpc.mpcUuid)?.takeOver?.status
  if (mine === 'pending' || mine === 'removing') refuse('A take-over is already under way.')
  const { callerId } = deps.supervisor()
  if (!callerId) {
    refuse('Set your caller ID in Settings before handing a call to an agent.', 'not-configured')
  }
  const callUuid = await dialAgent(client, mpc, request.endpoint, callerId, deps.handOffs.ringSec)
  deps.handOffs.ringing(mpc.mpcUuid, { ...request, auditId }, callUuid, deps.store.get(mpc.mpcUuid))
  return { auditId, pendingCallUuid: callUuid }
}

/** The agent joined (hand-off.ts): the AI member goes now; the audit entry is finished then. */
export function removeAiOnHandOff(deps: HandOffDeps, handOff: HandOff): void {
  const { mpcUuid, aiMemberId, then, auditId } = handOff
  void removeAiMember(
    {
      store: deps.store,
      audit: deps.audit,
      client: () => deps.client(),
      settled: (uuid, outcome) => deps.handOffs.settled(uuid, outcome),
      warn: (message, detail) => deps.warn(message, detail),
      stillThere: `${handOff.endpoint} is on the call with the AI agent still there.`,
    },
    { mpcUuid, takeOver: { aiMemberId, then, status: 'removing' } },
    auditId,
  )
}

/** A leg the desk gave up on joined after all: hang it up, so no ghost agent stays. */
export function hangUpLateLeg(deps: HandOffDeps, mpcUuid: string, memberId: string): void {
  deps
    .client()
    ?.kickParticipant({ uuid: mpcUuid }, memberId)
    .catch((error: unknown) => deps.warn(`could not hang up late hand-off leg ${memberId}`, error))
}
