/**
 * The one contract between the desk's services (main/) and the renderer (DESIGN §6).
 *
 * Everything that crosses the bridge is declared once, in `channels` at the end of this file:
 * each invoke channel (`domain:verb`) with the zod schema of its argument and of its result,
 * each push channel with the schema of its payload. The rest is derived from that table — the
 * channel lists, the TypeScript types, main's per-domain handler types (desk-services.ts), the
 * IPC door (main/shell/ipc.ts), the web socket bridge (main/web/socket-bridge.ts) and both
 * renderer transports (ipc-transport.ts, browser-transport.ts). A channel added here is carried
 * by both hosts, or the build fails.
 *
 * Refusals reach the renderer one way over either host (`createDeskApi`): a channel whose
 * result is a `Result` (it changes something: command, settings) resolves `{ ok: false }` for
 * every failure, the host's refusal and a lost connection alike; the others reject with a
 * `DeskTransportError` carrying the typed `DeskError`.
 *
 * No `electron`, no DOM, no Node imports here: this file is loaded by main, preload, the web
 * host and the renderer alike.
 */
import { z } from 'zod'
import { ROLES } from '../mpc/events'
import { mpcStateSchema } from '../mpc/wire-schemas'

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

export const deskErrorSchema = z.object({
  code: z.enum(DESK_ERROR_CODES),
  /** Human readable, shown to the supervisor as is. */
  message: z.string(),
  /** HTTP status of the control-API reply, when there was one. */
  status: z.number().int().optional(),
})
export type DeskError = z.infer<typeof deskErrorSchema>

export type Result<T> = { ok: true; value: T } | { ok: false; error: DeskError }

/** The result schemas made by `resultOf`: their channels answer refusals in the Result. */
const resultSchemas = new WeakSet<z.ZodType>()

/** The schema of a `Result` whose value is `value`. */
function resultOf<T extends z.ZodType>(value: T) {
  const schema = z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: deskErrorSchema }),
  ])
  resultSchemas.add(schema)
  return schema
}

/** A refusal or failure of the bridge itself (host, transport), with its typed error. */
export class DeskTransportError extends Error {
  constructor(readonly error: DeskError) {
    super(error.message)
    this.name = 'DeskTransportError'
  }
}

// ---------------------------------------------------------------------------------------------
// Commands

const mpcUuid = z.string().min(1).max(128)
const memberId = z.string().min(1).max(64)
/** Wall-clock or event time in ms since the epoch. */
const time = z.number()

/** How the supervisor is on a call: listen (hears all, heard by none), coach (heard by agents), barge (heard by all). */
export const SUPERVISOR_MODES = ['listen', 'coach', 'barge'] as const
export type SupervisorMode = (typeof SUPERVISOR_MODES)[number]

/** What a take-over does with the AI member once the supervisor is on the call. */
export const TAKE_OVER_THEN = ['kick', 'mute-hold'] as const
export type TakeOverThen = (typeof TAKE_OVER_THEN)[number]

/**
 * A phone the desk may dial: a SIP URI or a phone number (E.164 digits, optional +). One rule
 * for the supervisor endpoint in Settings (main/services/setting-rules.ts) and a hand-off's
 * agent endpoint, here so the contract can check the latter at the door.
 */
export const ENDPOINT = /^(?:sips?:[^\s@]+@[^\s@]+|\+?[0-9]{6,15})$/
export const HAND_OFF_ENDPOINT_MESSAGE =
  'Hand-off endpoint must be a SIP URI (sip:user@host) or a phone number.'

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
  /**
   * Take over from an AI agent in place (main/services/take-over.ts): dial the supervisor into
   * the same call in barge mode and, once their phone joined, take the AI member off the line —
   * `kick` it, or `mute-hold` it (kept on the call, silent, to hand back to later). Carried in
   * the command rather than a setting so each audit entry says which was done.
   *
   * With `endpoint`, the call is handed to that agent instead (main/services/hand-off.ts): the
   * endpoint is dialled as an `agent` member and the AI leaves once it joined; the supervisor
   * is not dialled.
   */
  z.object({
    type: z.literal('take-over'),
    mpcUuid,
    aiMemberId: memberId,
    then: z.enum(TAKE_OVER_THEN),
    endpoint: z.string().max(256).regex(ENDPOINT, HAND_OFF_ENDPOINT_MESSAGE).optional(),
  }),
])
export type Command = z.infer<typeof commandSchema>
export type CommandType = Command['type']

