/**
 * The board: every live call, most urgent first, virtualised so only the visible cards (plus a
 * few) are in the DOM whatever the number of calls.
 *
 * Scrolling cost is dominated by what each newly shown card costs the browser, so rows are sized
 * without reading layout: a card's height is estimated from what it shows (the stylesheet gives
 * its lines fixed minimum heights, see CARD_HEIGHT, and the board learns the typical heights at
 * its current width), and a ResizeObserver corrects a card that differs (wrapped participants, a
 * failure note) after the browser has laid it out anyway.
 */
import {
  defaultRangeExtractor,
  type Range,
  useVirtualizer,
  type Virtualizer,
} from '@tanstack/react-virtual'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { BoardEntry } from '../desk/attention'
import { useConnection } from '../desk/runtime'
import { EmptyBoardText } from '../shell/ConnectionBanner'
import { CallCard } from './CallCard'
import { useFocusKeeper } from './focus-keeper'
import { type DisplayRow, type GroupHeader, rowKey } from './grouping'
import type { HeldOrder } from './use-held-order'

export interface BoardProps {
  /** The (possibly held) order: its holders and its "n calls moved" count. */
  order: HeldOrder
  /** What is displayed: the order's calls, grouped by queue with headers when asked. */
  rows: DisplayRow[]
  /** One line per call. */
  compact: boolean
  onToggleGroup: (queue: string) => void
  ready: boolean
  totalCount: number
  focusedMpc: string | null
  focusedMember: string | null
  onFocusCall: (mpcUuid: string) => void
  onFocusMember: (mpcUuid: string, memberId: string) => void
  onOpen: (mpcUuid: string) => void
}

/**
 * A card's height in px as app.css lays it out on a wide board: 1px borders, 6px padding, the
 * head line (24px min-height), a 4px gap and the participants line (24px min-height); an alert
 * line adds a 4px gap and 18px (.card, .card-head, .card-body, .card .alerts). Only the first
 * guess: the board then estimates from the cards it has measured (see CardHeights).
 */
const CARD_HEIGHT = 66
const ALERT_LINE_HEIGHT = 22
const GAP = 8
/** A queue's header line when grouping (.group-head). */
const GROUP_HEIGHT = 28

/**
 * Typical card heights by what widens a card (an alert line; a "customer waiting" badge, which
 * wraps a head on a narrow board), learned from the cards measured so far: the board's width
 * decides whether a card's head wraps (it does beside the detail panel), and a card estimated
 * right is placed once, while one estimated wrong moves every row below it when its real size
 * arrives. A wrong guess is never seen, though: the rows are placed again inside the
 * ResizeObserver callback that reports the real size, before the browser paints (see Board).
 */
class CardHeights {
  private readonly learned = new Map<string, number>()

  private static shape(entry: BoardEntry): string {
    return `${entry.alertCount > 0 ? 'alert' : 'plain'}${entry.waitingSince !== null ? '+wait' : ''}`
  }

  estimate(entry: BoardEntry | undefined): number {
    if (!entry) return CARD_HEIGHT
    const learned = this.learned.get(CardHeights.shape(entry))
    if (learned !== undefined) return learned
    return entry.alertCount > 0 ? CARD_HEIGHT + ALERT_LINE_HEIGHT : CARD_HEIGHT
  }

  learn(entry: BoardEntry | undefined, size: number): void {
    // A gone row keeps the size its card had: it teaches nothing about cards.
    if (entry) this.learned.set(CardHeights.shape(entry), size)
  }
}

/**
 * The virtualiser's measurement, as the library's own (the ResizeObserver entry's border box, or
 * offsetHeight when the row mounts), filed under the row's call and teaching CardHeights.
 * (Returning the estimate on mount instead, to spare that layout read, made no difference:
 * bench 2026-12-03, 2,000-call scroll, main-thread CPU 9.5 ms/frame with it, 9.9 without,
 * 1.0 layout per frame either way; 3 runs each.)
 */
