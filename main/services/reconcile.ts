/**
 * Background reconcile from the control API (DESIGN §5): read the live MPCs and their
 * participants from REST and merge what the relay never told us — an MPC or member missing
 * from the store, a mute/hold/coach/recording fact that disagrees, a member or call that is
 * gone — so the store converges on Plivo's truth even after a relay restart without Redis.
 *
 * The merge is expressed as synthetic events fed through the same mpc/ reducer as the relay's,
 * so there is one way state is built. Facts the store learned in the last `freshMs` are left
 * alone: a REST read races the callbacks, and a callback newer than the read is the truth.
 *
 * A call Plivo answers "not found" for is ended on the board (`ReconcileTarget.gone`) — Plivo
 * keeps ended calls readable by uuid, so the account has no such call — but only once a full
 * list of the account's live calls has succeeded with these settings (so the API base and the
 * credentials are right: a wrong auth ID fails the list with 401, and a list that fails acts
 * on nothing), and only if no callback for the call arrived while we read (callbacks are
 * signed with the account's token: a call they still describe is real). Calls the list leaves
 * out are read one by one, so the same rule ends the calls Plivo no longer lists as live.
 *
 * All reads go through the account's shared limiter (Plivo's 300 requests / 5 s) and, on top,
 * a smaller budget of their own, so a reconcile of thousands of calls never starves the
 * supervisor's clicks.
 */
import { setMaxListeners } from 'node:events'
import type { ControlClient } from '../../mpc/client'
import { PlivoApiError } from '../../mpc/client-errors'
import type {
  MpcEvent,
  MpcStateEvent,
  ParticipantEvent,
  ParticipantEventName,
  RecordingEvent,
} from '../../mpc/events'
import { plivoTimeToMs, type PlivoMpc, type PlivoParticipant } from '../../mpc/plivo-types'
import { RateLimiter } from '../../mpc/rate-limiter'
import type { MpcState, ParticipantState } from '../../mpc/state'
import { ROLES, type Role } from '../../mpc/events'

export const DEFAULT_RECONCILE_INTERVAL_MS = 30_000
export const DEFAULT_REREAD_DELAY_MS = 1500
/** Facts younger than this are newer than any REST read racing them. */
export const DEFAULT_FRESH_MS = 3000
/** A third of Plivo's default budget; the rest stays for commands and other tools. */
export const RECONCILE_BUDGET = { limit: 100, windowMs: 5000 }

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

export interface ReconcilerOptions {
  client: ControlClient
  target: ReconcileTarget
  intervalMs?: number
  rereadDelayMs?: number
  freshMs?: number
  /**
   * How long an ended call stays on the board. A call REST says ended longer ago than this is
   * removed instead of ended: the store only has it because a late callback brought it back.
   */
  endedGraceMs?: number
  now?: () => number
  warn?: (message: string, detail?: unknown) => void
  /** A full pass finished (ok or not). */
  onPass?: (result: { ok: boolean; error?: unknown }) => void
}

/** What a read of one MPC by uuid found. */
export type ReadOutcome =
  /** Live at Plivo; merged. */
  | 'live'
  /** Ended at Plivo; shown ended (or removed if it ended long ago). */
  | 'ended'
  /** Plivo does not know it: ended on the board as gone. */
  | 'gone'
  /** Plivo does not know it, but nothing proves the settings right yet: left as it was. */
  | 'unknown'

export class Reconciler {
  private readonly budget = new RateLimiter(RECONCILE_BUDGET)
  private readonly abort = new AbortController()
  private readonly now: () => number
  private readonly freshMs: number
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: Promise<boolean> | undefined
  private again = false
  private readonly rereads = new Map<string, ReturnType<typeof setTimeout>>()
  private stopped = false
  /** A full list of the account's live calls succeeded: the API base and credentials work. */
  private listedOk = false
  /** How long the last successful full pass took, ms. */
  private lastPassMs = 0

  constructor(private readonly options: ReconcilerOptions) {
    // Every read queued on the budget listens on this one signal (and stops listening when it
    // runs): a pass over thousands of calls queues hundreds at once, which is no leak.
    setMaxListeners(0, this.abort.signal)
    this.now = options.now ?? Date.now
    this.freshMs = options.freshMs ?? DEFAULT_FRESH_MS
  }