const commandOutcomeSchema = z.object({
  /** The audit-log entry of this command. */
  auditId: z.string(),
  /** Set for a `join` that dialled the supervisor: the join is pending until this call joins. */
  pendingCallUuid: z.string().optional(),
})
export type CommandOutcome = z.infer<typeof commandOutcomeSchema>

// ---------------------------------------------------------------------------------------------
// Live state pushed to the renderer

/** The supervisor's own presence on one call, as main tracks it. */
const myPresenceSchema = z.object({
  mpcUuid: z.string(),
  mode: z.enum(SUPERVISOR_MODES),
  /** ringing: dialled, waiting for ParticipantJoin; joined: on the call; failed: never joined. */
  status: z.enum(['ringing', 'joined', 'failed']),
  callUuid: z.string().optional(),
  memberId: z.string().optional(),
  since: time,
  error: z.string().optional(),
  /**
   * Set when this presence is a take-over from an AI agent: pending while the supervisor's
   * phone rings, removing while the AI member is being kicked (or muted and held), then done or
   * failed (`error` says why; a failed join leaves the AI on the call).
   */
  takeOver: z
    .object({
      aiMemberId: z.string(),
      then: z.enum(TAKE_OVER_THEN),
      status: z.enum(['pending', 'removing', 'done', 'failed']),
      error: z.string().optional(),
      /** Done otherwise than asked, and why (an AI that ends the call on exit is held instead). */
      note: z.string().optional(),
    })
    .optional(),
})
export type MyPresence = z.infer<typeof myPresenceSchema>
export type TakeOverState = NonNullable<MyPresence['takeOver']>

/** Where a hand-off of an AI call to an agent endpoint is (main/services/hand-off.ts). */
export const HAND_OFF_STATUSES = ['pending', 'removing', 'done', 'failed'] as const
export type HandOffStatus = (typeof HAND_OFF_STATUSES)[number]

/**
 * A hand-off of an AI call to an agent endpoint, one per call (the latest): pending while the
 * agent's phone rings, removing while the AI member is taken off the line, then done or failed
 * (`error` says why; the AI stays unless the call ended). Settled ones stay a while, so the
 * card can say how it went, then leave.
 */
const handOffSchema = z.object({
  /** The take-over command's audit entry: unique, so a card can dismiss this one hand-off. */
  auditId: z.string(),
  mpcUuid: z.string(),
  endpoint: z.string(),
  aiMemberId: z.string(),
  /** What was asked, or, once done, what was done (an AI that ends the call is held). */
  then: z.enum(TAKE_OVER_THEN),
  status: z.enum(HAND_OFF_STATUSES),
  /** The agent's leg, as add participant returned it; its member once it joined. */
  callUuid: z.string(),
  memberId: z.string().optional(),
  /** Wall-clock time of the last status change. */
  since: time,
  error: z.string().optional(),
  note: z.string().optional(),
})
export type HandOff = z.infer<typeof handOffSchema>

export const ALERT_KINDS = [
  'customer-waiting',
  'long-hold',
  'long-silence',
  'overtalk',
  'ai-stream-lost',
] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

const alertSchema = z.object({
  /** Stable while the condition lasts: `${kind}:${mpcUuid}[:${memberId}]`. */
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  mpcUuid: z.string(),
  memberId: z.string().optional(),
  /** Event time the condition began. */
  since: time,
  /** What is wrong, without the call's name: the card and detail view already show it. */
  message: z.string(),
  /** The call's name, for where the alert stands alone (a desktop notification). */
  callName: z.string(),
})
export type Alert = z.infer<typeof alertSchema>

