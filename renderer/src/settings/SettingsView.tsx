/**
 * Settings: the relay, the Plivo account, the supervisor's phone, alert thresholds, demo mode.
 * Secrets are write-only here: the page only ever knows whether one is set.
 *
 * The form always holds the user's own saved settings, in demo mode too (the demo's relay and
 * account are not the user's), so unticking "Demo mode" shows what the real connection would
 * be. Leaving demo mode (or saving in real mode) needs the relay URL and token and the Plivo
 * auth ID and token: each missing one is named at its field and nothing is sent. The
 * supervisor endpoint and caller ID may be saved empty — a supervisor may want to watch first
 * — but the form then says, and keeps saying, that Listen, Coach and Barge will not work until
 * they are set. "Test connection" checks the typed, unsaved values (a secret left blank is the
 * saved one) against the relay and Plivo; saving a new Plivo account runs the same Plivo check
 * in main and is refused if Plivo refuses.
 *
 * What the organisation's managed policy pins is shown read-only, "Set by your organisation"
 * (main refuses a change to it anyway); a policy that does not allow demo mode leaves the
 * checkbox off and disabled.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import {
  type AlertThresholds,
  type CheckResult,
  type ConnectionTestReport,
  type PinnableSetting,
  DEMO_CALLS_MAX,
  DEMO_CALLS_MIN,
  type PublicSettings,
  type SettingsTest,
  type SettingsUpdate,
  settingsTestSchema,
  settingsUpdateSchema,
} from '../../../preload/api'
import { toDeskError } from '../desk/commands'
import { deskKeys, settingsQuery } from '../desk/queries'
import { useDeskApi } from '../desk/runtime'
import { useToastStore } from '../lib/toasts'

export function SettingsView() {
  const api = useDeskApi()
  const { data, error, isPending } = useQuery(settingsQuery(api))
  return (
    <section className="page settings" aria-labelledby="settings-title" data-testid="settings-view">
      <h2 id="settings-title">Settings</h2>
      {isPending && <p>Loading settings…</p>}
      {error && <p role="alert">Could not load the settings: {error.message}</p>}
      {/* Keyed on the saved values so the form restarts from them after each save. */}
      {data && <SettingsForm key={JSON.stringify(data)} settings={data} />}
    </section>
  )
}

/** Completes "Secrets (tokens) are …". */
const STORAGE_TEXT: Record<PublicSettings['secretStorage'], string> = {
  'safe-storage':
    'stored encrypted by the operating system (Electron safeStorage) on this computer',
  'os-keyring': 'stored in the operating system’s keyring on this computer',
  memory:
    'kept in memory for this session only: they are forgotten when the desk stops, and you will enter them again next time',
}

type Fields = Omit<
  PublicSettings,
  'relayTokenSet' | 'plivoAuthTokenSet' | 'secretStorage' | 'thresholds' | 'demoCalls'
> & {
  thresholds: Record<keyof AlertThresholds, string>
  relayToken: string
  plivoAuthToken: string
  demoCalls: string
}

type SecretKey = 'relayToken' | 'plivoAuthToken'

const PINNED_TEXT = 'Set by your organisation'

/** The note under a field the policy pins. */
function PinnedNote({ name }: { name: PinnableSetting }) {
  return (
    <small className="pinned-note" data-testid={`pinned-${name}`}>
      {PINNED_TEXT}
    </small>
  )
}
/** The fields a real connection cannot do without, in form order, with their message. */
const REQUIRED: { key: keyof Fields; name: string }[] = [
  { key: 'relayUrl', name: 'relay URL' },
  { key: 'relayToken', name: 'relay token' },
  { key: 'plivoAuthId', name: 'auth ID' },
  { key: 'plivoAuthToken', name: 'auth token' },
  { key: 'apiBaseUrl', name: 'API base URL' },
]

/** Which required fields the form would leave empty, given what is saved and what is cleared. */
function missingRequired(
  s: PublicSettings,
  f: Fields,
  clear: ReadonlySet<SecretKey>,
): typeof REQUIRED {
  return REQUIRED.filter(({ key }) => {
    if (key === 'relayToken' || key === 'plivoAuthToken') {
      const saved = key === 'relayToken' ? s.relayTokenSet : s.plivoAuthTokenSet
      return f[key] === '' && (!saved || clear.has(key))
    }
    const value = f[key]
    return typeof value === 'string' && value.trim() === ''
  })
}

