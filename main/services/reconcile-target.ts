/**
 * The background reconcile's view of the desk state (`ReconcileTarget`, what reconcile.ts needs
 * of any store, and the desk's own): what it reads REST against, and where what it learns lands — as `rest` data, with a supervisor Plivo
 * lists on a call taken as the user (a desk started while they were on a call shows them there).
 *
 * A source that is no longer the current one changes nothing: the late reads of an account the
 * desk left must never touch the next account's board.
 */
import type { SupervisorMode } from '../../preload/api'
import type { DeskState } from './desk-state'
import type { MpcEvent } from '../../mpc/events'
import type { PlivoParticipant } from '../../mpc/plivo-types'
import type { MpcState } from '../../mpc/state'

export interface ReconcileTarget {
  get(mpcUuid: string): MpcState | undefined
  uuids(): string[]
  /** Applies a synthetic event as data from REST. */
  apply(event: MpcEvent): void
  /** REST says this MPC is live (or how it ended). */
  confirm(mpcUuid: string): void
  /** Kept from before a relay snapshot that did not include it. */
  isUnconfirmed(mpcUuid: string): boolean
  /** Neither REST nor the relay knows this MPC any more. */
  remove(mpcUuid: string): void
  /** Plivo does not know this MPC (a 404 by uuid): end it on the board, with the reason. */
  gone(mpcUuid: string): void
  /** Wall-clock time of the newest relay event for this MPC, if any. */
  heardAt(mpcUuid: string): number | undefined
  /** Every live participant list read, after it was merged (e.g. to find the supervisor). */
  participantsRead?(mpcUuid: string, participants: PlivoParticipant[]): void
}

export interface ReconcileTargetOptions {
  state: DeskState
  /** Whether the source that reads is still the desk's current one. */
  isCurrent(): boolean
  /** The address the supervisor's phone is dialled at (how Plivo's list names them). */
  supervisorEndpoint(): string
  /** Newer data was applied (the connection banner's age). */
  dataApplied(): void
}

export function deskReconcileTarget(options: ReconcileTargetOptions): ReconcileTarget {
  const { state, isCurrent } = options
  const { store, presence } = state
  return {
    get: (uuid) => store.get(uuid),
    uuids: () => store.uuids(),
    apply: (event) => {
      if (!isCurrent()) return
      state.apply(event, { from: 'rest' })
      options.dataApplied()
    },
    confirm: (uuid) => store.confirm(uuid),
    isUnconfirmed: (uuid) => store.metaOf(uuid)?.unconfirmed === true,
    remove: (uuid) => isCurrent() && state.remove(uuid),
    gone: (uuid) => isCurrent() && state.endGone(uuid),
    heardAt: (uuid) => store.metaOf(uuid)?.heardAt,
    participantsRead: (uuid, participants) => {
      if (!isCurrent() || presence.get(uuid)) return
      // Plivo lists the dialled address of each member; ours marks the supervisor.
      const me = participants.find(
        (p) =>
          p.exit_time === null &&
          p.role === 'supervisor' &&
          p.member_address === options.supervisorEndpoint(),
      )
      if (me) presence.adopt(uuid, modeOf(me.coach_mode, me.mute), me.member_id, me.call_uuid)
    },
  }
}

/** The mode a supervisor member is in, from its flags (MODE_FLAGS read backwards). */
function modeOf(coachMode: boolean | null, mute: boolean | null): SupervisorMode {
  if (coachMode === false) return 'barge'
  return mute ? 'listen' : 'coach'
}
