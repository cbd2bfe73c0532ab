/**
 * Test support for relay tests: signed callback requests (as Plivo sends them), supervisor
 * sockets (socket.io-client, as main connects) and a throwaway redis-server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { io, type Socket } from 'socket.io-client'
import { computeSignatureV3 } from '../../mpc/signature'
import { waitFor } from '../../mpc/testing/wait-for'
import {
  MPC_EVENT,
  SUBSCRIBE,
  SUPERVISOR_NAMESPACE,
  type RelayEventMessage,
  type SubscribeAck,
} from '../../mpc/wire'

export interface CallbackRequest {
  /** Where the relay listens (`relay.url`). */
  relayUrl: string
  /** The URL the signature covers (the relay's `publicUrl`); defaults to `relayUrl`. */
  publicUrl?: string
  authId: string
  /** Token to sign with. */
  authToken: string
  kind?: 'status' | 'recording' | 'ai-stream'
  params: Record<string, string>
  method?: 'GET' | 'POST'
  /** POST body encoding (default form). */
  encoding?: 'form' | 'json'
  /** Extra query on the callback URL (part of what is signed). */
  query?: string
  nonce?: string
  /** Which header carries the signature (default V3). */
  header?: 'v3' | 'ma-v3' | 'none'
  /** Overrides the computed signature (forgeries). */
  signature?: string
}

export interface CallbackResponse {
  status: number
  body: { seq?: number; duplicate?: boolean; error?: string; field?: string }
  nonce: string
  signature: string
}

/** Builds, signs and sends one callback the way Plivo does. */
export async function sendCallback(req: CallbackRequest): Promise<CallbackResponse> {
  const method = req.method ?? 'POST'
  const path = `/plivo/${encodeURIComponent(req.authId)}/${req.kind ?? 'status'}`
  const nonce = req.nonce ?? randomBytes(10).toString('hex')
  let pathAndQuery: string
  let body: string | undefined
  let contentType: string | undefined
  if (method === 'GET') {
    const q = new URLSearchParams(req.query ?? '')
    for (const [k, v] of Object.entries(req.params)) q.append(k, v)
    pathAndQuery = `${path}?${q.toString()}`
  } else {
    pathAndQuery = req.query ? `${path}?${req.query}` : path
    if (req.encoding === 'json') {
      body = JSON.stringify(req.params)
      contentType = 'application/json'
    } else {
      body = new URLSearchParams(req.params).toString()
      contentType = 'application/x-www-form-urlencoded'
    }
  }
  const signature =
    req.signature ??
    computeSignatureV3({
      method,
      url: (req.publicUrl ?? req.relayUrl) + pathAndQuery,
      params: method === 'GET' ? {} : req.params,
      nonce,
      authToken: req.authToken,
    })
  const headers: Record<string, string> = { 'x-plivo-signature-v3-nonce': nonce }
  if (req.header !== 'none') {
    headers[req.header === 'ma-v3' ? 'x-plivo-signature-ma-v3' : 'x-plivo-signature-v3'] = signature
  }
  if (contentType) headers['content-type'] = contentType
  const res = await fetch(req.relayUrl + pathAndQuery, { method, headers, body })
  const text = await res.text()
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as CallbackResponse['body']) : {},
    nonce,
    signature,
  }
}

/** A connected supervisor socket that records every `mpc-event` it receives. */
export interface Supervisor {
  socket: Socket
  events: RelayEventMessage[]
  /** `epoch`: the log `since` counts in (from an earlier ack); without it, the relay's own. */
  subscribe(since?: number, epoch?: string): Promise<SubscribeAck>
  waitForSeq(seq: number, timeoutMs?: number): Promise<void>
  close(): void
}

export async function connectSupervisor(
  relayUrl: string,
  token: string,
  options: { reconnection?: boolean } = {},
): Promise<Supervisor> {
  const socket = io(relayUrl + SUPERVISOR_NAMESPACE, {
    auth: { token },
    transports: ['websocket'],
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    forceNew: true,
  })
  const events: RelayEventMessage[] = []
  socket.on(MPC_EVENT, (m: RelayEventMessage) => events.push(m))
  await new Promise<void>((resolve, reject) => {
    const onConnect = (): void => {
      socket.off('connect_error', onError)
      resolve()
    }
    const onError = (err: Error): void => {
      socket.off('connect', onConnect)
      socket.close()
      reject(err)
    }
    socket.once('connect', onConnect)
    socket.once('connect_error', onError)
  })
  return {
    socket,
    events,
    subscribe: (since, epoch) =>
      socket
        .timeout(10_000)
        .emitWithAck(
          SUBSCRIBE,
          since === undefined ? {} : epoch === undefined ? { since } : { since, epoch },
        ) as Promise<SubscribeAck>,
    waitForSeq: (seq, timeoutMs) =>
      waitFor(`event seq ${seq}`, () => events.some((e) => e.seq >= seq), timeoutMs).then(
        () => undefined,
      ),
    close: () => {
      socket.close()
    },
  }
}

/** A free loopback port (for processes that must be told their port up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface RedisServer {
  url: string
  stop(): Promise<void>
}

/** Starts a real, non-persistent redis-server on a free loopback port. */
export async function startRedisServer(): Promise<RedisServer> {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' })
  if (found.status !== 0) {
    throw new Error(
      'redis-server is not installed; the Redis relay tests need it: apt-get install redis-server',
    )
  }
  const port = await freePort()
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  // An exit ends the wait at once (a check that throws would only be retried until the deadline).
  await waitFor(
    `redis-server on port ${port}`,
    () => child.exitCode !== null || output.includes('Ready to accept connections'),
  )
  if (child.exitCode !== null) throw new Error(`redis-server exited: ${output}`)
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        // A process killed by a signal keeps exitCode null and sets signalCode.
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGKILL')
      }),
  }
}

export interface RelayProcess {
  url: string
  port: number
  child: ChildProcess
  /** SIGKILL: no drain, no goodbye — a crash. */
  kill(): Promise<void>
  /** SIGTERM: the graceful path; resolves with the exit code. */
  stop(): Promise<number | null>
}

/** Runs `relay/cli.ts` as its own process (as `npm run relay` does) and waits until it listens. */
export async function spawnRelay(env: Record<string, string>): Promise<RelayProcess> {
  const root = new URL('../../', import.meta.url).pathname
  // `node --import tsx` rather than the tsx CLI: the CLI runs the script in a second process,
  // which a SIGKILL of the first would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/cli.ts'], {
    cwd: root,
    env: { ...process.env, RELAY_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let url: string | undefined
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString()
    for (const line of output.split('\n')) {
      if (!line.includes('relay listening')) continue
      try {
        url = (JSON.parse(line) as { url: string }).url
      } catch {
        // a partial line; the rest comes with the next chunk
      }
    }
  })
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  await waitFor(
    'the relay process to listen',
    () => child.exitCode !== null || url !== undefined,
    30_000,
  )
  if (child.exitCode !== null || url === undefined) {
    throw new Error(`relay exited (${child.exitCode}): ${output}`)
  }
  const listening = url
  return {
    url: listening,
    port: Number(new URL(listening).port),
    child,
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL')
      await exited
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}
