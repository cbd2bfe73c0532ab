/**
 * The supervisor's own presence on calls (DESIGN §5): a join is "ringing your phone…" from the
 * moment Plivo accepts the dial-out until the ParticipantJoin whose call uuid is the one add
 * participant returned; it fails visibly when the dial fails or nothing comes within the
 * timeout; it ends when the supervisor's member exits (kicked, hung up their own phone) or the
 * call ends. Events drive it, whether they came from the relay or from a REST reconcile.
 *
 * A failed presence stays visible for `failedTtlMs` so the supervisor sees why, then goes.
 *
 * A take-over from an AI agent is a presence with `takeOver` set (presence-take-over.ts): on
 * join the tracker hands over to `takeOverJoined` instead of settling the audit entry, which is
 * finished once the AI member is off the line (`takeOverSettled`), or when the join fails.
 */
import type { MpcEvent } from '../../mpc/events'
import type { MpcState } from '../../mpc/state'
import type { DeskErrorCode, SupervisorMode } from '../../preload/api'
import {
  DEFAULT_FAILED_TTL_MS,
  DEFAULT_JOIN_TIMEOUT_MS,
  type PresenceHooks,
  type PresenceOptions,
} from './presence-hooks'
import { PresenceEntries, type PresenceEntry } from './presence-entries'
import { stepForEvent, stepForState, type PresenceStep } from './presence-steps'
import {
  failedTakeOver,
  failureMessage,
  pendingTakeOver,
  removingTakeOver,
  settledTakeOver,
  type TakeOverOutcome,
  type TakeOverRequest,
} from './presence-take-over'

// Imported from here by the take-over, desk-state, tuning and tests since before the split.
export { AI_STAYS, type TakeOverOutcome } from './presence-take-over'
export {
  DEFAULT_FAILED_TTL_MS,
  DEFAULT_JOIN_TIMEOUT_MS,
  type PresenceHooks,
  type PresenceOptions,
} from './presence-hooks'

export class PresenceTracker extends PresenceEntries {
  private readonly joinTimeoutMs: number
  private readonly failedTtlMs: number
  private readonly now: () => number

  constructor(hooks: PresenceHooks, options: PresenceOptions = {}) {
    super(hooks)
    this.joinTimeoutMs = options.joinTimeoutMs ?? DEFAULT_JOIN_TIMEOUT_MS
    this.failedTtlMs = options.failedTtlMs ?? DEFAULT_FAILED_TTL_MS
    this.now = options.now ?? Date.now
  }

  /** Plivo accepted the dial-out: ring until the join (or the timeout). */
  ringing(
    mpcUuid: string,
    mode: SupervisorMode,
    callUuid: string,
    auditId: string,
    store?: MpcState,
    takeOver?: TakeOverRequest,
  ): void {
    this.drop(mpcUuid, 'Superseded by a new join.')
    const entry: PresenceEntry = {
      presence: {
        mpcUuid,
        mode,
        status: 'ringing',
        callUuid,
        since: this.now(),
        ...pendingTakeOver(takeOver),
      },
      auditId,
      dialledMode: mode,
      leaveOnJoin: false,
    }
    entry.timer = setTimeout(
      () =>
        this.fail(
          mpcUuid,
          `Your phone did not join within ${Math.round(this.joinTimeoutMs / 1000)} s.`,
          'timeout',
        ),
      this.joinTimeoutMs,
    )
    this.entries.set(mpcUuid, entry)
    // The join may have been applied before Plivo's HTTP answer reached us.
    const member = store
      ? Object.values(store.participants).find((p) => p.callUuid === callUuid)
      : undefined
    if (member?.joinedAt !== undefined && member.leftAt === undefined) {
      this.joined(entry, member.memberId)
    } else {
      this.hooks.changed()
    }
  }

  /**
   * The supervisor is on a call the desk did not dial this session (e.g. the desk restarted
   * while they stayed on): take them as joined, so they can switch mode or leave.
   */
  adopt(mpcUuid: string, mode: SupervisorMode, memberId: string, callUuid: string): void {
    if (this.entries.has(mpcUuid)) return
    this.entries.set(mpcUuid, {
      presence: { mpcUuid, mode, status: 'joined', callUuid, memberId, since: this.now() },
      dialledMode: mode,
      leaveOnJoin: false,
    })
    this.hooks.changed()
  }

  /** Joined and switched mode in place. */
  setMode(mpcUuid: string, mode: SupervisorMode): void {
    const entry = this.entries.get(mpcUuid)
    if (!entry) return
    entry.presence = { ...entry.presence, mode }
    this.hooks.changed()
  }

