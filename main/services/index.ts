/**
 * `createDesk`: the desk's services, the ONE entry both hosts use (DESIGN §5–6). The Electron
 * shell carries them over IPC, the web host over its socket; both route every message through
 * `dispatchInvoke` (desk-services.ts).
 *
 * This file only wires the parts, each with its own start and stop:
 * - the connection source (connection-source.ts): one source at a time — the relay, the
 *   control client and the reconcile for the configured account, or the demo's. A settings
 *   change that affects the connection replaces it and empties the desk state;
 * - the desk state (desk-state.ts): the live store, the supervisor's presence, alerts, and the
 *   patches (batched, ≤ 20 a second) that tell the renderer;
 * - the commands, the audit log, the settings, the connection banner's state;
 * - the invoke handlers, per domain (handlers/), and the pushes: `desk:patch`,
 *   `desk:connection`, `audit:entry`.
 */
import { userInfo } from 'node:os'
import pino from 'pino'
import type { Alert } from '../../preload/api'
import { openAuditLog } from './audit-log'
import { CommandRunner } from './commands'
import { createConnectionSource } from './connection-source'
import { createConnectionTracker } from './connection-state'
import type { DemoBackend, DemoOptions } from './demo'
import { combineDomains, type DeskServices } from './desk-services'
import { createDeskState } from './desk-state'
import { auditHandlers } from './handlers/audit'
import { hangUpLateLeg, removeAiOnHandOff, type HandOffDeps } from './hand-off-runner'
import { deskHandlers } from './handlers/desk'
import { settingsHandlers } from './handlers/settings'
import { createPushes } from './pushes'
import { relayCallbackUrl } from './relay-callbacks'
import type { SecretStore } from './secret-store'
import { openSettingsStore } from './settings'
import { DEFAULT_TUNING, type DeskTuning } from './tuning'
import { noUpdateHandlers } from './update-gate'
import type { Policy } from '../policy/read-policy'

export type { DeskServices } from './desk-services'
export { dispatchInvoke } from './desk-services'
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

export async function createDesk(options: CreateDeskOptions): Promise<Desk> {
  const tuning: DeskTuning = { ...DEFAULT_TUNING, ...options.tuning }
  const log = options.log ?? pino({ name: 'desk', level: process.env.DESK_LOG_LEVEL ?? 'info' })
  const warn = (message: string, detail?: unknown): void => {
    log.warn({ detail: detail instanceof Error ? detail.message : detail }, message)
  }

  const { dataDir, secrets } = options
  const settingsStore = await openSettingsStore({
    dataDir,
    secrets,
    warn,
    ...(options.policy ? { policy: options.policy } : {}),
  })
  if (options.demoCalls !== undefined) {
    const saved = await settingsStore.update({ demoCalls: options.demoCalls })
    // E.g. a real setup whose secrets were kept only for an earlier session: the flag is for
    // the demo, and must not keep the desk from starting.
    if (!saved.ok) warn(`--calls ${options.demoCalls} not saved`, saved.error.message)
  }
  const audit = await openAuditLog({ dataDir, warn })
  const initial = await settingsStore.resolve()
  const connection = createConnectionTracker({ demo: initial.demo })
  const pushes = createPushes(warn)

  const state = createDeskState({
    tuning,
    thresholds: () => source.settings()?.thresholds ?? initial.thresholds,
    staleAfterMs: () => source.staleAfterMs(),
    emit: (patch) => pushes.push('desk:patch', patch),
    ...(options.notify ? { notify: options.notify } : {}),
    presence: {
      joinSettled: (auditId, outcome) =>
        audit.finish(
          auditId,
          outcome.ok
            ? { ok: true }
            : { ok: false, error: { code: outcome.code, message: outcome.message } },
        ),
      applyMode: (p, mode, from) => commands.applyMode(p, mode, from),
      leaveNow: (p) => commands.leaveNow(p),
      takeOverJoined: (p, auditId) => commands.takeOverJoined(p, auditId),
    },
    handOff: {
      joined: (handOff) => removeAiOnHandOff(handOffDeps(), handOff),
      failed: (auditId, code, message) =>
        audit.finish(auditId, { ok: false, error: { code, message } }),
      hangUp: (mpcUuid, memberId) => hangUpLateLeg(handOffDeps(), mpcUuid, memberId),
    },
    warn,
  })
  const handOffDeps = (): HandOffDeps => ({
    store: state.store,
    audit,
    handOffs: state.handOffs,
    client: () => source.client(),
    warn,
  })
  const source = createConnectionSource({
    tuning,
    state,
    connection,
    loadSettings: () => settingsStore.resolve(),
    ...(options.demoDefaults ? { demoDefaults: options.demoDefaults } : {}),
    log,
    warn,
  })
  const commands = new CommandRunner({
    store: state.store,
    audit,
    presence: state.presence,
    handOffs: state.handOffs,
    who: options.user ?? safeUserName(),
    client: () => source.client(),
    supervisor: () => ({
      endpoint: source.settings()?.supervisorEndpoint ?? '',
      callerId: source.settings()?.callerId ?? '',
    }),
    recordingCallbackUrl: () => {
      const settings = source.settings()
      return settings && relayCallbackUrl(settings.relayUrl, settings.plivoAuthId, 'recording')
    },
    touched: (uuid) => source.reread(uuid),
    verify: (uuid) => source.verify(uuid),
    warn,
  })

  connection.onChange((now) => {
    state.setFeedLive(now.status === 'live')
    pushes.push('desk:connection', now)
  })
  audit.onEntry((entry) => pushes.push('audit:entry', entry))
  state.start()
  await source.start(initial)

  let stopping = false
  return {
    invoke: combineDomains({
      desk: deskHandlers({ state, connection, commands }),
      settings: settingsHandlers({
        settingsStore,
        source,
        timeoutMs: tuning.controlTimeoutMs,
        warn,
      }),
      audit: auditHandlers(audit),
      // The Electron shell puts its update gate in front (update-services.ts).
      update: noUpdateHandlers(),
    }),
    subscribe: (channel, listener) => pushes.subscribe(channel, listener),
    async stop() {
      if (stopping) return
      stopping = true
      state.stop()
      await source.stop()
      connection.stop()
      await audit.flush()
      pushes.clear()
    },
    demo: () => source.demo(),
    whenLive: (timeoutMs) => source.whenLive(timeoutMs),
  }
}

function safeUserName(): string {
  try {
    return userInfo().username
  } catch {
    return 'supervisor'
  }
}
