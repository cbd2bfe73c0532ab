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
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { BoardEntry } from '../desk/attention'
import { CallCard } from './CallCard'

export interface BoardProps {
  entries: BoardEntry[]
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
    if (entry) this.learned.set(CardHeights.shape(entry), size)
  }
}

/**
 * The virtualiser's measurement, without a synchronous layout read: when a row mounts, its known
 * (or estimated) size; the real size comes from the ResizeObserver entry, delivered after the
 * browser's own layout of the frame. (The library's default reads offsetHeight on mount, forcing
 * a layout inside React's commit.)
 */
function rowMeasurer(entries: BoardEntry[], heights: CardHeights) {
  const indexOf = new Map(entries.map((e, i) => [e.mpcUuid, i]))
  return (
    element: Element,
    entry: ResizeObserverEntry | undefined,
    instance: Virtualizer<HTMLDivElement, Element>,
  ): number => {
    const rowIndex = instance.indexFromElement(element)
    const sizeAt = (index: number) =>
      instance.itemSizeCache.get(instance.options.getItemKey(index)) ??
      instance.options.estimateSize(index)
    const box = entry?.borderBoxSize[0]
    if (!box) return sizeAt(rowIndex)
    const size = Math.round(box.blockSize)
    // The size belongs to the card in the row, which the row's data-index names only once the
    // board's latest order is committed: a size filed under a stale index gave another card this
    // card's height (a 27 px gap under it that stayed until that card changed size itself).
    const card = element.firstElementChild
    const mpc = card instanceof HTMLElement ? card.dataset.mpc : undefined
    const index = mpc === undefined ? rowIndex : (indexOf.get(mpc) ?? -1)
    if (index < 0) return sizeAt(rowIndex)
    heights.learn(entries[index], size)
    if (index === rowIndex) return size
    instance.resizeItem(index, size)
    return sizeAt(rowIndex)
  }
}

export function Board({
  entries,
  ready,
  totalCount,
  focusedMpc,
  focusedMember,
  onFocusCall,
  onFocusMember,
  onOpen,
}: BoardProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  // The virtualizer recomputes every row's position whenever getItemKey changes identity, and
  // the board re-renders on every scroll frame: a new closure each render made each frame walk
  // all the calls. It changes only with the entries.
  const getItemKey = useCallback((index: number) => entries[index]?.mpcUuid ?? index, [entries])
  const [heights] = useState(() => new CardHeights())
  const estimateSize = useCallback(
    (index: number) => heights.estimate(entries[index]),
    [entries, heights],
  )
  const measureElement = useMemo(() => rowMeasurer(entries, heights), [entries, heights])
  // The virtualizer is a mutable object by design (it re-renders the board itself); the
  // compiler cannot memoise around it, which is fine: the board is not memoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    measureElement,
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
    gap: GAP,
    paddingStart: GAP,
    paddingEnd: GAP,
  })

  const focusedIndex = focusedMpc ? entries.findIndex((e) => e.mpcUuid === focusedMpc) : -1
  useEffect(() => {
    if (focusedIndex >= 0) virtualizer.scrollToIndex(focusedIndex, { align: 'auto' })
  }, [focusedIndex, virtualizer])

  return (
    <section
      className="board"
      aria-label="Live calls"
      data-testid="board"
      data-ready={ready ? 'true' : 'false'}
      data-count={entries.length}
    >
      <div ref={scrollRef} className="board-scroll" data-testid="board-scroll">
        {ready && entries.length === 0 && (
          <p className="board-empty" data-testid="board-empty">
            {totalCount === 0 ? 'No live calls right now.' : 'No call matches the filter.'}
          </p>
        )}
        {!ready && <p className="board-empty">Loading calls…</p>}
        <div className="board-canvas" role="list" ref={virtualizer.containerRef}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = entries[item.index]
            if (!entry) return null
            return (
              <div
                key={item.key}
                role="listitem"
                className="board-row"
                data-index={item.index}
                ref={virtualizer.measureElement}
              >
                <CallCard
                  mpcUuid={entry.mpcUuid}
                  focused={entry.mpcUuid === focusedMpc}
                  focusedMember={entry.mpcUuid === focusedMpc ? focusedMember : null}
                  onFocusCall={onFocusCall}
                  onFocusMember={onFocusMember}
                  onOpen={onOpen}
                />
              </div>
            )
          })}
        </div>
      </div>
    </section>
  )
}
