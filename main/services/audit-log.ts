/**
 * The supervisor's own commands and their outcomes (DESIGN §5/§7): who, what, which call, when,
 * the result and Plivo's reason. Kept in memory for the UI and appended to
 * `dataDir/audit.jsonl` (JSON lines, mode 0600) so it survives a restart.
 *
 * Each state of an entry (pending, then ok/failed) is one line; on load the last line per id
 * wins. The file is bounded: past twice the limit it is rewritten with the newest entries.
 * An entry still pending at load time belongs to a desk that stopped before the outcome was
 * known, and is shown as failed for that reason rather than left hanging.
 */
import { randomUUID } from 'node:crypto'
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ROLES, type Role } from '../../mpc/events'
import {
  commandSchema,
  type AuditEntry,
  type Command,
  type DeskError,
  type Unsubscribe,
} from '../../preload/api'

export const AUDIT_FILE = 'audit.jsonl'
export const DEFAULT_AUDIT_LIMIT = 1000

export interface AuditLog {
  /** Oldest first. */
  list(): AuditEntry[]
  get(id: string): AuditEntry | undefined
  begin(input: { who: string; command: Command; mpcName?: string; memberRole?: Role }): AuditEntry
  finish(
    id: string,
    outcome: { ok: true } | { ok: false; error: DeskError },
  ): AuditEntry | undefined
  onEntry(listener: (entry: AuditEntry) => void): Unsubscribe
  /** Resolves when every line so far is on disk. */
  flush(): Promise<void>
}

export interface AuditLogOptions {
  dataDir: string
  limit?: number
  now?: () => number
  warn?: (message: string) => void
}

export async function openAuditLog(options: AuditLogOptions): Promise<AuditLog> {
  const limit = options.limit ?? DEFAULT_AUDIT_LIMIT
  const now = options.now ?? Date.now
  const file = join(options.dataDir, AUDIT_FILE)
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 })

  const entries = new Map<string, AuditEntry>()
  const loaded = await loadLines(file, options.warn)
  for (const entry of loaded.entries) {
    entries.delete(entry.id) // re-insert so Map order follows the latest line
    entries.set(entry.id, entry)
  }
  for (const [id, entry] of entries) {
    if (entry.result === 'pending') {
      entries.set(id, {
        ...entry,
        result: 'failed',
        doneAt: entry.doneAt ?? entry.at,
        error: { code: 'internal', message: 'The desk stopped before the outcome was known.' },
      })
    }
  }
  trim()
  let linesOnDisk = loaded.lines
  let writes: Promise<void> = Promise.resolve()
  if (linesOnDisk > entries.size) enqueue(compact)

  const listeners = new Set<(entry: AuditEntry) => void>()

  function trim(): void {
    while (entries.size > limit) {
      const oldest = entries.keys().next()
      if (oldest.done) break
      entries.delete(oldest.value)
    }
  }

  function enqueue(write: () => Promise<void>): void {
    writes = writes.then(write).catch((error: unknown) => {
      options.warn?.(`audit log write failed: ${String(error)}`)
    })
  }

  async function compact(): Promise<void> {
    const tmp = `${file}.${process.pid}.tmp`
    const text = [...entries.values()].map((e) => JSON.stringify(e) + '\n').join('')
    await writeFile(tmp, text, { mode: 0o600 })
    await rename(tmp, file)
    linesOnDisk = entries.size
  }

  function record(entry: AuditEntry): AuditEntry {
    entries.delete(entry.id)
    entries.set(entry.id, entry)
    trim()
    const line = JSON.stringify(entry) + '\n'
    enqueue(async () => {
      await appendFile(file, line, { mode: 0o600 })
      linesOnDisk += 1
      if (linesOnDisk > limit * 2) await compact()
    })
    for (const listener of listeners) listener(entry)
    return entry
  }

  return {
    list: () => [...entries.values()],
    get: (id) => entries.get(id),
    begin: ({ who, command, mpcName, memberRole }) =>
      record({
        id: randomUUID(),
        at: now(),
        who,
        command,
        ...(mpcName !== undefined ? { mpcName } : {}),
        ...(memberRole !== undefined ? { memberRole } : {}),
        result: 'pending',
      }),
    finish: (id, outcome) => {
      const entry = entries.get(id)
      if (!entry || entry.result !== 'pending') return undefined
      const done: AuditEntry = outcome.ok
        ? { ...entry, result: 'ok', doneAt: now() }
        : { ...entry, result: 'failed', doneAt: now(), error: outcome.error }
      return record(done)
    },
    onEntry: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    flush: () => writes,
  }
}

async function loadLines(
  file: string,
  warn?: (message: string) => void,
): Promise<{ entries: AuditEntry[]; lines: number }> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      return { entries: [], lines: 0 }
    }
    throw error
  }
  const out: AuditEntry[] = []
  let lines = 0
  let bad = 0
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    lines += 1
    try {
      const value: unknown = JSON.parse(line)
      if (isAuditEntry(value)) out.push(value)
      else bad += 1
    } catch {
      bad += 1 // a torn last line after a crash
    }
  }
  if (bad > 0) warn?.(`audit log: skipped ${bad} unreadable line(s) in ${file}`)
  return { entries: out, lines }
}

function isAuditEntry(value: unknown): value is AuditEntry {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.id === 'string' &&
    typeof v.at === 'number' &&
    typeof v.who === 'string' &&
    commandSchema.safeParse(v.command).success &&
    (v.memberRole === undefined || ROLES.some((r) => r === v.memberRole)) &&
    (v.result === 'pending' || v.result === 'ok' || v.result === 'failed')
  )
}
