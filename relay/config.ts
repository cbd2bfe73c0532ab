/**
 * Relay configuration: defaults, then an optional JSON file (`--config` / `RELAY_CONFIG`), then
 * environment variables, then command-line flags — later sources win. Everything is validated
 * with zod at start, and an error names the key and where it came from, so a typo in a deploy
 * fails loudly instead of running with a half-configured relay.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type pino from 'pino'
import { z } from 'zod'

export interface RelayAccount {
  authId: string
  authToken: string
}

export interface RelaySupervisor {
  /** Socket handshake token (`auth: { token }`); grants access to one account's events. */
  token: string
  authId: string
}

export interface RelayConfig {
  host: string
  port: number
  /**
   * The origin Plivo calls (`RELAY_PUBLIC_URL`), e.g. `https://relay.example.com`. Signatures are
   * checked over this plus the request's path and query. If it carries a path prefix, the proxy
   * in front must strip that prefix. Default: the listening `http://host:port`.
   */
  publicUrl?: string
  accounts: RelayAccount[]
  supervisors: RelaySupervisor[]
  /** Scale-out mode: log, state and fan-out through this Redis. */
  redisUrl?: string
  /** Prefix of every Redis key (several deployments can share one Redis). */
  redisKeyPrefix?: string
  /** Events kept per account for replay. */
  logLimit: number
  /** How long an ended MPC stays in the live state (and snapshots). */
  endedGraceMs: number
  maxBodyBytes: number
  /** How long a delivery (nonce + signature) is remembered to answer a redelivery. */
  dedupeTtlMs?: number
  /** A pino logger, or `false` for silence. Default: pino at `info` to stdout. */
  logger?: pino.Logger | false
  /**
   * Also export Node process metrics (CPU, memory, event loop). On when the relay is its own
   * process (the CLI); off in-process, where they would describe the host, not the relay.
   */
  processMetrics?: boolean
}

export const RELAY_DEFAULTS = {
  host: '127.0.0.1',
  port: 8790,
  logLimit: 50_000,
  endedGraceMs: 60_000,
  maxBodyBytes: 64 * 1024,
  // Plivo retries a failed callback within minutes; an hour covers that with room to spare
  // while keeping one Redis key per delivery affordable at thousands of events a minute.
  dedupeTtlMs: 60 * 60 * 1000,
  redisKeyPrefix: 'relay',
} as const

const tokenSchema = z.string().min(8, 'must be at least 8 characters')
const authIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "_" or "-"')

const fileSchema = z
  .object({
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    publicUrl: z.string().optional(),
    accounts: z
      .array(z.object({ authId: authIdSchema, authToken: tokenSchema }).strict())
      .optional(),
    supervisors: z
      .array(z.object({ token: tokenSchema, authId: authIdSchema }).strict())
      .optional(),
    redisUrl: z.string().optional(),
    redisKeyPrefix: z.string().optional(),
    logLimit: z.number().int().positive().optional(),
    endedGraceMs: z.number().int().nonnegative().optional(),
    maxBodyBytes: z.number().int().positive().optional(),
    dedupeTtlMs: z.number().int().positive().optional(),
  })
  .strict()

const finalSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    publicUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine((u) => !u.includes('?') && !u.includes('#'), 'must not carry a query or fragment')
      .optional(),
    accounts: z
      .array(z.object({ authId: authIdSchema, authToken: tokenSchema }))
      .min(1, 'at least one account is required'),
    supervisors: z.array(z.object({ token: tokenSchema, authId: authIdSchema })),
    redisUrl: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }).optional(),
    redisKeyPrefix: z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'must be 1–64 safe characters'),
    logLimit: z.number().int().min(1).max(10_000_000),
    endedGraceMs: z.number().int().nonnegative(),
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024),
    dedupeTtlMs: z.number().int().min(1000),
  })
  .superRefine((c, ctx) => {
    const ids = new Set<string>()
    c.accounts.forEach((a, i) => {
      if (ids.has(a.authId)) {
        ctx.addIssue({ code: 'custom', path: ['accounts', i, 'authId'], message: 'duplicate' })
      }
      ids.add(a.authId)
    })
    const tokens = new Set<string>()
    c.supervisors.forEach((s, i) => {
      if (!ids.has(s.authId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['supervisors', i, 'authId'],
          message: `no account ${s.authId} is configured`,
        })
      }
      if (tokens.has(s.token)) {
        ctx.addIssue({ code: 'custom', path: ['supervisors', i, 'token'], message: 'duplicate' })
      }
      tokens.add(s.token)
    })
  })

