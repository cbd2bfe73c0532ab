/**
 * Test support: the real simulator and relay on loopback, a desk pointed at them, and the
 * network faults the integration tests need (a TCP proxy that can cut the relay connection, an
 * HTTP proxy that can answer 429/500 in front of the control API). Every server listens on
 * 127.0.0.1 port 0 and is stopped by `stop()`.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach } from 'vitest'
import { createControlClient, type ControlClient } from '../../../mpc/client'
import { startRelay, type Relay } from '../../../relay/index'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../simulator/index'
import { createDesk, type CreateDeskOptions, type Desk, type DeskTuning } from '../index'
import { createMemorySecretStore, type SecretStore } from '../secret-store'
import { waitFor } from '../../../mpc/testing/wait-for'

/** The shared poll-with-deadline helper, for the desk tests that import it from here. */
export { waitFor }

export const quietLog = pino({ level: process.env.DESK_TEST_LOG ?? 'silent' })

export interface RelayHandle {
  relay: Relay
  port: number
  url: string
  token: string
}

export async function startTestRelay(
  account: { authId: string; authToken: string },
  port = 0,
  token = randomBytes(16).toString('hex'),
): Promise<RelayHandle> {
  const relay = await startRelay({
    host: '127.0.0.1',
    port,
    accounts: [account],
    supervisors: [{ token, authId: account.authId }],
    logLimit: 50_000,
    endedGraceMs: 60_000,
    maxBodyBytes: 64 * 1024,
    logger: false,
  })
  return { relay, port: relay.port, url: relay.url, token }
}