  /** Runs a full pass now (coalescing with one in flight) and then every interval. */
  reconcileNow(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false)
    if (this.running) {
      this.again = true
      return this.running
    }
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const run = this.fullPass()
      .then(
        () => {
          this.options.onPass?.({ ok: true })
          return true
        },
        (error: unknown) => {
          if (!this.stopped) this.options.warn?.('reconcile from REST failed', error)
          this.options.onPass?.({ ok: false, error })
          return false
        },
      )
      .finally(() => {
        this.running = undefined
        if (this.stopped) return
        if (this.again) {
          this.again = false
          void this.reconcileNow()
        } else {
          this.timer = setTimeout(
            () => void this.reconcileNow(),
            this.options.intervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS,
          )
        }
      })
    this.running = run
    return run
  }

  /** Re-reads one MPC soon (after a command, or when an event contradicted the store). */
  reread(mpcUuid: string, delayMs = this.options.rereadDelayMs ?? DEFAULT_REREAD_DELAY_MS): void {
    if (this.stopped || this.rereads.has(mpcUuid)) return
    const timer = setTimeout(() => {
      this.rereads.delete(mpcUuid)
      this.readOne(mpcUuid).catch((error: unknown) => {
        if (!this.stopped) this.options.warn?.(`re-reading MPC ${mpcUuid} failed`, error)
      })
    }, delayMs)
    this.rereads.set(mpcUuid, timer)
  }

  /**
   * How long a call may go without a confirmation before the desk calls its data stale: two
   * reconcile rounds (the interval plus the time a pass takes, which grows with the number of
   * calls under the read budget). A live call is re-read once per round, so missing two in a
   * row means REST could not vouch for it twice — one slow or failed pass is not enough.
   */
  staleAfterMs(): number {
    return 2 * ((this.options.intervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS) + this.lastPassMs)
  }

  /**
   * Reads one MPC now (a command got "not found" for it): merges what Plivo says and, if Plivo
   * does not know the call, ends it on the board under the rule in the header. Part of the
   * supervisor's click, so it does not queue behind a pass on the reconcile's own budget (the
   * account's shared limiter still paces it).
   */
  verify(mpcUuid: string): Promise<ReadOutcome> {
    if (this.stopped) return Promise.resolve('unknown')
    return this.readOne(mpcUuid, true)
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    for (const timer of this.rereads.values()) clearTimeout(timer)
    this.rereads.clear()
    this.abort.abort(new Error('reconciler stopped'))
    this.budget.stop('reconciler stopped')
  }

  /** `urgent`: a read for a click, not on the reconcile's budget. */
  private async call<T>(request: (signal: AbortSignal) => Promise<T>, urgent = false): Promise<T> {
    if (!urgent) await this.budget.acquire(this.abort.signal)
    return request(this.abort.signal)
  }

  private async fullPass(): Promise<void> {
    const { client, target } = this.options
    const startedAt = this.now()
    const live = new Map<string, PlivoMpc>()
    for (const status of ['active', 'initialized'] as const) {
      // Each page is one request; pace the pages with our budget too.
      await this.budget.acquire(this.abort.signal)
      for await (const mpc of client.listAllMpcs({ status }, { signal: this.abort.signal })) {
        live.set(mpc.mpc_uuid, mpc)
      }
    }
    this.listedOk = true
    for (const mpc of live.values()) {
      if (this.stopped) return
      await this.mergeLive(mpc)
    }
    // Calls the store thinks are live but REST did not list: ended (or unknown) at Plivo.
    for (const uuid of target.uuids()) {
      if (this.stopped) return
      const known = target.get(uuid)
      if (!known || known.status === 'ended' || live.has(uuid)) continue
      if (known.createdAt >= startedAt - this.freshMs) continue // newer than our list
      await this.readOne(uuid)
    }
    this.lastPassMs = this.now() - startedAt
  }

  private async readOne(mpcUuid: string, urgent = false): Promise<ReadOutcome> {
    const { client } = this.options
    const startedAt = this.now()
    let mpc: PlivoMpc
    try {
      mpc = await this.call((signal) => client.getMpc({ uuid: mpcUuid }, { signal }), urgent)
    } catch (error) {
      if (error instanceof PlivoApiError && error.status === 404)
        return this.unknownAtPlivo(mpcUuid, startedAt)
      throw error
    }
    if (mpc.status === 'ended') {
      this.mergeEnded(mpc)
      return 'ended'
    }
    await this.mergeLive(mpc, urgent)
    return 'live'
  }

  /** Plivo answered 404 for the MPC's uuid (read started at `startedAt`). */
  private unknownAtPlivo(mpcUuid: string, startedAt: number): ReadOutcome {
    const { target } = this.options
    const heard = target.heardAt(mpcUuid)
    if (heard !== undefined && heard >= startedAt - this.freshMs) {
      // A signed callback for it arrived while we read: Plivo knows it, whatever REST said.
      this.options.warn?.(`the control API does not know MPC ${mpcUuid}, but its callbacks arrive`)
      return 'unknown'
    }
    if (this.listedOk) {
      target.gone(mpcUuid)
      return 'gone'
    }
    // No list has worked with these settings yet: a mis-set API base must not empty the board.
    // A call only an old relay snapshot had is still dropped (nothing vouches for it at all).
    if (target.isUnconfirmed(mpcUuid)) {
      target.remove(mpcUuid)
      return 'gone'
    }
    this.options.warn?.(`the control API does not know MPC ${mpcUuid}; keeping the relay's view`)
    return 'unknown'
  }

  private async mergeLive(mpc: PlivoMpc, urgent = false): Promise<void> {
    const { client, target } = this.options
    const readAt = this.now()
    const page = await this.call(
      (signal) => client.listParticipants({ uuid: mpc.mpc_uuid }, undefined, { signal }),
      urgent,
    )
    const diff = diffLive(target.get(mpc.mpc_uuid), mpc, page.objects, readAt, this.freshMs)
    for (const event of diff.events) target.apply(event)
    target.confirm(mpc.mpc_uuid)
    target.participantsRead?.(mpc.mpc_uuid, page.objects)
    // REST disagreed with facts too fresh to overrule: look again once they have aged, so a
    // lost or swallowed callback (e.g. a repeat Plivo stamped like an earlier one) cannot leave
    // a wrong mark until the next full pass.
    if (diff.waiting.length > 0) this.reread(mpc.mpc_uuid, this.freshMs)
  }

  private mergeEnded(mpc: PlivoMpc): void {
    const { target } = this.options
    const known = target.get(mpc.mpc_uuid)
    const endedAt = plivoTimeToMs(mpc.end_time)
    const grace = this.options.endedGraceMs
    if (known && endedAt !== null && grace !== undefined && this.now() - endedAt > grace) {
      target.remove(mpc.mpc_uuid)
      return
    }
    if (known && known.status !== 'ended') {
      target.apply(mpcEvent('MPCEnd', mpc, endedAt ?? this.now()))
    }
    target.confirm(mpc.mpc_uuid)
  }
}

