import { describe, expect, it } from 'vitest'
import type { BoardEntry } from '../desk/attention'
import { holdRows, liveRows, longestIncreasingRun } from './held-order'

function entry(mpcUuid: string, init: Partial<BoardEntry> = {}): BoardEntry {
  return {
    mpcUuid,
    name: mpcUuid,
    status: 'active',
    createdAt: 0,
    alertCount: 0,
    alertSince: null,
    alertKinds: [],
    waitingSince: null,
    roles: ['customer', 'agent'],
    agents: [],
    memberIds: [],
    ...init,
  }
}

const byId = (entries: BoardEntry[]) => new Map(entries.map((e) => [e.mpcUuid, e]))
const ids = (rows: { entry: BoardEntry; gone: boolean }[]) =>
  rows.map((r) => (r.gone ? `${r.entry.mpcUuid}(gone)` : r.entry.mpcUuid))

describe('holdRows', () => {
  const [a, b, c] = [entry('a'), entry('b'), entry('c')]
  const base = liveRows([a, b, c])

  it('changes nothing while nothing changed', () => {
    const view = holdRows(base, [a, b, c], byId([a, b, c]))
    expect(view.moved).toBe(0)
    expect(view.rows).toEqual(base)
    view.rows.forEach((row, i) => expect(row).toBe(base[i]))
  })

  it('keeps the displayed order when a call re-ranks, and counts it', () => {
    const alerting = entry('c', { alertCount: 1, alertSince: 5 })
    const view = holdRows(base, [alerting, a, b], byId([a, b, alerting]))
    expect(ids(view.rows)).toEqual(['a', 'b', 'c'])
    // The row shows the call's live data in its old place.
    expect(view.rows[2]?.entry).toBe(alerting)
    expect(view.moved).toBe(1)
  })

  it('does not show a new call, and counts it', () => {
    const d = entry('d', { waitingSince: 1 })
    const view = holdRows(base, [d, a, b, c], byId([a, b, c, d]))
    expect(ids(view.rows)).toEqual(['a', 'b', 'c'])
    expect(view.moved).toBe(1)
  })

  it('keeps the slot of a call the store let go of, marked gone', () => {
    const view = holdRows(base, [b, c], byId([b, c]))
    expect(ids(view.rows)).toEqual(['a(gone)', 'b', 'c'])
    expect(view.rows[0]?.entry).toBe(a)
    expect(view.moved).toBe(1)
    // Held on: the gone row stays the same object.
    const again = holdRows(view.rows, [b, c], byId([b, c]))
    expect(again.rows[0]).toBe(view.rows[0])
  })

  it('keeps a call that ended in place (ended calls rank last)', () => {
    const ended = entry('a', { status: 'ended' })
    const view = holdRows(base, [b, c, ended], byId([ended, b, c]))
    expect(ids(view.rows)).toEqual(['a', 'b', 'c'])
    expect(view.rows[0]?.entry.status).toBe('ended')
    expect(view.moved).toBe(1)
  })

  it('keeps a call that no longer matches the filter, live, and counts it', () => {
    const view = holdRows(base, [a, c], byId([a, b, c]))
    expect(ids(view.rows)).toEqual(['a', 'b', 'c'])
    expect(view.moved).toBe(1)
  })

  it('counts the fewest moves, not every shifted position', () => {
    const [d, e] = [entry('d'), entry('e')]
    const five = liveRows([a, b, c, d, e])
    // e jumps to the top: every other call shifts one place, but only e moved.
    expect(holdRows(five, [e, a, b, c, d], byId([a, b, c, d, e])).moved).toBe(1)
    // Reversed: all but one have to move.
    expect(holdRows(five, [e, d, c, b, a], byId([a, b, c, d, e])).moved).toBe(4)
  })
})

describe('longestIncreasingRun', () => {
  it('measures the longest increasing subsequence', () => {
    expect(longestIncreasingRun([])).toBe(0)
    expect(longestIncreasingRun([0, 1, 2])).toBe(3)
    expect(longestIncreasingRun([2, 1, 0])).toBe(1)
    expect(longestIncreasingRun([1, 0, 2, 4, 3, 5])).toBe(4)
  })
})
