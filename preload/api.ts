/**
 * The one contract between the desk's services (main/) and the renderer (DESIGN §6).
 *
 * Both hosts carry it: the Electron preload over ipcRenderer, the web host over one socket.io
 * connection. Each invoke channel is `domain:verb` with a zod schema for its argument; the
 * service side parses every payload with these schemas before acting. Expected failures come
 * back as a `Result`, never as a thrown error (errors lose their class across IPC).
 *
 * No `electron`, no DOM, no Node imports here: this file is loaded by main, preload, the web
 * host and the renderer alike.
 */
import { z } from 'zod'
import type { Role } from '../mpc/events'
import type { MpcState } from '../mpc/state'

// ---------------------------------------------------------------------------------------------
// Results and errors

export const DESK_ERROR_CODES = [
  'plivo', // Plivo (or the simulator) refused the request; `message` is Plivo's `error` text
  'rate-limited',
  'timeout',
  'network',
  'invalid', // the payload failed validation
  'not-found', // no such MPC / member / pending join in the live store
  'not-configured', // e.g. no supervisor endpoint yet
  'unauthorized',
  'internal',
] as const
export type DeskErrorCode = (typeof DESK_ERROR_CODES)[number]

export interface DeskError {
  code: DeskErrorCode
  /** Human readable, shown to the supervisor as is. */
  message: string
  /** HTTP status of the control-API reply, when there was one. */
  status?: number
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DeskError }

// ---------------------------------------------------------------------------------------------
// Commands

const mpcUuid = z.string().min(1).max(128)
const memberId = z.string().min(1).max(64)

/** How the supervisor is on a call: listen (hears all, heard by none), coach (heard by agents), barge (heard by all). */
export const SUPERVISOR_MODES = ['listen', 'coach', 'barge'] as const
export type SupervisorMode = (typeof SUPERVISOR_MODES)[number]

export const commandSchema = z.discriminatedUnion('type', [
  /** Join the call in a mode, or switch mode in place when already on it. */
  z.object({ type: z.literal('join'), mpcUuid, mode: z.enum(SUPERVISOR_MODES) }),
  z.object({ type: z.literal('leave'), mpcUuid }),
  z.object({
    type: z.enum(['mute', 'unmute', 'hold', 'unhold', 'kick']),
    mpcUuid,
    memberId,
  }),
  z.object({
    type: z.literal('recording'),
    mpcUuid,
    action: z.enum(['start', 'stop', 'pause', 'resume']),
  }),
  z.object({ type: z.literal('end'), mpcUuid }),
])
export type Command = z.infer<typeof commandSchema>
export type CommandType = Command['type']

export interface CommandOutcome {
  /** The audit-log entry of this command. */
  auditId: string
  /** Set for a `join` that dialled the supervisor: the join is pending until this call joins. */
  pendingCallUuid?: string
}

// ---------------------------------------------------------------------------------------------
// Live state pushed to the renderer

/** The supervisor's own presence on one call, as main tracks it. */
export interface MyPresence {
  mpcUuid: string
  mode: SupervisorMode
  /** ringing: dialled, waiting for ParticipantJoin; joined: on the call; failed: never joined. */
  status: 'ringing' | 'joined' | 'failed'
  callUuid?: string
  memberId?: string
  since: number
  error?: string
}

export const ALERT_KINDS = ['customer-waiting', 'long-hold', 'long-silence', 'overtalk'] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

export interface Alert {
  /** Stable while the condition lasts: `${kind}:${mpcUuid}[:${memberId}]`. */
  id: string
  kind: AlertKind
  mpcUuid: string
  memberId?: string
  /** Event time the condition began. */
  since: number
  /** What is wrong, without the call's name: the card and detail view already show it. */
  message: string
  /** The call's name, for where the alert stands alone (a desktop notification). */
  callName: string
}

/** Where main last got a call's data from, and when (wall clock), for the UI's data age. */
export interface MpcSource {
  /** relay: live callbacks; rest: read back from the control API by a reconcile. */
  from: 'relay' | 'rest'
  at: number
  /**
   * Set while no callback and no REST read has vouched for the call for longer than the desk's
   * stale threshold (two reconcile rounds): when something last did (wall clock). The board
   * then says so on the card and shows no live facts (speaking) it cannot know.
   */
  noUpdateSince?: number
}

export interface DeskSnapshot {
  /** The relay sequence number this state includes. */
  seq: number
  mpcs: MpcState[]
  /** Per MPC uuid (optional: older hosts omit it). */
  sources?: Record<string, MpcSource>
  mine: MyPresence[]
  alerts: Alert[]
  /** Wall-clock time main produced it (for data age). */
  at: number
}

