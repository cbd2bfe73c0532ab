/**
 * `createDesk`: the desk's services, the ONE entry both hosts use (DESIGN §5–6). The Electron
 * shell carries them over IPC, the web host over its socket; both route every message through
 * `dispatchInvoke` (desk-services.ts).
 *
 * What runs inside:
 * - one *source* at a time — the relay subscription, the control client and the background
 *   reconcile for the configured account, or, in demo mode, the same over an in-process
 *   simulator and relay. Changing settings that affect the connection replaces the source and
 *   empties the store (a different account's calls must never mix with the old ones);
 * - the live store, the supervisor's presence, alerts, the audit log;
 * - the pushes: `desk:patch` (batched, ≤ 20 a second), `desk:connection`, `audit:entry`.
 */
import { userInfo } from 'node:os'
import pino from 'pino'
import { createControlClient, type ControlClient } from '../../mpc/client'
import type { MpcEvent } from '../../mpc/events'
import type { MpcState } from '../../mpc/state'
import { RateLimiter } from '../../mpc/rate-limiter'
import { TOMBSTONE_TTL_MS } from '../../mpc/tombstones'
import type { RelayEventMessage, RelaySnapshot } from '../../mpc/wire'
import type {
  Alert,
  DeskPatch,
  DeskSnapshot,
  MpcSource,
  PublicSettings,
  PushChannel,
  PushPayloads,
  SettingsUpdate,
  SupervisorMode,
} from '../../preload/api'
import { AlertTracker, type AlertUpdate } from './alerts'
import { checkPlivo, testConnection } from './connection-test'
import { openAuditLog } from './audit-log'
import { CommandRunner } from './commands'
import { createConnectionTracker } from './connection-state'
import { startDemoBackend, type DemoBackend, type DemoOptions } from './demo'
import type { DeskServices } from './desk-services'
import { LiveCoverage } from './live-coverage'
import { DEFAULT_ENDED_GRACE_MS, LiveStore } from './live-store'
import { noUpdateHandlers } from './update-gate'
import { createPatchBatcher, DEFAULT_PATCH_INTERVAL_MS } from './patch-batcher'
import { DEFAULT_FAILED_TTL_MS, DEFAULT_JOIN_TIMEOUT_MS, PresenceTracker } from './presence'
import {
  DEFAULT_FRESH_MS,
  DEFAULT_RECONCILE_INTERVAL_MS,
  DEFAULT_REREAD_DELAY_MS,
  Reconciler,
} from './reconcile'
import {
  subscribeToRelay,
  type RelaySubscription,
  type SubscriptionPhase,
} from './relay-subscription'
import type { Policy } from '../policy/read-policy'
import type { SecretStore } from './secret-store'
import {
  missingForLive,
  openSettingsStore,
  type ResolvedSettings,
  type UpdateCheck,
} from './settings'

export type { DeskServices } from './desk-services'
export { dispatchInvoke, InvalidMessageError } from './desk-services'
export type { DemoOptions } from './demo'
export type { SecretStore } from './secret-store'
export { createMemorySecretStore } from './secret-store'

/** Timings, overridable (tests shorten them). */
export interface DeskTuning {
  /** Minimum gap between patches: 50 ms = at most 20 a second. */
  patchIntervalMs: number
  /** A join with no ParticipantJoin after this is reported failed. */
  joinTimeoutMs: number
  failedPresenceTtlMs: number
  /** How long an ended call stays on the board. */
  endedGraceMs: number
  /** How long an evicted call is remembered, so a late callback cannot bring it back. */
  evictedMemoryMs: number
  reconcileIntervalMs: number
  rereadDelayMs: number
  freshMs: number
  /** How often alerts are re-evaluated (silence and waits grow without events). */
  alertIntervalMs: number
  evictIntervalMs: number
  /** Control API per-attempt timeout and total attempts. */
  controlTimeoutMs: number
  controlAttempts: number
  /** Longest the desk shows "resyncing" while the first reconcile after a subscribe runs. */
  resyncMaxMs: number
  /** Relay reconnect backoff. */
  reconnectDelayMs: number
  reconnectDelayMaxMs: number
}

