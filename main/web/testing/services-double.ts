/**
 * A small in-memory `DeskServices` for the web host's guard tests: it records every call that
 * reaches it (so a test can show a refused message reached nothing) and lets the test push.
 * Not used outside tests.
 */
import type {
  ConnectionState,
  DeskSnapshot,
  InvokeChannel,
  PublicSettings,
  PushChannel,
  PushPayloads,
} from '../../../preload/api'
import { DEFAULT_DEMO_CALLS, DEFAULT_THRESHOLDS } from '../../../preload/api'
import type { DeskServices } from '../../services/desk-services'

export interface ServicesDouble extends DeskServices {
  calls: { channel: InvokeChannel; payload: unknown }[]
  push<C extends PushChannel>(channel: C, payload: PushPayloads[C]): void
  stopped: boolean
  /** Makes the next call to `channel` throw this. */
  failNext(channel: InvokeChannel, error: Error): void
}

export const DOUBLE_SNAPSHOT: DeskSnapshot = {
  seq: 7,
  mpcs: [],
  sources: {},
  mine: [],
  alerts: [],
  handOffs: [],
  at: 1,
}

const CONNECTION: ConnectionState = { status: 'live', dataAt: 1, since: 1, demo: true }

const SETTINGS: PublicSettings = {
  demo: true,
  relayUrl: 'http://127.0.0.1:1',
  relayTokenSet: false,
  plivoAuthId: '',
  plivoAuthTokenSet: false,
  apiBaseUrl: 'https://api.plivo.com',
  supervisorEndpoint: '',
  callerId: '',
  thresholds: DEFAULT_THRESHOLDS,
  demoCalls: DEFAULT_DEMO_CALLS,
  secretStorage: 'memory',
}

export function createServicesDouble(): ServicesDouble {
  const listeners = new Map<PushChannel, Set<(payload: unknown) => void>>()
  const failures = new Map<InvokeChannel, Error>()
  const double: ServicesDouble = {
    calls: [],
    stopped: false,
    invoke: {
      'desk:snapshot': async (payload) => record('desk:snapshot', payload, DOUBLE_SNAPSHOT),
      'desk:connection': async (payload) => record('desk:connection', payload, CONNECTION),
      'desk:command': async (payload) =>
        record('desk:command', payload, { ok: true as const, value: { auditId: 'a1' } }),
      'settings:get': async (payload) => record('settings:get', payload, SETTINGS),
      'settings:update': async (payload) =>
        record('settings:update', payload, { ok: true as const, value: SETTINGS }),
      'settings:test': async (payload) =>
        record('settings:test', payload, {
          ok: true as const,
          value: {
            relay: { status: 'ok' as const, message: 'relay ok' },
            plivo: { status: 'ok' as const, message: 'plivo ok' },
          },
        }),
      'audit:list': async (payload) => record('audit:list', payload, []),
      'update:status': async (payload) => record('update:status', payload, { state: 'off' }),
      'update:restart': async (payload) =>
        record('update:restart', payload, { ok: true as const, value: null }),
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      const entry = listener as (payload: unknown) => void
      set.add(entry)
      return () => set.delete(entry)
    },
    push(channel, payload) {
      for (const listener of listeners.get(channel) ?? []) listener(payload)
    },
    failNext(channel, error) {
      failures.set(channel, error)
    },
    async stop() {
      double.stopped = true
    },
  }
  function record<T>(channel: InvokeChannel, payload: unknown, value: T): T {
    double.calls.push({ channel, payload })
    const failure = failures.get(channel)
    if (failure) {
      failures.delete(channel)
      throw failure
    }
    return value
  }
  return double
}
