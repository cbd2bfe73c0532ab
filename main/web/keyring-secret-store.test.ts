import { describe, expect, it } from 'vitest'
import {
  openKeyringSecretStore,
  type KeyringEntry,
  type OpenKeyringEntry,
} from './keyring-secret-store'

/** A keyring that works, in memory: stands in for macOS Keychain / Secret Service. */
function workingKeyring(): { openEntry: OpenKeyringEntry; saved: Map<string, string> } {
  const saved = new Map<string, string>()
  const openEntry: OpenKeyringEntry = (service, account): KeyringEntry => {
    const key = `${service}/${account}`
    return {
      setPassword: async (password) => {
        saved.set(key, password)
      },
      getPassword: async () => saved.get(key) ?? null,
      deleteCredential: async () => saved.delete(key),
    }
  }
  return { openEntry, saved }
}

describe('the web host secret store', () => {
  it('falls back to memory on this machine (no Secret Service) and says so in one line', async () => {
    const { store, notice } = await openKeyringSecretStore({ service: 'supervisor-desk-test' })
    expect(store.kind).toBe('memory')
    expect(notice).toMatch(
      /^No OS keyring available \(.+\): secrets kept in memory for this session only\.$/,
    )
    expect(notice).not.toContain('\n')
    await store.set('relayToken', 'tok')
    expect(await store.get('relayToken')).toBe('tok')
  })

  it('uses the keyring when the probe round trip works, and leaves no probe entry behind', async () => {
    const keyring = workingKeyring()
    const { store, notice } = await openKeyringSecretStore({ openEntry: keyring.openEntry })
    expect(notice).toBeUndefined()
    expect(store.kind).toBe('os-keyring')
    expect(keyring.saved.size).toBe(0)

    await store.set('plivoAuthToken', 'secret-1')
    expect(keyring.saved.get('supervisor-desk/plivoAuthToken')).toBe('secret-1')
    expect(await store.get('plivoAuthToken')).toBe('secret-1')
    expect(await store.get('relayToken')).toBeUndefined()
    await store.delete('plivoAuthToken')
    expect(await store.get('plivoAuthToken')).toBeUndefined()
  })

  it('treats a keyring that never answers as none', async () => {
    const hanging: OpenKeyringEntry = () => ({
      setPassword: (_password, signal) =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(new Error('timed out'))),
        ),
      getPassword: async () => null,
      deleteCredential: async () => false,
    })
    const started = Date.now()
    const { store, notice } = await openKeyringSecretStore({ openEntry: hanging, timeoutMs: 50 })
    expect(store.kind).toBe('memory')
    expect(notice).toContain('timed out')
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('treats a keyring that loses what it was given as none', async () => {
    const forgetful: OpenKeyringEntry = () => ({
      setPassword: async () => undefined,
      getPassword: async () => null,
      deleteCredential: async () => false,
    })
    const { store, notice } = await openKeyringSecretStore({ openEntry: forgetful })
    expect(store.kind).toBe('memory')
    expect(notice).toContain('did not return what was written')
  })
})