export const DEFAULT_TUNING: DeskTuning = {
  patchIntervalMs: DEFAULT_PATCH_INTERVAL_MS,
  joinTimeoutMs: DEFAULT_JOIN_TIMEOUT_MS,
  failedPresenceTtlMs: DEFAULT_FAILED_TTL_MS,
  endedGraceMs: DEFAULT_ENDED_GRACE_MS,
  evictedMemoryMs: TOMBSTONE_TTL_MS,
  reconcileIntervalMs: DEFAULT_RECONCILE_INTERVAL_MS,
  rereadDelayMs: DEFAULT_REREAD_DELAY_MS,
  freshMs: DEFAULT_FRESH_MS,
  alertIntervalMs: 1000,
  evictIntervalMs: 5000,
  controlTimeoutMs: 5000,
  controlAttempts: 3,
  resyncMaxMs: 5000,
  reconnectDelayMs: 500,
  reconnectDelayMaxMs: 10_000,
}

export interface CreateDeskOptions {
  secrets: SecretStore
  /** settings.json (no secrets) and audit.jsonl live here. */
  dataDir: string
  /** Called once for each new alert (desktop notification in the shell). */
  notify?: (alert: Alert) => void
  /** Who the audit log names; default the OS user. */
  user?: string
  /** Tuning of the embedded simulator in demo mode. */
  demoDefaults?: DemoOptions
  /**
   * A launch's `--calls N`: the demo's size, saved as if changed in Settings (so Settings shows
   * it and a later change there wins), before the demo starts.
   */
  demoCalls?: number
  log?: pino.Logger
  tuning?: Partial<DeskTuning>
  /** The organisation's managed policy (main/policy/): it wins over the saved settings. */
  policy?: Policy
}