function rowMeasurer(rows: DisplayRow[], heights: CardHeights) {
  const indexOf = new Map<string, number>()
  rows.forEach((row, i) => {
    if (row.kind === 'call') indexOf.set(row.entry.mpcUuid, i)
  })
  return (
    element: Element,
    entry: ResizeObserverEntry | undefined,
    instance: Virtualizer<HTMLDivElement, Element>,
  ): number => {
    const rowIndex = instance.indexFromElement(element)
    const sizeAt = (index: number) =>
      instance.itemSizeCache.get(instance.options.getItemKey(index)) ??
      instance.options.estimateSize(index)
    const measured = entry?.borderBoxSize[0]?.blockSize ?? (element as HTMLElement).offsetHeight
    // No card is 0 px tall: that is a card whose call just left the store, rendering nothing
    // for the frame before its row becomes a gone slot (or leaves) — keep its last size, so the
    // rows below do not jump up under the pointer.
    if (measured <= 0) return sizeAt(rowIndex)
    const size = Math.round(measured)
    // The size belongs to the row's call, which the row's data-index names only once the board's
    // latest order is committed: a size filed under a stale index gave another card this card's
    // height (a 27 px gap under it that stayed until that card changed size itself).
    const mpc = element instanceof HTMLElement ? element.dataset.mpc : undefined
    const index = mpc === undefined ? rowIndex : (indexOf.get(mpc) ?? -1)
    if (index < 0) return sizeAt(rowIndex)
    const row = rows[index]
    if (row?.kind === 'call' && !row.gone) heights.learn(row.entry, size)
    if (index === rowIndex) return size
    instance.resizeItem(index, size)
    return sizeAt(rowIndex)
  }
}

export function Board({
  order,
  rows,
  compact,
  onToggleGroup,
  ready,
  totalCount,
  focusedMpc,
  focusedMember,
  onFocusCall,
  onFocusMember,
  onOpen,
}: BoardProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const sectionRef = useRef<HTMLElement>(null)
  // The virtualizer recomputes every row's position whenever getItemKey changes identity, and
  // the board re-renders on every scroll frame: a new closure each render made each frame walk
  // all the calls. It changes only with the rows.
  const getItemKey = useCallback(
    (index: number) => {
      const row = rows[index]
      return row ? rowKey(row) : index
    },
    [rows],
  )
  // Full and compact cards have their own typical heights.
  const [fullHeights] = useState(() => new CardHeights())
  const [compactHeights] = useState(() => new CardHeights())
  const heights = compact ? compactHeights : fullHeights
  const estimateSize = useCallback(
    (index: number) => {
      const row = rows[index]
      return row?.kind === 'group' ? GROUP_HEIGHT : heights.estimate(row?.entry)
    },
    [rows, heights],
  )
  const measureElement = useMemo(() => rowMeasurer(rows, heights), [rows, heights])
  const keeper = useFocusKeeper(sectionRef, {
    hold: order.hold,
    release: order.release,
    reveal: (mpcUuid) => {
      const index = rows.findIndex((r) => rowKey(r) === mpcUuid)
      if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' })
    },
  })
  // The row holding keyboard focus stays mounted even when scrolled out of the window: unmounted,
  // its focused button would be lost (focus drops to the page) and Tab would restart at the top.
  const pinned = keeper.focusedMpc ? rows.findIndex((r) => rowKey(r) === keeper.focusedMpc) : -1
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range)
      if (pinned < 0 || indexes.includes(pinned)) return indexes
      return [...indexes, pinned].sort((a, b) => a - b)
    },
    [pinned],
  )
  // The virtualizer is a mutable object by design (it re-renders the board itself); the
  // compiler cannot memoise around it, which is fine: the board is not memoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    measureElement,
    rangeExtractor,
    overscan: 4,
    // A scroll renders the new rows in React's next task instead of synchronously inside the
    // scroll event: the frame that scrolls is not also the one that mounts cards, and rows
    // already rendered ahead (overscan) cover the gap.
    useFlushSync: false,
    // The virtualizer writes each row's position (and the canvas height) itself, at once: when
    // a card changes height (a head that wraps as the detail panel opens, an alert line) the
    // ResizeObserver callback places the rows below it before the browser paints. Positions
    // left to React's next render were painted stale first — cards overlapping, or 30–40 px
    // gaps, for a frame or, on a busy board, for many.
    directDomUpdates: true,
    // As `top`, not the default translate3d, which made every row a compositor layer: bench
    // 2026-12-03, 2,000-call scroll, main-thread CPU 8.6–9.8 ms/frame with translate3d,
    // 6.8–8.5 with `top` (compositor 1.4–1.6 → 1.0–1.2 ms; 4 runs each, lower in every pair).
    directDomUpdatesMode: 'position',
    gap: GAP,
    paddingStart: GAP,
    paddingEnd: GAP,
  })

  const focusedIndex = focusedMpc ? rows.findIndex((r) => rowKey(r) === focusedMpc) : -1
  useEffect(() => {
    if (focusedIndex >= 0) virtualizer.scrollToIndex(focusedIndex, { align: 'auto' })
  }, [focusedIndex, virtualizer])
  // Another row layout: every size measured so far is wrong.
  useEffect(() => {
    virtualizer.measure()
  }, [compact, virtualizer])

  return (
    <section
      ref={sectionRef}
      className={`board${compact ? ' compact' : ''}`}
      aria-label="Live calls"
      data-testid="board"
      data-ready={ready ? 'true' : 'false'}
      data-count={rows.length}
      data-held={order.held ? 'true' : 'false'}
      onPointerEnter={(e) => {
        if (e.pointerType !== 'touch') order.hold('pointer')
      }}
      onPointerLeave={() => order.release('pointer')}
      onFocus={keeper.onFocus}
      onBlur={keeper.onBlur}
    >
      <BoardTools order={order} />
      <div ref={scrollRef} className="board-scroll" data-testid="board-scroll">
        {ready && rows.length === 0 && (
          <p className="board-empty" data-testid="board-empty">
            <BoardEmptyText filtered={totalCount !== 0} />
          </p>
        )}
        {!ready && <p className="board-empty">Loading calls…</p>}
        <div className="board-canvas" role="list" ref={virtualizer.containerRef}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]
            if (!row) return null
            if (row.kind === 'group') {
              return (
                <div
                  key={item.key}
                  role="listitem"
                  className="board-row group-row"
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                >
                  <GroupHeading group={row} onToggle={onToggleGroup} />
                </div>
              )
            }
            const { entry } = row
            return (
              <div
                key={item.key}
                role="listitem"
                className="board-row"
                data-index={item.index}
                data-mpc={entry.mpcUuid}
                ref={virtualizer.measureElement}
              >
                {row.gone ? (
                  <GoneSlot name={entry.name} height={item.size} />
                ) : (
                  <CallCard
                    mpcUuid={entry.mpcUuid}
                    focused={entry.mpcUuid === focusedMpc}
                    focusedMember={entry.mpcUuid === focusedMpc ? focusedMember : null}
                    onFocusCall={onFocusCall}
                    onFocusMember={onFocusMember}
                    onOpen={onOpen}
                  />
                )}
              </div>
            )
          })}
        </div>
      </div>
    </section>
  )
}