/**
 * The time a fact read from REST at `readAt` (desk clock, ms) is stamped with: just before the
 * second it was read in. Plivo stamps callbacks in whole seconds, so a change made in the same
 * second as the read (possibly after the read saw the old value) carries `floor(readAt)`; a
 * millisecond read time would outrank it last-writer-wins and leave a stale mark, e.g. a coach
 * mark stuck after a switch to barge. A callback of that second wins, any older callback loses.
 */
export function restFactTime(readAt: number): number {
  return Math.floor(readAt / 1000) * 1000 - 1
}

export interface LiveDiff {
  /** Synthetic events that bring the store in line with REST. */
  events: MpcEvent[]
  /** Facts REST contradicts that are too fresh to overrule yet (what, for logs and tests). */
  waiting: string[]
}

/**
 * What it takes to bring `known` in line with what REST says of a live MPC. Pure, so it is
 * tested on its own.
 */
export function diffLive(
  known: MpcState | undefined,
  mpc: PlivoMpc,
  participants: PlivoParticipant[],
  readAt: number,
  freshMs: number,
): LiveDiff {
  const events: MpcEvent[] = []
  const waiting: string[] = []
  const stale = (at: number | undefined): boolean => at === undefined || at < readAt - freshMs
  /** Whether REST may overrule a fact last set at `factAt`; notes it as waiting if not. */
  const waitIfFresh = (factAt: number | undefined, what: string): boolean => {
    if (stale(factAt)) return true
    waiting.push(what)
    return false
  }
  const at = restFactTime(readAt)
  const created = plivoTimeToMs(mpc.creation_time) ?? at
  const started = plivoTimeToMs(mpc.start_time)

  if (!known) events.push(mpcEvent('MPCInitialized', mpc, created))
  if ((!known || known.status === 'initialized') && mpc.status === 'active') {
    events.push(mpcEvent('MPCStart', mpc, started ?? at))
  }

  const recording = mpc.recording
  const knownRecording = known?.recording.status ?? 'not-recording'
  if (
    recording !== null &&
    recording !== knownRecording &&
    (recording === 'recording' || recording === 'paused' || recording === 'not-recording') &&
    waitIfFresh(known?.recording.at, 'recording')
  ) {
    const name =
      recording === 'paused'
        ? 'MPCRecordingPaused'
        : recording === 'not-recording'
          ? 'MPCRecordingCompleted'
          : knownRecording === 'paused'
            ? 'MPCRecordingResumed'
            : 'MPCRecordingInitiated'
    events.push(recordingEvent(name, mpc, at))
  }

  const rest = new Map(participants.map((p) => [p.member_id, p]))
  for (const p of participants) {
    const present = p.exit_time === null
    const member = known?.participants[p.member_id]
    if (!present) {
      if (member && member.leftAt === undefined && member.joinedAt !== undefined) {
        events.push(participantEvent('ParticipantExit', mpc, p, plivoTimeToMs(p.exit_time) ?? at))
      }
      continue
    }
    if (member?.leftAt !== undefined) continue // member ids are not reused after an exit
    if (!member || member.joinedAt === undefined) {
      events.push(participantEvent('ParticipantJoin', mpc, p, plivoTimeToMs(p.join_time) ?? at))
    }
    events.push(...flagEvents(member, mpc, p, at, waitIfFresh))
  }
  for (const member of Object.values(known?.participants ?? {})) {
    if (member.leftAt !== undefined || member.joinedAt === undefined) continue
    if (rest.has(member.memberId)) continue
    if (!waitIfFresh(member.joinedAt, `${member.memberId} not listed`)) continue
    events.push(exitUnlisted(mpc, member, at))
  }
  return { events, waiting }
}