export class RelayConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RelayConfigError'
  }
}

/** Environment variables the relay reads, with their help text (also used by `--help`). */
export const RELAY_ENV = {
  RELAY_CONFIG: 'path of a JSON config file (same keys as below, camelCase; see --help)',
  RELAY_HOST: `interface to listen on (default ${RELAY_DEFAULTS.host})`,
  RELAY_PORT: `port to listen on, 0 = any free port (default ${RELAY_DEFAULTS.port})`,
  RELAY_PUBLIC_URL:
    'origin Plivo calls, e.g. https://relay.example.com; signatures are checked over it ' +
    '(default: http://host:port)',
  RELAY_ACCOUNTS: 'Plivo accounts, "AUTH_ID:AUTH_TOKEN[,AUTH_ID:AUTH_TOKEN…]"',
  RELAY_SUPERVISORS:
    'socket tokens, "AUTH_ID:TOKEN[,AUTH_ID:TOKEN…]" (each token sees that account only)',
  REDIS_URL: 'redis://… — scale-out mode: log, state and fan-out in Redis (default: in memory)',
  RELAY_REDIS_PREFIX: `prefix of Redis keys (default ${RELAY_DEFAULTS.redisKeyPrefix})`,
  RELAY_LOG_LIMIT: `events kept per account for replay (default ${RELAY_DEFAULTS.logLimit})`,
  RELAY_ENDED_GRACE_MS: `ms an ended MPC stays in the live state (default ${RELAY_DEFAULTS.endedGraceMs})`,
  RELAY_MAX_BODY_BYTES: `largest callback body accepted (default ${RELAY_DEFAULTS.maxBodyBytes})`,
  RELAY_DEDUPE_TTL_MS: `ms a delivery is remembered to spot redeliveries (default ${RELAY_DEFAULTS.dedupeTtlMs})`,
  RELAY_LOG_LEVEL: 'pino level: fatal, error, warn, info, debug, trace, silent (default info)',
} as const

/** Command-line flags (`relay/cli.ts`); they win over env and file. */
export const RELAY_FLAGS = {
  '--config <file>': 'JSON config file (same as RELAY_CONFIG)',
  '--host <host>': 'same as RELAY_HOST',
  '--port <port>': 'same as RELAY_PORT',
  '--public-url <url>': 'same as RELAY_PUBLIC_URL',
  '--redis-url <url>': 'same as REDIS_URL',
  '--help': 'print this help and exit',
} as const

type Field = keyof z.infer<typeof fileSchema>

/** Where each top-level key's value came from, for error messages. */
type Sources = Partial<Record<Field, string>>

const FLAG_OPTIONS = {
  config: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'public-url': { type: 'string' },
  'redis-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

type FlagName = Exclude<keyof typeof FLAG_OPTIONS, 'help'>

/**
 * Not `strict`: node's own errors would name the option differently from the messages the
 * relay has always printed, so the tokens are checked here, each against the raw argument.
 */
function parseFlags(argv: string[]): Partial<Record<FlagName, string>> {
  const { tokens } = parseArgs({
    args: argv,
    options: FLAG_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  })
  const flags: Partial<Record<FlagName, string>> = {}
  for (const token of tokens) {
    const arg = argv[token.index] ?? ''
    const known = token.kind === 'option' && Object.hasOwn(FLAG_OPTIONS, token.name)
    if (!known || (token.name === 'help' && token.inlineValue)) {
      throw new RelayConfigError(`unknown option ${arg} (see --help)`)
    }
    if (token.name === 'help') continue
    if (token.value === undefined || token.value === '') {
      throw new RelayConfigError(`option --${token.name} needs a value`)
    }
    flags[token.name as FlagName] = token.value
  }
  return flags
}

function readFile(path: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new RelayConfigError(`cannot read config file ${path}: ${(err as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new RelayConfigError(`config file ${path} is not valid JSON: ${(err as Error).message}`)
  }
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? issue.path.join('.') : '(top level)'
    throw new RelayConfigError(`config file ${path}: ${where}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data
}

/** "A:x,B:y" → [{ a: 'A', b: 'x' }, …]; splits on the first ':' (auth ids never hold one). */
function parsePairs(name: string, value: string): { left: string; right: string }[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((item) => {
      const colon = item.indexOf(':')
      if (colon <= 0 || colon === item.length - 1) {
        throw new RelayConfigError(`${name}: expected "AUTH_ID:VALUE" items, got "${item}"`)
      }
      return { left: item.slice(0, colon), right: item.slice(colon + 1) }
    })
}

function parseInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw new RelayConfigError(`${name}: must be a non-negative integer, got "${value}"`)
  }
  return Number(value.trim())
}

