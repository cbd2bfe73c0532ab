/**
 * The audit log: every command and outcome, pushed as it happens, on disk as JSON lines (0600),
 * bounded, and honest after a crash (a command left pending is shown as failed, with why).
 */
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { AuditEntry } from '../../preload/api'
import { AUDIT_FILE, openAuditLog } from './audit-log'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'desk-audit-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

it('records, pushes and persists each command and its outcome', async () => {
  const log = await openAuditLog({ dataDir: dir })
  const pushed: AuditEntry[] = []
  log.onEntry((e) => pushed.push(e))
  const a = log.begin({ who: 'alice', command: { type: 'end', mpcUuid: 'm1' }, mpcName: 'sales-1' })
  log.finish(a.id, { ok: false, error: { code: 'plivo', message: 'MPC not active', status: 400 } })
  const b = log.begin({
    who: 'alice',
    command: { type: 'mute', mpcUuid: 'm1', memberId: '7' },
    memberRole: 'ai-agent',
  })
  log.finish(b.id, { ok: true })
  expect(pushed.map((e) => e.result)).toEqual(['pending', 'failed', 'pending', 'ok'])
  await log.flush()
  expect((await stat(join(dir, AUDIT_FILE))).mode & 0o777).toBe(0o600)

  const reopened = await openAuditLog({ dataDir: dir })
  expect(reopened.list()).toEqual(log.list())
  expect(reopened.list()[0]).toMatchObject({
    who: 'alice',
    mpcName: 'sales-1',
    result: 'failed',
    error: { message: 'MPC not active', status: 400 },
  })
  // The member's role at issue time survives a restart (the member may be long gone).
  expect(reopened.list()[1]).toMatchObject({ memberRole: 'ai-agent', result: 'ok' })
})

it('shows a command the desk never finished as failed after a restart, and skips a torn line', async () => {
  const log = await openAuditLog({ dataDir: dir })
  log.begin({ who: 'bob', command: { type: 'join', mpcUuid: 'm2', mode: 'listen' } })
  await log.flush()
  await appendFile(join(dir, AUDIT_FILE), '{"id":"torn","at":')
  const warnings: string[] = []
  const reopened = await openAuditLog({ dataDir: dir, warn: (m) => warnings.push(m) })
  expect(reopened.list()).toHaveLength(1)
  expect(reopened.list()[0]).toMatchObject({
    result: 'failed',
    error: { code: 'internal', message: expect.stringContaining('stopped before') },
  })
  expect(warnings.join()).toMatch(/unreadable/)
})

it('stays bounded in memory and on disk', async () => {
  const log = await openAuditLog({ dataDir: dir, limit: 10 })
  for (let i = 0; i < 50; i++) {
    const e = log.begin({ who: 'x', command: { type: 'end', mpcUuid: `m${i}` } })
    log.finish(e.id, { ok: true })
  }
  await log.flush()
  expect(log.list()).toHaveLength(10)
  expect(log.list().at(-1)?.command.mpcUuid).toBe('m49')
  const lines = (await readFile(join(dir, AUDIT_FILE), 'utf8')).trim().split('\n')
  expect(lines.length).toBeLessThanOrEqual(20)
  const reopened = await openAuditLog({ dataDir: dir, limit: 10 })
  expect(reopened.list().map((e) => e.command.mpcUuid)).toEqual(
    log.list().map((e) => e.command.mpcUuid),
  )
})
