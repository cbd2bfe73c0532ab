/**
 * The `settings:` channels: read, save and test the connection settings.
 *
 * A save that touches the connection replaces the source (connection-source.ts `restart`);
 * those switches run one at a time, in order, so two quick saves cannot leave two sources or
 * the older settings running. A real-mode change of the Plivo account is saved only once
 * Plivo has accepted the new credentials (`checkPlivoBeforeSwitch`).
 */
import type { PublicSettings, SettingsUpdate } from '../../../preload/api'
import type { ConnectionSource } from '../connection-source'
import { checkPlivo, testConnection } from '../connection-test'
import type { DomainHandlers } from '../desk-services'
import type { SettingsStore, UpdateCheck } from '../settings'

/** Saved changes to these replace the source: another relay or account. */
const CONNECTION_FIELDS = new Set([
  'demo',
  'relayUrl',
  'relayToken',
  'plivoAuthId',
  'plivoAuthToken',
  'apiBaseUrl',
])

/** Changes to these are checked with Plivo before they are saved. */
const PLIVO_FIELDS: (keyof SettingsUpdate)[] = [
  'demo',
  'plivoAuthId',
  'plivoAuthToken',
  'apiBaseUrl',
]

export interface SettingsHandlersOptions {
  settingsStore: SettingsStore
  source: ConnectionSource
  /** Control-API timeout for the checks and the test. */
  timeoutMs: number
  warn(message: string, detail?: unknown): void
}

export function settingsHandlers(options: SettingsHandlersOptions): DomainHandlers<'settings'> {
  const { settingsStore, source, timeoutMs, warn } = options
  /** Connection switches run one at a time, in order. */
  let switching: Promise<unknown> = Promise.resolve()

  /**
   * Always the user's own saved settings, in demo mode too: the demo's relay, account and
   * tokens are the demo's, and unticking "demo" must show what the user's real connection
   * would be (empty where never set), never values the demo made up.
   */
  const publicSettings = (): Promise<PublicSettings> => settingsStore.publicView()

  /**
   * A real-mode change of the Plivo account is saved only once Plivo has answered a read with
   * the new credentials: a supervisor expects bad credentials to be named at save, not at the
   * first Listen. Refused (401/403) or unreachable, nothing is saved and the old connection
   * (or the demo) keeps running.
   */
  const checkPlivoBeforeSwitch: UpdateCheck = async (after, changed) => {
    if (after.demo) return undefined
    if (!PLIVO_FIELDS.some((key) => changed.has(key))) return undefined
    const result = await checkPlivo(after, { timeoutMs })
    if (result.status === 'ok') return undefined
    return {
      code:
        result.status === 'unauthorized'
          ? 'unauthorized'
          : result.status === 'unreachable'
            ? 'network'
            : 'plivo',
      message: `${result.message} Nothing was saved: the desk stays on its current connection.`,
    }
  }

  return {
    'settings:get': publicSettings,
    'settings:update': async (update) => {
      const result = await settingsStore.update(update, checkPlivoBeforeSwitch)
      if (!result.ok) return result
      const changed = [...result.value]
      const demoResized = changed.includes('demoCalls') && source.settings()?.demo === true
      if (demoResized || changed.some((key) => CONNECTION_FIELDS.has(key))) {
        const run = switching.then(() => source.restart())
        switching = run.catch((error: unknown) => warn('switching connection failed', error))
        await run
      } else {
        source.refreshSettings(await settingsStore.resolve())
      }
      return { ok: true, value: await publicSettings() }
    },
    'settings:test': async (values) => {
      // What the form holds, over what is saved: a secret left blank is the stored one.
      const saved = await settingsStore.resolve()
      const pick = (typed: string | undefined, stored: string): string =>
        typed === undefined || typed === '' ? stored : typed
      const report = await testConnection(
        {
          relayUrl: values.relayUrl ?? saved.relayUrl,
          relayToken: pick(values.relayToken, saved.relayToken),
          apiBaseUrl: values.apiBaseUrl ?? saved.apiBaseUrl,
          plivoAuthId: values.plivoAuthId ?? saved.plivoAuthId,
          plivoAuthToken: pick(values.plivoAuthToken, saved.plivoAuthToken),
        },
        { timeoutMs },
      )
      return { ok: true, value: report }
    },
  }
}
