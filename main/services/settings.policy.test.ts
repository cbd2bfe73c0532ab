/**
 * Policy over user settings: the organisation's values are what the desk runs on and what
 * Settings shows, pinned fields cannot be changed from the desk, the user's own values wait on
 * disk for the pin to go, and "demo mode allowed: false" keeps the desk out of demo mode.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_THRESHOLDS } from '../../preload/api'
import type { Policy } from '../policy/read-policy'
import type { SecretStore } from './secret-store'
import { freshSettingsPlace } from './testing/settings-place'
import { openSettingsStore, SETTINGS_FILE } from './settings'

let dir: string
let secrets: SecretStore
beforeEach(async () => {
  ;({ dir, secrets } = await freshSettingsPlace('desk-policy-'))
})

const policy = (values: Policy['values'], problems: string[] = []): Policy => ({
  values,
  problems,
  sources: ['/etc/supervisor-desk/policy.json'],
})
/** The settings store over this test's folder, under a policy with these values. */
const openPinned = (values: Policy['values'], problems: string[] = []) =>
  openSettingsStore({ dataDir: dir, secrets, policy: policy(values, problems) })
const live = {
  demo: false,
  relayUrl: 'https://mine.example.com',
  relayToken: 'relay-token-7f3a9c',
  plivoAuthId: 'MAXXXXXXXXXXXXXXXXXX',
  plivoAuthToken: 'plivo-token-b91e2d',
  callerId: '+14155550100',
}
const saved = async () => JSON.parse(await readFile(join(dir, SETTINGS_FILE), 'utf8'))

describe('settings under a policy', () => {
  it('runs on the policy’s values over the user’s, and says which are pinned', async () => {
    const own = await openSettingsStore({ dataDir: dir, secrets })
    expect((await own.update(live)).ok).toBe(true)

    const store = await openPinned(
      { relayUrl: 'https://it.example.com', thresholds: { longHoldSec: 120 } },
      ['policy.json: "relayToken" ignored: secrets are never read from a policy.'],
    )
    const resolved = await store.resolve()
    expect(resolved.relayUrl).toBe('https://it.example.com')
    expect(resolved.callerId).toBe('+14155550100')
    expect(resolved.thresholds).toEqual({ ...DEFAULT_THRESHOLDS, longHoldSec: 120 })
    const view = await store.publicView()
    expect(view.relayUrl).toBe('https://it.example.com')
    expect(view.policy).toEqual({
      pinned: ['relayUrl', 'thresholds.longHoldSec'],
      problems: ['policy.json: "relayToken" ignored: secrets are never read from a policy.'],
    })
  })

  it('refuses to change a pinned field, accepts it repeated, and saves the rest', async () => {
    const store = await openPinned({
      relayUrl: 'https://it.example.com',
      thresholds: { longHoldSec: 120 },
    })
    const refused = await store.update({ ...live, relayUrl: 'https://elsewhere.example.com' })
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: 'The relay URL is set by your organisation and cannot be changed here.',
      },
    })
    expect(await secrets.get('relayToken')).toBeUndefined()

    const thresholds = { ...DEFAULT_THRESHOLDS, longHoldSec: 30 }
    expect(await store.update({ thresholds })).toMatchObject({
      ok: false,
      error: {
        message: expect.stringContaining('long-hold threshold is set by your organisation'),
      },
    })

    const ok = await store.update({
      ...live,
      relayUrl: 'https://it.example.com',
      thresholds: { ...DEFAULT_THRESHOLDS, longHoldSec: 120, overtalkSec: 9 },
    })
    expect(ok.ok).toBe(true)
    expect((await store.resolve()).thresholds).toEqual({
      ...DEFAULT_THRESHOLDS,
      longHoldSec: 120,
      overtalkSec: 9,
    })
  })

  it('keeps the user’s own value on disk, so it returns when the pin goes', async () => {
    const first = await openSettingsStore({ dataDir: dir, secrets })
    await first.update(live)
    const pinned = await openPinned({ relayUrl: 'https://it.example.com' })
    await pinned.update({ callerId: '+14155550199' })
    expect(await saved()).toMatchObject({
      relayUrl: 'https://mine.example.com',
      callerId: '+14155550199',
    })
    const unpinned = await openSettingsStore({ dataDir: dir, secrets })
    expect((await unpinned.resolve()).relayUrl).toBe('https://mine.example.com')
  })

  it('keeps the desk out of demo mode when demo mode is not allowed', async () => {
    const store = await openPinned({ demoAllowed: false })
    // Nothing saved would mean demo mode; the policy says no.
    expect((await store.resolve()).demo).toBe(false)
    expect((await store.publicView()).policy?.pinned).toEqual(['demo'])
    expect(await store.update({ demo: true })).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'Demo mode is turned off by your organisation.' },
    })
    expect((await store.update(live)).ok).toBe(true)
    expect((await store.resolve()).demo).toBe(false)
  })

  it('lets demo mode be when the policy allows it', async () => {
    const store = await openPinned({ demoAllowed: true })
    expect((await store.resolve()).demo).toBe(true)
    expect((await store.publicView()).policy).toEqual({ pinned: [], problems: [] })
  })
})
