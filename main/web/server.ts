/**
 * The web host (DESIGN §6): the desk's services served to a browser tab. One HTTP server on
 * 127.0.0.1 serves the built renderer and carries `DeskApi` over socket.io on the same port.
 *
 * Guards, in order, on every HTTP request and on the socket handshake (see access.ts): the Host
 * must be this host, an Origin must be this host's own (the socket handshake must have one),
 * and the session cookie traded for the printed URL's token must be present. The socket speaks
 * WebSocket only, so its handshake always carries the browser's Origin.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket as NetSocket } from 'node:net'
import pino, { type Logger } from 'pino'
import { Server } from 'socket.io'
import { MAX_MESSAGE_BYTES } from '../../preload/api'
import type { DeskServices } from '../services/desk-services'
import { createAccessPolicy, randomSecret, type AccessPolicy, type Refusal } from './access'
import { isLoopbackHost, urlHost } from './bind-address'
import { setSecurityHeaders } from './security-headers'
import { bridgeDeskServices } from './socket-bridge'
import { resolveStatic, sendFile } from './static-files'

export const SOCKET_PATH = '/socket.io/'

export interface WebHostOptions {
  services: DeskServices
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** Address to bind; loopback unless `allowRemote`. */
  host?: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Required to bind anything but loopback: it exposes the desk to the network. */
  allowRemote?: boolean
  /** The URL's secret; random per launch by default. */
  token?: string
  log?: Logger
}

export interface WebHost {
  /** What to open: the origin plus `/?token=…`. */
  url: string
  origin: string
  stop(): Promise<void>
}

export class RemoteBindRefusedError extends Error {
  constructor(host: string) {
    super(
      `Refusing to bind ${host}: it is not a loopback address. Binding it lets anyone who can ` +
        `reach this machine and learns the URL supervise your calls; pass --allow-remote to do it anyway.`,
    )
    this.name = 'RemoteBindRefusedError'
  }
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1'
  const allowRemote = options.allowRemote ?? false
  if (!isLoopbackHost(host) && !allowRemote) throw new RemoteBindRefusedError(host)
  const log = options.log ?? pino({ level: 'silent' })
  const token = options.token ?? randomSecret()
  const { services, rendererDir } = options

  // Filled in once the port is known; nothing is answered before listen() resolves.
  const bound: { policy?: AccessPolicy; origin: string } = { origin: '' }

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      log.error({ err: error, url: req.url }, 'web host request failed')
      if (!res.headersSent) respondText(res, 500, 'The desk failed to answer this request.')
      else res.destroy()
    })
  })

  const handleHttp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { policy } = bound
    if (!policy) throw new Error('web host not listening yet')
    const ownOrigin = policy.hostAllowed(req.headers.host)
      ? `http://${req.headers.host}`
      : bound.origin
    setSecurityHeaders(res, ownOrigin)
    const url = new URL(req.url ?? '/', 'http://desk.invalid')

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return respondText(res, 405, `${req.method ?? ''} is not supported here.`)
    }
    if (url.searchParams.has('token')) {
      const misplaced = policy.checkPlace(req, { requireOrigin: false })
      if (misplaced) return respondRefusal(res, misplaced)
      if (!policy.tokenMatches(url.searchParams.get('token') ?? '')) {
        return respondText(
          res,
          401,
          "This link's token is not the one this desk printed. Open the URL it printed when it started (each launch has a new one).",
        )
      }
      url.searchParams.delete('token')
      res.statusCode = 302
      res.setHeader('Set-Cookie', policy.sessionCookie())
      // One leading slash only: `//host` would send the browser to another site.
      res.setHeader('Location', `/${url.pathname.replace(/^\/+/, '')}${url.search}`)
      res.setHeader('Cache-Control', 'no-store')
      res.end()
      return
    }

    const refusal = policy.checkRequest(req, { requireOrigin: false })
    if (refusal) return respondRefusal(res, refusal)
    const target = await resolveStatic(rendererDir, url.pathname)
    if (target.kind === 'bad-path') return respondText(res, 400, 'Bad path.')
    if (target.kind === 'not-found' && url.pathname === '/favicon.ico') {
      // Browsers ask for it unprompted; an empty answer keeps a 404 out of the console.
      res.statusCode = 204
      res.end()
      return
    }
    if (target.kind === 'not-found') {
      return respondText(
        res,
        url.pathname === '/' ? 503 : 404,
        url.pathname === '/'
          ? 'The desk UI is not built yet: run `npm run build`, then reload.'
          : `Not found: ${url.pathname}`,
      )
    }
    await sendFile(res, target, req.method)
  }

  const io = new Server(server, {
    path: SOCKET_PATH,
    serveClient: false,
    transports: ['websocket'],
    // The transport drops anything far beyond the limit; the bridge answers the rest with a
    // typed refusal, so a slightly oversized message gets an explanation, not a disconnect.
    maxHttpBufferSize: 2 * MAX_MESSAGE_BYTES,
    // Backstop: the middleware below answers refusals with their status and text first.
    allowRequest: (req, callback) => {
      const refusal = bound.policy?.checkRequest(req, { requireOrigin: true })
      callback(refusal?.message ?? null, refusal === undefined && bound.policy !== undefined)
    },
  })
  io.engine.use((req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
    const refusal: Refusal | undefined = bound.policy
      ? bound.policy.checkRequest(req, { requireOrigin: true })
      : { status: 403, message: 'The desk is starting.' }
    if (!refusal) return next()
    log.warn({ status: refusal.status, origin: req.headers.origin }, 'socket handshake refused')
    // Not calling next(): the refusal is the whole answer; engine.io would rewrite it as 400.
    if (req.headers.upgrade) refuseUpgrade(req.socket, refusal)
    else respondRefusal(res, refusal)
  })
  const unbridge = bridgeDeskServices(io, services, log)

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  bound.policy = createAccessPolicy({ port, token, allowRemote })
  const origin = `http://${urlHost(host)}:${port}`
  bound.origin = origin
  log.info({ origin, allowRemote }, 'web host listening')

  let stopping: Promise<void> | undefined
  return {
    url: `${origin}/?token=${token}`,
    origin,
    stop: () => {
      stopping ??= (async () => {
        unbridge()
        await new Promise<void>((resolve) => {
          // io.close() also closes the HTTP server; idle keep-alive sockets must not hold it.
          void io.close(() => resolve())
          server.closeAllConnections()
        })
      })()
      return stopping
    },
  }
}

function respondText(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.end(`${message}\n`)
}

function respondRefusal(res: ServerResponse, refusal: Refusal): void {
  respondText(res, refusal.status, refusal.message)
}

function refuseUpgrade(socket: NetSocket, refusal: Refusal): void {
  const body = `${refusal.message}\n`
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
      body,
  )
}