/** The sentence for a saved real-mode setup without a phone to ring, or null. */
function phoneWarning(s: Pick<PublicSettings, 'supervisorEndpoint' | 'callerId'>): string | null {
  const unset = [
    s.supervisorEndpoint.trim() === '' && 'supervisor endpoint',
    s.callerId.trim() === '' && 'caller ID',
  ].filter((x): x is string => typeof x === 'string')
  if (unset.length === 0) return null
  return `Listen, Coach and Barge will not work until you set the ${unset.join(' and ')}.`
}

const CHECK_LABEL: Record<keyof ConnectionTestReport, string> = { relay: 'Relay', plivo: 'Plivo' }
const STATUS_LABEL: Record<CheckResult['status'], string> = {
  ok: 'OK',
  unauthorized: 'Refused',
  unreachable: 'Unreachable',
  failed: 'Failed',
  missing: 'Missing',
}

const THRESHOLD_FIELDS: { key: keyof AlertThresholds; label: string; help: string }[] = [
  { key: 'customerWaitSec', label: 'Customer waiting for an agent (s)', help: '5 to 3600' },
  { key: 'longHoldSec', label: 'Long hold (s)', help: '5 to 3600' },
  { key: 'longSilenceSec', label: 'Long silence (s)', help: '5 to 3600' },
  { key: 'overtalkSec', label: 'Overtalk, customer and agent at once (s)', help: '1 to 600' },
]

function initialFields(s: PublicSettings): Fields {
  return {
    demo: s.demo,
    relayUrl: s.relayUrl,
    plivoAuthId: s.plivoAuthId,
    apiBaseUrl: s.apiBaseUrl,
    supervisorEndpoint: s.supervisorEndpoint,
    callerId: s.callerId,
    relayToken: '',
    plivoAuthToken: '',
    demoCalls: String(s.demoCalls),
    thresholds: {
      customerWaitSec: String(s.thresholds.customerWaitSec),
      longHoldSec: String(s.thresholds.longHoldSec),
      longSilenceSec: String(s.thresholds.longSilenceSec),
      overtalkSec: String(s.thresholds.overtalkSec),
    },
  }
}

/** Only what changed; secrets only when typed (or cleared on purpose). */
function buildUpdate(s: PublicSettings, f: Fields, clear: Set<SecretKey>): Record<string, unknown> {
  const u: Record<string, unknown> = {}
  if (f.demo !== s.demo) u.demo = f.demo
  if (f.demoCalls.trim() !== String(s.demoCalls)) {
    u.demoCalls = f.demoCalls.trim() === '' ? Number.NaN : Number(f.demoCalls)
  }
  for (const k of [
    'relayUrl',
    'plivoAuthId',
    'apiBaseUrl',
    'supervisorEndpoint',
    'callerId',
  ] as const) {
    if (f[k].trim() !== s[k]) u[k] = f[k].trim()
  }
  for (const k of ['relayToken', 'plivoAuthToken'] as const) {
    if (f[k] !== '') u[k] = f[k]
    else if (clear.has(k)) u[k] = ''
  }
  const t = Object.fromEntries(
    Object.entries(f.thresholds).map(([k, v]) => [k, v.trim() === '' ? Number.NaN : Number(v)]),
  )
  if (THRESHOLD_FIELDS.some(({ key }) => t[key] !== s.thresholds[key])) u.thresholds = t
  return u
}

/** What "Test connection" sends: the typed connection values, secrets only when typed. */
function buildTest(f: Fields): Record<string, unknown> {
  const t: Record<string, unknown> = {
    relayUrl: f.relayUrl.trim(),
    plivoAuthId: f.plivoAuthId.trim(),
    apiBaseUrl: f.apiBaseUrl.trim(),
  }
  if (f.relayToken !== '') t.relayToken = f.relayToken
  if (f.plivoAuthToken !== '') t.plivoAuthToken = f.plivoAuthToken
  return t
}

