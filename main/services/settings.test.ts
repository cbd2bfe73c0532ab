/**
 * Settings: validated, non-secret part on disk (0600), secrets only in the SecretStore and
 * never in what the renderer gets; a bad update changes nothing.
 */
import { readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_CALLS, DEFAULT_THRESHOLDS } from '../../preload/api'
import type { SecretStore } from './secret-store'
import { freshSettingsPlace } from './testing/settings-place'
import { DEFAULT_API_BASE_URL, openSettingsStore } from './settings'

let dir: string
let secrets: SecretStore
beforeEach(async () => {
  ;({ dir, secrets } = await freshSettingsPlace('desk-settings-'))
})

const live = {
  demo: false,
  relayUrl: 'https://relay.example.com',
  relayToken: 'relay-token-7f3a9c',
  plivoAuthId: 'MAXXXXXXXXXXXXXXXXXX',
  plivoAuthToken: 'plivo-token-b91e2d',
  supervisorEndpoint: 'sip:alice@phone.plivo.com',
  callerId: '+14155550100',
}

describe('settings', () => {
  it('defaults to demo mode with nothing on disk, and shows no secrets', async () => {
    const settings = await openSettingsStore({ dataDir: dir, secrets })
    const view = await settings.publicView()
    expect(view).toEqual({
      demo: true,
      relayUrl: '',
      relayTokenSet: false,
      plivoAuthId: '',
      plivoAuthTokenSet: false,
      apiBaseUrl: DEFAULT_API_BASE_URL,
      supervisorEndpoint: '',
      callerId: '',
      thresholds: DEFAULT_THRESHOLDS,
      demoCalls: DEFAULT_DEMO_CALLS,
      secretStorage: 'memory',
    })
  })

  it('keeps the demo size, 1 to 2,000', async () => {
    const settings = await openSettingsStore({ dataDir: dir, secrets })
    expect(await settings.update({ demoCalls: 1000 })).toEqual({
      ok: true,
      value: new Set(['demoCalls']),
    })
    const again = await openSettingsStore({ dataDir: dir, secrets })
    expect((await again.publicView()).demoCalls).toBe(1000)
    for (const demoCalls of [0, 2001, 1.5]) {
      const refused = await again.update({ demoCalls })
      expect(refused.ok, String(demoCalls)).toBe(false)
    }
    expect((await again.resolve()).demoCalls).toBe(1000)
  })

  it('lets a check see the settings as they would be, and refuse them before anything is written', async () => {
    const settings = await openSettingsStore({ dataDir: dir, secrets })
    const seen: string[] = []
    const result = await settings.update(live, async (after, changed) => {
      seen.push(after.plivoAuthToken, String(changed.has('plivoAuthToken')))
      return { code: 'unauthorized', message: 'Plivo refused these credentials (401).' }
    })
    expect(seen).toEqual([live.plivoAuthToken, 'true'])
    expect(result).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'Plivo refused these credentials (401).' },
    })
    expect(await readdir(dir)).toEqual([])
    expect(await secrets.get('plivoAuthToken')).toBeUndefined()
    expect((await settings.publicView()).demo).toBe(true)
  })

  it('keeps secrets in the SecretStore only: not in the file, not in the public view', async () => {
    const settings = await openSettingsStore({ dataDir: dir, secrets })
    const result = await settings.update(live)
    expect(result.ok).toBe(true)
    const file = join(dir, 'settings.json')
    const text = await readFile(file, 'utf8')
    expect(text).not.toContain(live.relayToken)
    expect(text).not.toContain(live.plivoAuthToken)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await secrets.get('relayToken')).toBe(live.relayToken)
    const view = JSON.stringify(await settings.publicView())
    expect(view).not.toContain(live.relayToken)
    expect(view).not.toContain(live.plivoAuthToken)
    expect(await settings.publicView()).toMatchObject({ relayTokenSet: true, demo: false })

    // Reopened, the same settings come back.
    const again = await openSettingsStore({ dataDir: dir, secrets })
    expect(await again.resolve()).toMatchObject({ ...live, apiBaseUrl: DEFAULT_API_BASE_URL })
  })

  it('reports which fields changed, and an empty secret clears it', async () => {
    const settings = await openSettingsStore({ dataDir: dir, secrets })
    await settings.update(live)
    const same = await settings.update({ callerId: live.callerId })
    expect(same).toEqual({ ok: true, value: new Set() })
    const changed = await settings.update({
      thresholds: { ...DEFAULT_THRESHOLDS, longHoldSec: 120 },
      relayToken: 'rotated-token-1',
    })
    expect(changed).toEqual({ ok: true, value: new Set(['thresholds', 'relayToken']) })
    await settings.update({ demo: true })
    await settings.update({ relayToken: '' })
    expect(await secrets.get('relayToken')).toBeUndefined()
  })

  it.each([
    [
      'leaving demo without a connection',
      { demo: false },
      /relay URL, relay token, Plivo auth ID, Plivo auth token/,
    ],
    ['a bad supervisor endpoint', { supervisorEndpoint: 'alice' }, /SIP URI/],
    ['a bad caller ID', { callerId: 'call me' }, /Caller ID/],
    ['a non-http relay URL', { relayUrl: 'ftp://relay' }, /relayUrl/],
    ['an unknown field', { password: 'x' }, /settings/],
    [
      'an out-of-range threshold',
      { thresholds: { ...DEFAULT_THRESHOLDS, overtalkSec: 0 } },
      /thresholds\.overtalkSec/,
    ],
  ])('refuses %s and changes nothing', async (_name, update, why) => {
    const settings = await openSettingsStore({ dataDir: dir, secrets })
    const result = await settings.update(update)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid')
    expect(result.error.message).toMatch(why)
    expect(await readdir(dir)).toEqual([])
    expect((await settings.publicView()).demo).toBe(true)
  })

  it('sets an unreadable settings file aside instead of overwriting it', async () => {
    await writeFile(join(dir, 'settings.json'), '{ "demo": fal')
    const warnings: string[] = []
    const settings = await openSettingsStore({
      dataDir: dir,
      secrets,
      warn: (m) => warnings.push(m),
    })
    expect((await settings.publicView()).demo).toBe(true)
    const files = await readdir(dir)
    expect(files.some((f) => f.startsWith('settings.json.unreadable-'))).toBe(true)
    expect(warnings[0]).toMatch(/unreadable/)
  })
})
