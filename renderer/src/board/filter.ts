/** Board filter and search: pure, so the board and the shortcuts agree on what is visible. */
import type { Role } from '../../../preload/domain'
import type { BoardEntry } from '../desk/attention'

export interface BoardFilter {
  /** Free text: matches the call's name, its uuid or any member id (case-insensitive). */
  text: string
  /** Only calls where someone with this role is present now. */
  role: Role | 'any'
  /** Only calls with an alert. */
  alertsOnly: boolean
  /** Only calls where this agent (member id, substring, case-insensitive) is present now. */
  agent: string
}

export const EMPTY_FILTER: BoardFilter = { text: '', role: 'any', alertsOnly: false, agent: '' }

export function isFilterActive(f: BoardFilter): boolean {
  return f.text.trim() !== '' || f.role !== 'any' || f.alertsOnly || f.agent.trim() !== ''
}

export function matchesFilter(entry: BoardEntry, f: BoardFilter): boolean {
  if (f.alertsOnly && entry.alertCount === 0) return false
  if (f.role !== 'any' && !entry.roles.includes(f.role)) return false
  const agent = f.agent.trim().toLowerCase()
  if (agent !== '' && !entry.agents.some((id) => id.toLowerCase().includes(agent))) return false
  const text = f.text.trim().toLowerCase()
  if (text === '') return true
  return (
    entry.name.toLowerCase().includes(text) ||
    entry.mpcUuid.toLowerCase().includes(text) ||
    entry.memberIds.some((id) => id.toLowerCase().includes(text))
  )
}

export function applyFilter(entries: readonly BoardEntry[], f: BoardFilter): BoardEntry[] {
  return isFilterActive(f) ? entries.filter((e) => matchesFilter(e, f)) : [...entries]
}
