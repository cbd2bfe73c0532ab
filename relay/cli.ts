/**
 * `npm run relay` — the relay as a service. Configuration: see `--help` (generated from the same
 * tables `loadRelayConfig` reads, so it cannot drift). SIGINT/SIGTERM stop it gracefully.
 */
import pino from 'pino'
import { RELAY_DEFAULTS, RELAY_ENV, RELAY_FLAGS, RelayConfigError, loadRelayConfig } from './config'
import { startRelay } from './index'

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

function table(rows: Record<string, string>): string {
  const width = Math.max(...Object.keys(rows).map((k) => k.length))
  return Object.entries(rows)
    .map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)
    .join('\n')
}

export function helpText(): string {
  return `Supervisor Desk relay: receives Plivo MultiPartyCall callbacks, checks their signatures,
keeps an ordered log and live state per account, and streams events to supervisors over
socket.io (namespace /supervisor).

Usage: npm run relay -- [options]

Options (win over environment variables, which win over the config file):
${table(RELAY_FLAGS)}

Environment:
${table(RELAY_ENV)}

Config file (JSON, every key optional except accounts):
  {
    "host": "${RELAY_DEFAULTS.host}", "port": ${RELAY_DEFAULTS.port},
    "publicUrl": "https://relay.example.com",
    "accounts": [{ "authId": "MAXXXXXXXXXXXXXXXXXX", "authToken": "…" }],
    "supervisors": [{ "token": "a long random secret", "authId": "MAXXXXXXXXXXXXXXXXXX" }],
    "redisUrl": "redis://127.0.0.1:6379", "redisKeyPrefix": "${RELAY_DEFAULTS.redisKeyPrefix}",
    "logLimit": ${RELAY_DEFAULTS.logLimit}, "endedGraceMs": ${RELAY_DEFAULTS.endedGraceMs},
    "maxBodyBytes": ${RELAY_DEFAULTS.maxBodyBytes}, "dedupeTtlMs": ${RELAY_DEFAULTS.dedupeTtlMs}
  }

Endpoints:
  POST|GET /plivo/<authId>/status     Plivo statusCallbackUrl
  POST|GET /plivo/<authId>/recording  Plivo recordingCallbackUrl
  GET /healthz                        200 when serving (503 while stopping or Redis is away)
  GET /metrics                        Prometheus metrics
  socket.io /supervisor               handshake auth { token }; subscribe({ since })

Point Plivo's callback URLs at <publicUrl>/plivo/<authId>/status (and /recording); the
signature check covers that exact URL, so RELAY_PUBLIC_URL must be what Plivo calls.
`
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(helpText())
    return
  }
  const level = process.env.RELAY_LOG_LEVEL ?? 'info'
  if (!LEVELS.includes(level)) {
    throw new RelayConfigError(`RELAY_LOG_LEVEL: must be one of ${LEVELS.join(', ')}`)
  }
  const logger = pino({ name: 'relay', level })
  const config = loadRelayConfig(process.env, argv)
  const relay = await startRelay({ ...config, logger, processMetrics: true })

  let stopping = false
  const shutdown = (signal: string): void => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'stopping')
    relay.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'unclean stop')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err)
  process.stderr.write(
    err instanceof RelayConfigError
      ? `relay: configuration error: ${message}\n(see --help)\n`
      : `relay: ${message}\n`,
  )
  process.exit(1)
})