/** Where main last got a call's data from, and when (wall clock), for the UI's data age. */
const mpcSourceSchema = z.object({
  /** relay: live callbacks; rest: read back from the control API by a reconcile. */
  from: z.enum(['relay', 'rest']),
  at: time,
  /**
   * Set while no callback and no REST read has vouched for the call for longer than the desk's
   * stale threshold (two reconcile rounds): when something last did (wall clock). The board
   * then says so on the card and shows no live facts (speaking) it cannot know.
   */
  noUpdateSince: time.optional(),
})
export type MpcSource = z.infer<typeof mpcSourceSchema>

const sourcesSchema = z.record(z.string(), mpcSourceSchema)

const deskSnapshotSchema = z.object({
  /** The relay sequence number this state includes. */
  seq: z.number(),
  mpcs: z.array(mpcStateSchema),
  /** Per MPC uuid. */
  sources: sourcesSchema,
  mine: z.array(myPresenceSchema),
  alerts: z.array(alertSchema),
  /** Hand-offs to an agent endpoint under way or lately settled, one per call. */
  handOffs: z.array(handOffSchema),
  /** Wall-clock time main produced it (for data age). */
  at: time,
})
export type DeskSnapshot = z.infer<typeof deskSnapshotSchema>

/** A batch of changes since the previous patch (at most 20 per second). */
const deskPatchSchema = z.object({
  seq: z.number(),
  upserts: z.array(mpcStateSchema),
  /** Per upserted MPC uuid. */
  sources: sourcesSchema,
  removed: z.array(z.string()),
  /** Full replacement lists when they changed, omitted otherwise. */
  mine: z.array(myPresenceSchema).optional(),
  alerts: z.array(alertSchema).optional(),
  handOffs: z.array(handOffSchema).optional(),
  at: time,
})
export type DeskPatch = z.infer<typeof deskPatchSchema>

export const CONNECTION_STATUSES = ['live', 'reconnecting', 'resyncing', 'offline'] as const
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number]

const connectionStateSchema = z.object({
  status: z.enum(CONNECTION_STATUSES),
  /** Wall-clock time of the newest data applied (event or snapshot), null before any. */
  dataAt: time.nullable(),
  /** Wall-clock time the status last changed. */
  since: time,
  /** Why we are not live, when known. */
  reason: z.string().optional(),
  demo: z.boolean(),
  /**
   * The background read-back from Plivo's REST API, which goes on while the live feed is down:
   * when its last full pass finished (wall clock; null or absent before any) and, when the last
   * pass failed, why.
   */
  restAt: time.nullable().optional(),
  restError: z.string().optional(),
})
export type ConnectionState = z.infer<typeof connectionStateSchema>

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

// --- Managed policy (IT pins settings; main/policy/)

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

const policyViewSchema = z.object({
  /** Read-only in Settings: "set by your organisation". */
  pinned: z.array(z.enum(PINNABLE_SETTINGS)),
  /** What was wrong with the policy (each such value was ignored), shown in the window. */
  problems: z.array(z.string()),
})
export type PolicyView = z.infer<typeof policyViewSchema>

/** What the renderer may see: secrets appear only as "set or not". */
const publicSettingsSchema = z.object({
  demo: z.boolean(),
  relayUrl: z.string(),
  relayTokenSet: z.boolean(),
  plivoAuthId: z.string(),
  plivoAuthTokenSet: z.boolean(),
  apiBaseUrl: z.string(),
  supervisorEndpoint: z.string(),
  callerId: z.string(),
  thresholds: thresholdsSchema,
  /** Live calls the demo call center aims for (its simulator's traffic size). */
  demoCalls: z.number().int(),
  /** Where secrets live: the OS keystore, or only in memory for this session. */
  secretStorage: z.enum(['safe-storage', 'os-keyring', 'memory']),
  /** What the organisation's managed policy sets; absent when no policy applies. */
  policy: policyViewSchema.optional(),
})
export type PublicSettings = z.infer<typeof publicSettingsSchema>

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

