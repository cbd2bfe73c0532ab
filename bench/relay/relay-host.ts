/**
 * Child process: one relay (`startRelay`, in memory or on Redis), answering the benchmark
 * parent's requests for its CPU time and heap. Config comes as JSON in BENCH_RELAY.
 *
 *   node --import tsx bench/relay/relay-host.ts   (forked by bench/support/child.ts)
 */
import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks'
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

/**
 * Where a latency tail can come from inside the relay: event-loop delay (a long turn holds every
 * callback queued behind it) and garbage-collection pauses, since the last `loop-stats` call.
 */
function loopStats() {
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  let gc = { count: 0, totalMs: 0, maxMs: 0, over10ms: 0 }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++
      gc.totalMs += entry.duration
      gc.maxMs = Math.max(gc.maxMs, entry.duration)
      if (entry.duration > 10) gc.over10ms++
    }
  }).observe({ entryTypes: ['gc'] })
  return () => {
    const ms = (ns: number): number => ns / 1e6
    const report = {
      loopDelayMs: {
        p50: ms(delay.percentile(50)),
        p99: ms(delay.percentile(99)),
        max: ms(delay.max),
      },
      gc,
    }
    delay.reset()
    gc = { count: 0, totalMs: 0, maxMs: 0, over10ms: 0 }
    return report
  }
}

async function main(): Promise<void> {
  const takeLoopStats = loopStats()
  let inspector: Session | undefined
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
      'loop-stats': () => takeLoopStats(),
      /** Sampling every allocation, collected or not, until `alloc-stop` writes the profile. */
      'alloc-start': async () => {
        inspector ??= new Session()
        inspector.connect()
        await inspector.post('HeapProfiler.startSampling', {
          samplingInterval: 4096,
          includeObjectsCollectedByMinorGC: true,
          includeObjectsCollectedByMajorGC: true,
        })
      },
      'alloc-stop': async (payload) => {
        const { file } = z.object({ file: z.string() }).parse(payload)
        if (!inspector) throw new Error('alloc-start first')
        const { profile } = await inspector.post('HeapProfiler.stopSampling')
        inspector.disconnect()
        await writeFile(file, JSON.stringify(profile))
      },
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
