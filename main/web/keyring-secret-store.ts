/**
 * The web host's SecretStore (DESIGN §5–6): the OS keyring through @napi-rs/keyring — macOS
 * Keychain, Windows Credential Manager, the Secret Service (GNOME Keyring, KWallet) on Linux —
 * where one answers; otherwise the session-only memory store, and the user is told so in one
 * line. Never a plain file.
 *
 * The keyring is probed with a real write, read and delete of a throwaway entry: a keyring that
 * exists but is locked, or a Linux box without a D-Bus session, fails there rather than on the
 * supervisor's first save. On Linux the Secret Service is required: the kernel keyring
 * (keyutils), the library's other fallback, forgets everything at logout, which would make
 * "saved in the OS keyring" a promise we could not keep.
 */
import { randomBytes } from 'node:crypto'
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring'
import {
  createMemorySecretStore,
  type SecretName,
  type SecretStore,
} from '../services/secret-store'

export const KEYRING_SERVICE = 'supervisor-desk'

/** A keyring call that has not answered in this long is treated as no keyring. */
export const DEFAULT_KEYRING_TIMEOUT_MS = 3_000

/** The part of @napi-rs/keyring this store uses (tests may pass another implementation). */
export interface KeyringEntry {
  setPassword(password: string, signal?: AbortSignal | null): Promise<void>
  getPassword(signal?: AbortSignal | null): Promise<string | null>
  deleteCredential(signal?: AbortSignal | null): Promise<boolean>
}
export type OpenKeyringEntry = (service: string, account: string) => KeyringEntry

export interface SecretStoreChoice {
  store: SecretStore
  /** One line for the user when secrets will not survive this session; undefined otherwise. */
  notice?: string
}

export interface KeyringOptions {
  service?: string
  timeoutMs?: number
  openEntry?: OpenKeyringEntry
  platform?: NodeJS.Platform
}

export function osKeyringEntry(platform: NodeJS.Platform = process.platform): OpenKeyringEntry {
  const options: EntryOptions | undefined =
    platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined
  return (service, account) => new AsyncEntry(service, account, options)
}

/** The OS keyring when it works, else memory with a notice saying so. */
export async function openKeyringSecretStore(
  options: KeyringOptions = {},
): Promise<SecretStoreChoice> {
  const service = options.service ?? KEYRING_SERVICE
  const timeoutMs = options.timeoutMs ?? DEFAULT_KEYRING_TIMEOUT_MS
  const openEntry = options.openEntry ?? osKeyringEntry(options.platform)
  const problem = await probeKeyring(openEntry, service, timeoutMs)
  if (problem !== undefined) {
    return {
      store: createMemorySecretStore(),
      notice: `No OS keyring available (${problem}): secrets kept in memory for this session only.`,
    }
  }
  return { store: keyringStore(openEntry, service, timeoutMs) }
}

/** undefined when a write, read and delete round trip works; the reason otherwise. */
export async function probeKeyring(
  openEntry: OpenKeyringEntry,
  service: string,
  timeoutMs: number,
): Promise<string | undefined> {
  const value = randomBytes(16).toString('hex')
  try {
    const entry = openEntry(service, `probe-${value}`)
    await entry.setPassword(value, AbortSignal.timeout(timeoutMs))
    try {
      const read = await entry.getPassword(AbortSignal.timeout(timeoutMs))
      if (read !== value) return 'it did not return what was written'
    } finally {
      await entry.deleteCredential(AbortSignal.timeout(timeoutMs)).catch(() => false)
    }
    return undefined
  } catch (error) {
    return describe(error)
  }
}

function keyringStore(
  openEntry: OpenKeyringEntry,
  service: string,
  timeoutMs: number,
): SecretStore {
  const entries = new Map<SecretName, KeyringEntry>()
  const entry = (name: SecretName): KeyringEntry => {
    let found = entries.get(name)
    if (!found) entries.set(name, (found = openEntry(service, name)))
    return found
  }
  const failed = (what: string, error: unknown): Error =>
    new Error(`The OS keyring refused to ${what}: ${describe(error)}`)
  return {
    kind: 'os-keyring',
    async get(name) {
      try {
        return (await entry(name).getPassword(AbortSignal.timeout(timeoutMs))) ?? undefined
      } catch (error) {
        throw failed(`read the ${name}`, error)
      }
    },
    async set(name, value) {
      try {
        await entry(name).setPassword(value, AbortSignal.timeout(timeoutMs))
      } catch (error) {
        throw failed(`save the ${name}`, error)
      }
    },
    async delete(name) {
      try {
        await entry(name).deleteCredential(AbortSignal.timeout(timeoutMs))
      } catch (error) {
        throw failed(`delete the ${name}`, error)
      }
    },
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  // The library nests causes ("Platform failure: DBus error: …"); the first line says enough.
  const first = message.split('\n')[0] ?? message
  return first.replace(/^Platform failure: /, '')
}
