/**
 * The Electron SecretStore (DESIGN §5, STYLE.md "Secrets"): each secret encrypted with
 * `safeStorage` (the OS keychain / DPAPI / libsecret key) into its own file, mode 0600, in a
 * mode-0700 folder of userData.
 *
 * When encryption is unavailable, or Linux has fallen back to `basic_text` (a hard-coded key:
 * no protection at all), this refuses to write secrets to disk: the caller gets `undefined`
 * with the reason, uses the session-only memory store, and the settings screen shows
 * `secretStorage: 'memory'` so the supervisor knows secrets will not survive a restart.
 */
import { mkdir, readFile, rm, writeFile, rename, chmod } from 'node:fs/promises'
import { join } from 'node:path'
import type { SafeStorage } from 'electron'
import type { SecretName, SecretStore } from '../services/secret-store'

export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString'
> & { getSelectedStorageBackend?: () => string }

export type SafeSecretStoreResult = { ok: true; store: SecretStore } | { ok: false; reason: string }

export function createSafeSecretStore(
  safeStorage: SafeStorageLike,
  dir: string,
  platform: NodeJS.Platform = process.platform,
): SafeSecretStoreResult {
  if (!safeStorage.isEncryptionAvailable()) {
    return { ok: false, reason: 'OS encryption (safeStorage) is not available' }
  }
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.()
    if (backend === 'basic_text' || backend === 'unknown') {
      return {
        ok: false,
        reason: `no OS keyring found (safeStorage backend "${backend}" would store secrets unprotected)`,
      }
    }
  }
  const folder = join(dir, 'secrets')
  const fileOf = (name: SecretName): string => join(folder, `${name}.bin`)

  return {
    ok: true,
    store: {
      kind: 'safe-storage',
      async get(name) {
        let data: Buffer
        try {
          data = await readFile(fileOf(name))
        } catch (error) {
          if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined
          throw error
        }
        return safeStorage.decryptString(data)
      },
      async set(name, value) {
        await mkdir(folder, { recursive: true, mode: 0o700 })
        const file = fileOf(name)
        const tmp = `${file}.${process.pid}.tmp`
        await writeFile(tmp, safeStorage.encryptString(value), { mode: 0o600 })
        await chmod(tmp, 0o600)
        await rename(tmp, file)
      },
      async delete(name) {
        await rm(fileOf(name), { force: true })
      },
    },
  }
}
