/**
 * settings.json on disk: what it may hold (never a secret), reading it back (an unreadable file
 * is moved aside, never overwritten, and the desk starts on defaults) and writing it atomically
 * with mode 0600.
 */
import { chmod, readFile, rename, writeFile } from 'node:fs/promises'
import { z } from 'zod'
import { DEMO_CALLS_MAX, DEMO_CALLS_MIN, thresholdsSchema } from '../../preload/api'

/** What settings.json holds. No secrets, ever. */
export const storedSettingsSchema = z.object({
  demo: z.boolean().optional(),
  relayUrl: z.string().optional(),
  plivoAuthId: z.string().optional(),
  apiBaseUrl: z.string().optional(),
  supervisorEndpoint: z.string().optional(),
  callerId: z.string().optional(),
  thresholds: thresholdsSchema.optional(),
  demoCalls: z.number().int().min(DEMO_CALLS_MIN).max(DEMO_CALLS_MAX).optional(),
})
export type StoredSettings = z.infer<typeof storedSettingsSchema>

export async function loadStored(
  file: string,
  warn?: (m: string) => void,
): Promise<StoredSettings> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (isNotFound(error)) return {}
    throw error
  }
  try {
    return storedSettingsSchema.parse(JSON.parse(text))
  } catch (error) {
    // Keep the unreadable file for the user to inspect instead of overwriting it later.
    const aside = `${file}.unreadable-${Date.now()}`
    await rename(file, aside)
    warn?.(`settings.json was unreadable (${String(error)}); moved to ${aside}, using defaults`)
    return {}
  }
}

export async function writeStored(file: string, settings: StoredSettings): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, JSON.stringify(settings, null, 2) + '\n', { mode: 0o600 })
  await chmod(tmp, 0o600)
  await rename(tmp, file)
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT'
}
