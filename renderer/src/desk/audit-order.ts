/**
 * The one order of the audit log in the renderer: newest first by the time the command was
 * issued. The list main answers (oldest first) and every entry pushed later go through it, so
 * the log reads the same on load, after an entry arrives, and in every tab or window.
 *
 * Two commands issued in the same millisecond tie on `at`; the id breaks the tie so that every
 * tab picks the same order whatever the order the entries reached it in. An entry updated with
 * its outcome keeps its `at`, so it stays where it was.
 */
import type { AuditEntry } from '../../../preload/api'

export function compareNewestFirst(a: AuditEntry, b: AuditEntry): number {
  if (a.at !== b.at) return b.at - a.at
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

/** A sorted copy; the input is left as it was. */
export function newestFirst(entries: readonly AuditEntry[]): AuditEntry[] {
  return [...entries].sort(compareNewestFirst)
}
