/**
 * When the board's order holds still (board/held-order.ts says how it holds):
 *
 * - `pointer`: the pointer is over the board — a click aimed at one call's Barge must land on
 *   that call;
 * - `focus`: keyboard focus is inside the board (Tab, not a mouse click: a click leaves focus on
 *   the button it pressed, and a board that stayed frozen after the pointer left would hide
 *   every later change);
 * - `paused`: the supervisor turned "Pause sorting" on; it holds until turned off.
 *
 * The order is taken when the first holder starts and let go when the last one stops; `apply`
 * takes the current order while still holding (the "n calls moved — show" button). Changing the
 * filter is an explicit request to see other calls, so it re-applies the order too.
 */
import { useMemo, useState } from 'react'
import type { BoardEntry } from '../desk/attention'
import { type BoardRow, type BoardView, holdRows, liveRows } from './held-order'

export type Holder = 'pointer' | 'focus' | 'paused'

export interface HeldOrder extends BoardView {
  /** Some holder holds the order now. */
  held: boolean
  paused: boolean
  hold(holder: Holder): void
  release(holder: Holder): void
  /** Shows the current order (and keeps holding it from there). */
  apply(): void
}

interface Base {
  rows: BoardRow[]
  /** The filter the rows were taken under. */
  filter: unknown
}

interface HoldState {
  holders: readonly Holder[]
  /** The held rows; null when nothing holds. */
  base: Base | null
}

const FREE: HoldState = { holders: [], base: null }

export function useHeldOrder(
  fresh: BoardEntry[],
  all: BoardEntry[],
  /** The filter `fresh` was computed with (compared by identity). */
  filter: unknown,
): HeldOrder {
  const [state, setState] = useState<HoldState>(FREE)
  const { holders, base } = state
  const held = holders.length > 0
  // A new filter while held: take the order under it (React's adjust-state-while-rendering).
  if (held && base && base.filter !== filter) {
    setState({ holders, base: { rows: liveRows(fresh), filter } })
  }

  const known = useMemo(() => new Map(all.map((e) => [e.mpcUuid, e])), [all])
  const view = useMemo<BoardView>(
    () =>
      held && base && base.filter === filter
        ? holdRows(base.rows, fresh, known)
        : { rows: liveRows(fresh), moved: 0 },
    [held, base, filter, fresh, known],
  )

  return {
    ...view,
    held,
    paused: holders.includes('paused'),
    // Updaters, not this render's values: a pointer and a focus event can come in one batch.
    hold: (holder) =>
      setState((s) =>
        s.holders.includes(holder)
          ? s
          : {
              holders: [...s.holders, holder],
              // The first holder takes what the supervisor sees now.
              base: s.holders.length > 0 ? s.base : { rows: view.rows, filter },
            },
      ),
    release: (holder) =>
      setState((s) => {
        if (!s.holders.includes(holder)) return s
        const rest = s.holders.filter((h) => h !== holder)
        return rest.length > 0 ? { holders: rest, base: s.base } : FREE
      }),
    apply: () =>
      setState((s) =>
        s.holders.length > 0 ? { holders: s.holders, base: { rows: liveRows(fresh), filter } } : s,
      ),
  }
}
