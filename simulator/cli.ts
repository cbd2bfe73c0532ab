/**
 * `npm run simulator -- [options]`: runs the local Plivo alone and prints where it is.
 */
import { parseArgs } from 'node:util'
import pino from 'pino'
import { z } from 'zod'
import { STATUS_EVENT_GROUPS, type StatusEventGroup } from '../mpc/events'
import { startSimulator, type SimulatorOptions } from './index'

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const HELP = `Usage: npm run simulator -- [options]

A local Plivo Multi-Party Call API with seeded call-center traffic and signed callbacks.

Options:
  --host <host>              listen address (default 127.0.0.1)
  --port <port>              listen port (default 0: any free port)
  --auth-id <id>             Auth ID (default: generated MA + 18 characters)
  --auth-token <token>       Auth Token (default: generated)
  --status-url <url>         where traffic MPCs send status callbacks
  --recording-url <url>      where traffic MPCs send recording callbacks
  --ai-stream-url <url>      where traffic AI agents send stream status callbacks
  --callback-method <m>      GET or POST (default POST)
  --events <list>            comma list of status event groups (default: all)
                             ${Object.keys(STATUS_EVENT_GROUPS).join(', ')}
  --traffic                  generate call-center traffic
  --calls <n>                live calls the traffic aims for (default 12)
  --mean-call <s>            mean talk time, simulated seconds (default 150)
  --time-scale <x>           simulated seconds per real second (default 1)
  --seed <n>                 seed for reproducible traffic
  --answer-delay <ms>        dialled participants answer after this (default 1500)
  --fail-number <to>         a 'to' that never answers (repeatable)
  --rate-limit <n/ms>        API rate limit, e.g. 300/5000 (default)
  --log-level <level>        log level, to stderr (default info)
                             ${LEVELS.join(', ')}
  -h, --help                 show this help
`

const positiveNumber = (what: string) =>
  z.coerce.number({ error: `${what} must be a number` }).positive(`${what} must be > 0`)
const url = (what: string) =>
  z
    .string()
    .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), `${what} must be an http(s) URL`)
const groups = Object.keys(STATUS_EVENT_GROUPS) as [StatusEventGroup, ...StatusEventGroup[]]

const cliSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce
    .number({ error: 'port must be a number' })
    .int('port must be an integer')
    .min(0, 'port must be 0–65535')
    .max(65535, 'port must be 0–65535')
    .default(0),
  'auth-id': z
    .string()
    .regex(/^MA[A-Z0-9]{18}$/, 'auth-id must be MA followed by 18 letters or digits')
    .optional(),
  'auth-token': z.string().min(8, 'auth-token must be at least 8 characters').optional(),
  'status-url': url('status-url').optional(),
  'recording-url': url('recording-url').optional(),
  'ai-stream-url': url('ai-stream-url').optional(),
  'callback-method': z
    .string()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(['GET', 'POST'], 'callback-method must be GET or POST'))
    .default('POST'),
  events: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()))
    .pipe(z.array(z.enum(groups, `events must be a comma list of: ${groups.join(', ')}`)))
    .optional(),
  traffic: z.boolean().default(false),
  calls: z.coerce.number().int().min(0).max(10_000).optional(),
  'mean-call': positiveNumber('mean-call').optional(),
  'time-scale': positiveNumber('time-scale').default(1),
  seed: z.coerce.number().int().optional(),
  'answer-delay': z.coerce.number().min(0).default(1500),
  'fail-number': z.array(z.string()).default([]),
  'rate-limit': z
    .string()
    .regex(/^\d+\/\d+$/, 'rate-limit must look like 300/5000')
    .transform((v) => {
      const [requests, windowMs] = v.split('/').map(Number)
      return { requests: requests ?? 300, windowMs: windowMs ?? 5000 }
    })
    .default({ requests: 300, windowMs: 5000 }),
  'log-level': z.enum(LEVELS, `log-level must be one of: ${LEVELS.join(', ')}`).default('info'),
})

async function main(): Promise<void> {
  let values: Record<string, unknown>
  try {
    values = parseArgs({
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'auth-id': { type: 'string' },
        'auth-token': { type: 'string' },
        'status-url': { type: 'string' },
        'recording-url': { type: 'string' },
        'ai-stream-url': { type: 'string' },
        'callback-method': { type: 'string' },
        events: { type: 'string' },
        traffic: { type: 'boolean' },
        calls: { type: 'string' },
        'mean-call': { type: 'string' },
        'time-scale': { type: 'string' },
        seed: { type: 'string' },
        'answer-delay': { type: 'string' },
        'fail-number': { type: 'string', multiple: true },
        'rate-limit': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`)
    process.exitCode = 2
    return
  }
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const parsed = cliSchema.safeParse(values)
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      process.stderr.write(`--${String(issue.path[0])}: ${issue.message}\n`)
    process.exitCode = 2
    return
  }
  const o = parsed.data
  // stderr: stdout is this command's own output (where to reach the simulator), kept readable.
  const logger = pino({ name: 'simulator', level: o['log-level'] }, pino.destination(2))
  const options: SimulatorOptions = {
    host: o.host,
    port: o.port,
    timeScale: o['time-scale'],
    answerDelayMs: o['answer-delay'],
    failNumbers: o['fail-number'],
    rateLimit: o['rate-limit'],
    callbacks: {
      method: o['callback-method'],
      ...(o['status-url'] ? { statusUrl: o['status-url'] } : {}),
      ...(o['recording-url'] ? { recordingUrl: o['recording-url'] } : {}),
      ...(o['ai-stream-url'] ? { aiStreamUrl: o['ai-stream-url'] } : {}),
      ...(o.events ? { events: o.events } : {}),
    },
    traffic: o.traffic
      ? {
          ...(o.calls !== undefined ? { concurrentCalls: o.calls } : {}),
          ...(o['mean-call'] !== undefined ? { meanCallSeconds: o['mean-call'] } : {}),
        }
      : false,
    ...(o['auth-id'] ? { authId: o['auth-id'] } : {}),
    ...(o['auth-token'] ? { authToken: o['auth-token'] } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    logger,
  }
  const simulator = await startSimulator(options)
  console.log(`Plivo MPC simulator listening on ${simulator.baseUrl}`)
  console.log(`  API:        ${simulator.baseUrl}/v1/Account/${simulator.authId}/MultiPartyCall/`)
  console.log(`  Auth ID:    ${simulator.authId}`)
  console.log(`  Auth Token: ${simulator.authToken}`)
  console.log(
    `  Traffic:    ${o.traffic ? `on (time scale ${o['time-scale']})` : 'off (--traffic to enable)'}`,
  )
  if (!o['status-url']) console.log('  Callbacks:  none (--status-url to receive events)')
  console.log('Press Ctrl-C to stop.')

  let stopping = false
  const shutdown = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'failed to stop cleanly')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