/**
 * Builds the relay config from the environment, an optional JSON file and optional flags.
 * Throws `RelayConfigError` naming the bad key and its source.
 */
export function loadRelayConfig(env: NodeJS.ProcessEnv, argv: string[] = []): RelayConfig {
  const flags = parseFlags(argv)
  const raw: Record<string, unknown> = { ...RELAY_DEFAULTS, supervisors: [] }
  const sources: Sources = {}
  const set = (field: Field, value: unknown, source: string): void => {
    raw[field] = value
    sources[field] = source
  }

  const file = flags.config ?? env.RELAY_CONFIG
  if (file) {
    for (const [key, value] of Object.entries(readFile(file))) {
      set(key as Field, value, `config file ${file}`)
    }
  }

  const str = (name: string): string | undefined => {
    const v = env[name]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }
  const envString: [string, Field][] = [
    ['RELAY_HOST', 'host'],
    ['RELAY_PUBLIC_URL', 'publicUrl'],
    ['REDIS_URL', 'redisUrl'],
    ['RELAY_REDIS_PREFIX', 'redisKeyPrefix'],
  ]
  for (const [name, field] of envString) {
    const v = str(name)
    if (v !== undefined) set(field, v, name)
  }
  const envInt: [string, Field][] = [
    ['RELAY_PORT', 'port'],
    ['RELAY_LOG_LIMIT', 'logLimit'],
    ['RELAY_ENDED_GRACE_MS', 'endedGraceMs'],
    ['RELAY_MAX_BODY_BYTES', 'maxBodyBytes'],
    ['RELAY_DEDUPE_TTL_MS', 'dedupeTtlMs'],
  ]
  for (const [name, field] of envInt) {
    const v = str(name)
    if (v !== undefined) set(field, parseInteger(name, v), name)
  }
  const accounts = str('RELAY_ACCOUNTS')
  if (accounts !== undefined) {
    const list = parsePairs('RELAY_ACCOUNTS', accounts).map((p) => ({
      authId: p.left,
      authToken: p.right,
    }))
    set('accounts', list, 'RELAY_ACCOUNTS')
  }
  const supervisors = str('RELAY_SUPERVISORS')
  if (supervisors !== undefined) {
    const list = parsePairs('RELAY_SUPERVISORS', supervisors).map((p) => ({
      authId: p.left,
      token: p.right,
    }))
    set('supervisors', list, 'RELAY_SUPERVISORS')
  }

  if (flags.host) set('host', flags.host, '--host')
  if (flags.port) set('port', parseInteger('--port', flags.port), '--port')
  if (flags['public-url']) set('publicUrl', flags['public-url'], '--public-url')
  if (flags['redis-url']) set('redisUrl', flags['redis-url'], '--redis-url')

  if (!raw.accounts) {
    throw new RelayConfigError(
      'no accounts configured: set RELAY_ACCOUNTS="AUTH_ID:AUTH_TOKEN" or "accounts" in the config file',
    )
  }
  const parsed = finalSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const top = issue?.path[0] as Field | undefined
    const where = issue?.path.length ? issue.path.join('.') : 'config'
    const source = top && sources[top] ? ` (from ${sources[top]})` : ''
    throw new RelayConfigError(`${where}${source}: ${issue?.message ?? 'invalid'}`)
  }
  const c = parsed.data
  return {
    ...c,
    publicUrl: c.publicUrl?.replace(/\/+$/, ''),
  }
}
