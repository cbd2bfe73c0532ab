/**
 * Child process: the simulator (the local Plivo) with seeded call-center traffic, its callbacks
 * pointed at a relay. Reports the simulated clock it runs on, so the relay and desk processes
 * can live in the same simulated time (bench/support/sim-clock.ts), and its heap: the simulator
 * is the desk's demo mode, so it runs as long as a desk does.
 */
import { z } from 'zod'
import { startSimulator } from '../../simulator/index'
import type { StatusEventGroup } from '../../simulator/index'
import { serveParent } from '../support/child'
import { heapReport } from '../support/heap'
import type { SimClock } from '../support/sim-clock'

const configSchema = z.object({
  authId: z.string(),
  authToken: z.string(),
  relayUrl: z.string(),
  concurrentCalls: z.number().int().positive(),
  timeScale: z.number().positive(),
  seed: z.number().int(),
  rampSeconds: z.number().positive().optional(),
  events: z.array(z.string()).optional(),
  answerDelayMs: z.number().int().nonnegative().default(200),
})

async function main(): Promise<void> {
  const config = configSchema.parse(JSON.parse(process.env.BENCH_SIM ?? '{}'))
  // startSimulator creates its clock synchronously on entry: these two readings are its origin.
  const realStart = Date.now()
  const sim = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    authId: config.authId,
    authToken: config.authToken,
    callbacks: {
      statusUrl: `${config.relayUrl}/plivo/${config.authId}/status`,
      recordingUrl: `${config.relayUrl}/plivo/${config.authId}/recording`,
      method: 'POST',
      ...(config.events ? { events: config.events as StatusEventGroup[] } : {}),
    },
    traffic: {
      concurrentCalls: config.concurrentCalls,
      ...(config.rampSeconds !== undefined ? { rampSeconds: config.rampSeconds } : {}),
    },
    timeScale: config.timeScale,
    seed: config.seed,
    answerDelayMs: config.answerDelayMs,
  })
  const clock: SimClock = { simStart: realStart, realStart, timeScale: config.timeScale }
  serveParent(
    {
      stats: () => ({ ...sim.stats(), requestCount: sim.requestCount }),
      cpu: () => process.cpuUsage(),
      heap: () => heapReport(),
      'stop-traffic': () => sim.traffic.stop(),
      stop: () => sim.stop(),
    },
    { baseUrl: sim.baseUrl, clock },
  )
}

void main().catch((error: unknown) => {
  console.error('simulator host failed', error)
  process.exit(1)
})