/** A batch of changes since the previous patch (at most 20 per second). */
export interface DeskPatch {
  seq: number
  upserts: MpcState[]
  /** Per upserted MPC uuid (optional: older hosts omit it). */
  sources?: Record<string, MpcSource>
  removed: string[]
  /** Full replacement lists when they changed, omitted otherwise. */
  mine?: MyPresence[]
  alerts?: Alert[]
  at: number
}

export const CONNECTION_STATUSES = ['live', 'reconnecting', 'resyncing', 'offline'] as const
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number]

export interface ConnectionState {
  status: ConnectionStatus
  /** Wall-clock time of the newest data applied (event or snapshot), null before any. */
  dataAt: number | null
  /** Wall-clock time the status last changed. */
  since: number
  /** Why we are not live, when known. */
  reason?: string
  demo: boolean
  /**
   * The background read-back from Plivo's REST API, which goes on while the live feed is down:
   * when its last full pass finished (wall clock; null or absent before any) and, when the last
   * pass failed, why.
   */
  restAt?: number | null
  restError?: string
}

// ---------------------------------------------------------------------------------------------
// Settings

export const thresholdsSchema = z.object({
  /** A customer waiting this long for an agent raises an alert. */
  customerWaitSec: z.number().int().min(5).max(3600),
  longHoldSec: z.number().int().min(5).max(3600),
  longSilenceSec: z.number().int().min(5).max(3600),
  /** Customer and agent speaking at once for this long. */
  overtalkSec: z.number().int().min(1).max(600),
})
export type AlertThresholds = z.infer<typeof thresholdsSchema>

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  customerWaitSec: 30,
  longHoldSec: 60,
  longSilenceSec: 20,
  overtalkSec: 5,
}

/** What the renderer may see: secrets appear only as "set or not". */
export interface PublicSettings {
  demo: boolean
  relayUrl: string
  relayTokenSet: boolean
  plivoAuthId: string
  plivoAuthTokenSet: boolean
  apiBaseUrl: string
  supervisorEndpoint: string
  callerId: string
  thresholds: AlertThresholds
  /** Live calls the demo call center aims for (its simulator's traffic size). */
  demoCalls: number
  /** Where secrets live: the OS keystore, or only in memory for this session. */
  secretStorage: 'safe-storage' | 'os-keyring' | 'memory'
  /** What the organisation's managed policy sets (optional: older hosts omit it). */
  policy?: PolicyView
}

// ---------------------------------------------------------------------------------------------
// Managed policy (IT pins settings; main/policy/)

/**
 * Settings a policy can pin, as the Settings view names its fields: thresholds one by one;
 * `demo` is pinned (off) when the policy does not allow demo mode.
 */
export const PINNABLE_SETTINGS = [
  'relayUrl',
  'apiBaseUrl',
  'supervisorEndpoint',
  'callerId',
  'thresholds.customerWaitSec',
  'thresholds.longHoldSec',
  'thresholds.longSilenceSec',
  'thresholds.overtalkSec',
  'demo',
] as const
export type PinnableSetting = (typeof PINNABLE_SETTINGS)[number]

export interface PolicyView {
  /** Read-only in Settings: "set by your organisation". */
  pinned: PinnableSetting[]
  /** What was wrong with the policy (each such value was ignored), shown in the window. */
  problems: string[]
}

const urlString = z.url({ protocol: /^https?$/ })

/** The demo's size: from a handful of calls to a big floor. */
export const DEMO_CALLS_MIN = 1
export const DEMO_CALLS_MAX = 2000
export const DEFAULT_DEMO_CALLS = 16

/** A settings change from the renderer. Secrets are write-only; an empty string clears them. */
export const settingsUpdateSchema = z
  .object({
    /** true: go back to the embedded demo (simulator + relay); false: use the fields below. */
    demo: z.boolean(),
    relayUrl: urlString,
    relayToken: z.string().max(512),
    plivoAuthId: z.string().max(64),
    plivoAuthToken: z.string().max(512),
    apiBaseUrl: urlString,
    supervisorEndpoint: z.string().max(256),
    callerId: z.string().max(64),
    thresholds: thresholdsSchema,
    /** Size of the demo call center; changing it restarts the demo. */
    demoCalls: z.number().int().min(DEMO_CALLS_MIN).max(DEMO_CALLS_MAX),
  })
  .partial()
  .strict()
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>

// ---------------------------------------------------------------------------------------------
// Connection test (`settings:test`)

/**
 * What the form would connect with: the same fields as an update (secrets write-only). A field
 * left out (a secret left blank) is taken from the saved settings.
 */
export const settingsTestSchema = settingsUpdateSchema
export type SettingsTest = z.infer<typeof settingsTestSchema>

