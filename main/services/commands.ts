/**
 * The supervisor's commands (DESIGN §5), each audited: who, what, which call, when, result and
 * Plivo's reason.
 *
 * - join (listen / coach / barge): add the supervisor's endpoint as a supervisor participant,
 *   from the caller ID, with coach_mode and mute per mode. Already on the call → switch the
 *   mode in place (update participant). The join stays pending ("ringing your phone…") until
 *   its ParticipantJoin; its audit entry is finished then, or when it fails.
 * - leave: kick the supervisor's own member.
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
import type { LiveStore } from './live-store'
import type { PresenceTracker } from './presence'
import type { ReadOutcome } from './reconcile'

/** What each mode asks of Plivo (DESIGN §5; plivo-mpc.md §5 "Coach mode"). */
export const MODE_FLAGS: Record<SupervisorMode, { coachMode: boolean; mute: boolean }> = {
  /** Hears everyone, heard by no one. */
  listen: { coachMode: true, mute: true },
  /** Heard by the agents only. */
  coach: { coachMode: true, mute: false },
  /** Heard by everyone. */
  barge: { coachMode: false, mute: false },
}

export interface CommandContext {
  store: LiveStore
  audit: AuditLog
  presence: PresenceTracker
  /** The control client for the current account, or undefined when not configured. */
  client(): ControlClient | undefined
  supervisor(): { endpoint: string; callerId: string }
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
    const memberRole = 'memberId' in command ? mpc?.participants[command.memberId]?.role : undefined
    const entry = this.ctx.audit.begin({
      who: this.ctx.who,
      command,
      ...(mpc?.name !== undefined ? { mpcName: mpc.name } : {}),
      ...(memberRole !== undefined ? { memberRole } : {}),
    })
    try {
      const outcome = await this.execute(command, entry.id)
      // A join that dialled stays pending until the supervisor's phone joins.
      if (outcome.pendingCallUuid === undefined) this.ctx.audit.finish(entry.id, { ok: true })
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
  applyMode(presence: MyPresence, mode: SupervisorMode): void {
    const { memberId, mpcUuid } = presence
    const client = this.ctx.client()
    if (memberId === undefined || !client) return
    const entry = this.ctx.audit.begin({
      who: this.ctx.who,
      command: { type: 'join', mpcUuid, mode },
    })
    client.updateParticipant({ uuid: mpcUuid }, memberId, MODE_FLAGS[mode]).then(
      () => this.ctx.audit.finish(entry.id, { ok: true }),
      (error: unknown) =>
        this.ctx.audit.finish(entry.id, {
          ok: false,
          error: toDeskError(error, { mpcUuid, name: this.ctx.store.get(mpcUuid)?.name }),
        }),
    )
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
        if (command.action === 'start') await client.startRecording(ref)
        else if (command.action === 'stop') await client.stopRecording(ref)
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
        await client.updateParticipant({ uuid: mpc.mpcUuid }, mine.memberId, MODE_FLAGS[mode])
        this.ctx.presence.setMode(mpc.mpcUuid, mode)
      }
      return { auditId }
    }
    if (mine?.status === 'ringing') {
      // Plivo cannot update a member that has not joined yet: the mode is applied on join.
      this.ctx.presence.setMode(mpc.mpcUuid, mode)
      return { auditId }
    }
    const { endpoint, callerId } = this.ctx.supervisor()
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
        // Silent monitoring must not announce itself; a barge may.
        enterSound: mode === 'barge' ? 'beep:1' : 'none',
        exitSound: mode === 'barge' ? 'beep:2' : 'none',
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
    this.ctx.presence.ringing(mpc.mpcUuid, mode, callUuid, auditId, this.ctx.store.get(mpc.mpcUuid))
    return { auditId, pendingCallUuid: callUuid }
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
