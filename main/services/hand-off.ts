/**
 * Hand-offs of AI calls to an agent endpoint (issue 18): a take-over with `endpoint` dials that
 * endpoint into the call as an `agent` member (dial-out.ts), and once ITS ParticipantJoin arrives
 * the AI member is taken off the line (take-over.ts, the same rules as a supervisor's take-over).
 * The customer never leaves the MPC. One hand-off per call is kept: pending while the agent's
 * phone rings, removing, then done or failed; settled ones stay `settledTtlMs` so the card can
 * say how it went.
 *
 * Apart from presence.ts on purpose: presence is the supervisor's own leg, and a hand-off
 * neither dials nor moves it. The join is read with the same rules as the supervisor's
 * (presence-steps.ts), by the call uuid add participant returned.
 *
 * A leg given up on (the ring timeout, which the dial also asks of Plivo as `ring_timeout`) is
 * still watched while its entry is kept: if it joins after all, it is hung up (kicked), so no
 * ghost agent turns up on a call whose AI stayed.
 */
import type { MpcEvent } from '../../mpc/events'
import type { MpcState } from '../../mpc/state'
import type { DeskErrorCode, HandOff, TakeOverThen } from '../../preload/api'
import { AI_STAYS, type TakeOverOutcome } from './presence-take-over'
import {
  ENDED_BEFORE_JOIN,
  stepForEvent,
  stepForState,
  type DialledLeg,
  type PresenceStep,
} from './presence-steps'
import type { DeskTuning } from './tuning'

export interface HandOffRequest {
  endpoint: string
  aiMemberId: string
  then: TakeOverThen
  /** The take-over command's audit entry, finished when the hand-off settles. */
  auditId: string
}

export interface HandOffHooks {
  changed(): void
  /**
   * The agent joined: take the AI member off the line, finish the audit entry and report back
   * with `settled`.
   */
  joined(handOff: HandOff): void
  /** The hand-off failed before the agent joined: finish its audit entry. */
  failed(auditId: string, code: DeskErrorCode, message: string): void
  /** A leg the desk gave up on joined after all: hang it up. */
  hangUp(mpcUuid: string, memberId: string): void
}

export interface HandOffOptions {
  /** How long the agent's phone may ring (the presence join timeout: tuning.ts). */
  ringTimeoutMs: number
  /** How long a settled hand-off stays on the card. */
  settledTtlMs: number
  now?: () => number
}

interface Entry {
  handOff: HandOff
  timer?: ReturnType<typeof setTimeout>
  /** A late leg of a failed hand-off was hung up already. */
  hungUp?: boolean
}

export class HandOffTracker {
  private readonly entries = new Map<string, Entry>()
  private readonly now: () => number

  constructor(
    private readonly hooks: HandOffHooks,
    private readonly options: HandOffOptions,
  ) {
    this.now = options.now ?? Date.now
  }

  list(): HandOff[] {
    return [...this.entries.values()].map((e) => e.handOff)
  }

  get(mpcUuid: string): HandOff | undefined {
    return this.entries.get(mpcUuid)?.handOff
  }

  /** The ring timeout in whole seconds, for Plivo's `ring_timeout` on the dial. */
  get ringSec(): number {
    return Math.max(1, Math.ceil(this.options.ringTimeoutMs / 1000))
  }

  /** Plivo accepted the dial-out of the agent's leg `callUuid`: ring until it joins. */
  ringing(mpcUuid: string, request: HandOffRequest, callUuid: string, store?: MpcState): void {
    this.drop(mpcUuid, 'Superseded by a new hand-off.')
    const entry: Entry = {
      handOff: { ...request, mpcUuid, status: 'pending', callUuid, since: this.now() },
    }
    const seconds = Math.round(this.options.ringTimeoutMs / 1000)
    entry.timer = setTimeout(
      () => this.fail(entry, `${request.endpoint} did not answer within ${seconds} s.`, 'timeout'),
      this.options.ringTimeoutMs,
    )
    this.entries.set(mpcUuid, entry)
    // The join may have been applied before Plivo's HTTP answer reached us.
    const step = store ? stepForState(legOf(entry), store) : undefined
    if (step?.step === 'joined') this.take(entry, step)
    else this.hooks.changed()
  }

  /** The AI member is off the line (or could not be taken off); only a removing one moves. */
  settled(mpcUuid: string, outcome: TakeOverOutcome): void {
    const entry = this.entries.get(mpcUuid)
    if (!entry || entry.handOff.status !== 'removing') return
    const { handOff } = entry
    entry.handOff = outcome.ok
      ? {
          ...handOff,
          status: 'done',
          then: outcome.did ?? handOff.then,
          since: this.now(),
          ...(outcome.note !== undefined ? { note: outcome.note } : {}),
        }
      : { ...handOff, status: 'failed', since: this.now(), error: outcome.error }
    this.expireLater(entry)
    this.hooks.changed()
  }

