/**
 * The reconcile's verdicts on a call REST could not vouch for as live (reconcile.ts): what a
 * "not found" by uuid means, what to do with a call REST says has ended, and when a call nobody
 * confirmed counts as stale. Pure rules, apart from the reads and timers, because each one
 * decides whether a call leaves the supervisor's board.
 */

/** What to do with an MPC Plivo answered 404 for by uuid. */
export type NotFoundVerdict =
  /** A signed callback for it arrived while we read: Plivo knows it, whatever REST said. */
  | 'heard'
  /** The settings are proven right (a full list worked): end it on the board as gone. */
  | 'gone'
  /** Only an old relay snapshot had it (nothing vouches for it at all): drop it. */
  | 'remove'
  /** No list has worked with these settings yet: a mis-set API base must not empty the board. */
  | 'keep'

export interface NotFoundFacts {
  /** Wall-clock time of the newest relay event for the MPC, if any. */
  heardAt: number | undefined
  /** When the read that got the 404 started. */
  startedAt: number
  freshMs: number
  /** A full list of the account's live calls succeeded with these settings. */
  listedOk: boolean
  /** Kept from before a relay snapshot that did not include it. */
  unconfirmed: boolean
}

/**
 * A call Plivo answers "not found" for is ended on the board — Plivo keeps ended calls readable
 * by uuid, so the account has no such call — but only once a full list of the account's live
 * calls has succeeded with these settings (so the API base and the credentials are right: a
 * wrong auth ID fails the list with 401, and a list that fails acts on nothing), and only if no
 * callback for the call arrived while we read (callbacks are signed with the account's token: a
 * call they still describe is real).
 */
export function notFoundVerdict(facts: NotFoundFacts): NotFoundVerdict {
  if (facts.heardAt !== undefined && facts.heardAt >= facts.startedAt - facts.freshMs) {
    return 'heard'
  }
  if (facts.listedOk) return 'gone'
  return facts.unconfirmed ? 'remove' : 'keep'
}

/** What to do with a call REST says has ended. */
export type EndedVerdict =
  /** It ended longer ago than the grace: the store only has it from a late callback. */
  | 'remove'
  /** The board still shows it live: end it there. */
  | 'end'
  /** Nothing to change; REST has vouched for it. */
  | 'confirm'

export function endedVerdict(facts: {
  /** The store's status for the call, if it has it. */
  knownStatus: string | undefined
  /** When REST says it ended (ms), if it says. */
  endedAt: number | null
  /** How long an ended call stays on the board, if bounded. */
  graceMs: number | undefined
  now: number
}): EndedVerdict {
  const { knownStatus, endedAt, graceMs, now } = facts
  if (knownStatus === undefined) return 'confirm'
  if (endedAt !== null && graceMs !== undefined && now - endedAt > graceMs) return 'remove'
  return knownStatus === 'ended' ? 'confirm' : 'end'
}

/**
 * How long a call may go without a confirmation before the desk calls its data stale: two
 * reconcile rounds (the interval plus the time a pass takes, which grows with the number of
 * calls under the read budget). A live call is re-read once per round, so missing two in a
 * row means REST could not vouch for it twice — one slow or failed pass is not enough.
 */
export function staleAfterMs(intervalMs: number, lastPassMs: number): number {
  return 2 * (intervalMs + lastPassMs)
}
