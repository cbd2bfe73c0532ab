/**
 * The audit log of this desk's commands: who, what, which call, when, result and reason —
 * newest first, on load and as entries arrive (one order for every tab: `desk/audit-order.ts`).
 *
 * Filters by call and by outcome narrow the table; "Export CSV" downloads exactly the rows the
 * filters keep (all of them, not only the first SHOWN_MAX on screen), newest first.
 */
import { useQuery } from '@tanstack/react-query'
import { useId, useMemo, useState } from 'react'
import type { AuditEntry } from '../../../preload/api'
import { auditQuery } from '../desk/queries'
import { useDeskApi } from '../desk/runtime'
import { downloadText } from '../lib/download'
import { formatDateTime } from '../lib/format'
import {
  type AuditFilter,
  type AuditOutcome,
  auditCall,
  auditCalls,
  auditCsv,
  auditWhat,
  filterAudit,
} from './audit-rows'

/** Rows rendered at most; older entries stay in the desk's log file. */
const SHOWN_MAX = 500

const RESULT_TEXT: Record<AuditEntry['result'], string> = {
  pending: 'Pending',
  ok: 'Done',
  failed: 'Failed',
}

const OUTCOMES: AuditOutcome[] = ['ok', 'failed', 'pending']

function isOutcome(value: string): value is AuditOutcome {
  return OUTCOMES.some((o) => o === value)
}

/** `audit-log-2026-12-03T10-15-00Z.csv`: sortable, and valid on every file system. */
function csvFileName(now: Date): string {
  return `audit-log-${now.toISOString().slice(0, 19).replace(/:/g, '-')}Z.csv`
}

export function AuditView() {
  const api = useDeskApi()
  const { data, error, isPending } = useQuery(auditQuery(api))
  const [filter, setFilter] = useState<AuditFilter>({})
  const callId = useId()
  const outcomeId = useId()
  const all = useMemo(() => data ?? [], [data])
  const calls = useMemo(() => auditCalls(all), [all])
  const matching = useMemo(() => filterAudit(all, filter), [all, filter])
  const entries = matching.slice(0, SHOWN_MAX)
  const filtered = filter.mpcUuid !== undefined || filter.result !== undefined

  const exportCsv = () =>
    // A BOM so spreadsheet programs read the file as UTF-8 (names, Plivo's texts).
    downloadText(csvFileName(new Date()), `\uFEFF${auditCsv(matching)}`, 'text/csv;charset=utf-8')

  return (
    <section className="page audit" aria-labelledby="audit-title" data-testid="audit-view">
      <h2 id="audit-title">Audit log</h2>
      <p className="muted-text">
        Every command issued from this desk and how it ended, newest first.
      </p>
      {isPending && <p>Loading the audit log…</p>}
      {error && <p role="alert">Could not load the audit log: {error.message}</p>}
      {data && all.length === 0 && <p>No commands yet.</p>}
      {all.length > 0 && (
        <div className="audit-tools" role="group" aria-label="Filter and export">
          <label className="field" htmlFor={callId}>
            <span>Call</span>
            <select
              id={callId}
              value={filter.mpcUuid ?? ''}
              onChange={(e) => {
                const { mpcUuid: _drop, ...rest } = filter
                setFilter(e.target.value ? { ...rest, mpcUuid: e.target.value } : rest)
              }}
              data-testid="audit-filter-call"
            >
              <option value="">All calls</option>
              {calls.map((c) => (
                <option key={c.mpcUuid} value={c.mpcUuid}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field" htmlFor={outcomeId}>
            <span>Outcome</span>
            <select
              id={outcomeId}
              value={filter.result ?? 'all'}
              onChange={(e) => {
                const { result: _drop, ...rest } = filter
                const value = e.target.value
                setFilter(isOutcome(value) ? { ...rest, result: value } : rest)
              }}
              data-testid="audit-filter-result"
            >
              <option value="all">Any outcome</option>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {RESULT_TEXT[o]}
                </option>
              ))}
            </select>
          </label>
          <span className="muted-text" data-testid="audit-count" aria-live="polite">
            {filtered ? `${matching.length} of ${all.length} entries` : `${all.length} entries`}
          </span>
          <button
            type="button"
            onClick={exportCsv}
            disabled={matching.length === 0}
            data-testid="audit-export"
          >
            Export CSV
          </button>
        </div>
      )}
      {all.length > 0 && matching.length === 0 && <p>No entries match these filters.</p>}
      {matching.length > SHOWN_MAX && (
        <p className="muted-text">
          Showing the newest {SHOWN_MAX} of {matching.length} entries; the export has them all.
        </p>
      )}
      {entries.length > 0 && (
        <div className="table-scroll">
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Call</th>
                <th scope="col">Result</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-result={e.result}>
                  <td>
                    <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time>
                  </td>
                  <td>{e.who}</td>
                  <td>{auditWhat(e)}</td>
                  <td title={e.command.mpcUuid}>{auditCall(e)}</td>
                  <td>
                    <span className={`badge result-${e.result}`}>{RESULT_TEXT[e.result]}</span>
                  </td>
                  <td>{e.error ? e.error.message : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