const checkResultSchema = z.object({
  status: z.enum(CHECK_STATUSES),
  /** Human readable, shown as is. */
  message: z.string(),
})
export type CheckResult = z.infer<typeof checkResultSchema>

const connectionTestReportSchema = z.object({
  relay: checkResultSchema,
  plivo: checkResultSchema,
})
export type ConnectionTestReport = z.infer<typeof connectionTestReportSchema>

// ---------------------------------------------------------------------------------------------
// Audit log

const auditEntrySchema = z.object({
  id: z.string(),
  /** Wall-clock time the command was issued. */
  at: time,
  /** Who issued it (the desk's user; the supervisor endpoint or OS user name). */
  who: z.string(),
  command: commandSchema,
  /** The call's friendly name when the command was issued. */
  mpcName: z.string().optional(),
  /**
   * Member commands: the member's role when the command was issued, recorded by main so the
   * entry still says "AI agent 1082" after the member has left and the call is gone.
   */
  memberRole: z.enum(ROLES).optional(),
  result: z.enum(['pending', 'ok', 'failed']),
  /** Wall-clock time the outcome was known. */
  doneAt: time.optional(),
  error: deskErrorSchema.optional(),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

// ---------------------------------------------------------------------------------------------
// Updates (electron-updater in the app; always `off` in the web host)

/**
 * off: no update feed (not configured, or not a packaged app); idle: nothing to install yet;
 * ready: a new version is downloaded. While the supervisor is on a call (`onCall`) the desk
 * offers no restart; once they leave, it asks.
 */
const updateStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('off') }),
  z.object({ state: z.literal('idle') }),
  z.object({ state: z.literal('ready'), version: z.string(), onCall: z.boolean() }),
])
export type UpdateStatus = z.infer<typeof updateStatusSchema>

// ---------------------------------------------------------------------------------------------
// The channel table

const none = z.undefined()

/**
 * Every channel of the bridge. `input`: the argument, parsed by the host before any service
 * runs. `result`: what the channel resolves to. A `result` built with `resultOf` marks a
 * channel whose refusals come back in its `Result` (see `createDeskApi`). `push`: services →
 * renderer, with its payload.
 *
 * Results and pushes are checked against their schemas by the transport contract suite, not on
 * every message at run time: main builds them typed, and parsing each patch of a 2,000-call
 * floor would cost the renderer frames.
 */
export const channels = {
  invoke: {
    'desk:snapshot': { input: none, result: deskSnapshotSchema },
    'desk:connection': { input: none, result: connectionStateSchema },
    'desk:command': { input: commandSchema, result: resultOf(commandOutcomeSchema) },
    'settings:get': { input: none, result: publicSettingsSchema },
    'settings:update': { input: settingsUpdateSchema, result: resultOf(publicSettingsSchema) },
    'settings:test': { input: settingsTestSchema, result: resultOf(connectionTestReportSchema) },
    'audit:list': { input: none, result: z.array(auditEntrySchema) },
    'update:status': { input: none, result: updateStatusSchema },
    /** Restart into the downloaded version; refused while the supervisor is on a call. */
    'update:restart': { input: none, result: resultOf(z.null()) },
  },
  push: {
    'desk:patch': deskPatchSchema,
    'desk:connection': connectionStateSchema,
    'audit:entry': auditEntrySchema,
    'update:status': updateStatusSchema,
  },
} as const

type InvokeTable = typeof channels.invoke
type PushTable = typeof channels.push

