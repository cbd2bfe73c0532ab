/** Search and filters above the board, with the alert thresholds in force. */
import { forwardRef, useId } from 'react'
import type { AlertThresholds } from '../../../preload/api'
import { ROLES, type Role } from '../../../preload/domain'
import { ROLE_LABEL } from '../lib/format'
import { type BoardFilter, EMPTY_FILTER, isFilterActive } from './filter'

export interface FilterBarProps {
  filter: BoardFilter
  onChange: (filter: BoardFilter) => void
  shown: number
  total: number
  alertCalls: number
  agents: string[]
  thresholds: AlertThresholds | undefined
  /** One line per call (a view choice, not a filter: Clear filters leaves it). */
  compact: boolean
  onCompact: (on: boolean) => void
  /** Calls grouped by queue under headers with their counts. */
  grouped: boolean
  onGrouped: (on: boolean) => void
}

export const FilterBar = forwardRef<HTMLInputElement, FilterBarProps>(function FilterBar(
  {
    filter,
    onChange,
    shown,
    total,
    alertCalls,
    agents,
    thresholds,
    compact,
    onCompact,
    grouped,
    onGrouped,
  },
  searchRef,
) {
  const agentListId = useId()
  const set = (patch: Partial<BoardFilter>) => onChange({ ...filter, ...patch })
  return (
    <div className="filterbar" role="search" aria-label="Filter calls">
      <label className="field search">
        <span className="visually-hidden">Search calls by name, call id or member id</span>
        <input
          ref={searchRef}
          type="search"
          placeholder="Search calls  ( / )"
          value={filter.text}
          onChange={(e) => set({ text: e.target.value })}
          data-testid="search"
        />
      </label>
      <label className="field">
        <span>Role present</span>
        <select
          value={filter.role}
          onChange={(e) => set({ role: e.target.value as Role | 'any' })}
          data-testid="filter-role"
        >
          <option value="any">Any</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Agent</span>
        <input
          type="text"
          list={agentListId}
          placeholder="Agent id"
          value={filter.agent}
          onChange={(e) => set({ agent: e.target.value })}
          data-testid="filter-agent"
          size={12}
        />
        <datalist id={agentListId}>
          {agents.slice(0, 200).map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </label>
      <label className="field check">
        <input
          type="checkbox"
          checked={filter.alertsOnly}
          onChange={(e) => set({ alertsOnly: e.target.checked })}
          data-testid="filter-alerts"
        />
        <span>
          Alerts only <span className="count">({alertCalls})</span>
        </span>
      </label>
      <label className="field check">
        <input
          type="checkbox"
          checked={compact}
          onChange={(e) => onCompact(e.target.checked)}
          data-testid="view-compact"
        />
        <span>Compact rows</span>
      </label>
      <label className="field check">
        <input
          type="checkbox"
          checked={grouped}
          onChange={(e) => onGrouped(e.target.checked)}
          data-testid="view-grouped"
        />
        <span>Group by queue</span>
      </label>
      {isFilterActive(filter) && (
        <button type="button" className="link" onClick={() => onChange(EMPTY_FILTER)}>
          Clear filters
        </button>
      )}
      <span className="filter-count" aria-live="polite" data-testid="shown-count">
        {shown === total ? `${total} calls` : `${shown} of ${total} calls`}
      </span>
      {thresholds && (
        <span className="thresholds" data-testid="thresholds" title="Alert thresholds (Settings)">
          Alerts at: wait {thresholds.customerWaitSec} s · hold {thresholds.longHoldSec} s · silence{' '}
          {thresholds.longSilenceSec} s · overtalk {thresholds.overtalkSec} s
        </span>
      )}
    </div>
  )
})
