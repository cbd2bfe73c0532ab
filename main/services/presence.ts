/**
 * The supervisor's own presence on calls (DESIGN §5): a join is "ringing your phone…" from the
 * moment Plivo accepts the dial-out until the ParticipantJoin whose call uuid is the one add
 * participant returned; it fails visibly when the dial fails or nothing comes within the
 * timeout; it ends when the supervisor's member exits (kicked, hung up their own phone) or the
 * call ends. Events drive it, whether they came from the relay or from a REST reconcile.
 *
 * A failed presence stays visible for `failedTtlMs` so the supervisor sees why, then goes.
 *
 * A take-over from an AI agent (take-over.ts) is a presence with `takeOver` set: it rides the
 * same ringing → joined → failed path, and on join the tracker hands over to `takeOverJoined`
 * instead of settling the audit entry: the take-over's entry is finished once the AI member is
 * off the line (`takeOverSettled`), or when the join fails (then the AI stays on the call).
 */
import type { MpcEvent } from '../../mpc/events'
import type { MpcState } from '../../mpc/state'
import type {
  DeskErrorCode,
  MyPresence,
  SupervisorMode,
  TakeOverState,
  TakeOverThen,
} from '../../preload/api'
import { ENDED_BEFORE_JOIN, stepForEvent, stepForState, type PresenceStep } from './presence-steps'

export const DEFAULT_JOIN_TIMEOUT_MS = 45_000
export const DEFAULT_FAILED_TTL_MS = 30_000

interface Entry {
  presence: MyPresence
  /** The audit entry of the join that dialled, finished when the join resolves. */
  auditId?: string
  /** The mode the dial-out carried; a switch while ringing is applied after the join. */
  dialledMode: SupervisorMode
  /** The supervisor clicked leave while it was still ringing: hang up on join. */
  leaveOnJoin: boolean
  timer?: ReturnType<typeof setTimeout>
}

export interface PresenceHooks {
  changed(): void
  /** The pending join resolved (ok) or failed, for its audit entry. */
  joinSettled(
    auditId: string,
    outcome: { ok: true } | { ok: false; code: DeskErrorCode; message: string },
  ): void
  /** A join completed whose wanted mode differs from the dialled one (`from`). */
  applyMode(presence: MyPresence, mode: SupervisorMode, from: SupervisorMode): void
  /** A join completed after the supervisor already chose to leave. */
  leaveNow(presence: MyPresence): void
  /**
   * A take-over's phone joined: take the AI member off the line now, finish the take-over's
   * audit entry `auditId` and report back with `takeOverSettled`.
   */
  takeOverJoined?(presence: MyPresence, auditId: string | undefined): void
}

/** How taking the AI member off the line went; `did` and `note` when it went otherwise than asked. */
export type TakeOverOutcome =
  { ok: true; did?: TakeOverThen; note?: string } | { ok: false; error: string }

/** The AI agent stays when the supervisor's phone never joins: said with every such failure. */
export const AI_STAYS = 'The AI agent stays on the call.'

export interface PresenceOptions {
  joinTimeoutMs?: number
  failedTtlMs?: number
  now?: () => number
}

export class PresenceTracker {
  private readonly entries = new Map<string, Entry>()
  private readonly joinTimeoutMs: number
  private readonly failedTtlMs: number
  private readonly now: () => number

  constructor(
    private readonly hooks: PresenceHooks,
    options: PresenceOptions = {},
  ) {
    this.joinTimeoutMs = options.joinTimeoutMs ?? DEFAULT_JOIN_TIMEOUT_MS
    this.failedTtlMs = options.failedTtlMs ?? DEFAULT_FAILED_TTL_MS
    this.now = options.now ?? Date.now
  }

  list(): MyPresence[] {
    return [...this.entries.values()].filter((e) => !e.leaveOnJoin).map((e) => e.presence)
  }

  get(mpcUuid: string): MyPresence | undefined {
    const entry = this.entries.get(mpcUuid)
    return entry && !entry.leaveOnJoin ? entry.presence : undefined
  }

