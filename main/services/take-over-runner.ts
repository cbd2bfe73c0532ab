/**
 * The take-over command's steps (issue 18), run by the command runner (commands.ts): check the
 * member is an AI agent, then either switch to barge in place and remove the AI now, or dial in
 * barge mode, silently (no enter sound: the customer must not hear a handover), and remove the AI
 * once the phone joined (presence.ts → `takeOverJoined`). Apart from the runner so the runner
 * keeps to dispatching and auditing; removing the AI member itself is take-over.ts. With an
 * agent `endpoint` the call is handed to that agent instead (hand-off-runner.ts).
 */
import type { ControlClient } from '../../mpc/client'
import type { MpcState } from '../../mpc/state'
import type { Command, CommandOutcome, MyPresence } from '../../preload/api'
import type { AuditLog } from './audit-log'
import { requireClient, requireMember } from './command-guards'
import { DeskCommandError } from './desk-errors'
import { dialSupervisor } from './dial-out'
import type { HandOffTracker } from './hand-off'
import { startHandOff } from './hand-off-runner'
import type { LiveStore } from './live-store'
import { switchParams } from './mode-switch'
import type { PresenceTracker } from './presence'
import { removeAiMember, type TakeOverDeps } from './take-over'

export interface TakeOverRunnerDeps {
  store: LiveStore
  audit: AuditLog
  presence: PresenceTracker
  handOffs: HandOffTracker
  client(): ControlClient | undefined
  supervisor(): { endpoint: string; callerId: string }
  warn(message: string, detail?: unknown): void
}

/** Barge in (or hand to `endpoint`) and take AI member `aiMemberId` off the line. */
export async function startTakeOver(
  deps: TakeOverRunnerDeps,
  mpc: MpcState,
  command: Extract<Command, { type: 'take-over' }>,
  auditId: string,
): Promise<CommandOutcome> {
  const { aiMemberId, then, endpoint } = command
  const ai = requireMember(mpc, aiMemberId)
  if (ai.role !== 'ai-agent') {
    throw new DeskCommandError({
      code: 'invalid',
      message: `Member ${aiMemberId} is not an AI agent: there is nothing to take over.`,
    })
  }
  const client = requireClient(deps.client())
  if (endpoint !== undefined) {
    return startHandOff(deps, client, mpc, { aiMemberId, then, endpoint }, auditId)
  }
  const handOff = deps.handOffs.get(mpc.mpcUuid)?.status
  if (handOff === 'pending' || handOff === 'removing') {
    throw new DeskCommandError({
      code: 'invalid',
      message: 'The call is being handed to an agent.',
    })
  }
  const mine = deps.presence.get(mpc.mpcUuid)
  if (mine?.status === 'ringing') {
    throw new DeskCommandError({
      code: 'invalid',
      message: 'Your phone is already being dialled for this call.',
    })
  }
  if (mine?.status === 'joined' && mine.memberId !== undefined) {
    if (mine.mode !== 'barge') {
      const params = switchParams(mine.mode, 'barge')
      await client.updateParticipant({ uuid: mpc.mpcUuid }, mine.memberId, params)
      deps.presence.setMode(mpc.mpcUuid, 'barge')
    }
    deps.presence.takeOverInPlace(mpc.mpcUuid, { aiMemberId, then })
    const now = deps.presence.get(mpc.mpcUuid)
    if (now) void removeAiMember(removalDeps(deps), now, auditId)
    return { auditId }
  }
  return dialSupervisor(deps, client, mpc, 'barge', auditId, { aiMemberId, then })
}

/** A take-over's phone joined (presence.ts): the AI member goes now. */
export function removeAiOnJoin(
  deps: TakeOverRunnerDeps,
  presence: MyPresence,
  auditId: string | undefined,
): void {
  void removeAiMember(removalDeps(deps), presence, auditId)
}

function removalDeps(deps: TakeOverRunnerDeps): TakeOverDeps {
  return {
    store: deps.store,
    audit: deps.audit,
    client: () => deps.client(),
    settled: (mpcUuid, outcome) => deps.presence.takeOverSettled(mpcUuid, outcome),
    warn: (message, detail) => deps.warn(message, detail),
  }
}
