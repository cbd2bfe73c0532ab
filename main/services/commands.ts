/**
 * The supervisor's commands (DESIGN §5), each audited: who, what, which call, when, result and
 * Plivo's reason.
 *
 * - join (listen / coach / barge): add the supervisor's endpoint as a supervisor participant,
 *   from the caller ID, with coach_mode and mute per mode. Already on the call → switch the
 *   mode in place (update participant). The join stays pending ("ringing your phone…") until
 *   its ParticipantJoin; its audit entry is finished then, or when it fails.
 * - leave: kick the supervisor's own member.
 * - take-over (take-over-runner.ts): join in barge mode, then take the AI member off the line.
 *
 * A mode switch on a call the supervisor is on sends only the flags that change, so no beep
 * where Plivo allows (mode-switch.ts). Dialling the supervisor's phone is dial-out.ts.
 * Starting a recording names the relay's recording callback URL (`recordingCallbackUrl`), so its
 * events reach the desk whatever the MPC was created with.
 * - mute / unmute / hold / unhold / kick a participant; recording start / stop / pause /
 *   resume; end the call.
 *
 * A command returns as soon as Plivo accepted it; its effect shows when the event arrives, and
 * the MPC is re-read from REST shortly after in case the event never comes.
 *
 * A command Plivo answers "not found" (404) for is checked at once by reading the call by uuid
 * (`verify`): if Plivo does not know the call, the reconcile ends it on the board and the
 * supervisor reads `GONE_MESSAGE`; if it has ended, they read that; if the call is live, the
 * 404 was about a member and Plivo's reason stands. Messages name the call by its label.
 */
import type { ControlClient, MpcRef } from '../../mpc/client'
import type { UpdateParticipantParams } from '../../mpc/plivo-types'
import type { MpcState } from '../../mpc/state'
import type {
  Command,
  CommandOutcome,
  DeskError,
  MyPresence,
  Result,
  SupervisorMode,
} from '../../preload/api'
import { PlivoApiError } from '../../mpc/client-errors'
import type { AuditLog } from './audit-log'
import { requireClient, requireLiveMpc, requireMember } from './command-guards'
import { notFoundError } from './command-not-found'
import { DeskCommandError, toDeskError, type CallRef } from './desk-errors'
import { dialSupervisor } from './dial-out'
import type { HandOffTracker } from './hand-off'
import type { LiveStore } from './live-store'
import { MODE_FLAGS, switchParams } from './mode-switch'
import type { PresenceTracker } from './presence'
import type { ReadOutcome } from './reconcile'
import { removeAiOnJoin, startTakeOver } from './take-over-runner'

// Imported from here by the desk's tests and callers since before the split.
export { MODE_FLAGS, switchParams } from './mode-switch'

export interface CommandContext {
  store: LiveStore
  audit: AuditLog
  presence: PresenceTracker
  handOffs: HandOffTracker
  /** The control client for the current account, or undefined when not configured. */
  client(): ControlClient | undefined
  supervisor(): { endpoint: string; callerId: string }
  /** The relay's recording callback URL for the current account (relay-callbacks.ts). */
  recordingCallbackUrl(): string | undefined
  who: string
  /** Plivo accepted a command on this MPC: re-read it soon. */
  touched(mpcUuid: string): void
  /** Plivo answered 404 for a command on this MPC: read it now (reconcile.ts `verify`). */
  verify(mpcUuid: string): Promise<ReadOutcome>
  warn(message: string, detail?: unknown): void
}

export class CommandRunner {
  constructor(private readonly ctx: CommandContext) {}

  async run(command: Command): Promise<Result<CommandOutcome>> {
    const mpc = this.ctx.store.get(command.mpcUuid)
    // Name and role as they are now: the member may be gone, and the call too, when it is read.
    const memberId = 'memberId' in command ? command.memberId : undefined
    const memberRole = memberId !== undefined ? mpc?.participants[memberId]?.role : undefined
    const entry = this.ctx.audit.begin({
      who: this.ctx.who,
      command,
      ...(mpc?.name !== undefined ? { mpcName: mpc.name } : {}),
      ...(memberRole !== undefined ? { memberRole } : {}),
    })
    try {
      const outcome = await this.execute(command, entry.id)
      // A join that dialled stays pending until the supervisor's phone joins; a take-over
      // until its AI member is off the line.
      if (outcome.pendingCallUuid === undefined && command.type !== 'take-over') {
        this.ctx.audit.finish(entry.id, { ok: true })
      }
      this.ctx.touched(command.mpcUuid)
      return { ok: true, value: outcome }
    } catch (error) {
      const call: CallRef = { mpcUuid: command.mpcUuid, name: mpc?.name }
      const deskError =
        error instanceof PlivoApiError && error.status === 404
          ? await this.notFound(command.mpcUuid, error, call)
          : toDeskError(error, call)
      this.ctx.audit.finish(entry.id, { ok: false, error: deskError })
      if (!(error instanceof DeskCommandError)) {
        this.ctx.warn(`command ${command.type} on ${command.mpcUuid} failed`, error)
        // Whatever happened, the MPC may not look like we think any more.
        this.ctx.touched(command.mpcUuid)
      }
      return { ok: false, error: deskError }
    }
  }