/** ok; unauthorized: the credentials were refused; unreachable: no answer (cause in message). */
export const CHECK_STATUSES = ['ok', 'unauthorized', 'unreachable', 'failed', 'missing'] as const
export type CheckStatus = (typeof CHECK_STATUSES)[number]

export interface CheckResult {
  status: CheckStatus
  /** Human readable, shown as is. */
  message: string
}

export interface ConnectionTestReport {
  relay: CheckResult
  plivo: CheckResult
}

// ---------------------------------------------------------------------------------------------
// Audit log

export interface AuditEntry {
  id: string
  /** Wall-clock time the command was issued. */
  at: number
  /** Who issued it (the desk's user; the supervisor endpoint or OS user name). */
  who: string
  command: Command
  /** The call's friendly name when the command was issued. */
  mpcName?: string
  /**
   * Member commands: the member's role when the command was issued, recorded by main so the
   * entry still says "AI agent 1082" after the member has left and the call is gone.
   */
  memberRole?: Role
  result: 'pending' | 'ok' | 'failed'
  /** Wall-clock time the outcome was known. */
  doneAt?: number
  error?: DeskError
}

// ---------------------------------------------------------------------------------------------
// Updates (electron-updater in the app; always `off` in the web host)

/**
 * off: no update feed (not configured, or not a packaged app); idle: nothing to install yet;
 * ready: a new version is downloaded. While the supervisor is on a call (`onCall`) the desk
 * offers no restart; once they leave, it asks.
 */
export type UpdateStatus =
  { state: 'off' } | { state: 'idle' } | { state: 'ready'; version: string; onCall: boolean }

// ---------------------------------------------------------------------------------------------
// Channels

const none = z.undefined()

/** Invoke channels: renderer → services, each with its argument schema. */
export const invokeSchemas = {
  'desk:snapshot': none,
  'desk:connection': none,
  'desk:command': commandSchema,
  'settings:get': none,
  'settings:update': settingsUpdateSchema,
  'settings:test': settingsTestSchema,
  'audit:list': none,
  'update:status': none,
  /** Restart into the downloaded version; refused while the supervisor is on a call. */
  'update:restart': none,
} as const
export type InvokeChannel = keyof typeof invokeSchemas

/** What each invoke channel resolves to. */
export interface InvokeResults {
  'desk:snapshot': DeskSnapshot
  'desk:connection': ConnectionState
  'desk:command': Result<CommandOutcome>
  'settings:get': PublicSettings
  'settings:update': Result<PublicSettings>
  'settings:test': Result<ConnectionTestReport>
  'audit:list': AuditEntry[]
  'update:status': UpdateStatus
  'update:restart': Result<null>
}

/** Push channels: services → renderer. */
export interface PushPayloads {
  'desk:patch': DeskPatch
  'desk:connection': ConnectionState
  'audit:entry': AuditEntry
  'update:status': UpdateStatus
}
export type PushChannel = keyof PushPayloads

/** Largest message either host accepts (a command is tiny; this leaves room for settings). */
export const MAX_MESSAGE_BYTES = 16 * 1024

// ---------------------------------------------------------------------------------------------
// The API and its one implementation

/** How a host carries the API: Electron IPC or the web host's socket. */
export interface DeskTransport {
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>
  /** Returns an unsubscribe function. */
  subscribe(channel: PushChannel, listener: (payload: unknown) => void): () => void
}

export type Unsubscribe = () => void

export function createDeskApi(transport: DeskTransport) {
  const invoke = <C extends InvokeChannel>(
    channel: C,
    payload?: z.input<(typeof invokeSchemas)[C]>,
  ): Promise<InvokeResults[C]> => transport.invoke(channel, payload) as Promise<InvokeResults[C]>
  const on =
    <C extends PushChannel>(channel: C) =>
    (listener: (payload: PushPayloads[C]) => void): Unsubscribe =>
      transport.subscribe(channel, (payload) => listener(payload as PushPayloads[C]))

  return {
    snapshot: () => invoke('desk:snapshot'),
    onPatch: on('desk:patch'),
    connection: () => invoke('desk:connection'),
    onConnection: on('desk:connection'),
    command: (command: Command) => invoke('desk:command', command),
    settings: {
      get: () => invoke('settings:get'),
      update: (update: SettingsUpdate) => invoke('settings:update', update),
      /** Checks the relay and the Plivo account with these values, saving nothing. */
      test: (values: SettingsTest) => invoke('settings:test', values),
    },
    audit: {
      list: () => invoke('audit:list'),
      onEntry: on('audit:entry'),
    },
    updates: {
      status: () => invoke('update:status'),
      onStatus: on('update:status'),
      restart: () => invoke('update:restart'),
    },
  }
}

export type DeskApi = ReturnType<typeof createDeskApi>
