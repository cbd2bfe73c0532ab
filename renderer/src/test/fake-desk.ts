/**
 * An in-memory DeskApi for component tests: the real `createDeskApi` over a fake transport whose
 * answers the test controls, and which records every command.
 */
import {
  type AuditEntry,
  type Command,
  type CommandOutcome,
  type ConnectionState,
  type ConnectionTestReport,
  createDeskApi,
  type DeskApi,
  type DeskSnapshot,
  type DeskTransport,
  type InvokeChannel,
  channels,
  type PublicSettings,
  type PushChannel,
  type PushPayloads,
  type UpdateStatus,
  type Result,
  type SettingsTest,
  type SettingsUpdate,
} from '../../../preload/api'
import {
  connection as connectionFixture,
  settings as settingsFixture,
  snapshot as snapshotFixture,
} from './fixtures'

export interface FakeDeskInit {
  snapshot?: DeskSnapshot
  connection?: ConnectionState
  settings?: PublicSettings
  audit?: AuditEntry[]
  update?: UpdateStatus
}

export interface FakeDesk {
  api: DeskApi
  commands: Command[]
  settingsUpdates: SettingsUpdate[]
  settingsTests: SettingsTest[]
  /** How "Test connection" is answered (default: both checks pass). */
  onSettingsTest: (values: SettingsTest) => Promise<Result<ConnectionTestReport>>
  /** How the next commands are answered (default: accepted). */
  onCommand: (command: Command) => Promise<Result<CommandOutcome>>
  snapshot: DeskSnapshot
  connection: ConnectionState
  settings: PublicSettings
  audit: AuditEntry[]
  /** What `update:status` answers (default: updates off, as in the web host). */
  update: UpdateStatus
  /** How many times the page asked to restart into an update. */
  restarts: number
  /** Delivers a push message to the renderer, as main would. */
  push<C extends PushChannel>(channel: C, payload: PushPayloads[C]): void
  /** Makes `desk:snapshot` wait until the returned function is called. */
  holdSnapshot(): () => void
}

export function createFakeDesk(init: FakeDeskInit = {}): FakeDesk {
  const listeners = new Map<PushChannel, Set<(payload: unknown) => void>>()
  let gate: Promise<void> | null = null
  let seq = 0
  // Answers from `desk`, which is declared below: the transport is only called after.
  const transport: DeskTransport = {
    async invoke(channel: InvokeChannel, payload: unknown) {
      switch (channel) {
        case 'desk:snapshot': {
          const snap = desk.snapshot // taken when asked, like main
          if (gate) await gate
          return structuredClone(snap)
        }
        case 'desk:connection':
          return desk.connection
        case 'desk:command': {
          // Checked as main checks it, so a test cannot send what the real desk would refuse.
          const command = channels.invoke['desk:command'].input.parse(payload)
          desk.commands.push(command)
          return desk.onCommand(command)
        }
        case 'settings:get':
          return desk.settings
        case 'settings:update': {
          const update = channels.invoke['settings:update'].input.parse(payload)
          desk.settingsUpdates.push(update)
          // Like main: secrets become "set or not", never part of the public settings.
          const { relayToken, plivoAuthToken, ...plain } = update
          desk.settings = {
            ...desk.settings,
            ...plain,
            relayTokenSet:
              relayToken === undefined ? desk.settings.relayTokenSet : relayToken !== '',
            plivoAuthTokenSet:
              plivoAuthToken === undefined
                ? desk.settings.plivoAuthTokenSet
                : plivoAuthToken !== '',
          }
          return { ok: true, value: desk.settings }
        }
        case 'settings:test': {
          const values = channels.invoke['settings:test'].input.parse(payload)
          desk.settingsTests.push(values)
          return desk.onSettingsTest(values)
        }
        case 'audit:list':
          return desk.audit
        case 'update:status':
          return desk.update
        case 'update:restart':
          desk.restarts++
          return desk.update.state === 'ready' && !desk.update.onCall
            ? { ok: true, value: null }
            : { ok: false, error: { code: 'invalid', message: 'You are on a call.' } }
      }
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
  }
  const desk: FakeDesk = {
    api: createDeskApi(transport),
    commands: [],
    settingsUpdates: [],
    settingsTests: [],
    onSettingsTest: async () => ({
      ok: true,
      value: {
        relay: { status: 'ok', message: 'Connected to the relay; token accepted.' },
        plivo: { status: 'ok', message: 'Plivo accepted the credentials.' },
      },
    }),
    onCommand: async () => ({ ok: true, value: { auditId: `audit-${++seq}` } }),
    snapshot: init.snapshot ?? snapshotFixture([]),
    connection: init.connection ?? connectionFixture(),
    settings: init.settings ?? settingsFixture(),
    audit: init.audit ?? [],
    update: init.update ?? { state: 'off' },
    restarts: 0,
    push(channel, payload) {
      for (const l of listeners.get(channel) ?? []) l(payload)
    },
    holdSnapshot() {
      let release = () => {}
      gate = new Promise<void>((resolve) => {
        release = resolve
      })
      return () => release()
    },
  }
  return desk
}
