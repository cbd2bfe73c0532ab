/**
 * Grouping the board by queue, for big floors: the queue is the call name's prefix before the
 * first '-' ("support-000033" → "support"), the convention contact centers name MPCs by; a name
 * without one goes under "Other".
 *
 * Groups come in the order of their most urgent call (the first of theirs in the board's order),
 * so a queue with an alert is still at the top; inside a group calls keep the board's order.
 * Grouping only rearranges the rows it is given: over a held order it is as still as that order.
 * A collapsed group shows its header only.
 */
import type { BoardRow } from './held-order'

export interface GroupHeader {
  kind: 'group'
  queue: string
  /** Calls in the group (gone slots included: they still hold a row). */
  count: number
  /** Calls in the group with an alert now. */
  alerting: number
  collapsed: boolean
}

export type DisplayRow = GroupHeader | (BoardRow & { kind: 'call' })

export const OTHER_QUEUE = 'Other'

export function queueOf(name: string): string {
  const dash = name.indexOf('-')
  return dash > 0 ? name.slice(0, dash) : OTHER_QUEUE
}

/** The rows as shown: grouped with headers when `grouped`, else the calls as they are. */
export function displayRows(
  rows: readonly BoardRow[],
  grouped: boolean,
  collapsed: ReadonlySet<string>,
): DisplayRow[] {
  if (!grouped) return rows.map((row) => ({ ...row, kind: 'call' }))
  const groups = new Map<string, BoardRow[]>()
  for (const row of rows) {
    const queue = queueOf(row.entry.name)
    const list = groups.get(queue)
    if (list) list.push(row)
    else groups.set(queue, [row])
  }
  const out: DisplayRow[] = []
  for (const [queue, list] of groups) {
    const isCollapsed = collapsed.has(queue)
    out.push({
      kind: 'group',
      queue,
      count: list.length,
      alerting: list.filter((r) => !r.gone && r.entry.alertCount > 0).length,
      collapsed: isCollapsed,
    })
    if (!isCollapsed) for (const row of list) out.push({ ...row, kind: 'call' })
  }
  return out
}

/** The virtualiser's key of a row: a call's uuid, or the group's queue. */
export function rowKey(row: DisplayRow): string {
  return row.kind === 'group' ? `group:${row.queue}` : row.entry.mpcUuid
}
