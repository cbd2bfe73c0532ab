/**
 * Test support: an empty data folder and an in-memory secret store for one settings test,
 * the folder removed when the test finishes.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { createMemorySecretStore, type SecretStore } from '../secret-store'

export async function freshSettingsPlace(
  prefix: string,
): Promise<{ dir: string; secrets: SecretStore }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  return { dir, secrets: createMemorySecretStore() }
}
