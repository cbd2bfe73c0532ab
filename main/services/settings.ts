/**
 * The desk's settings (DESIGN §5): the non-secret part in `dataDir/settings.json` (mode 0600),
 * the relay token and Plivo auth token only through the SecretStore. The renderer only ever
 * sees `PublicSettings`, where a secret is "set or not".
 *
 * No settings file at all means demo mode, the embedded default. Switching demo off needs
 * everything a connection needs (relay URL and token, auth id and token): an update that would
 * leave the desk unable to connect is refused as a whole, so a half-applied form never strands
 * the supervisor without a board. The supervisor endpoint and caller ID are not required: a
 * supervisor may want to watch before they can join calls (the settings screen then says that
 * Listen, Coach and Barge will not work until they are set, and a join says the same).
 *
 * What is stored is always the user's own: demo mode runs on made-up credentials that never
 * reach this store, so leaving demo mode shows the user's real settings (or nothing).
 * The desk passes an `UpdateCheck` that asks Plivo before a new account is saved.
 *
 * A managed policy (main/policy/) wins over what the user saved: its values are what `resolve`
 * returns, an update that would change one is refused as a whole, and the user's own value stays
 * in settings.json untouched, so it comes back if IT lifts the pin. A policy that does not allow
 * demo mode keeps the desk out of it whatever was saved.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { z } from 'zod'
import {
  DEFAULT_DEMO_CALLS,
  DEFAULT_THRESHOLDS,
  settingsUpdateSchema,
  type AlertThresholds,
  type DeskError,
  type PinnableSetting,
  type PublicSettings,
  type Result,
  type SettingsUpdate,
} from '../../preload/api'
import type { Policy } from '../policy/read-policy'
import type { SecretStore } from './secret-store'
import { AUTH_ID, CALLER_ID, CALLER_ID_MESSAGE, ENDPOINT, ENDPOINT_MESSAGE } from './setting-rules'
import { loadStored, writeStored, type StoredSettings } from './settings-file'
import { checkPinned, ownThresholds, pinnedSettings, withPolicy } from './settings-policy'

export const DEFAULT_API_BASE_URL = 'https://api.plivo.com'
export const SETTINGS_FILE = 'settings.json'

/** The settings the services run on, secrets included. Never leaves main. */
export interface ResolvedSettings {
  demo: boolean
  relayUrl: string
  relayToken: string
  plivoAuthId: string
  plivoAuthToken: string
  apiBaseUrl: string
  supervisorEndpoint: string
  callerId: string
  thresholds: AlertThresholds
  demoCalls: number
}

export interface SettingsStore {
  /** Stored settings merged with defaults, secrets read from the SecretStore. */
  resolve(): Promise<ResolvedSettings>
  /** The view the renderer may have. */
  publicView(): Promise<PublicSettings>
  /**
   * Validates and persists an update. Returns the names of the fields that changed. `check`,
   * when given, sees the settings as they would be (and what changed) before anything is
   * written, and can refuse the update as a whole with its error.
   */
  update(update: unknown, check?: UpdateCheck): Promise<Result<Set<keyof SettingsUpdate>>>
  readonly secretKind: SecretStore['kind']
}

export type UpdateCheck = (
  after: ResolvedSettings,
  changed: ReadonlySet<keyof SettingsUpdate>,
) => Promise<DeskError | undefined>

export interface SettingsStoreOptions {
  dataDir: string
  secrets: SecretStore
  /** Told when settings.json was unreadable and had to be set aside. */
  warn?: (message: string) => void
  /** The organisation's managed policy, read by the host at launch. */
  policy?: Policy
}

