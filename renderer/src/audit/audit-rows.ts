/**
 * The audit log's rows as the supervisor reads and exports them: the words of each column, the
 * filters (by call, by outcome) and the CSV file.
 *
 * CSV (RFC 4180): a header row, CRLF line ends, a field quoted when it holds a comma, a quote,
 * a line break or leading/trailing space, quotes inside doubled. Times are ISO 8601 in UTC so a
 * spreadsheet or a script reads them without guessing the desk's time zone; the result is the
 * machine word (ok / failed / pending). A field that a spreadsheet would run as a formula
 * (starting with = + - @, a tab or a CR) gets a leading apostrophe, as OWASP advises for CSV
 * exports: call names and Plivo's error texts come from outside the desk.
 */
import type { AuditEntry } from '../../../preload/api'
import { describeCommand } from '../desk/commands'

export type AuditOutcome = AuditEntry['result']

export interface AuditFilter {
  /** One call's entries only; undefined = every call. */
  mpcUuid?: string
  /** One outcome only; undefined = any. */
  result?: AuditOutcome
}

export function auditWhat(e: AuditEntry): string {
  return describeCommand(e.command, e.memberRole)
}

export function auditCall(e: AuditEntry): string {
  return e.mpcName ? e.mpcName : `${e.command.mpcUuid.slice(0, 8)}…`
}

export function filterAudit(entries: readonly AuditEntry[], filter: AuditFilter): AuditEntry[] {
  return entries.filter(
    (e) =>
      (filter.mpcUuid === undefined || e.command.mpcUuid === filter.mpcUuid) &&
      (filter.result === undefined || e.result === filter.result),
  )
}

/** The calls the log mentions, for the call filter, in the order given (newest first). */
export function auditCalls(entries: readonly AuditEntry[]): { mpcUuid: string; label: string }[] {
  const calls = new Map<string, string | undefined>()
  for (const e of entries) {
    // An entry issued before the call's first callback has no name; another one may.
    calls.set(e.command.mpcUuid, calls.get(e.command.mpcUuid) ?? e.mpcName)
  }
  return [...calls].map(([mpcUuid, name]) => ({
    mpcUuid,
    label: name ? `${name} (${mpcUuid.slice(0, 8)}…)` : `${mpcUuid.slice(0, 8)}…`,
  }))
}

const HEADER = ['When', 'Who', 'What', 'Call', 'Call UUID', 'Result', 'Finished', 'Reason']

function iso(at: number | undefined): string {
  return at === undefined ? '' : new Date(at).toISOString()
}

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The rows as a CSV document, in the order given, with a header row. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) => [
    iso(e.at),
    e.who,
    auditWhat(e),
    e.mpcName ?? '',
    e.command.mpcUuid,
    e.result,
    iso(e.doneAt),
    e.error?.message ?? '',
  ])
  return [HEADER, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('')
}
