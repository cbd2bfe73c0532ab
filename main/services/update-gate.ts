/**
 * When the desk may restart into a downloaded update: never while the supervisor is on a call
 * (listening, coaching or barging, or their phone ringing for one). A restart drops the desk's
 * view of the call they are handling, so the desk never restarts on its own: it offers
 * "Update ready — restart" in the header when they are free, holds the offer while they are on
 * a call, and asks again the moment they leave. A restart asked for mid-call is refused.
 *
 * Plain TypeScript: the shell (main/shell/updates.ts) feeds it electron-updater's events and
 * hands it the function that quits and installs.
 */
import type { DeskError, Result, UpdateStatus } from '../../preload/api'
import type { DomainHandlers } from './desk-services'

export interface UpdateGate {
  status(): UpdateStatus
  /** The updater has a new version on disk. */
  downloaded(version: string): void
  /** Whether the supervisor is on a call now. */
  setOnCall(onCall: boolean): void
  /** The supervisor clicked restart. */
  requestRestart(): Result<null>
  onChange(listener: (status: UpdateStatus) => void): () => void
}

export interface UpdateGateOptions {
  /** False when there is no update feed: the status stays `off`. */
  enabled: boolean
  /** Quits the app and installs the downloaded version. */
  restart: () => void
}

export const ON_CALL_REFUSAL: DeskError = {
  code: 'invalid',
  message: 'The desk will not restart while you are on a call: it asks again once you leave.',
}

export function createUpdateGate(options: UpdateGateOptions): UpdateGate {
  let version: string | undefined
  let onCall = false
  let restarting = false
  const listeners = new Set<(status: UpdateStatus) => void>()

  const status = (): UpdateStatus => {
    if (!options.enabled) return { state: 'off' }
    if (version === undefined) return { state: 'idle' }
    return { state: 'ready', version, onCall }
  }
  const changed = (): void => {
    const now = status()
    for (const listener of listeners) listener(now)
  }

  return {
    status,
    downloaded(next) {
      if (!options.enabled || next === version) return
      version = next
      changed()
    },
    setOnCall(next) {
      if (next === onCall) return
      onCall = next
      if (version !== undefined) changed()
    },
    requestRestart() {
      if (!options.enabled) {
        return { ok: false, error: { code: 'not-configured', message: 'Updates are off here.' } }
      }
      if (version === undefined) {
        return { ok: false, error: { code: 'not-found', message: 'No update is ready yet.' } }
      }
      if (onCall) return { ok: false, error: ON_CALL_REFUSAL }
      if (!restarting) {
        restarting = true
        options.restart()
      }
      return { ok: true, value: null }
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** The `update:*` channels of a desk that does not update itself (the web host, tests). */
export function noUpdateHandlers(): DomainHandlers<'update'> {
  const off = createUpdateGate({ enabled: false, restart: () => undefined })
  return {
    'update:status': async () => off.status(),
    'update:restart': async () => off.requestRestart(),
  }
}
