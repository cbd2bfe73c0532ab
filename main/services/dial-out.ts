/**
 * Dialling the supervisor's phone into a call (DESIGN §5): add them as a supervisor participant
 * from their caller ID, with the mode's flags, and track the join as ringing (presence.ts). Its
 * own module because both a join (commands.ts) and a take-over (take-over-runner.ts) dial, with
 * the same rules on sounds and on never ending the customer's call; so does a hand-off to an
 * agent endpoint (`dialAgent`).
 */
import type { ControlClient } from '../../mpc/client'
import type { MpcState } from '../../mpc/state'
import type { CommandOutcome, SupervisorMode, TakeOverThen } from '../../preload/api'
import { DeskCommandError } from './desk-errors'
import type { LiveStore } from './live-store'
import { MODE_FLAGS } from './mode-switch'
import type { PresenceTracker } from './presence'

export interface DialDeps {
  store: Pick<LiveStore, 'get'>
  presence: Pick<PresenceTracker, 'ringing'>
  supervisor(): { endpoint: string; callerId: string }
}

/** Dials in `mode`; a take-over's dial carries the AI member to remove once the phone joins. */
export async function dialSupervisor(
  deps: DialDeps,
  client: ControlClient,
  mpc: MpcState,
  mode: SupervisorMode,
  auditId: string,
  takeOver?: { aiMemberId: string; then: TakeOverThen },
): Promise<CommandOutcome> {
  const { endpoint, callerId } = deps.supervisor()
  if (!endpoint || !callerId) {
    throw new DeskCommandError({
      code: 'not-configured',
      message: 'Set your supervisor endpoint and caller ID in Settings before joining a call.',
    })
  }
  const flags = MODE_FLAGS[mode]
  const response = await client.addParticipant(
    { uuid: mpc.mpcUuid },
    {
      role: 'supervisor',
      from: callerId,
      to: endpoint,
      coachMode: flags.coachMode,
      mute: flags.mute,
      // Silent monitoring must not announce itself; a barge may, a take-over must not.
      enterSound: mode === 'barge' && !takeOver ? 'beep:1' : 'none',
      exitSound: mode === 'barge' && !takeOver ? 'beep:2' : 'none',
      // The supervisor leaving must never end the customer's call.
      endMpcOnExit: false,
    },
  )
  const callUuid = response.calls[0]?.call_uuid
  if (!callUuid) {
    throw new DeskCommandError({
      code: 'plivo',
      message: 'Plivo accepted the join but returned no call to track; check your phone.',
    })
  }
  const now = deps.store.get(mpc.mpcUuid)
  deps.presence.ringing(mpc.mpcUuid, mode, callUuid, auditId, now, takeOver)
  return { auditId, pendingCallUuid: callUuid }
}

/**
 * Dials a hand-off's agent endpoint (hand-off.ts) as an `agent` member, from the supervisor's
 * caller ID. Silent both ways, as a take-over: the customer must not hear a handover. Plivo is
 * asked to stop ringing when the desk gives up (`ringSec`), so no leg joins after it said so.
 */
export async function dialAgent(
  client: ControlClient,
  mpc: MpcState,
  endpoint: string,
  callerId: string,
  ringSec: number,
): Promise<string> {
  const response = await client.addParticipant(
    { uuid: mpc.mpcUuid },
    {
      role: 'agent',
      from: callerId,
      to: endpoint,
      enterSound: 'none',
      exitSound: 'none',
      ringTimeout: ringSec,
      // The agent leaving must not end the customer's call either.
      endMpcOnExit: false,
    },
  )
  const callUuid = response.calls[0]?.call_uuid
  if (!callUuid) {
    throw new DeskCommandError({
      code: 'plivo',
      message: `Plivo accepted the hand-off but returned no call to track; check ${endpoint}.`,
    })
  }
  return callUuid
}