export type InvokeChannel = keyof InvokeTable
export type PushChannel = keyof PushTable
/** The argument a caller passes (before parsing). */
export type InvokeArgument<C extends InvokeChannel> = z.input<InvokeTable[C]['input']>
/** The argument a handler receives (after parsing). */
export type InvokePayload<C extends InvokeChannel> = z.output<InvokeTable[C]['input']>
/** What each invoke channel resolves to. */
export type InvokeResults = { [C in InvokeChannel]: z.infer<InvokeTable[C]['result']> }
export type PushPayloads = { [C in PushChannel]: z.infer<PushTable[C]> }

/** The `domain` of `domain:verb` (STYLE.md): desk, settings, audit, update. */
export type Domain = InvokeChannel extends `${infer D}:${string}` ? D : never
export type ChannelsOf<D extends Domain> = Extract<InvokeChannel, `${D}:${string}`>

export const INVOKE_CHANNELS = Object.keys(channels.invoke) as InvokeChannel[]
export const PUSH_CHANNELS = Object.keys(channels.push) as PushChannel[]

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(channels.invoke, channel)
}

export function isPushChannel(channel: unknown): channel is PushChannel {
  return typeof channel === 'string' && Object.hasOwn(channels.push, channel)
}

/**
 * Refuses a channel outside the contract before anything is sent or listened to: a page (or a
 * script in it) must not turn a transport into a door to any IPC or socket event.
 */
export function assertContractChannel(kind: 'invoke' | 'push', channel: unknown): void {
  if (kind === 'invoke' ? isInvokeChannel(channel) : isPushChannel(channel)) return
  throw new DeskTransportError({
    code: 'invalid',
    message: `unknown ${kind === 'push' ? 'push ' : ''}channel ${String(channel)}`,
  })
}

/** The channels whose result is a `Result`: their refusals resolve instead of rejecting. */
export const RESULT_CHANNELS: ReadonlySet<InvokeChannel> = new Set(
  INVOKE_CHANNELS.filter((channel) => resultSchemas.has(channels.invoke[channel].result)),
)

/**
 * What either host answers on every invoke channel: the channel's value, or the typed error of
 * the host's refusal (unknown channel, bad or oversized payload, foreign sender) or of a
 * service that failed unexpectedly.
 */
export type HostReply = Result<unknown>
const hostReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: deskErrorSchema }),
])

/** The value of a host's reply, or a `DeskTransportError` with the refusal's reason. */
export function unwrapHostReply(channel: InvokeChannel, reply: unknown): unknown {
  const parsed = hostReplySchema.safeParse(reply)
  if (!parsed.success) {
    throw new DeskTransportError({ code: 'internal', message: `malformed reply on ${channel}` })
  }
  if (parsed.data.ok) return parsed.data.value
  throw new DeskTransportError(parsed.data.error)
}

/** Largest message either host accepts (a command is tiny; this leaves room for settings). */
export const MAX_MESSAGE_BYTES = 16 * 1024

// ---------------------------------------------------------------------------------------------
// The API and its one implementation

/**
 * How a host carries the API: Electron IPC or the web host's socket. `invoke` resolves the
 * channel's value or rejects with a `DeskTransportError` — for every channel alike.
 */
export interface DeskTransport {
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>
  /** Returns an unsubscribe function. */
  subscribe(channel: PushChannel, listener: (payload: unknown) => void): () => void
}

export type Unsubscribe = () => void

/** The typed reason of any failure of the bridge. */
export function transportFailure(error: unknown): DeskError {
  if (error instanceof DeskTransportError) return error.error
  return {
    code: 'network',
    message:
      error instanceof Error && error.message ? error.message : 'the desk services did not answer',
  }
}

export function createDeskApi(transport: DeskTransport) {
  const invoke = async <C extends InvokeChannel>(
    channel: C,
    payload?: InvokeArgument<C>,
  ): Promise<InvokeResults[C]> => {
    try {
      return (await transport.invoke(channel, payload)) as InvokeResults[C]
    } catch (error) {
      if (!RESULT_CHANNELS.has(channel)) throw error
      // A change the host refused, or one that never reached it: the caller's Result says why.
      return { ok: false, error: transportFailure(error) } as InvokeResults[C]
    }
  }
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
