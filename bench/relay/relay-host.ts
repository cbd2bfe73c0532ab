/**
 * Child process: one relay (`startRelay`, in memory or on Redis), answering the benchmark
 * parent's requests for its CPU time and heap. Config comes as JSON in BENCH_RELAY.
 *
 *   node --import tsx bench/relay/relay-host.ts   (forked by bench/support/child.ts)
 */
import { z } from 'zod'
import { startRelay } from '../../relay/index'
import { serveParent } from '../support/child'
import { installSimClock, installSimClockFromEnv, simClockSchema } from '../support/sim-clock'
import { heapReport } from '../support/heap'

const configSchema = z.object({
  authId: z.string(),
  authToken: z.string(),
  token: z.string(),
  redisUrl: z.string().optional(),
  redisKeyPrefix: z.string().optional(),
  logLimit: z.number().int().positive().default(50_000),
  endedGraceMs: z.number().int().positive().default(60_000),
  dedupeTtlMs: z.number().int().positive().optional(),
})

async function main(): Promise<void> {
  installSimClockFromEnv()
  const config = configSchema.parse(JSON.parse(process.env.BENCH_RELAY ?? '{}'))
  const relay = await startRelay({
    host: '127.0.0.1',
    port: 0,
    accounts: [{ authId: config.authId, authToken: config.authToken }],
    supervisors: [{ token: config.token, authId: config.authId }],
    ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
    ...(config.redisKeyPrefix ? { redisKeyPrefix: config.redisKeyPrefix } : {}),
    logLimit: config.logLimit,
    endedGraceMs: config.endedGraceMs,
    ...(config.dedupeTtlMs ? { dedupeTtlMs: config.dedupeTtlMs } : {}),
    maxBodyBytes: 64 * 1024,
    logger: false,
  })
  serveParent(
    {
      cpu: () => process.cpuUsage(),
      heap: () => heapReport(),
      /** Live on the simulator's clock from now on (it started after this relay). */
      'set-clock': (payload) => {
        installSimClock(simClockSchema.parse(payload))
      },
      stop: () => relay.stop(),
    },
    { url: relay.url, port: relay.port },
  )
}

void main().catch((error: unknown) => {
  console.error('relay host failed', error)
  process.exit(1)
})
