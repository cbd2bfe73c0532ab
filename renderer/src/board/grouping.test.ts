import { describe, expect, it } from 'vitest'
import type { BoardEntry } from '../desk/attention'
import { displayRows, queueOf } from './grouping'
import { liveRows } from './held-order'

function entry(mpcUuid: string, name: string, alertCount = 0): BoardEntry {
  return {
    mpcUuid,
    name,
    status: 'active',
    createdAt: 0,
    alertCount,
    alertSince: alertCount > 0 ? 1 : null,
    alertKinds: [],
    waitingSince: null,
    roles: [],
    agents: [],
    memberIds: [],
  }
}

const shown = (rows: ReturnType<typeof displayRows>) =>
  rows.map((r) => (r.kind === 'group' ? `[${r.queue} ${r.count}/${r.alerting}]` : r.entry.mpcUuid))

describe('grouping by queue', () => {
  it('takes the name before the first dash as the queue', () => {
    expect(queueOf('support-000033')).toBe('support')
    expect(queueOf('sales-eu-12')).toBe('sales')
    expect(queueOf('standalone')).toBe('Other')
    expect(queueOf('-odd')).toBe('Other')
  })

  it('orders groups by their most urgent call and keeps the board order inside', () => {
    const rows = liveRows([
      entry('a', 'sales-1', 1),
      entry('b', 'support-1'),
      entry('c', 'sales-2'),
      entry('d', 'support-2', 1),
      entry('e', 'misc'),
    ])
    expect(shown(displayRows(rows, true, new Set()))).toEqual([
      '[sales 2/1]',
      'a',
      'c',
      '[support 2/1]',
      'b',
      'd',
      '[Other 1/0]',
      'e',
    ])
  })

  it('shows only the header of a collapsed group, and nothing extra when not grouping', () => {
    const rows = liveRows([entry('a', 'sales-1'), entry('b', 'support-1')])
    expect(shown(displayRows(rows, true, new Set(['sales'])))).toEqual([
      '[sales 1/0]',
      '[support 1/0]',
      'b',
    ])
    expect(shown(displayRows(rows, false, new Set(['sales'])))).toEqual(['a', 'b'])
  })
})