  /** Feed every applied event (relay or REST). */
  observe(event: MpcEvent): void {
    const entry = this.entries.get(event.mpcUuid)
    if (entry) this.take(entry, stepForEvent(legOf(entry), event), event)
  }

  /** Catch up with a state that arrived whole (a relay snapshot). */
  syncWith(mpc: MpcState): void {
    const entry = this.entries.get(mpc.mpcUuid)
    if (entry) this.take(entry, stepForState(legOf(entry), mpc))
  }

  /** Forget the call (it left the desk); a hand-off still ringing fails with `reason`. */
  drop(mpcUuid: string, reason = 'The call left the desk before the agent joined.'): void {
    const entry = this.entries.get(mpcUuid)
    if (!entry) return
    if (entry.timer) clearTimeout(entry.timer)
    this.entries.delete(mpcUuid)
    if (entry.handOff.status === 'pending')
      this.hooks.failed(entry.handOff.auditId, 'not-found', reason)
    this.hooks.changed()
  }

  /** A different account: every hand-off goes. */
  clear(): void {
    for (const uuid of [...this.entries.keys()]) this.drop(uuid)
  }

  /** The desk stops: timers cleared, nothing reported. */
  stop(): void {
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer)
    this.entries.clear()
  }

  private take(entry: Entry, step: PresenceStep | undefined, event?: MpcEvent): void {
    if (!step || this.entries.get(entry.handOff.mpcUuid) !== entry) return
    const { handOff } = entry
    if (handOff.status === 'failed') {
      // Watching a leg given up on: if it joins after all, it must not stay.
      if (step.step === 'joined' && !entry.hungUp && handOff.memberId === undefined) {
        entry.hungUp = true
        this.hooks.hangUp(handOff.mpcUuid, step.memberId)
      }
      return
    }
    if (handOff.status !== 'pending') return
    if (step.step === 'joined') {
      if (entry.timer) clearTimeout(entry.timer)
      delete entry.timer
      entry.handOff = { ...handOff, status: 'removing', memberId: step.memberId, since: this.now() }
      this.hooks.joined(entry.handOff)
      this.hooks.changed()
    } else if (step.step === 'fail') {
      const ended = step.message === ENDED_BEFORE_JOIN
      const message = ended
        ? `The call ended before ${handOff.endpoint} joined.`
        : event?.kind === 'add-participant'
          ? `${handOff.endpoint} did not answer (${event.callStatus ?? 'failed'}).`
          : step.message
      this.fail(entry, message, step.code, ended)
    } else {
      this.fail(entry, `${handOff.endpoint} hung up before the AI agent was taken off the line.`)
    }
  }

  /** Fails a pending hand-off; the AI stays, and the message says so unless the call ended. */
  private fail(entry: Entry, message: string, code: DeskErrorCode = 'plivo', ended = false): void {
    if (entry.handOff.status !== 'pending' || this.entries.get(entry.handOff.mpcUuid) !== entry) {
      return
    }
    if (entry.timer) clearTimeout(entry.timer)
    const shown = ended ? message : `${message} ${AI_STAYS}`
    entry.handOff = { ...entry.handOff, status: 'failed', since: this.now(), error: shown }
    this.hooks.failed(entry.handOff.auditId, code, shown)
    this.expireLater(entry)
    this.hooks.changed()
  }

  private expireLater(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer)
    entry.timer = setTimeout(() => {
      if (this.entries.get(entry.handOff.mpcUuid) !== entry) return
      this.entries.delete(entry.handOff.mpcUuid)
      this.hooks.changed()
    }, this.options.settledTtlMs)
  }
}

const NO_HOOKS: Omit<HandOffHooks, 'changed'> = {
  joined: () => {},
  failed: () => {},
  hangUp: () => {},
}

/**
 * The desk state's tracker, tuned like the supervisor's own join: the same ring timeout, and a
 * settled hand-off shows as long as a failed join. No `hooks` (tests of other parts): no effects.
 */
export function handOffTrackerFor(
  hooks: Omit<HandOffHooks, 'changed'> | undefined,
  changed: () => void,
  tuning: Pick<DeskTuning, 'joinTimeoutMs' | 'failedPresenceTtlMs'>,
): HandOffTracker {
  return new HandOffTracker(
    { ...(hooks ?? NO_HOOKS), changed },
    { ringTimeoutMs: tuning.joinTimeoutMs, settledTtlMs: tuning.failedPresenceTtlMs },
  )
}

/**
 * The agent's leg as the presence steps read a dialled leg: ringing until it joined. A failed
 * hand-off's leg reads as ringing too, so a late join is still seen (and hung up).
 */
function legOf(entry: Entry): DialledLeg {
  const { status, callUuid, memberId } = entry.handOff
  return {
    status: status === 'pending' || status === 'failed' ? 'ringing' : 'joined',
    callUuid,
    ...(memberId !== undefined ? { memberId } : {}),
  }
}