/** Its own component, so a connection change re-renders this line and not the board. */
function BoardEmptyText({ filtered }: { filtered: boolean }) {
  const state = useConnection()
  return <EmptyBoardText filtered={filtered} state={state} />
}

/**
 * Above the cards, always one line high (so the hint appearing moves no card): the "Pause
 * sorting" toggle and, while the order is held, how many calls would move (a button that shows
 * the new order) and why the order holds — in that order, so the count stays in view on the
 * narrowest board. The count is not a live region: on a busy floor it changes several times
 * a second and would drown a screen reader; it sits on a button at the top of the board.
 */
function BoardTools({ order }: { order: HeldOrder }) {
  return (
    <div className="board-tools" data-testid="board-tools">
      <button
        type="button"
        className={`pause-sorting${order.paused ? ' on' : ''}`}
        aria-pressed={order.paused}
        data-testid="pause-sorting"
        title="Keep the board in its current order until you turn this off"
        onClick={() => (order.paused ? order.release('paused') : order.hold('paused'))}
      >
        Pause sorting
      </button>
      {order.held && order.moved > 0 && (
        <button
          type="button"
          className="link moved-hint"
          data-testid="board-moved"
          onClick={order.apply}
        >
          {order.moved} call{order.moved === 1 ? '' : 's'} moved — show
        </button>
      )}
      {order.held && (
        <span className="held-note" data-testid="held-note">
          {order.paused ? 'Sorting paused' : 'Order held while you are on the board'}
        </span>
      )}
    </div>
  )
}

/** A queue's header when grouping: its name, how many calls and alerts; collapses the group. */
function GroupHeading({
  group,
  onToggle,
}: {
  group: GroupHeader
  onToggle: (queue: string) => void
}) {
  return (
    <h2 className="group-head" data-testid="group-header" data-queue={group.queue}>
      <button
        type="button"
        className="group-toggle"
        aria-expanded={!group.collapsed}
        onClick={() => onToggle(group.queue)}
      >
        <span className="group-name">{group.queue}</span>{' '}
        <span className="group-count" data-testid="group-count">
          {group.count} call{group.count === 1 ? '' : 's'}
        </span>
        {group.alerting > 0 && <span className="group-alerts"> · {group.alerting} alerting</span>}
      </button>
    </h2>
  )
}

/**
 * The slot of a call that ended and left the desk while the order was held: as tall as its card
 * was, so nothing below it moves, until the order is released or applied.
 */
function GoneSlot({ name, height }: { name: string; height: number }) {
  return (
    <div
      className="card ended gone"
      role="article"
      aria-label={`Call ${name} (ended, no longer on the desk)`}
      data-testid="call-gone"
      style={{ height }}
    >
      <div className="card-head">
        <span className="card-title">{name}</span>
        <span className="badge status-ended">Ended</span>
        <span className="gone-note">No longer on the desk — it leaves when the order updates</span>
      </div>
    </div>
  )
}
