/**
 * Where the desk's data comes from: ONE source at a time — the relay subscription, the control
 * client (with its rate limiter) and the background reconcile for the configured account, or,
 * in demo mode, the same over an in-process simulator and relay (DESIGN §5–6).
 *
 * It feeds the desk state and drives the connection banner through the subscription's phases:
 * connecting → subscribing (patches held) → live once the first reconcile is done (or after
 * `resyncMaxMs`), reconnecting or refused (the REST read-back carries the board meanwhile).
 * `restart` replaces the whole source and empties the state: a different account's calls must
 * never mix with the old ones. Everything a stopped source still hears is dropped.
 */
import type pino from 'pino'
import { createControlClient, type ControlClient } from '../../mpc/client'
import { RateLimiter } from '../../mpc/rate-limiter'
import type { ConnectionTracker } from './connection-state'
import type { DemoBackend, DemoOptions } from './demo'
import type { DeskState } from './desk-state'
import { createLiveWaiters } from './live-waiters'
import { Reconciler, type ReadOutcome } from './reconcile'
import { deskReconcileTarget } from './reconcile-target'
import {
  subscribeToRelay,
  type RelaySubscription,
  type SubscriptionPhase,
} from './relay-subscription'
import type { ResolvedSettings } from './settings'
import { settingsToRun } from './settings-to-run'
import type { DeskTuning } from './tuning'

export interface ConnectionSourceOptions {
  tuning: DeskTuning
  state: DeskState
  connection: ConnectionTracker
  /** The saved settings, read afresh for each restart. */
  loadSettings(): Promise<ResolvedSettings>
  /** Tuning of the embedded simulator in demo mode. */
  demoDefaults?: DemoOptions
  log: pino.Logger
  warn(message: string, detail?: unknown): void
}

export interface ConnectionSource {
  start(settings: ResolvedSettings): Promise<void>
  stop(): Promise<void>
  /** Switch to the saved settings: stop, empty the desk state, start anew. */
  restart(): Promise<void>
  /** The running source's settings (in demo mode, the demo's relay and account). */
  settings(): ResolvedSettings | undefined
  /** Saved settings that leave the connection as it is (thresholds) take effect at once. */
  refreshSettings(saved: ResolvedSettings): void
  client(): ControlClient | undefined
  /** Plivo accepted a command on this MPC: re-read it soon. */
  reread(mpcUuid: string): void
  verify(mpcUuid: string): Promise<ReadOutcome>
  staleAfterMs(): number | undefined
  demo(): DemoBackend | undefined
  /** Resolves when the source is live (connected, subscribed, reconciled). */
  whenLive(timeoutMs?: number): Promise<void>
}

/** One connection's worth of running parts, replaced as a whole on a settings change. */
interface Source {
  settings: ResolvedSettings
  demo?: DemoBackend
  client?: ControlClient
  limiter?: RateLimiter
  subscription?: RelaySubscription
  reconciler?: Reconciler
  /** The REST read-back has been started (it then runs on its own interval). */
  restStarted?: boolean
  seeded: boolean
  stopped: boolean
}