  /** Plivo accepted the dial-out: ring until the join (or the timeout). */
  ringing(
    mpcUuid: string,
    mode: SupervisorMode,
    callUuid: string,
    auditId: string,
    store?: MpcState,
    takeOver?: { aiMemberId: string; then: TakeOverThen },
  ): void {
    this.drop(mpcUuid, 'Superseded by a new join.')
    const entry: Entry = {
      presence: {
        mpcUuid,
        mode,
        status: 'ringing',
        callUuid,
        since: this.now(),
        ...(takeOver ? { takeOver: { ...takeOver, status: 'pending' as const } } : {}),
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
  takeOverInPlace(mpcUuid: string, takeOver: { aiMemberId: string; then: TakeOverThen }): void {
    const entry = this.entries.get(mpcUuid)
    if (!entry || entry.presence.status !== 'joined') return
    entry.presence = { ...entry.presence, takeOver: { ...takeOver, status: 'removing' } }
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
    const next: TakeOverState = outcome.ok
      ? {
          aiMemberId: takeOver.aiMemberId,
          then: outcome.did ?? takeOver.then,
          status: 'done',
          ...(outcome.note !== undefined ? { note: outcome.note } : {}),
        }
      : { ...takeOver, status: 'failed', error: outcome.error }
    entry.presence = { ...entry.presence, takeOver: next }
    this.hooks.changed()
  }

  /** The supervisor left while ringing: keep listening for the join so we can hang it up. */
  leaveWhenJoined(mpcUuid: string): void {
    const entry = this.entries.get(mpcUuid)
    if (!entry) return
    entry.leaveOnJoin = true
    if (entry.auditId) {
      this.hooks.joinSettled(entry.auditId, {
        ok: false,
        code: 'invalid',
        message: 'You left before your phone joined.',
      })
      delete entry.auditId
    }
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

  /** Forget the MPC (it left the store) or everything (account change). */
  drop(mpcUuid: string, reason = 'The call left the desk before you joined.'): void {
    const entry = this.entries.get(mpcUuid)
    if (!entry) return
    if (entry.timer) clearTimeout(entry.timer)
    this.entries.delete(mpcUuid)
    if (entry.auditId) {
      this.hooks.joinSettled(entry.auditId, { ok: false, code: 'not-found', message: reason })
    }
    this.hooks.changed()
  }

  clear(): void {
    for (const uuid of [...this.entries.keys()]) this.drop(uuid)
  }

  /** `code`: timeout when nothing came, plivo when Plivo reported the dial failed. */
  fail(mpcUuid: string, message: string, code: DeskErrorCode = 'plivo'): void {
    const entry = this.entries.get(mpcUuid)
    if (!entry || entry.presence.status !== 'ringing') return
    if (entry.timer) clearTimeout(entry.timer)
    const takeOver = entry.presence.takeOver
    // A call that ended took the AI agent with it: only a call that goes on keeps it.
    const shown = takeOver && message !== ENDED_BEFORE_JOIN ? `${message} ${AI_STAYS}` : message
    if (entry.auditId) {
      this.hooks.joinSettled(entry.auditId, { ok: false, code, message: shown })
    }
    delete entry.auditId
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
      ...(takeOver ? { takeOver: { ...takeOver, status: 'failed' as const, error: shown } } : {}),
    }
    entry.timer = setTimeout(() => {
      if (this.entries.get(mpcUuid) === entry) {
        this.entries.delete(mpcUuid)
        this.hooks.changed()
      }
    }, this.failedTtlMs)
    this.hooks.changed()
  }

  private take(entry: Entry, step: PresenceStep | undefined): void {
    const { mpcUuid } = entry.presence
    if (step?.step === 'joined') this.joined(entry, step.memberId)
    else if (step?.step === 'fail') this.fail(mpcUuid, step.message, step.code)
    else if (step?.step === 'drop') this.drop(mpcUuid, step.reason)
  }

  private joined(entry: Entry, memberId: string): void {
    if (entry.timer) clearTimeout(entry.timer)
    delete entry.timer
    entry.presence = { ...entry.presence, status: 'joined', memberId, since: this.now() }
    const takeOver = entry.presence.takeOver
    const auditId = entry.auditId
    delete entry.auditId
    if (takeOver?.status === 'pending' && !entry.leaveOnJoin) {
      // The take-over's audit entry stays open until the AI member is off the line.
      entry.presence = { ...entry.presence, takeOver: { ...takeOver, status: 'removing' } }
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

  stop(): void {
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer)
    this.entries.clear()
  }
}
