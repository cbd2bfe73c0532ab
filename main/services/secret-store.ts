/**
 * Where the desk keeps secrets (relay token, Plivo auth token). The Electron shell passes one
 * over `safeStorage`, the web host one over the OS keyring, and where neither exists the memory
 * store keeps them for this session only — never a plain file (DESIGN §5).
 */
export type SecretName = 'relayToken' | 'plivoAuthToken'

export interface SecretStore {
  /** Shown to the user, so they know whether secrets survive a restart. */
  readonly kind: 'safe-storage' | 'os-keyring' | 'memory'
  get(name: SecretName): Promise<string | undefined>
  set(name: SecretName, value: string): Promise<void>
  delete(name: SecretName): Promise<void>
}

/** Secrets for this session only: nothing is written anywhere. */
export function createMemorySecretStore(): SecretStore {
  const values = new Map<SecretName, string>()
  return {
    kind: 'memory',
    get: async (name) => values.get(name),
    set: async (name, value) => {
      values.set(name, value)
    },
    delete: async (name) => {
      values.delete(name)
    },
  }
}
