/**
 * The real chain a test drives: simulator (the local Plivo) → relay → the desk's main services
 * → the web host. Everything binds 127.0.0.1 on port 0, with fresh credentials and a fresh data
 * directory, and `stop()` takes it all down again. Nothing in it is a stand-in: these are the
 * same modules `npm start` runs.
 */
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulator } from '../../simulator/index'
import { startRelay } from '../../relay/index'
import { createDesk, type DemoOptions, type DeskTuning } from '../../main/services/index'
import { createMemorySecretStore } from '../../main/services/secret-store'
import { readPolicy, type Policy } from '../../main/policy/read-policy'
import { startWebHost } from '../../main/web/server'
import type { AlertThresholds } from '../../preload/api'
import { plivoRest, type PlivoRest } from './plivo-rest'
import { RENDERER_DIR } from './binaries'

type SimulatorOptions = NonNullable<Parameters<typeof startSimulator>[0]>
type Simulator = Awaited<ReturnType<typeof startSimulator>>
type Relay = Awaited<ReturnType<typeof startRelay>>
type WebHost = Awaited<ReturnType<typeof startWebHost>>
type DeskHandle = Awaited<ReturnType<typeof createDesk>>

/** What a scenario may change about the simulator (traffic stays off unless it asks). */
export type SimulatorTweaks = Pick<
  SimulatorOptions,
  'traffic' | 'timeScale' | 'seed' | 'answerDelayMs' | 'failNumbers' | 'faults'
>

export interface StackOptions {
  simulator?: SimulatorTweaks
  thresholds?: AlertThresholds
  /** Desk timings a scenario needs shorter (on top of E2E_TUNING). */
  tuning?: Partial<DeskTuning>
  /** Start the desk's services and web host (false for the Electron project, whose app runs its own). */
  webHost?: boolean
  /**
   * Start the desk as a new user meets it: nothing saved, in demo mode (the embedded demo tuned
   * with these). The stack's relay and simulator still run, for the test to connect to.
   */
  demo?: DemoOptions
  /**
   * A managed policy as IT's JSON file would hold it: written to a file and read with the desk's
   * own policy reader, as the web host's `--policy` does.
   */
  policy?: unknown
}

/**
 * Desk timings for tests: ended calls leave the board after 2 s instead of a minute, and the
 * relay is retried quickly after a restart. Everything else is the production default.
 */
export const E2E_TUNING: Partial<DeskTuning> = {
  endedGraceMs: 2000,
  evictIntervalMs: 250,
  reconnectDelayMs: 100,
  reconnectDelayMaxMs: 1000,
}

/** The desk's identity on the simulated account. */
export const SUPERVISOR_ENDPOINT = 'sip:supervisor@desk.e2e.test'
export const CALLER_ID = '+15550000100'

export interface Secrets {
  plivoAuthToken: string
  relayToken: string
}