/** The desk's services plus what a host or a test may want to look at. */
export interface Desk extends DeskServices {
  /** The embedded simulator and relay while in demo mode. */
  demo(): DemoBackend | undefined
  /** Resolves when the current source is live (connected, subscribed, reconciled). */
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

export async function createDesk(options: CreateDeskOptions): Promise<Desk> {
  const tuning: DeskTuning = { ...DEFAULT_TUNING, ...options.tuning }
  const log = options.log ?? pino({ name: 'desk', level: process.env.DESK_LOG_LEVEL ?? 'info' })
  const who = options.user ?? safeUserName()
  const warn = (message: string, detail?: unknown): void => {
    log.warn({ detail: detail instanceof Error ? detail.message : detail }, message)
  }

  const settingsStore = await openSettingsStore({
    dataDir: options.dataDir,
    secrets: options.secrets,
    warn,
    ...(options.policy ? { policy: options.policy } : {}),
  })
  if (options.demoCalls !== undefined) {
    const saved = await settingsStore.update({ demoCalls: options.demoCalls })
    // E.g. a real setup whose secrets were kept only for an earlier session: the flag is for
    // the demo, and must not keep the desk from starting.
    if (!saved.ok) warn(`--calls ${options.demoCalls} not saved`, saved.error.message)
  }
  const audit = await openAuditLog({ dataDir: options.dataDir, warn })
  const store = new LiveStore(Date.now, tuning.evictedMemoryMs)
  const alerts = new AlertTracker()
  /** Which calls' speech the desk sees live, and since when (silence / overtalk alerts). */
  const coverage = new LiveCoverage()
  const initial = await settingsStore.resolve()
  const connection = createConnectionTracker({ demo: initial.demo })

  const listeners: { [C in PushChannel]: Set<(payload: PushPayloads[C]) => void> } = {
    'desk:patch': new Set(),
    'desk:connection': new Set(),
    'audit:entry': new Set(),
    'update:status': new Set(),
  }
  const push = <C extends PushChannel>(channel: C, payload: PushPayloads[C]): void => {
    for (const listener of listeners[channel]) {
      try {
        listener(payload)
      } catch (error) {
        warn(`a ${channel} listener threw`, error)
      }
    }
  }
  connection.onChange((state) => {
    const wasLive = coverage.feedLive
    coverage.setFeed(state.status === 'live', Date.now())
    // The feed went down (or came back): silence and overtalk alerts stop (or restart) now.
    if (wasLive !== coverage.feedLive) evaluateAllAlerts()
    push('desk:connection', state)
  })
  audit.onEntry((entry) => push('audit:entry', entry))

  const sourcesOf = (uuids: string[]): Record<string, MpcSource> => {
    const out: Record<string, MpcSource> = {}
    for (const uuid of uuids) {
      const meta = store.metaOf(uuid)
      if (!meta) continue
      out[uuid] = {
        from: meta.source,
        at: meta.at,
        ...(meta.stale ? { noUpdateSince: meta.checkedAt } : {}),
      }
    }
    return out
  }

  const batcher = createPatchBatcher({
    minIntervalMs: tuning.patchIntervalMs,
    build: (dirty): DeskPatch | null => {
      const upserts = [...dirty.upserts].flatMap((uuid) => store.get(uuid) ?? [])
      const removed = [...dirty.removed].filter((uuid) => !store.get(uuid))
      // The calls in this patch get their alerts re-evaluated now, so both go out together.
      const alertsMoved = noteAlerts(
        alerts.refresh(
          [...dirty.upserts, ...removed],
          alertable,
          thresholds(),
          Date.now(),
          coverage,
        ),
      )
      const withAlerts = dirty.alerts || alertsMoved
      if (upserts.length === 0 && removed.length === 0 && !dirty.mine && !withAlerts) return null
      return {
        seq: store.seq,
        upserts,
        sources: sourcesOf(upserts.map((m) => m.mpcUuid)),
        removed,
        ...(dirty.mine ? { mine: presence.list() } : {}),
        ...(withAlerts ? { alerts: alerts.list() } : {}),
        at: Date.now(),
      }
    },
    emit: (patch) => push('desk:patch', patch),
  })

  let source: Source | undefined
  const presence = new PresenceTracker(
    {
      changed: () => batcher.mineChanged(),
      joinSettled: (auditId, outcome) => {
        audit.finish(
          auditId,
          outcome.ok
            ? { ok: true }
            : { ok: false, error: { code: outcome.code, message: outcome.message } },
        )
      },
      applyMode: (p, mode) => commands.applyMode(p, mode),
      leaveNow: (p) => commands.leaveNow(p),
    },
    { joinTimeoutMs: tuning.joinTimeoutMs, failedTtlMs: tuning.failedPresenceTtlMs },
  )
  const commands = new CommandRunner({
    store,
    audit,
    presence,
    who,
    client: () => source?.client,
    supervisor: () => ({
      endpoint: source?.settings.supervisorEndpoint ?? '',
      callerId: source?.settings.callerId ?? '',
    }),
    touched: (uuid) => source?.reconciler?.reread(uuid),
    verify: (uuid) => source?.reconciler?.verify(uuid) ?? Promise.resolve('unknown'),
    warn,
  })

  // --- alerts --------------------------------------------------------------------------------

  function thresholds() {
    return source?.settings.thresholds ?? initial.thresholds
  }
  /** Notifies the alerts that just started; whether the list changed. */
  function noteAlerts(update: AlertUpdate): boolean {
    for (const alert of update.added) {
      try {
        options.notify?.(alert)
      } catch (error) {
        warn('notify failed', error)
      }
    }
    return update.changed
  }
  /** A stale call's facts are out of date: its card says so instead of raising alerts on them. */
  function alertable(uuid: string): MpcState | undefined {
    return store.metaOf(uuid)?.stale === true ? undefined : store.get(uuid)
  }
  /** Every call (silence and waits grow without events); the patches carry the change. */
  function evaluateAllAlerts(): void {
    const mpcs = store.list().filter((mpc) => alertable(mpc.mpcUuid))
    if (noteAlerts(alerts.update(mpcs, thresholds(), Date.now(), coverage))) {
      batcher.alertsChanged()
    }
  }

  // --- applying data ---------------------------------------------------------------------------

  const applyRelayEvent = (current: Source, message: RelayEventMessage): void => {
    if (current !== source) return
    const result = store.apply(message.event, 'relay', message.seq)
    coverage.sawLive(message.event.mpcUuid, Date.now())
    presence.observe(message.event)
    if (result.changed) batcher.upsert(message.event.mpcUuid)
    if (result.contradicts) current.reconciler?.reread(message.event.mpcUuid, 0)
    connection.dataApplied()
  }

  const applyRestEvent = (current: Source, event: MpcEvent): void => {
    if (current !== source) return
    const result = store.apply(event, 'rest')
    presence.observe(event)
    if (result.changed) batcher.upsert(event.mpcUuid)
    connection.dataApplied()
  }

  const applySnapshot = (current: Source, head: number, snapshot: RelaySnapshot): void => {
    if (current !== source) return
    const { upserts } = store.applySnapshot(head, snapshot)
    current.seeded = true
    for (const uuid of upserts) {
      coverage.sawLive(uuid, Date.now())
      batcher.upsert(uuid)
      const mpc = store.get(uuid)
      if (mpc) presence.syncWith(mpc)
    }
    connection.dataApplied()
  }

  const removeMpc = (uuid: string): void => {
    if (store.remove(uuid)) batcher.remove(uuid)
    presence.drop(uuid)
    coverage.forget(uuid)
  }

  /** Plivo does not know the call: shown ended with the reason, then it leaves as ended calls do. */
  const endGone = (uuid: string): void => {
    if (!store.endGone(uuid)) return
    batcher.upsert(uuid)
    const mpc = store.get(uuid)
    if (mpc) presence.syncWith(mpc)
  }

  // --- the source ------------------------------------------------------------------------------

  let liveWaiters: (() => void)[] = []
  const becameLive = (): void => {
    connection.set('live')
    batcher.release()
    for (const resolve of liveWaiters.splice(0)) resolve()
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
    if (current !== source) return
    switch (phase) {
      case 'connecting':
        connection.set('reconnecting', reason ?? 'connecting to the relay')
        return
      case 'subscribing':
        batcher.hold()
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
        batcher.release()
        connection.set('reconnecting', reason)
        startRestWithoutRelay(current)
        return
      case 'refused':
        batcher.release()
        connection.set('offline', `The relay refused the connection: ${reason ?? 'unknown reason'}`)
        startRestWithoutRelay(current)
        return
    }
  }

  async function startSource(settings: ResolvedSettings): Promise<Source> {
    const current: Source = { settings, seeded: false, stopped: false }
    source = current
    connection.setDemo(settings.demo)
    let effective = settings
    if (settings.demo) {
      connection.set('reconnecting', 'starting the demo call center')
      try {
        current.demo = await startDemoBackend(
          { ...options.demoDefaults, calls: settings.demoCalls },
          log,
        )
      } catch (error) {
        warn('demo mode failed to start', error)
        connection.set('offline', `Demo mode failed to start: ${String(error)}`)
        return current
      }
      if (current.stopped) {
        await current.demo.stop()
        return current
      }
      effective = {
        ...settings,
        relayUrl: current.demo.relayUrl,
        relayToken: current.demo.relayToken,
        plivoAuthId: current.demo.authId,
        plivoAuthToken: current.demo.authToken,
        apiBaseUrl: current.demo.apiBaseUrl,
        supervisorEndpoint: current.demo.supervisorEndpoint,
        callerId: current.demo.callerId,
      }
      current.settings = effective
    } else {
      const missing = missingForLive(settings)
      if (missing.length > 0) {
        connection.set('offline', `Not configured: set ${missing.join(', ')} in Settings.`)
        return current
      }
    }

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
        if (current !== source) return
        if (result.ok) connection.setRest({ at: Date.now() })
        else
          connection.setRest({
            at: connection.current().restAt ?? null,
            error: errorText(result.error),
          })
      },
      target: {
        get: (uuid) => store.get(uuid),
        uuids: () => store.uuids(),
        apply: (event) => applyRestEvent(current, event),
        confirm: (uuid) => store.confirm(uuid),
        isUnconfirmed: (uuid) => store.metaOf(uuid)?.unconfirmed === true,
        remove: (uuid) => current === source && removeMpc(uuid),
        gone: (uuid) => current === source && endGone(uuid),
        heardAt: (uuid) => store.metaOf(uuid)?.heardAt,
        participantsRead: (uuid, participants) => {
          if (current !== source || presence.get(uuid)) return
          // Plivo lists the dialled address of each member; ours marks the supervisor.
          const me = participants.find(
            (p) =>
              p.exit_time === null &&
              p.role === 'supervisor' &&
              p.member_address === current.settings.supervisorEndpoint,
          )
          if (me) presence.adopt(uuid, modeOf(me.coach_mode, me.mute), me.member_id, me.call_uuid)
        },
      },
    })
    current.subscription = subscribeToRelay({
      url: effective.relayUrl,
      token: effective.relayToken,
      reconnectDelayMs: tuning.reconnectDelayMs,
      reconnectDelayMaxMs: tuning.reconnectDelayMaxMs,
      warn,
      handlers: {
        lastSeq: () => (current.seeded ? store.seq : undefined),
        onSnapshot: (head, snapshot) => applySnapshot(current, head, snapshot),
        onEvent: (message) => applyRelayEvent(current, message),
        onPhase: (phase, reason) => onPhase(current, phase, reason),
      },
    })
    return current
  }

  async function stopSource(): Promise<void> {
    const current = source
    source = undefined
    if (!current) return
    current.stopped = true
    current.subscription?.stop()
    current.reconciler?.stop()
    current.limiter?.stop('the desk changed account or stopped')
    await current.demo?.stop()
  }

  /** Switch to new settings: a different account's calls never mix with the old ones. */
  async function restartSource(): Promise<void> {
    await stopSource()
    for (const uuid of store.uuids()) batcher.remove(uuid)
    store.clear()
    presence.clear()
    coverage.clear()
    connection.resetData()
    if (alerts.clear()) batcher.alertsChanged()
    batcher.release()
    await startSource(await settingsStore.resolve())
  }

  // --- timers ----------------------------------------------------------------------------------

  const alertTimer = setInterval(evaluateAllAlerts, tuning.alertIntervalMs)
  const evictTimer = setInterval(() => {
    for (const uuid of store.evictEnded(tuning.endedGraceMs)) {
      batcher.remove(uuid)
      presence.drop(uuid)
      coverage.forget(uuid)
    }
    // Cards nothing vouched for lately say so (reconcile.ts staleAfterMs for the threshold).
    const staleAfterMs = source?.reconciler?.staleAfterMs()
    if (staleAfterMs !== undefined) {
      for (const uuid of store.markStale(Date.now() - staleAfterMs)) batcher.upsert(uuid)
    }
  }, tuning.evictIntervalMs)

  await startSource(initial)

  // --- the services ----------------------------------------------------------------------------

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
  const PLIVO_FIELDS: (keyof SettingsUpdate)[] = [
    'demo',
    'plivoAuthId',
    'plivoAuthToken',
    'apiBaseUrl',
  ]
  const checkPlivoBeforeSwitch: UpdateCheck = async (after, changed) => {
    if (after.demo) return undefined
    if (!PLIVO_FIELDS.some((key) => changed.has(key))) return undefined
    const result = await checkPlivo(after, { timeoutMs: tuning.controlTimeoutMs })
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

  const CONNECTION_FIELDS = new Set([
    'demo',
    'relayUrl',
    'relayToken',
    'plivoAuthId',
    'plivoAuthToken',
    'apiBaseUrl',
  ])
  let stopping = false
  /** Connection switches run one at a time, in order. */
  let switching: Promise<unknown> = Promise.resolve()

  const desk: Desk = {
    invoke: {
      'desk:snapshot': async (): Promise<DeskSnapshot> => ({
        seq: store.seq,
        mpcs: store.list(),
        sources: sourcesOf(store.uuids()),
        mine: presence.list(),
        alerts: alerts.list(),
        at: Date.now(),
      }),
      'desk:connection': async () => connection.current(),
      'desk:command': (command) => commands.run(command),
      'settings:get': publicSettings,
      'settings:update': async (update) => {
        const result = await settingsStore.update(update, checkPlivoBeforeSwitch)
        if (!result.ok) return result
        const changed = [...result.value]
        const demoResized = changed.includes('demoCalls') && source?.settings.demo === true
        if (demoResized || changed.some((key) => CONNECTION_FIELDS.has(key))) {
          const run = switching.then(restartSource)
          switching = run.catch((error: unknown) => warn('switching connection failed', error))
          await run
        } else if (source) {
          const resolved = await settingsStore.resolve()
          source.settings = source.demo
            ? { ...source.settings, thresholds: resolved.thresholds }
            : resolved
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
          { timeoutMs: tuning.controlTimeoutMs },
        )
        return { ok: true, value: report }
      },
      'audit:list': async () => audit.list(),
      // The Electron shell puts its update gate in front (update-services.ts).
      ...noUpdateHandlers(),
    },
    subscribe(channel, listener) {
      const set = listeners[channel] as Set<typeof listener>
      set.add(listener)
      return () => set.delete(listener)
    },
    async stop() {
      if (stopping) return
      stopping = true
      clearInterval(alertTimer)
      clearInterval(evictTimer)
      await stopSource()
      presence.stop()
      batcher.stop()
      connection.stop()
      await audit.flush()
      for (const set of Object.values(listeners)) set.clear()
    },
    demo: () => source?.demo,
    whenLive(timeoutMs = 15_000) {
      if (connection.current().status === 'live') return Promise.resolve()
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          liveWaiters = liveWaiters.filter((w) => w !== done)
          const state = connection.current()
          reject(
            new Error(`desk not live after ${timeoutMs} ms: ${state.status} ${state.reason ?? ''}`),
          )
        }, timeoutMs)
        const done = (): void => {
          clearTimeout(timer)
          resolve()
        }
        liveWaiters.push(done)
      })
    },
  }
  return desk
}

function safeUserName(): string {
  try {
    return userInfo().username
  } catch {
    return 'supervisor'
  }
}

/** The mode a supervisor member is in, from its flags (MODE_FLAGS read backwards). */
function modeOf(coachMode: boolean | null, mute: boolean | null): SupervisorMode {
  if (coachMode === false) return 'barge'
  return mute ? 'listen' : 'coach'
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
