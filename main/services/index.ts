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
import type {
  Alert,
  PublicSettings,
  PushChannel,
  PushPayloads,
  SettingsUpdate,
} from '../../preload/api'
import { openAuditLog } from './audit-log'
import { CommandRunner } from './commands'
import { createConnectionSource } from './connection-source'
import { createConnectionTracker } from './connection-state'
import { checkPlivo, testConnection } from './connection-test'
import type { DemoBackend, DemoOptions } from './demo'
import type { DeskServices } from './desk-services'
import { createDeskState } from './desk-state'
import type { SecretStore } from './secret-store'
import { openSettingsStore, toPublic, type UpdateCheck } from './settings'
import { DEFAULT_TUNING, type DeskTuning } from './tuning'

export type { DeskServices } from './desk-services'
export { dispatchInvoke, InvalidMessageError } from './desk-services'
export type { DemoOptions } from './demo'
export type { SecretStore } from './secret-store'
export { createMemorySecretStore } from './secret-store'
export { DEFAULT_TUNING, type DeskTuning } from './tuning'

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
}

/** The desk's services plus what a host or a test may want to look at. */
export interface Desk extends DeskServices {
  /** The embedded simulator and relay while in demo mode. */
  demo(): DemoBackend | undefined
  /** Resolves when the current source is live (connected, subscribed, reconciled). */
  whenLive(timeoutMs?: number): Promise<void>
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
  })
  if (options.demoCalls !== undefined) {
    const saved = await settingsStore.update({ demoCalls: options.demoCalls })
    // E.g. a real setup whose secrets were kept only for an earlier session: the flag is for
    // the demo, and must not keep the desk from starting.
    if (!saved.ok) warn(`--calls ${options.demoCalls} not saved`, saved.error.message)
  }
  const audit = await openAuditLog({ dataDir: options.dataDir, warn })
  const initial = await settingsStore.resolve()
  const connection = createConnectionTracker({ demo: initial.demo })

  const listeners: { [C in PushChannel]: Set<(payload: PushPayloads[C]) => void> } = {
    'desk:patch': new Set(),
    'desk:connection': new Set(),
    'audit:entry': new Set(),
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
    deskState.setFeedLive(state.status === 'live')
    push('desk:connection', state)
  })
  audit.onEntry((entry) => push('audit:entry', entry))

  const deskState = createDeskState({
    tuning,
    thresholds: () => source.settings()?.thresholds ?? initial.thresholds,
    staleAfterMs: () => source.staleAfterMs(),
    emit: (patch) => push('desk:patch', patch),
    ...(options.notify ? { notify: options.notify } : {}),
    presence: {
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
    warn,
  })
  const source = createConnectionSource({
    tuning,
    state: deskState,
    connection,
    loadSettings: () => settingsStore.resolve(),
    ...(options.demoDefaults ? { demoDefaults: options.demoDefaults } : {}),
    log,
    warn,
  })
  const commands = new CommandRunner({
    store: deskState.store,
    audit,
    presence: deskState.presence,
    who,
    client: () => source.client(),
    supervisor: () => ({
      endpoint: source.settings()?.supervisorEndpoint ?? '',
      callerId: source.settings()?.callerId ?? '',
    }),
    touched: (uuid) => source.reread(uuid),
    verify: (uuid) => source.verify(uuid),
    warn,
  })

  deskState.start()
  await source.start(initial)

  // --- the services ----------------------------------------------------------------------------

  /**
   * Always the user's own saved settings, in demo mode too: the demo's relay, account and
   * tokens are the demo's, and unticking "demo" must show what the user's real connection
   * would be (empty where never set), never values the demo made up.
   */
  const publicSettings = async (): Promise<PublicSettings> =>
    toPublic(await settingsStore.resolve(), settingsStore.secretKind)

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
      'desk:snapshot': async () => deskState.snapshot(),
      'desk:connection': async () => connection.current(),
      'desk:command': (command) => commands.run(command),
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
          { timeoutMs: tuning.controlTimeoutMs },
        )
        return { ok: true, value: report }
      },
      'audit:list': async () => audit.list(),
    },
    subscribe(channel, listener) {
      const set = listeners[channel] as Set<typeof listener>
      set.add(listener)
      return () => set.delete(listener)
    },
    async stop() {
      if (stopping) return
      stopping = true
      deskState.stop()
      await source.stop()
      connection.stop()
      await audit.flush()
      for (const set of Object.values(listeners)) set.clear()
    },
    demo: () => source.demo(),
    whenLive: (timeoutMs) => source.whenLive(timeoutMs),
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