/** A TCP proxy whose live connections the test can cut (a dropped network). */
export interface TcpProxy {
  url: string
  /** Destroys every open connection; new ones are accepted again. */
  cut(): void
  /** While blocked, new connections are destroyed at once. */
  block(blocked: boolean): void
  readonly connections: number
  stop(): Promise<void>
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>()
  let blocked = false
  let accepted = 0
  const server = net.createServer((client) => {
    if (blocked) {
      client.destroy()
      return
    }
    accepted++
    const upstream = net.connect(targetPort, '127.0.0.1')
    sockets.add(client)
    sockets.add(upstream)
    const close = (): void => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', close).on('close', close)
    upstream.on('error', close).on('close', close)
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      for (const socket of sockets) socket.destroy()
      sockets.clear()
    },
    block(value) {
      blocked = value
    },
    get connections() {
      return accepted
    },
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** An HTTP proxy in front of the control API that answers chosen requests with a failure. */
export interface FaultyApi {
  url: string
  /** The next `times` requests matching `match` get `status` with Plivo's error body. */
  fail(rule: {
    match: (method: string, path: string) => boolean
    status: number
    error: string
    times: number
  }): void
  /** Requests answered with an injected failure so far. */
  readonly injected: number
  stop(): Promise<void>
}

export async function startFaultyApi(targetBaseUrl: string): Promise<FaultyApi> {
  const rules: {
    match: (m: string, p: string) => boolean
    status: number
    error: string
    times: number
  }[] = []
  let injected = 0
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const method = req.method ?? 'GET'
      const path = req.url ?? '/'
      const rule = rules.find((r) => r.times > 0 && r.match(method, path))
      if (rule) {
        rule.times--
        injected++
        res.writeHead(rule.status, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ api_id: 'injected', error: rule.error }))
        return
      }
      const headers: Record<string, string> = {}
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && key !== 'host' && key !== 'content-length') {
          headers[key] = value
        }
      }
      const body = Buffer.concat(chunks)
      fetch(new URL(path, targetBaseUrl), {
        method,
        headers,
        ...(body.length > 0 ? { body } : {}),
      })
        .then(async (upstream) => {
          const text = Buffer.from(await upstream.arrayBuffer())
          res.writeHead(upstream.status, {
            'content-type': upstream.headers.get('content-type') ?? 'application/json',
          })
          res.end(text)
        })
        .catch((error: unknown) => {
          res.writeHead(502)
          res.end(String(error))
        })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    fail: (rule) => rules.push(rule),
    get injected() {
      return injected
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export interface StackOptions {
  simulator?: SimulatorOptions
  tuning?: Partial<DeskTuning>
  /** Put a cuttable TCP proxy between the desk and the relay. */
  relayProxy?: boolean
  /** Put a fault-injecting HTTP proxy between the desk and the control API. */
  faultyApi?: boolean
  desk?: Partial<CreateDeskOptions>
}

export interface Stack {
  sim: Simulator
  authId: string
  authToken: string
  /** A control client straight to the simulator (the test acting as Plivo's other users). */
  control: ControlClient
  relay: RelayHandle
  proxy?: TcpProxy
  api?: FaultyApi
  desk: Desk
  secrets: SecretStore
  dataDir: string
  supervisorEndpoint: string
  /** Stops the relay: callbacks sent while it is down fail and are gone for good. */
  stopRelay(): Promise<void>
  /** A fresh in-memory relay on the same port and token (the old one's history is lost). */
  startRelayAgain(): Promise<void>
  /**
   * Stops the simulator and starts a new one on the same port (the same API base): it knows
   * none of the old calls, and nothing tells the relay they ended. `authToken` overrides the
   * account's token on the new one (a mis-set account: every request is refused).
   */
  restartSimulator(override?: { authToken?: string }): Promise<void>
  stop(): Promise<void>
}

export const TEST_SUPERVISOR = 'sip:supervisor@desk.test'
export const TEST_CALLER_ID = '+14155550123'

/** Simulator + relay + a desk configured (non-demo) for them, as a user would set it up. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'desk-test-'))
  const authId = `MA${randomBytes(9).toString('hex').toUpperCase()}`
  const authToken = randomBytes(16).toString('hex')
  let relay = await startTestRelay({ authId, authToken })
  let relayRunning = true
  const simOptions: SimulatorOptions = {
    authId,
    authToken,
    callbacks: {
      statusUrl: `${relay.url}/plivo/${authId}/status`,
      recordingUrl: `${relay.url}/plivo/${authId}/recording`,
    },
    ...options.simulator,
  }
  let sim = await startSimulator(simOptions)
  const proxy = options.relayProxy ? await startTcpProxy(relay.port) : undefined
  const api = options.faultyApi ? await startFaultyApi(sim.baseUrl) : undefined

  const secrets = createMemorySecretStore()
  await secrets.set('relayToken', relay.token)
  await secrets.set('plivoAuthToken', authToken)
  await writeFile(
    join(dataDir, 'settings.json'),
    JSON.stringify({
      demo: false,
      relayUrl: proxy?.url ?? relay.url,
      plivoAuthId: authId,
      apiBaseUrl: api?.url ?? sim.baseUrl,
      supervisorEndpoint: TEST_SUPERVISOR,
      callerId: TEST_CALLER_ID,
    }),
  )
  const desk = await createDesk({
    secrets,
    dataDir,
    log: quietLog,
    user: 'test-supervisor',
    ...options.desk,
    tuning: {
      reconnectDelayMs: 100,
      reconnectDelayMaxMs: 500,
      rereadDelayMs: 200,
      ...options.tuning,
    },
  })

  return {
    get sim() {
      return sim
    },
    authId,
    authToken,
    control: createControlClient({ baseUrl: sim.baseUrl, authId, authToken }),
    get relay() {
      return relay
    },
    ...(proxy ? { proxy } : {}),
    ...(api ? { api } : {}),
    desk,
    secrets,
    dataDir,
    supervisorEndpoint: TEST_SUPERVISOR,
    async stopRelay() {
      relayRunning = false
      await relay.relay.stop()
    },
    async startRelayAgain() {
      relay = await startTestRelay({ authId, authToken }, relay.port, relay.token)
      relayRunning = true
    },
    async restartSimulator(override = {}) {
      const port = Number(new URL(sim.baseUrl).port)
      await sim.stop()
      // One turn of the event loop (its poll phase) lets every client see its keep-alive
      // connection closed, as it would over the seconds a real restart takes; without it the
      // desk's next request can go out on a socket the old simulator already shut.
      await new Promise((resolve) => setImmediate(resolve))
      sim = await startSimulator({ ...simOptions, ...override, port })
    },
    async stop() {
      await desk.stop()
      await sim.stop()
      await proxy?.stop()
      await api?.stop()
      if (relayRunning) await relay.relay.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** Per live MPC: present members with mute/hold, as a string the tests compare. */
export function describeTruth(sim: Simulator): Record<string, string[]> {
  const truth = sim.truth()
  const out: Record<string, string[]> = {}
  for (const mpc of truth.mpcs) {
    if (mpc.status === 'Ended') continue
    out[mpc.mpc_uuid] = (truth.participants[mpc.mpc_uuid] ?? [])
      .filter((p) => p.exit_time === null)
      .map((p) => `${p.member_id}:${p.role}:mute=${p.mute === true}:hold=${p.hold === true}`)
      .sort()
  }
  return sortedKeys(out)
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}

export async function describeStore(desk: Desk): Promise<Record<string, string[]>> {
  const snapshot = await desk.invoke['desk:snapshot'](undefined)
  const out: Record<string, string[]> = {}
  for (const mpc of snapshot.mpcs) {
    if (mpc.status === 'ended') continue
    out[mpc.mpcUuid] = Object.values(mpc.participants)
      .filter((p) => p.joinedAt !== undefined && p.leftAt === undefined)
      .map((p) => `${p.memberId}:${p.role ?? '?'}:mute=${p.mute.value}:hold=${p.hold.value}`)
      .sort()
  }
  return sortedKeys(out)
}

/** A customer alone in a new MPC, waiting for an agent (what the waiting alert is for). */
export async function placeWaitingCustomer(stack: Stack, name: string): Promise<void> {
  await stack.control.addParticipant(
    { name },
    {
      role: 'customer',
      from: '+14155550001',
      to: '+14155550199',
      statusCallbackUrl: `${stack.relay.url}/plivo/${stack.authId}/status`,
      statusCallbackEvents: 'mpc-state-changes,participant-state-changes',
    },
  )
}

/**
 * A call made the way an app would: a customer dialled into a new MPC, then an agent, both with
 * the MPC's callbacks pointed at the relay. Resolves with the MPC uuid once the desk shows both
 * members joined.
 */
export async function placeCall(stack: Stack, name: string): Promise<string> {
  const callbacks = {
    statusCallbackUrl: `${stack.relay.url}/plivo/${stack.authId}/status`,
    statusCallbackMethod: 'POST' as const,
    statusCallbackEvents: 'mpc-state-changes,participant-state-changes,add-participant-api-events',
    recordingCallbackUrl: `${stack.relay.url}/plivo/${stack.authId}/recording`,
    recordingCallbackMethod: 'POST' as const,
  }
  await stack.control.addParticipant(
    { name },
    { role: 'customer', from: '+14155550001', to: `+1415555${randomDigits(4)}`, ...callbacks },
  )
  await stack.control.addParticipant(
    { name },
    {
      role: 'agent',
      from: '+14155550002',
      to: `sip:agent-${randomDigits(4)}@desk.test`,
      ...callbacks,
    },
  )
  return waitFor(`call ${name} with customer and agent on the desk`, async () => {
    const snapshot = await stack.desk.invoke['desk:snapshot'](undefined)
    const mpc = snapshot.mpcs.find((m) => m.name === name)
    if (!mpc) return undefined
    const present = Object.values(mpc.participants).filter(
      (p) => p.joinedAt !== undefined && p.leftAt === undefined,
    )
    return present.length >= 2 ? mpc.mpcUuid : undefined
  })
}

function randomDigits(n: number): string {
  let out = ''
  for (let i = 0; i < n; i++) out += String(Math.floor(Math.random() * 10))
  return out
}

/**
 * A `start` for a test file whose tests each run on a stack of their own: what it started is
 * stopped after the test, passed or failed.
 */
export function stackPerTest(
  defaults: StackOptions = {},
): (options?: StackOptions) => Promise<Stack> {
  let current: Stack | undefined
  afterEach(async () => {
    await current?.stop()
    current = undefined
  })
  return async (options = {}) => {
    current = await startStack({ ...defaults, ...options })
    return current
  }
}
