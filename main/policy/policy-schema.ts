/**
 * What a managed policy may set, and how one raw policy object (from a JSON file, a macOS
 * managed-preferences plist or the Windows registry, all turned into the same plain object) is
 * checked: field by field, so one bad value costs that value only and the desk starts with the
 * valid rest. Every value ignored is named in `problems`, for the window and the log.
 *
 * Secrets are never taken from a policy: a relay token in a world-readable file or a registry
 * key is a leaked token. Key names match without regard to case, because Windows registry value
 * names do not have one.
 */
import { z } from 'zod'
import { thresholdsSchema, type AlertThresholds } from '../../preload/api'
import { CALLER_ID, CALLER_ID_MESSAGE, ENDPOINT, ENDPOINT_MESSAGE } from '../services/setting-rules'

/** The settings IT can pin, plus how the desk updates itself. */
export interface PolicyValues {
  relayUrl?: string
  apiBaseUrl?: string
  supervisorEndpoint?: string
  callerId?: string
  /** Each threshold pins on its own. */
  thresholds?: Partial<AlertThresholds>
  /** false keeps the desk out of demo mode (a floor must never supervise made-up calls). */
  demoAllowed?: boolean
  /** The generic update feed (electron-updater), overriding the one built into the app. */
  updateUrl?: string
  /** false: never look for updates (e.g. IT pushes every version itself). */
  autoUpdate?: boolean
}

/** One source's values and what was wrong with it. */
export interface ParsedPolicy {
  values: PolicyValues
  problems: string[]
}

const httpUrl = z.url({ protocol: /^https?$/ })
/** An update feed is trusted with code: https only. */
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' })
/** The registry has no boolean: a DWORD 0 or 1 stands for one. */
const flag = z
  .union([z.boolean(), z.literal(0), z.literal(1)], { error: 'must be true or false (or 1 / 0)' })
  .transform((v) => v === true || v === 1)

const FIELDS = {
  relayUrl: httpUrl,
  apiBaseUrl: httpUrl,
  supervisorEndpoint: z.string().regex(ENDPOINT, ENDPOINT_MESSAGE),
  callerId: z.string().regex(CALLER_ID, CALLER_ID_MESSAGE),
  demoAllowed: flag,
  updateUrl: httpsUrl,
  autoUpdate: flag,
} as const
type FieldKey = keyof typeof FIELDS
const THRESHOLD_KEYS = Object.keys(thresholdsSchema.shape) as (keyof AlertThresholds)[]

/** Never read from a policy, whatever it holds. */
export const SECRET_KEYS = ['relayToken', 'plivoAuthToken'] as const

const canonical = (keys: readonly string[]) => new Map(keys.map((k) => [k.toLowerCase(), k]))
const FIELD_NAMES = canonical([...Object.keys(FIELDS), 'thresholds'])
const THRESHOLD_NAMES = canonical(THRESHOLD_KEYS)
const SECRET_NAMES = canonical(SECRET_KEYS)

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const firstIssue = (error: z.ZodError): string => error.issues[0]?.message ?? 'invalid value'

/** Checks one raw policy object; `origin` names where it came from in every problem. */
export function parsePolicy(raw: unknown, origin: string): ParsedPolicy {
  const values: PolicyValues = {}
  const problems: string[] = []
  const ignored = (key: string, why: string) =>
    problems.push(`${origin}: "${key}" ignored: ${why}.`)
  if (!isRecord(raw)) {
    problems.push(`${origin}: a policy must be an object of settings; none of it was applied.`)
    return { values, problems }
  }
  for (const [key, value] of Object.entries(raw)) {
    const lower = key.toLowerCase()
    if (SECRET_NAMES.has(lower)) {
      ignored(key, 'secrets are never read from a policy (enter it in Settings)')
      continue
    }
    const name = FIELD_NAMES.get(lower)
    if (name === undefined) {
      ignored(key, 'not a setting a policy can pin')
      continue
    }
    if (name === 'thresholds') {
      const thresholds = parseThresholds(value, key, ignored)
      if (thresholds) values.thresholds = { ...values.thresholds, ...thresholds }
      continue
    }
    const field = name as FieldKey
    const parsed = FIELDS[field].safeParse(value)
    if (!parsed.success) ignored(key, firstIssue(parsed.error))
    else Object.assign(values, { [field]: parsed.data })
  }
  return { values, problems }
}

function parseThresholds(
  value: unknown,
  key: string,
  ignored: (key: string, why: string) => void,
): Partial<AlertThresholds> | undefined {
  if (!isRecord(value)) {
    ignored(key, 'must be an object of thresholds in seconds')
    return undefined
  }
  const out: Partial<AlertThresholds> = {}
  for (const [inner, seconds] of Object.entries(value)) {
    const name = THRESHOLD_NAMES.get(inner.toLowerCase()) as keyof AlertThresholds | undefined
    if (name === undefined) {
      ignored(`${key}.${inner}`, `not a threshold (one of ${THRESHOLD_KEYS.join(', ')})`)
      continue
    }
    const parsed = thresholdsSchema.shape[name].safeParse(seconds)
    if (!parsed.success) ignored(`${key}.${inner}`, firstIssue(parsed.error))
    else out[name] = parsed.data
  }
  return out
}

/** Several sources in rising precedence: a later one wins field by field (thresholds too). */
export function mergePolicies(parts: readonly PolicyValues[]): PolicyValues {
  const out: PolicyValues = {}
  for (const part of parts) {
    const { thresholds, ...rest } = part
    Object.assign(out, rest)
    if (thresholds) out.thresholds = { ...out.thresholds, ...thresholds }
  }
  return out
}
