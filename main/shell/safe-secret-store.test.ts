/**
 * Secrets through safeStorage: encrypted files, mode 0600 in a 0700 folder, never the secret as
 * text; refused (so the desk falls back to memory and says so) when encryption is unavailable
 * or Linux would store them with the basic_text backend.
 */
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSafeSecretStore } from './safe-secret-store'
// The shell's safeStorage stand-in, with switches for what the OS offers.
import { safeStorage as mock } from './test/electron-mock'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'desk-secrets-'))
  mock.available = true
  mock.backend = 'gnome_libsecret'
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('createSafeSecretStore', () => {
  it('stores each secret encrypted in a 0600 file and reads it back', async () => {
    const result = createSafeSecretStore(mock, dir, 'linux')
    if (!result.ok) throw new Error(result.reason)
    const store = result.store
    expect(store.kind).toBe('safe-storage')
    await store.set('plivoAuthToken', 'tok-3e82ae9d-secret')
    expect(await store.get('plivoAuthToken')).toBe('tok-3e82ae9d-secret')
    expect(await store.get('relayToken')).toBeUndefined()

    const folder = join(dir, 'secrets')
    expect((await stat(folder)).mode & 0o777).toBe(0o700)
    const [file] = await readdir(folder)
    const path = join(folder, file ?? '')
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect((await readFile(path)).toString('utf8')).not.toContain('tok-3e82ae9d-secret')

    await store.delete('plivoAuthToken')
    expect(await store.get('plivoAuthToken')).toBeUndefined()
  })

  it('refuses when OS encryption is unavailable', () => {
    mock.available = false
    expect(createSafeSecretStore(mock, dir, 'darwin')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not available'),
    })
  })

  it('refuses the Linux basic_text fallback (a hard-coded key protects nothing)', () => {
    mock.backend = 'basic_text'
    expect(createSafeSecretStore(mock, dir, 'linux')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('basic_text'),
    })
    expect(createSafeSecretStore(mock, dir, 'win32').ok).toBe(true)
  })
})
