/**
 * Background reconcile from the control API (DESIGN §5): read the live MPCs and their
 * participants from REST and merge what the relay never told us — an MPC or member missing
 * from the store, a mute/hold/coach/recording fact that disagrees, a member or call that is
 * gone — so the store converges on Plivo's truth even after a relay restart without Redis.
 *
 * The merge is expressed as synthetic events (reconcile-events.ts) fed through the same mpc/
 * reducer as the relay's, so there is one way state is built; reconcile-diff.ts computes them
 * and leaves alone the facts fresher than the read. A call Plivo answers "not found" for is
 * ended on the board only under the rule of reconcile-judgement.ts (`notFoundVerdict`). Calls the
 * list leaves out are read one by one, so the same rule ends the calls Plivo no longer lists.
 *
 * All reads go through the account's shared limiter (Plivo's 300 requests / 5 s) and, on top,
 * a smaller budget of their own, so a reconcile of thousands of calls never starves the
 * supervisor's clicks.
 */
import { setMaxListeners } from 'node:events'
import type { ControlClient } from '../../mpc/client'
import { PlivoApiError } from '../../mpc/client-errors'
import { plivoTimeToMs, type PlivoMpc } from '../../mpc/plivo-types'
import { RateLimiter } from '../../mpc/rate-limiter'
import { diffLive } from './reconcile-diff'
import { mpcEvent } from './reconcile-events'
import { endedVerdict, notFoundVerdict, staleAfterMs } from './reconcile-judgement'
import { KeyedOnce, PassScheduler } from './reconcile-schedule'
import type { ReconcileTarget } from './reconcile-target'

export { diffLive, restFactTime, type LiveDiff } from './reconcile-diff'
export type { ReconcileTarget } from './reconcile-target'

export const DEFAULT_RECONCILE_INTERVAL_MS = 30_000
export const DEFAULT_REREAD_DELAY_MS = 1500
/** Facts younger than this are newer than any REST read racing them. */
export const DEFAULT_FRESH_MS = 3000
/** A third of Plivo's default budget; the rest stays for commands and other tools. */
export const RECONCILE_BUDGET = { limit: 100, windowMs: 5000 }

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
  private readonly intervalMs: number
  private readonly passes: PassScheduler
  private readonly rereads = new KeyedOnce()
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
    this.intervalMs = options.intervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS
    this.passes = new PassScheduler({
      pass: () => this.fullPass(),
      intervalMs: this.intervalMs,
      onPass: options.onPass,
      warn: options.warn,
    })
  }

  /** Runs a full pass now (coalescing with one in flight) and then every interval. */
  reconcileNow(): Promise<boolean> {
    return this.passes.runNow()
  }

  /** Re-reads one MPC soon (after a command, or when an event contradicted the store). */
  reread(mpcUuid: string, delayMs = this.options.rereadDelayMs ?? DEFAULT_REREAD_DELAY_MS): void {
    if (this.stopped) return
    this.rereads.schedule(mpcUuid, delayMs, () => {
      this.readOne(mpcUuid).catch((error: unknown) => {
        if (!this.stopped) this.options.warn?.(`re-reading MPC ${mpcUuid} failed`, error)
      })
    })
  }

  /** How long a call may go unconfirmed before its data is stale (reconcile-judgement.ts). */
  staleAfterMs(): number {
    return staleAfterMs(this.intervalMs, this.lastPassMs)
  }

  /**
   * Reads one MPC now (a command got "not found" for it): merges what Plivo says and, if Plivo
   * does not know the call, ends it on the board (`notFoundVerdict`). Part of the supervisor's
   * click, so it does not queue behind a pass on the reconcile's own budget (the account's
   * shared limiter still paces it).
   */
  verify(mpcUuid: string): Promise<ReadOutcome> {
    if (this.stopped) return Promise.resolve('unknown')
    return this.readOne(mpcUuid, true)
  }

  stop(): void {
    this.stopped = true
    this.passes.stop()
    this.rereads.stop()
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
    const { target, warn } = this.options
    const verdict = notFoundVerdict({
      heardAt: target.heardAt(mpcUuid),
      startedAt,
      freshMs: this.freshMs,
      listedOk: this.listedOk,
      unconfirmed: target.isUnconfirmed(mpcUuid),
    })
    if (verdict === 'gone') target.gone(mpcUuid)
    else if (verdict === 'remove') target.remove(mpcUuid)
    else if (verdict === 'heard') {
      warn?.(`the control API does not know MPC ${mpcUuid}, but its callbacks arrive`)
    } else warn?.(`the control API does not know MPC ${mpcUuid}; keeping the relay's view`)
    return verdict === 'gone' || verdict === 'remove' ? 'gone' : 'unknown'
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
    const endedAt = plivoTimeToMs(mpc.end_time)
    const verdict = endedVerdict({
      knownStatus: target.get(mpc.mpc_uuid)?.status,
      endedAt,
      graceMs: this.options.endedGraceMs,
      now: this.now(),
    })
    if (verdict === 'remove') {
      target.remove(mpc.mpc_uuid)
      return
    }
    if (verdict === 'end') target.apply(mpcEvent('MPCEnd', mpc, endedAt ?? this.now()))
    target.confirm(mpc.mpc_uuid)
  }
}