  /**
   * A take-over on a call the supervisor is already on: nothing to dial, the AI member is taken
   * off the line now (the caller reports back with `takeOverSettled`).
   */
  takeOverInPlace(mpcUuid: string, takeOver: TakeOverRequest): void {
    const entry = this.entries.get(mpcUuid)
    if (!entry || entry.presence.status !== 'joined') return
    entry.presence = removingTakeOver(entry.presence, takeOver)
    this.hooks.changed()
  }

  /**
   * The AI member of a take-over is off the line (or could not be taken off: `error`). Only a
   * take-over that is removing moves; anything else (a leave, a new join) has replaced it.
   */
  takeOverSettled(mpcUuid: string, outcome: TakeOverOutcome): void {
    const entry = this.entries.get(mpcUuid)
    const takeOver = entry?.presence.takeOver
    if (!entry || takeOver?.status !== 'removing') return
    entry.presence = { ...entry.presence, takeOver: settledTakeOver(takeOver, outcome) }
    this.hooks.changed()
  }

  /** The supervisor left while ringing: keep listening for the join so we can hang it up. */
  leaveWhenJoined(mpcUuid: string): void {
    const entry = this.entries.get(mpcUuid)
    if (!entry) return
    entry.leaveOnJoin = true
    this.settleJoin(entry, {
      ok: false,
      code: 'invalid',
      message: 'You left before your phone joined.',
    })
    this.hooks.changed()
  }

  /** Feed every applied event (relay or REST). */
  observe(event: MpcEvent): void {
    const entry = this.entries.get(event.mpcUuid)
    if (entry) this.take(entry, stepForEvent(entry.presence, event))
  }

  /**
   * Catch up with a state that arrived whole (a relay snapshot) rather than as events: a join
   * or an exit may be in it that no event will announce again.
   */
  syncWith(mpc: MpcState): void {
    const entry = this.entries.get(mpc.mpcUuid)
    if (entry) this.take(entry, stepForState(entry.presence, mpc))
  }

  /** `code`: timeout when nothing came, plivo when Plivo reported the dial failed. */
  fail(mpcUuid: string, message: string, code: DeskErrorCode = 'plivo'): void {
    const entry = this.entries.get(mpcUuid)
    if (!entry || entry.presence.status !== 'ringing') return
    if (entry.timer) clearTimeout(entry.timer)
    const takeOver = entry.presence.takeOver
    const shown = failureMessage(takeOver, message)
    this.settleJoin(entry, { ok: false, code, message: shown })
    if (entry.leaveOnJoin) {
      this.entries.delete(mpcUuid)
      this.hooks.changed()
      return
    }
    entry.presence = {
      ...entry.presence,
      status: 'failed',
      error: shown,
      since: this.now(),
      ...failedTakeOver(takeOver, shown),
    }
    entry.timer = setTimeout(() => {
      if (this.entries.get(mpcUuid) === entry) {
        this.entries.delete(mpcUuid)
        this.hooks.changed()
      }
    }, this.failedTtlMs)
    this.hooks.changed()
  }

  private take(entry: PresenceEntry, step: PresenceStep | undefined): void {
    const { mpcUuid } = entry.presence
    if (step?.step === 'joined') this.joined(entry, step.memberId)
    else if (step?.step === 'fail') this.fail(mpcUuid, step.message, step.code)
    else if (step?.step === 'drop') this.drop(mpcUuid, step.reason)
  }

  private joined(entry: PresenceEntry, memberId: string): void {
    if (entry.timer) clearTimeout(entry.timer)
    delete entry.timer
    entry.presence = { ...entry.presence, status: 'joined', memberId, since: this.now() }
    const takeOver = entry.presence.takeOver
    const auditId = entry.auditId
    delete entry.auditId
    if (takeOver?.status === 'pending' && !entry.leaveOnJoin) {
      // The take-over's audit entry stays open until the AI member is off the line.
      entry.presence = removingTakeOver(entry.presence, takeOver)
      this.hooks.takeOverJoined?.(entry.presence, auditId)
    } else if (auditId) {
      this.hooks.joinSettled(auditId, { ok: true })
    }
    if (entry.leaveOnJoin) {
      this.hooks.leaveNow(entry.presence)
    } else if (entry.presence.mode !== entry.dialledMode) {
      const from = entry.dialledMode
      entry.dialledMode = entry.presence.mode
      this.hooks.applyMode(entry.presence, entry.presence.mode, from)
    }
    this.hooks.changed()
  }
}