  /** What a 404 from Plivo meant, once the call itself has been read by uuid. */
  private async notFound(mpcUuid: string, error: PlivoApiError, call: CallRef): Promise<DeskError> {
    const outcome = await this.ctx.verify(mpcUuid).catch((readError: unknown) => {
      this.ctx.warn(`checking MPC ${mpcUuid} after a 404 failed`, readError)
      return 'unknown' as const
    })
    return notFoundError(outcome, error, call)
  }

  /**
   * Called by the presence tracker: the join completed, but the supervisor switched mode while
   * it rang. Applied as its own audited update, since Plivo could not take it earlier.
   */
  applyMode(presence: MyPresence, mode: SupervisorMode, from?: SupervisorMode): void {
    const { memberId, mpcUuid } = presence
    const client = this.ctx.client()
    if (memberId === undefined || !client) return
    const entry = this.ctx.audit.begin({
      who: this.ctx.who,
      command: { type: 'join', mpcUuid, mode },
    })
    const params = from !== undefined ? switchParams(from, mode) : MODE_FLAGS[mode]
    client.updateParticipant({ uuid: mpcUuid }, memberId, params).then(
      () => this.ctx.audit.finish(entry.id, { ok: true }),
      (error: unknown) =>
        this.ctx.audit.finish(entry.id, {
          ok: false,
          error: toDeskError(error, { mpcUuid, name: this.ctx.store.get(mpcUuid)?.name }),
        }),
    )
  }

  /** Called by the presence tracker: a take-over's phone joined; the AI member goes now. */
  takeOverJoined(presence: MyPresence, auditId: string | undefined): void {
    removeAiOnJoin(this.ctx, presence, auditId)
  }

  /** Called by the presence tracker: the join completed after the supervisor chose to leave. */
  leaveNow(presence: MyPresence): void {
    const client = this.ctx.client()
    if (!client || presence.memberId === undefined) return
    client.kickParticipant({ uuid: presence.mpcUuid }, presence.memberId).catch((error) => {
      this.ctx.warn('could not hang up a join the supervisor had left', error)
    })
  }

  private async execute(command: Command, auditId: string): Promise<CommandOutcome> {
    const mpc = requireLiveMpc(this.ctx.store, command.mpcUuid)
    const ref: MpcRef = { uuid: command.mpcUuid }
    switch (command.type) {
      case 'join':
        return this.join(mpc, command.mode, auditId)
      case 'take-over':
        return startTakeOver(this.ctx, mpc, command, auditId)
      case 'leave':
        return this.leave(mpc, auditId)
      case 'mute':
      case 'unmute':
      case 'hold':
      case 'unhold': {
        requireMember(mpc, command.memberId)
        const params: UpdateParticipantParams =
          command.type === 'mute' || command.type === 'unmute'
            ? { mute: command.type === 'mute' }
            : { hold: command.type === 'hold' }
        await this.requireClient().updateParticipant(ref, command.memberId, params)
        return { auditId }
      }
      case 'kick':
        requireMember(mpc, command.memberId)
        await this.requireClient().kickParticipant(ref, command.memberId)
        return { auditId }
      case 'recording': {
        const client = this.requireClient()
        if (command.action === 'start') {
          const url = this.ctx.recordingCallbackUrl()
          await client.startRecording(
            ref,
            url ? { recordingCallbackUrl: url, recordingCallbackMethod: 'POST' } : {},
          )
        } else if (command.action === 'stop') await client.stopRecording(ref)
        else if (command.action === 'pause') await client.pauseRecording(ref)
        else await client.resumeRecording(ref)
        return { auditId }
      }
      case 'end':
        await this.requireClient().endMpc(ref)
        return { auditId }
    }
  }

  private async join(
    mpc: MpcState,
    mode: SupervisorMode,
    auditId: string,
  ): Promise<CommandOutcome> {
    const client = this.requireClient()
    const mine = this.ctx.presence.get(mpc.mpcUuid)
    if (mine?.status === 'joined' && mine.memberId !== undefined) {
      if (mine.mode !== mode) {
        const params = switchParams(mine.mode, mode)
        await client.updateParticipant({ uuid: mpc.mpcUuid }, mine.memberId, params)
        this.ctx.presence.setMode(mpc.mpcUuid, mode)
      }
      return { auditId }
    }
    if (mine?.status === 'ringing') {
      // Plivo cannot update a member that has not joined yet: the mode is applied on join.
      this.ctx.presence.setMode(mpc.mpcUuid, mode)
      return { auditId }
    }
    return dialSupervisor(this.ctx, client, mpc, mode, auditId)
  }

  private async leave(mpc: MpcState, auditId: string): Promise<CommandOutcome> {
    const mine = this.ctx.presence.get(mpc.mpcUuid)
    if (!mine || mine.status === 'failed') {
      throw new DeskCommandError({ code: 'not-found', message: 'You are not on this call.' })
    }
    if (mine.status === 'ringing' || mine.memberId === undefined) {
      this.ctx.presence.leaveWhenJoined(mpc.mpcUuid)
      return { auditId }
    }
    await this.requireClient().kickParticipant({ uuid: mpc.mpcUuid }, mine.memberId)
    return { auditId }
  }

  private requireClient(): ControlClient {
    return requireClient(this.ctx.client())
  }
}