export interface Stack {
  sim: Simulator
  rest: PlivoRest
  relayUrl: string
  authId: string
  secrets: Secrets
  dataDir: string
  /** Present when the stack runs the web host (and so the desk's services, in this process). */
  web?: WebHost
  services?: DeskHandle
  /** The settings a desk needs to reach this stack (what the settings screen would hold). */
  settings: {
    relayUrl: string
    plivoAuthId: string
    apiBaseUrl: string
    supervisorEndpoint: string
    callerId: string
    thresholds?: AlertThresholds
  }
  /** Stop the relay, then start it again on the same port, with an empty log. */
  restartRelay(between?: () => Promise<void>): Promise<void>
  /**
   * Stop the simulator, then start a new one on the same port (the same API base) that knows
   * none of the old calls; nothing tells the relay or the desk that they are gone.
   */
  restartSimulator(between?: () => Promise<void>): Promise<void>
  stop(): Promise<void>
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const stops: (() => Promise<void>)[] = []
  const stopAll = async () => {
    // Reverse start order: the desk lets go of the relay before the relay goes away.
    const errors: unknown[] = []
    for (const stop of stops.reverse()) {
      try {
        await stop()
      } catch (error) {
        errors.push(error)
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'e2e: stopping the stack failed')
  }

  try {
    const authId = `MAE2E${randomBytes(8).toString('hex').toUpperCase()}`
    const secrets: Secrets = {
      plivoAuthToken: `plivo-${randomBytes(18).toString('base64url')}`,
      relayToken: `relay-${randomBytes(18).toString('base64url')}`,
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'desk-e2e-'))
    stops.push(() => rm(dataDir, { recursive: true, force: true }))

    const relayConfig = {
      host: '127.0.0.1',
      accounts: [{ authId, authToken: secrets.plivoAuthToken }],
      supervisors: [{ token: secrets.relayToken, authId }],
      logLimit: 50_000,
      endedGraceMs: 60_000,
      maxBodyBytes: 64 * 1024,
      logger: false as const,
    }
    let relay: Relay = await startRelay({ ...relayConfig, port: 0 })
    const relayPort = relay.port
    const relayUrl = relay.url
    stops.push(() => relay.stop())

    const simConfig: SimulatorOptions = {
      host: '127.0.0.1',
      port: 0,
      authId,
      authToken: secrets.plivoAuthToken,
      callbacks: {
        statusUrl: `${relayUrl}/plivo/${authId}/status`,
        recordingUrl: `${relayUrl}/plivo/${authId}/recording`,
        aiStreamUrl: `${relayUrl}/plivo/${authId}/ai-stream`,
        method: 'POST',
      },
      traffic: false,
      answerDelayMs: 30,
      ...options.simulator,
    }
    let sim: Simulator = await startSimulator(simConfig)
    const simPort = Number(new URL(sim.baseUrl).port)
    stops.push(() => sim.stop())

    const settings = {
      relayUrl,
      plivoAuthId: authId,
      apiBaseUrl: sim.baseUrl,
      supervisorEndpoint: SUPERVISOR_ENDPOINT,
      callerId: CALLER_ID,
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    }

    let web: WebHost | undefined
    let services: DeskHandle | undefined
    if (options.webHost !== false) {
      // settings.json holds only the non-secret part (DESIGN §5); the secrets go to the store,
      // exactly where the settings screen would put them.
      const secretStore = createMemorySecretStore()
      if (!options.demo) {
        await writeFile(
          join(dataDir, 'settings.json'),
          JSON.stringify({ demo: false, ...settings }, null, 2),
          { mode: 0o600 },
        )
        await secretStore.set('relayToken', secrets.relayToken)
        await secretStore.set('plivoAuthToken', secrets.plivoAuthToken)
      }
      let policy: Policy | undefined
      if (options.policy !== undefined) {
        const file = join(dataDir, 'policy.json')
        await writeFile(file, JSON.stringify(options.policy, null, 2))
        policy = await readPolicy({ file })
      }
      const desk = await createDesk({
        ...(options.demo ? { demoDefaults: options.demo } : {}),
        ...(policy ? { policy } : {}),
        secrets: secretStore,
        dataDir,
        user: 'e2e-supervisor',
        log: pino({ level: 'silent' }),
        tuning: { ...E2E_TUNING, ...options.tuning },
      })
      services = desk
      stops.push(() => desk.stop())
      web = await startWebHost({
        services: desk,
        rendererDir: RENDERER_DIR,
        host: '127.0.0.1',
        port: 0,
      })
      const host = web
      stops.push(() => host.stop())
    }

    return {
      get sim() {
        return sim
      },
      rest: plivoRest(sim.baseUrl, authId, secrets.plivoAuthToken),
      relayUrl,
      authId,
      secrets,
      dataDir,
      web,
      services,
      settings,
      restartRelay: async (between) => {
        await relay.stop()
        await between?.()
        relay = await startRelay({ ...relayConfig, port: relayPort })
      },
      restartSimulator: async (between) => {
        await sim.stop()
        await between?.()
        sim = await startSimulator({ ...simConfig, port: simPort })
      },
      stop: stopAll,
    }
  } catch (error) {
    await stopAll().catch(() => undefined)
    throw error
  }
}
