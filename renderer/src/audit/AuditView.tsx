/** The audit log of this desk's commands: who, what, which call, when, result and reason. */
import { useQuery } from '@tanstack/react-query'
import type { AuditEntry, Command } from '../../../preload/api'
import { describeCommand } from '../desk/commands'
import { auditQuery } from '../desk/queries'
import { useDeskApi } from '../desk/runtime'
import { formatDateTime } from '../lib/format'

/** Rows rendered at most; older entries stay in the desk's log file. */
const SHOWN_MAX = 500

const RESULT_TEXT: Record<AuditEntry['result'], string> = {
  pending: 'Pending',
  ok: 'Done',
  failed: 'Failed',
}

function callText(e: AuditEntry): string {
  return e.mpcName ? `${e.mpcName}` : `${e.command.mpcUuid.slice(0, 8)}…`
}

function commandText(c: Command): string {
  return describeCommand(c)
}

export function AuditView() {
  const api = useDeskApi()
  const { data, error, isPending } = useQuery(auditQuery(api))
  const all = data ?? []
  const entries = all.slice(0, SHOWN_MAX)
  return (
    <section className="page audit" aria-labelledby="audit-title" data-testid="audit-view">
      <h2 id="audit-title">Audit log</h2>
      <p className="muted-text">
        Every command issued from this desk and how it ended, newest first.
      </p>
      {isPending && <p>Loading the audit log…</p>}
      {error && <p role="alert">Could not load the audit log: {error.message}</p>}
      {data && entries.length === 0 && <p>No commands yet.</p>}
      {all.length > SHOWN_MAX && (
        <p className="muted-text">
          Showing the newest {SHOWN_MAX} of {all.length} entries.
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
                  <td>{commandText(e.command)}</td>
                  <td title={e.command.mpcUuid}>{callText(e)}</td>
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