function flagEvents(
  member: ParticipantState | undefined,
  mpc: PlivoMpc,
  p: PlivoParticipant,
  at: number,
  waitIfFresh: (factAt: number | undefined, what: string) => boolean,
): MpcEvent[] {
  const events: MpcEvent[] = []
  const check = (
    rest: boolean | null,
    fact: { value: boolean; at: number } | undefined,
    on: ParticipantEventName,
    off: ParticipantEventName,
  ): void => {
    if (rest === null) return
    const knownValue = fact?.value ?? false
    if (rest === knownValue) return
    if (!waitIfFresh(member ? fact?.at : undefined, `${p.member_id} ${on}`)) return
    events.push(participantEvent(rest ? on : off, mpc, p, at))
  }
  check(p.mute, member?.mute, 'ParticipantMute', 'ParticipantUnmute')
  check(p.hold, member?.hold, 'ParticipantHold', 'ParticipantUnhold')
  if (p.role === 'supervisor') {
    check(p.coach_mode, member?.coachMode, 'ParticipantCoachModeStart', 'ParticipantCoachModeStop')
  }
  return events
}

const RECONCILE_SOURCE = 'rest-reconcile'

function baseRaw(name: string, mpcUuid: string): Record<string, string> {
  return { EventName: name, MPCUUID: mpcUuid, Source: RECONCILE_SOURCE }
}

function mpcEvent(name: MpcStateEvent['name'], mpc: PlivoMpc, at: number): MpcStateEvent {
  const event: MpcStateEvent = {
    kind: 'mpc',
    name,
    mpcUuid: mpc.mpc_uuid,
    mpcName: mpc.friendly_name,
    at,
    raw: baseRaw(name, mpc.mpc_uuid),
  }
  if (name === 'MPCEnd') {
    if (mpc.termination_cause) event.terminationCause = mpc.termination_cause
    if (mpc.termination_cause_code !== null) event.terminationCauseCode = mpc.termination_cause_code
    if (mpc.duration !== null) event.durationSec = mpc.duration
  }
  return event
}

function recordingEvent(name: RecordingEvent['name'], mpc: PlivoMpc, at: number): RecordingEvent {
  return {
    kind: 'recording',
    name,
    mpcUuid: mpc.mpc_uuid,
    mpcName: mpc.friendly_name,
    at,
    raw: baseRaw(name, mpc.mpc_uuid),
  }
}

function toRole(role: string): Role | undefined {
  return (ROLES as readonly string[]).includes(role) ? (role as Role) : undefined
}

function participantEvent(
  name: ParticipantEventName,
  mpc: PlivoMpc,
  p: PlivoParticipant,
  at: number,
): ParticipantEvent {
  const event: ParticipantEvent = {
    kind: 'participant',
    name,
    mpcUuid: mpc.mpc_uuid,
    mpcName: mpc.friendly_name,
    memberId: p.member_id,
    callUuid: p.call_uuid,
    at,
    raw: { ...baseRaw(name, mpc.mpc_uuid), MemberID: p.member_id },
  }
  const role = toRole(p.role)
  if (role) event.role = role
  // No coach_mode riding along: the reducer would take it as a fact of this event's time and
  // skip the freshness check the coach-mode events above go through.
  if (name === 'ParticipantExit' && p.exit_cause) event.exitCause = p.exit_cause
  return event
}

function exitUnlisted(mpc: PlivoMpc, member: ParticipantState, at: number): ParticipantEvent {
  const event: ParticipantEvent = {
    kind: 'participant',
    name: 'ParticipantExit',
    mpcUuid: mpc.mpc_uuid,
    mpcName: mpc.friendly_name,
    memberId: member.memberId,
    at,
    raw: { ...baseRaw('ParticipantExit', mpc.mpc_uuid), MemberID: member.memberId },
  }
  if (member.callUuid) event.callUuid = member.callUuid
  if (member.role) event.role = member.role
  return event
}