export async function openSettingsStore(options: SettingsStoreOptions): Promise<SettingsStore> {
  const { dataDir, secrets } = options
  const file = join(dataDir, SETTINGS_FILE)
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  let stored = await loadStored(file, options.warn)
  // One update at a time, so two quick saves cannot interleave their file writes.
  let queue: Promise<unknown> = Promise.resolve()

  const policy = options.policy
  const pinned = new Set(policy ? pinnedSettings(policy) : [])

  const resolveOwn = async (): Promise<ResolvedSettings> => ({
    demo: stored.demo ?? true,
    relayUrl: stored.relayUrl ?? '',
    relayToken: (await secrets.get('relayToken')) ?? '',
    plivoAuthId: stored.plivoAuthId ?? '',
    plivoAuthToken: (await secrets.get('plivoAuthToken')) ?? '',
    apiBaseUrl: stored.apiBaseUrl ?? DEFAULT_API_BASE_URL,
    supervisorEndpoint: stored.supervisorEndpoint ?? '',
    callerId: stored.callerId ?? '',
    thresholds: stored.thresholds ?? DEFAULT_THRESHOLDS,
    demoCalls: stored.demoCalls ?? DEFAULT_DEMO_CALLS,
  })
  const resolve = async (): Promise<ResolvedSettings> =>
    policy ? withPolicy(await resolveOwn(), policy) : resolveOwn()

  const applyUpdate = async (
    raw: unknown,
    check?: UpdateCheck,
  ): Promise<Result<Set<keyof SettingsUpdate>>> => {
    const parsed = settingsUpdateSchema.safeParse(raw)
    if (!parsed.success) return { ok: false, error: zodToDeskError(parsed.error) }
    const update = parsed.data
    const problem = checkFields(update) ?? checkPinned(update, await resolve(), pinned)
    if (problem) return { ok: false, error: problem }

    const before = await resolve()
    const after: ResolvedSettings = { ...before, ...update }
    if (!after.demo) {
      const missing = missingForLive(after)
      if (missing.length > 0) {
        return {
          ok: false,
          error: {
            code: 'invalid',
            message: `To leave demo mode, also set: ${missing.join(', ')}.`,
          },
        }
      }
    }

    const changed = new Set<keyof SettingsUpdate>()
    for (const key of Object.keys(update) as (keyof SettingsUpdate)[]) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed.add(key)
    }
    if (changed.size === 0) return { ok: true, value: changed }
    const refused = await check?.(after, changed)
    if (refused) return { ok: false, error: refused }

    // Secrets first: if the keystore refuses, nothing else changes either.
    for (const name of ['relayToken', 'plivoAuthToken'] as const) {
      if (!changed.has(name)) continue
      if (after[name] === '') await secrets.delete(name)
      else await secrets.set(name, after[name])
    }
    // A pinned field keeps the user's own value on disk: the policy's is not theirs to save.
    const own = <K extends keyof StoredSettings>(key: K, value: StoredSettings[K]) =>
      pinned.has(key as PinnableSetting) ? stored[key] : value
    const next: StoredSettings = {
      demo: own('demo', after.demo),
      relayUrl: own('relayUrl', after.relayUrl),
      plivoAuthId: after.plivoAuthId,
      apiBaseUrl: own('apiBaseUrl', after.apiBaseUrl),
      supervisorEndpoint: own('supervisorEndpoint', after.supervisorEndpoint),
      callerId: own('callerId', after.callerId),
      thresholds: ownThresholds(after.thresholds, stored.thresholds, pinned),
      demoCalls: after.demoCalls,
    }
    await writeStored(file, next)
    stored = next
    return { ok: true, value: changed }
  }

  return {
    secretKind: secrets.kind,
    resolve,
    publicView: async () => ({
      ...toPublic(await resolve(), secrets.kind),
      ...(policy ? { policy: { pinned: [...pinned], problems: policy.problems } } : {}),
    }),
    update: (raw, check) => {
      const run = queue.then(() => applyUpdate(raw, check))
      queue = run.catch(() => undefined)
      return run
    },
  }
}

export function toPublic(settings: ResolvedSettings, kind: SecretStore['kind']): PublicSettings {
  return {
    demo: settings.demo,
    relayUrl: settings.relayUrl,
    relayTokenSet: settings.relayToken !== '',
    plivoAuthId: settings.plivoAuthId,
    plivoAuthTokenSet: settings.plivoAuthToken !== '',
    apiBaseUrl: settings.apiBaseUrl,
    supervisorEndpoint: settings.supervisorEndpoint,
    callerId: settings.callerId,
    thresholds: settings.thresholds,
    demoCalls: settings.demoCalls,
    secretStorage: kind,
  }
}

/** What a live (non-demo) connection cannot do without. */
export function missingForLive(s: ResolvedSettings): string[] {
  const missing: string[] = []
  if (!s.relayUrl) missing.push('relay URL')
  if (!s.relayToken) missing.push('relay token')
  if (!s.plivoAuthId) missing.push('Plivo auth ID')
  if (!s.plivoAuthToken) missing.push('Plivo auth token')
  return missing
}

function checkFields(update: SettingsUpdate): DeskError | undefined {
  const bad = (message: string): DeskError => ({ code: 'invalid', message })
  if (update.supervisorEndpoint && !ENDPOINT.test(update.supervisorEndpoint)) {
    return bad(ENDPOINT_MESSAGE)
  }
  if (update.callerId && !CALLER_ID.test(update.callerId)) {
    return bad(CALLER_ID_MESSAGE)
  }
  if (update.plivoAuthId && !AUTH_ID.test(update.plivoAuthId)) {
    return bad('Plivo auth ID may hold only letters, digits, "-" and "_".')
  }
  return undefined
}

export function zodToDeskError(error: z.ZodError): DeskError {
  const issue = error.issues[0]
  const where = issue?.path.length ? issue.path.join('.') : 'settings'
  return { code: 'invalid', message: `${where}: ${issue?.message ?? 'invalid value'}` }
}
