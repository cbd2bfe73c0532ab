/**
 * Settings: the relay, the Plivo account, the supervisor's phone, alert thresholds, demo mode.
 * Secrets are write-only here: the page only ever knows whether one is set.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import {
  type AlertThresholds,
  type PublicSettings,
  type SettingsUpdate,
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
  'relayTokenSet' | 'plivoAuthTokenSet' | 'secretStorage' | 'thresholds'
> & {
  thresholds: Record<keyof AlertThresholds, string>
  relayToken: string
  plivoAuthToken: string
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
    thresholds: {
      customerWaitSec: String(s.thresholds.customerWaitSec),
      longHoldSec: String(s.thresholds.longHoldSec),
      longSilenceSec: String(s.thresholds.longSilenceSec),
      overtalkSec: String(s.thresholds.overtalkSec),
    },
  }
}

/** Only what changed; secrets only when typed (or cleared on purpose). */
function buildUpdate(
  s: PublicSettings,
  f: Fields,
  clear: Set<'relayToken' | 'plivoAuthToken'>,
): Record<string, unknown> {
  const u: Record<string, unknown> = {}
  if (f.demo !== s.demo) u.demo = f.demo
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

function SettingsForm({ settings }: { settings: PublicSettings }) {
  const api = useDeskApi()
  const qc = useQueryClient()
  const toasts = useToastStore()
  const [fields, setFields] = useState<Fields>(() => initialFields(settings))
  const [clear, setClear] = useState(new Set<'relayToken' | 'plivoAuthToken'>())
  const [problem, setProblem] = useState<string | null>(null)
  const ids = { demoHelp: useId(), storage: useId() }

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
      toasts.push('info', 'Settings saved.')
    },
    onError: (err) => setProblem(toDeskError(err).message),
  })

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) =>
    setFields((f) => ({ ...f, [key]: value }))
  const setThreshold = (key: keyof AlertThresholds, value: string) =>
    setFields((f) => ({ ...f, thresholds: { ...f.thresholds, [key]: value } }))

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault()
    setProblem(null)
    const raw = buildUpdate(settings, fields, clear)
    if (Object.keys(raw).length === 0) {
      setProblem('Nothing changed.')
      return
    }
    const parsed = settingsUpdateSchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      setProblem(`${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`)
      return
    }
    save.mutate(parsed.data)
  }

  const secret = (key: 'relayToken' | 'plivoAuthToken', label: string, isSet: boolean) => {
    const cleared = clear.has(key)
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
          />
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
  ) => (
    <label className="field">
      <span>{label}</span>
      <input
        type={key.endsWith('Url') ? 'url' : 'text'}
        value={fields[key]}
        onChange={(e) => set(key, e.target.value)}
        data-testid={`input-${key}`}
        spellCheck={false}
      />
      {help && <small>{help}</small>}
    </label>
  )

  return (
    <form className="settings-form" onSubmit={onSubmit} noValidate>
      <fieldset>
        <legend>Mode</legend>
        <label className="field check">
          <input
            type="checkbox"
            checked={fields.demo}
            onChange={(e) => set('demo', e.target.checked)}
            aria-describedby={ids.demoHelp}
            data-testid="input-demo"
          />
          <span>Demo mode</span>
        </label>
        <p id={ids.demoHelp} className="help-text">
          Demo mode runs a simulated Plivo account and a relay inside the desk, on this computer
          only. The calls on the board are made up, commands go to the simulator, and nothing
          reaches Plivo or a real phone. Turn it off to supervise your real calls through the relay
          and Plivo account below.
        </p>
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
      <fieldset>
        <legend>Your phone</legend>
        {text(
          'supervisorEndpoint',
          'Supervisor endpoint',
          'The SIP URI or number the desk rings when you listen, coach or barge',
        )}
        {text('callerId', 'Caller ID', 'The number your phone sees when the desk rings it')}
      </fieldset>
      <fieldset>
        <legend>Alert thresholds</legend>
        <div className="threshold-grid">
          {THRESHOLD_FIELDS.map(({ key, label, help }) => (
            <label key={key} className="field">
              <span>{label}</span>
              <input
                type="number"
                inputMode="numeric"
                value={fields.thresholds[key]}
                onChange={(e) => setThreshold(key, e.target.value)}
                data-testid={`input-${key}`}
              />
              <small>{help}</small>
            </label>
          ))}
        </div>
      </fieldset>
      <p id={ids.storage} className="help-text" data-testid="secret-storage">
        Secrets (tokens) are {STORAGE_TEXT[settings.secretStorage]}. They are never shown again, not
        even here.
      </p>
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
          }}
        >
          Discard changes
        </button>
      </div>
    </form>
  )
}
