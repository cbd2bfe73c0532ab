/**
 * Demo mode, the embedded default (DESIGN §5): with no settings, the desk starts the simulator
 * and a relay in-process on 127.0.0.1 with fresh random credentials, points the simulator's
 * callbacks at the relay and connects to both — a new user sees a lively but readable call
 * center at once, and every control works against the simulator. Its size is a setting
 * (Settings → Demo calls, `npm start -- --calls N`, 1 to 2,000; default 16, lively but readable).
 *
 * Nothing here listens beyond loopback, and the credentials live only as long as the process.
 */
import { randomBytes } from 'node:crypto'
import type pino from 'pino'
import { startRelay, type Relay } from '../../relay/index'
import { startSimulator } from '../../simulator/index'
import { DEFAULT_DEMO_CALLS } from '../../preload/api'

type SimulatorHandle = Awaited<ReturnType<typeof startSimulator>>
type SimulatorOptions = NonNullable<Parameters<typeof startSimulator>[0]>
type TrafficOptions = Exclude<NonNullable<SimulatorOptions['traffic']>, false>

/** Tuning of the embedded simulator (tests speed it up or turn traffic off). */
export interface DemoOptions {
  /** Live calls to aim for (Settings → Demo calls, `--calls N`); see `demoTraffic`. */
  calls?: number
  /** Overrides the traffic `calls` maps to (tests turn it off or shape it). */
  traffic?: SimulatorOptions['traffic']
  timeScale?: number
  seed?: number
  answerDelayMs?: number
  failNumbers?: string[]
}

/**
 * The simulator's traffic for a demo of about `calls` live calls. The traffic model keeps
 * `concurrentCalls` calls alive by Little's law (arrival rate = calls / mean call lifetime,
 * ~170 simulated seconds), and starts with a warm-up of that many calls "already in progress"
 * spread over `rampSeconds`. So N maps to `concurrentCalls: N`; the warm-up is stretched to
 * 20 new calls a second at most, so a 2,000-call floor fills over ~100 s instead of landing
 * 2,000 calls (and their callbacks) on the relay in 10. Ended calls stay on the board for their
 * grace period on top (about a third of N at the default minute), marked ended.
 */
export function demoTraffic(calls: number): TrafficOptions {
  return { concurrentCalls: calls, rampSeconds: Math.max(10, Math.ceil(calls / 20)) }
}

export const DEMO_SUPERVISOR_ENDPOINT = 'sip:supervisor@desk.demo'
/** A number from the North American fictional range (555-01xx). */
export const DEMO_CALLER_ID = '+12025550142'

export interface DemoBackend {
  relayUrl: string
  relayToken: string
  authId: string
  authToken: string
  apiBaseUrl: string
  supervisorEndpoint: string
  callerId: string
  simulator: SimulatorHandle
  relay: Relay
  stop(): Promise<void>
}

export async function startDemoBackend(
  options: DemoOptions = {},
  log?: pino.Logger,
): Promise<DemoBackend> {
  const authId = `MA${randomBytes(9).toString('hex').toUpperCase()}`
  const authToken = randomBytes(24).toString('base64url')
  const relayToken = randomBytes(24).toString('base64url')

  const relay = await startRelay({
    host: '127.0.0.1',
    port: 0,
    accounts: [{ authId, authToken }],
    supervisors: [{ token: relayToken, authId }],
    logLimit: 50_000,
    endedGraceMs: 60_000,
    maxBodyBytes: 64 * 1024,
    logger: log ? log.child({ part: 'demo-relay' }) : false,
  })
  let simulator: SimulatorHandle
  try {
    simulator = await startSimulator({
      host: '127.0.0.1',
      port: 0,
      authId,
      authToken,
      callbacks: {
        statusUrl: `${relay.url}/plivo/${authId}/status`,
        recordingUrl: `${relay.url}/plivo/${authId}/recording`,
        aiStreamUrl: `${relay.url}/plivo/${authId}/ai-stream`,
        method: 'POST',
      },
      traffic: options.traffic ?? demoTraffic(options.calls ?? DEFAULT_DEMO_CALLS),
      ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.answerDelayMs !== undefined ? { answerDelayMs: options.answerDelayMs } : {}),
      ...(options.failNumbers !== undefined ? { failNumbers: options.failNumbers } : {}),
      // Without the desk's logger, the simulator's errors keep going to stderr.
      ...(log ? { logger: log.child({ part: 'demo-simulator' }) } : {}),
    })
  } catch (error) {
    await relay.stop()
    throw error
  }

  return {
    relayUrl: relay.url,
    relayToken,
    authId,
    authToken,
    apiBaseUrl: simulator.baseUrl,
    supervisorEndpoint: DEMO_SUPERVISOR_ENDPOINT,
    callerId: DEMO_CALLER_ID,
    simulator,
    relay,
    async stop() {
      // Simulator first, so no callback is sent to a relay that is going away.
      await simulator.stop()
      await relay.stop()
    },
  }
}
