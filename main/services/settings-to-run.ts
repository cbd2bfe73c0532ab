/**
 * What a new source connects with: the saved settings when they are complete, or, in demo
 * mode, the embedded backend's relay and account (started here) with the user's thresholds.
 * Apart from connection-source.ts because starting the demo — and the two ways a source may
 * have nothing to run on (not configured, the demo failed) — is a job of its own.
 */
import type pino from 'pino'
import type { ConnectionTracker } from './connection-state'
import { startDemoBackend, type DemoBackend, type DemoOptions } from './demo'
import { missingForLive, type ResolvedSettings } from './settings'

/** The part of a source this reads and fills in. */
export interface StartingSource {
  settings: ResolvedSettings
  demo?: DemoBackend
  /** Stopped while the demo was starting: the demo is stopped again at once. */
  stopped: boolean
}

export interface SettingsToRunOptions {
  connection: ConnectionTracker
  demoDefaults?: DemoOptions
  log: pino.Logger
  warn(message: string, detail?: unknown): void
}

/** The settings to run on; undefined (with the reason on the banner) when none can run. */
export async function settingsToRun(
  current: StartingSource,
  { connection, demoDefaults, log, warn }: SettingsToRunOptions,
): Promise<ResolvedSettings | undefined> {
  const { settings } = current
  if (!settings.demo) {
    const missing = missingForLive(settings)
    if (missing.length === 0) return settings
    connection.set('offline', `Not configured: set ${missing.join(', ')} in Settings.`)
    return undefined
  }
  connection.set('reconnecting', 'starting the demo call center')
  let demo: DemoBackend
  try {
    demo = await startDemoBackend({ ...demoDefaults, calls: settings.demoCalls }, log)
  } catch (error) {
    warn('demo mode failed to start', error)
    connection.set('offline', `Demo mode failed to start: ${String(error)}`)
    return undefined
  }
  current.demo = demo
  if (current.stopped) {
    await demo.stop()
    return undefined
  }
  const { relayUrl, relayToken, authId, authToken, apiBaseUrl } = demo
  current.settings = {
    ...settings,
    relayUrl,
    relayToken,
    plivoAuthId: authId,
    plivoAuthToken: authToken,
    apiBaseUrl,
    supervisorEndpoint: demo.supervisorEndpoint,
    callerId: demo.callerId,
  }
  return current.settings
}