export function createConnectionSource(options: ConnectionSourceOptions): ConnectionSource {
  const { tuning, state, connection, log, warn } = options
  let source: Source | undefined
  const live = createLiveWaiters(connection)

  const becameLive = (): void => {
    connection.set('live')
    state.release()
    live.resolveAll()
  }

  /**
   * A relay that cannot be reached (or refuses us) must not leave the board empty when Plivo's
   * API can be read: the read-back starts anyway and shows the calls from REST (without speech).
   */
  const startRestWithoutRelay = (current: Source): void => {
    if (current.restStarted || !current.reconciler) return
    current.restStarted = true
    void current.reconciler.reconcileNow()
  }

  const onPhase = (current: Source, phase: SubscriptionPhase, reason?: string): void => {
    switch (phase) {
      case 'connecting':
        connection.set('reconnecting', reason ?? 'connecting to the relay')
        return
      case 'subscribing':
        state.hold()
        connection.set('resyncing', reason)
        return
      case 'live':
        if (!current.reconciler) {
          becameLive()
          return
        }
        connection.set('resyncing', 'checking the calls against the control API')
        current.restStarted = true
        // Live once the first reconcile is done, or after a few seconds for a big account
        // (the pass then carries on in the background; the board is already usable).
        void Promise.race([
          current.reconciler.reconcileNow(),
          new Promise((resolve) => setTimeout(resolve, tuning.resyncMaxMs).unref()),
        ]).then(() => {
          if (current === source && connection.current().status === 'resyncing') becameLive()
        })
        return
      case 'reconnecting':
        state.release()
        connection.set('reconnecting', reason)
        startRestWithoutRelay(current)
        return
      case 'refused':
        state.release()
        connection.set('offline', `The relay refused the connection: ${reason ?? 'unknown reason'}`)
        startRestWithoutRelay(current)
        return
    }
  }

  async function start(settings: ResolvedSettings): Promise<void> {
    const current: Source = { settings, seeded: false, stopped: false }
    source = current
    connection.setDemo(settings.demo)
    const effective = await settingsToRun(current, options)
    if (!effective) return
    const mine = (): boolean => current === source

    current.limiter = new RateLimiter({ limit: 300, windowMs: 5000 })
    current.client = createControlClient({
      baseUrl: effective.apiBaseUrl,
      authId: effective.plivoAuthId,
      authToken: effective.plivoAuthToken,
      timeoutMs: tuning.controlTimeoutMs,
      retry: { maxAttempts: tuning.controlAttempts },
      limiter: current.limiter,
      onRetry: (info) => log.info(info, 'retrying a control-API request'),
    })
    current.reconciler = new Reconciler({
      client: current.client,
      intervalMs: tuning.reconcileIntervalMs,
      rereadDelayMs: tuning.rereadDelayMs,
      freshMs: tuning.freshMs,
      endedGraceMs: tuning.endedGraceMs,
      warn,
      onPass: (result) => {
        if (!mine()) return
        if (result.ok) connection.setRest({ at: Date.now() })
        else
          connection.setRest({
            at: connection.current().restAt ?? null,
            error: errorText(result.error),
          })
      },
      target: deskReconcileTarget({
        state,
        isCurrent: mine,
        supervisorEndpoint: () => current.settings.supervisorEndpoint,
        dataApplied: () => connection.dataApplied(),
      }),
    })
    current.subscription = subscribeToRelay({
      url: effective.relayUrl,
      token: effective.relayToken,
      reconnectDelayMs: tuning.reconnectDelayMs,
      reconnectDelayMaxMs: tuning.reconnectDelayMaxMs,
      warn,
      handlers: {
        lastSeq: () => (current.seeded ? state.store.seq : undefined),
        onSnapshot: (head, snapshot) => {
          if (!mine()) return
          state.applySnapshot(head, snapshot)
          current.seeded = true
          connection.dataApplied()
        },
        onEvent: ({ event, seq }) => {
          if (!mine()) return
          const result = state.apply(event, { from: 'relay', seq })
          if (result.contradicts) current.reconciler?.reread(event.mpcUuid, 0)
          connection.dataApplied()
        },
        onPhase: (phase, reason) => mine() && onPhase(current, phase, reason),
      },
    })
  }

  async function stop(): Promise<void> {
    const current = source
    source = undefined
    if (!current) return
    current.stopped = true
    current.subscription?.stop()
    current.reconciler?.stop()
    current.limiter?.stop('the desk changed account or stopped')
    await current.demo?.stop()
  }

  return {
    start,
    stop,
    async restart() {
      await stop()
      state.clear()
      connection.resetData()
      await start(await options.loadSettings())
    },
    settings: () => source?.settings,
    refreshSettings(saved) {
      if (!source) return
      // The demo's relay and account stay the demo's; only what the user set applies.
      source.settings = source.demo ? { ...source.settings, thresholds: saved.thresholds } : saved
    },
    client: () => source?.client,
    reread: (uuid) => source?.reconciler?.reread(uuid),
    verify: (uuid) => source?.reconciler?.verify(uuid) ?? Promise.resolve('unknown'),
    staleAfterMs: () => source?.reconciler?.staleAfterMs(),
    demo: () => source?.demo,
    whenLive: (timeoutMs) => live.wait(timeoutMs),
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