/** The first schema issue, worded for the form. */
function issueText(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0]
  return `${issue?.path.map(String).join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`
}

function SettingsForm({ settings }: { settings: PublicSettings }) {
  const api = useDeskApi()
  const qc = useQueryClient()
  const toasts = useToastStore()
  const [fields, setFields] = useState<Fields>(() => initialFields(settings))
  const [clear, setClear] = useState(new Set<SecretKey>())
  const [problem, setProblem] = useState<string | null>(null)
  /** Set by a save or test attempt: from then on, missing fields are marked as the user types. */
  const [checkRequired, setCheckRequired] = useState(false)
  const [report, setReport] = useState<ConnectionTestReport | null>(null)
  const ids = { demoHelp: useId(), storage: useId(), errors: useId() }
  const missing = !fields.demo && checkRequired ? missingRequired(settings, fields, clear) : []
  const missingKeys = new Set(missing.map(({ key }) => key))
  const savedPhoneWarning = settings.demo ? null : phoneWarning(settings)
  const pinned = new Set<PinnableSetting>(settings.policy?.pinned ?? [])

  const save = useMutation({
    mutationFn: async (update: SettingsUpdate) => {
      const result = await api.settings.update(update)
      if (!result.ok) throw Object.assign(new Error(result.error.message), { error: result.error })
      return result.value
    },
    onSuccess: (saved) => {
      // Replacing a token that was already set leaves the public settings unchanged (still
      // "set"), so the keyed form does not restart: empty the secret inputs here, whatever else
      // changed, so a typed secret never lingers in the page after it is saved.
      setFields((f) => ({ ...f, relayToken: '', plivoAuthToken: '' }))
      setClear(new Set())
      qc.setQueryData(deskKeys.settings(), saved)
      const warning = saved.demo ? null : phoneWarning(saved)
      toasts.push(
        warning ? 'error' : 'info',
        warning ? `Settings saved. ${warning}` : 'Settings saved.',
      )
    },
    onError: (err) => setProblem(toDeskError(err).message),
  })

  const test = useMutation({
    mutationFn: async (values: SettingsTest) => {
      const result = await api.settings.test(values)
      if (!result.ok) throw Object.assign(new Error(result.error.message), { error: result.error })
      return result.value
    },
    onSuccess: (value) => setReport(value),
    onError: (err) => setProblem(`Could not test the connection: ${toDeskError(err).message}`),
  })

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    // A test result speaks for the values it tested, not for edited ones.
    setReport(null)
    setFields((f) => ({ ...f, [key]: value }))
  }

  /** Marks each missing required field from now on; the sentence naming them, or null. */
  const requireConnection = (): string | null => {
    setCheckRequired(true)
    const gaps = missingRequired(settings, fields, clear)
    if (gaps.length === 0) return null
    const verb = settings.demo ? 'To leave demo mode, fill in' : 'A real connection needs'
    return `${verb}: ${gaps.map(({ name }) => name).join(', ')}.`
  }

  /** Shows every problem at once (a bad value and the missing fields); true when there is none. */
  const noProblems = (...found: (string | null)[]): boolean => {
    const all = found.filter((x): x is string => x !== null)
    setProblem(all.length > 0 ? all.join(' ') : null)
    return all.length === 0
  }

  const onTest = () => {
    setReport(null)
    const parsed = settingsTestSchema.safeParse(buildTest(fields))
    const gaps = requireConnection()
    if (!noProblems(parsed.success ? null : issueText(parsed.error), gaps)) return
    if (parsed.success) test.mutate(parsed.data)
  }
  const setThreshold = (key: keyof AlertThresholds, value: string) =>
    setFields((f) => ({ ...f, thresholds: { ...f.thresholds, [key]: value } }))

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault()
    const raw = buildUpdate(settings, fields, clear)
    const parsed = settingsUpdateSchema.safeParse(raw)
    const gaps = fields.demo ? null : requireConnection()
    if (!noProblems(parsed.success ? null : issueText(parsed.error), gaps)) return
    if (Object.keys(raw).length === 0) {
      setProblem('Nothing changed.')
      return
    }
    if (parsed.success) save.mutate(parsed.data)
  }

  /** The "Enter the …" line under a missing required field, and the input's ARIA for it. */
  const required = (key: keyof Fields) => {
    const gap = missing.find((m) => m.key === key)
    const id = `${ids.errors}-${key}`
    return {
      aria: missingKeys.has(key) ? { 'aria-invalid': true as const, 'aria-errormessage': id } : {},
      note: gap ? (
        <small className="field-error" id={id} data-testid={`field-error-${key}`}>
          Enter the {gap.name}.
        </small>
      ) : null,
    }
  }

  const secret = (key: SecretKey, label: string, isSet: boolean) => {
    const cleared = clear.has(key)
    const req = required(key)
    return (
      <div className="field-row">
        <label className="field">
          <span>
            {label}{' '}
            <span
              className={`secret-state ${isSet && !cleared ? 'set' : 'unset'}`}
              data-testid={`${key}-state`}
            >
              {cleared ? 'will be cleared' : isSet ? 'set' : 'not set'}
            </span>
          </span>
          <input
            type="password"
            autoComplete="off"
            value={fields[key]}
            placeholder={isSet ? 'Type a new value to replace it' : 'Not set'}
            onChange={(e) => set(key, e.target.value)}
            aria-describedby={ids.storage}
            data-testid={`input-${key}`}
            {...req.aria}
          />
          {req.note}
        </label>
        {isSet && (
          <button
            type="button"
            className="link"
            onClick={() =>
              setClear((c) => {
                const next = new Set(c)
                if (next.has(key)) next.delete(key)
                else next.add(key)
                return next
              })
            }
            aria-label={cleared ? `Keep the ${label}` : `Clear the ${label}`}
          >
            {cleared ? 'Keep' : 'Clear'}
          </button>
        )}
      </div>
    )
  }

  const text = (
    key: 'relayUrl' | 'plivoAuthId' | 'apiBaseUrl' | 'supervisorEndpoint' | 'callerId',
    label: string,
    help?: string,
    warning?: string | null,
  ) => {
    const req = required(key)
    const isPinned = key !== 'plivoAuthId' && pinned.has(key)
    return (
      <label className="field">
        <span>{label}</span>
        <input
          type={key.endsWith('Url') ? 'url' : 'text'}
          value={fields[key]}
          onChange={(e) => set(key, e.target.value)}
          readOnly={isPinned}
          data-testid={`input-${key}`}
          spellCheck={false}
          {...req.aria}
        />
        {isPinned && <PinnedNote name={key} />}
        {req.note}
        {warning && (
          <small className="field-warning" data-testid={`field-warning-${key}`}>
            {warning}
          </small>
        )}
        {help && <small>{help}</small>}
      </label>
    )
  }
  const phoneUnset = (key: 'supervisorEndpoint' | 'callerId', what: string) =>
    !fields.demo && fields[key].trim() === '' ? `Not set: ${what}.` : null

  return (
    <form className="settings-form" onSubmit={onSubmit} noValidate>
      <fieldset>
        <legend>Mode</legend>
        <label className="field check">
          <input
            type="checkbox"
            checked={fields.demo}
            onChange={(e) => set('demo', e.target.checked)}
            disabled={pinned.has('demo')}
            aria-describedby={ids.demoHelp}
            data-testid="input-demo"
          />
          <span>Demo mode</span>
        </label>
        {pinned.has('demo') && (
          <p className="pinned-note" data-testid="pinned-demo">
            {PINNED_TEXT}: demo mode is not allowed on this desk.
          </p>
        )}
        <p id={ids.demoHelp} className="help-text">
          Demo mode runs a simulated Plivo account and a relay inside the desk, on this computer
          only. The calls on the board are made up, commands go to the simulator, and nothing
          reaches Plivo or a real phone. Turn it off to supervise your real calls through the relay
          and Plivo account below.
        </p>
        {fields.demo && (
          <label className="field">
            <span>Demo calls</span>
            <input
              type="number"
              inputMode="numeric"
              min={DEMO_CALLS_MIN}
              max={DEMO_CALLS_MAX}
              value={fields.demoCalls}
              onChange={(e) => set('demoCalls', e.target.value)}
              data-testid="input-demoCalls"
            />
            <small>
              About how many live calls the demo keeps going, {DEMO_CALLS_MIN} to{' '}
              {DEMO_CALLS_MAX.toLocaleString('en')}. Ended calls stay on the board for a minute on
              top. Saving a new number restarts the demo.
            </small>
          </label>
        )}
      </fieldset>
      <fieldset disabled={fields.demo}>
        <legend>Relay</legend>
        {text(
          'relayUrl',
          'Relay URL',
          'Where the desk receives live call events, e.g. https://relay.example.com',
        )}
        {secret('relayToken', 'Relay token', settings.relayTokenSet)}
      </fieldset>
      <fieldset disabled={fields.demo}>
        <legend>Plivo account</legend>
        {text('plivoAuthId', 'Auth ID')}
        {secret('plivoAuthToken', 'Auth token', settings.plivoAuthTokenSet)}
        {text('apiBaseUrl', 'API base URL', 'Plivo’s API unless you route through a proxy')}
      </fieldset>
      {!fields.demo && (
        <div className="connection-test">
          <button
            type="button"
            onClick={onTest}
            disabled={test.isPending}
            data-testid="settings-test"
          >
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
          <span className="help-text">
            Checks the relay and the Plivo account with the values above, without saving them.
          </span>
          {report && (
            <ul className="test-results" role="status" data-testid="test-results">
              {(Object.keys(CHECK_LABEL) as (keyof ConnectionTestReport)[]).map((part) => (
                <li
                  key={part}
                  className={`test-result ${report[part].status === 'ok' ? 'ok' : 'bad'}`}
                  data-status={report[part].status}
                  data-testid={`test-result-${part}`}
                >
                  <strong>
                    {CHECK_LABEL[part]}: {STATUS_LABEL[report[part].status]}
                  </strong>{' '}
                  {report[part].message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <fieldset>
        <legend>Your phone</legend>
        {fields.demo && (
          <p className="help-text">
            In demo mode the desk rings a simulated phone. These are used once demo mode is off.
          </p>
        )}
        {text(
          'supervisorEndpoint',
          'Supervisor endpoint',
          'The SIP URI or number the desk rings when you listen, coach or barge',
          phoneUnset('supervisorEndpoint', 'Listen, Coach and Barge cannot ring you'),
        )}
        {text(
          'callerId',
          'Caller ID',
          'The number your phone sees when the desk rings it',
          phoneUnset('callerId', 'Listen, Coach and Barge need a number to call from'),
        )}
      </fieldset>
      <fieldset>
        <legend>Alert thresholds</legend>
        <div className="threshold-grid">
          {THRESHOLD_FIELDS.map(({ key, label, help }) => {
            const isPinned = pinned.has(`thresholds.${key}`)
            return (
              <label key={key} className="field">
                <span>{label}</span>
                <input
                  type="number"
                  inputMode="numeric"
                  value={fields.thresholds[key]}
                  onChange={(e) => setThreshold(key, e.target.value)}
                  readOnly={isPinned}
                  data-testid={`input-${key}`}
                />
                {isPinned ? <PinnedNote name={`thresholds.${key}`} /> : <small>{help}</small>}
              </label>
            )
          })}
        </div>
      </fieldset>
      <p id={ids.storage} className="help-text" data-testid="secret-storage">
        Secrets (tokens) are {STORAGE_TEXT[settings.secretStorage]}. They are never shown again, not
        even here.
      </p>
      {savedPhoneWarning && (
        <p className="settings-warning" role="status" data-testid="settings-warning">
          {savedPhoneWarning}
        </p>
      )}
      {problem && (
        <p className="failure" role="alert" data-testid="settings-error">
          {problem}
        </p>
      )}
      <div className="button-row">
        <button
          type="submit"
          className="primary"
          disabled={save.isPending}
          data-testid="settings-save"
        >
          {save.isPending ? 'Saving…' : 'Save settings'}
        </button>
        <button
          type="button"
          onClick={() => {
            setFields(initialFields(settings))
            setClear(new Set())
            setProblem(null)
            setCheckRequired(false)
            setReport(null)
          }}
        >
          Discard changes
        </button>
      </div>
    </form>
  )
}
