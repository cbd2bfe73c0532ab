/**
 * The board's displayed order while it is held: the supervisor's pointer is over it, keyboard
 * focus is in it, or sorting is paused (board/use-held-order.ts decides when). Pure, so what the
 * supervisor sees while holding is easy to reason about and to test.
 *
 * While held:
 * - every displayed call keeps its row, in the order it had when the hold began (or when the
 *   supervisor last applied the new order); its data stays live (a call that ends shows Ended
 *   in place);
 * - a call the store let go of (ended and evicted) keeps its slot as a "gone" row with its last
 *   known entry, so the rows below do not move up under the pointer;
 * - a call that now matches and was not displayed (a new call, or one that started matching the
 *   filter) is not shown yet;
 * - `moved` counts the calls whose place would change if the new order were applied: the new
 *   ones, the ones that would leave (gone, or no longer matching the filter) and the fewest
 *   displayed calls that would have to move for the rest to be in the new order.
 */
import type { BoardEntry } from '../desk/attention'

export interface BoardRow {
  entry: BoardEntry
  /** The call left the desk's store while the order was held: only its slot is shown. */
  gone: boolean
}

export interface BoardView {
  rows: BoardRow[]
  /** Calls that would change place if the current order were applied (0 when not held). */
  moved: number
}

/** The rows of the current order, nothing held. */
export function liveRows(fresh: readonly BoardEntry[]): BoardRow[] {
  return fresh.map((entry) => ({ entry, gone: false }))
}

/**
 * The held rows over `base` (what was displayed), given the current order `fresh` (filtered,
 * most urgent first) and every call the store still knows (unfiltered, by uuid).
 * Rows whose entry did not change keep their identity.
 */
export function holdRows(
  base: readonly BoardRow[],
  fresh: readonly BoardEntry[],
  known: ReadonlyMap<string, BoardEntry>,
): BoardView {
  const rows = base.map((row): BoardRow => {
    const entry = known.get(row.entry.mpcUuid)
    if (!entry) return row.gone ? row : { entry: row.entry, gone: true }
    return !row.gone && row.entry === entry ? row : { entry, gone: false }
  })
  return { rows, moved: movedCount(rows, fresh) }
}

function movedCount(rows: readonly BoardRow[], fresh: readonly BoardEntry[]): number {
  const freshIndex = new Map<string, number>()
  fresh.forEach((e, i) => freshIndex.set(e.mpcUuid, i))
  const displayed = new Set<string>()
  // Positions in the new order of the displayed calls that stay, in displayed order.
  const staying: number[] = []
  let leaving = 0
  for (const row of rows) {
    displayed.add(row.entry.mpcUuid)
    const at = row.gone ? undefined : freshIndex.get(row.entry.mpcUuid)
    if (at === undefined) leaving += 1
    else staying.push(at)
  }
  let arriving = 0
  for (const e of fresh) if (!displayed.has(e.mpcUuid)) arriving += 1
  return arriving + leaving + staying.length - longestIncreasingRun(staying)
}

/** Length of the longest strictly increasing subsequence (patience sorting, O(n log n)). */
export function longestIncreasingRun(values: readonly number[]): number {
  const tails: number[] = []
  for (const v of values) {
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((tails[mid] ?? 0) < v) lo = mid + 1
      else hi = mid
    }
    tails[lo] = v
  }
  return tails.length
}
