/**
 * The callback relay (DESIGN §4) as a library: `startRelay(config)` listens on one port for
 * Plivo's callbacks (HTTP) and supervisors' sockets (socket.io `/supervisor`), and `stop()`
 * shuts it down gracefully. `relay/cli.ts` runs it as a service; main starts it in-process in
 * demo mode; tests start it on port 0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdapter } from '@socket.io/redis-adapter'
import { Redis } from 'ioredis'
import pino from 'pino'
import { Server } from 'socket.io'
import { RELAY_DEFAULTS, type RelayConfig } from './config'
import type { EventStore } from './event-store'
import { createIngestHandler, matchIngestRoute } from './ingest'
import { sendJson } from './json-response'
import { MemoryStore } from './memory-store'
import { createRelayMetrics } from './metrics'
import { RedisStore } from './redis-store'
import { SupervisorHub } from './supervisor-hub'
import { batchWritesPerTurn } from './write-batching'

export { loadRelayConfig, RelayConfigError, RELAY_DEFAULTS } from './config'
export type { RelayConfig, RelayAccount, RelaySupervisor } from './config'

export interface Relay {
  /** `http://host:port` as bound (the socket.io URL; callbacks go to `publicUrl`). */
  url: string
  port: number
  /** Stops accepting, lets in-flight callbacks finish, closes sockets, quits Redis. */
  stop(): Promise<void>
}

const REDIS_CONNECT_TIMEOUT_MS = 5000

async function connectRedis(url: string, log: pino.Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    // Fail a callback fast (Plivo retries it) rather than queue it behind a dead connection.
    maxRetriesPerRequest: 2,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
  })
  redis.on('error', (err: Error) => log.warn({ err: err.message }, 'redis error'))
  try {
    await redis.connect()
  } catch (err) {
    redis.disconnect()
    throw new Error(`cannot connect to Redis at ${url}: ${(err as Error).message}`, { cause: err })
  }
  return redis
}

/** QUIT when connected (flushes replies), then drop the connection and stop reconnecting. */
async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))
    await Promise.race([client.quit().catch(() => undefined), timeout])
    clearTimeout(timer)
  }
  client.disconnect()
}

const BASE_URL = 'http://relay.invalid'

function listen(server: ReturnType<typeof createServer>, host: string, port: number) {
  return new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve(server.address() as AddressInfo)
    })
  })
}

export async function startRelay(config: RelayConfig): Promise<Relay> {
  const log =
    config.logger === false ? pino({ enabled: false }) : (config.logger ?? pino({ name: 'relay' }))
  const storeOptions = {
    logLimit: config.logLimit,
    endedGraceMs: config.endedGraceMs,
    dedupeTtlMs: config.dedupeTtlMs ?? RELAY_DEFAULTS.dedupeTtlMs,
  }

  const redisClients: Redis[] = []
  let store: EventStore
  let redis: Redis | undefined
  if (config.redisUrl) {
    redis = await connectRedis(config.redisUrl, log)
    redisClients.push(redis)
    store = new RedisStore({
      ...storeOptions,
      redis,
      keyPrefix: config.redisKeyPrefix ?? RELAY_DEFAULTS.redisKeyPrefix,
    })
  } else {
    store = new MemoryStore(storeOptions)
  }

  // The hub needs the metrics and the ingest handler; they reach it once it exists.
  const late: { hub?: SupervisorHub } = {}
  const metrics = createRelayMetrics(
    () => late.hub?.clientCounts() ?? new Map(),
    config.processMetrics ?? false,
  )
  const accounts = new Map(config.accounts.map((a) => [a.authId, a.authToken]))
  const inFlight = new Set<Promise<void>>()
  let stopping = false
  let publicUrl = config.publicUrl ?? ''

  const ingest = createIngestHandler({
    accounts,
    publicUrl: () => publicUrl,
    maxBodyBytes: config.maxBodyBytes,
    store,
    publish: (authId, message, epoch) => late.hub?.publish(authId, message, epoch),
    metrics,
    log,
  })

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    let url: URL
    try {
      url = new URL(req.url ?? '/', BASE_URL)
    } catch {
      sendJson(res, 400, { error: 'bad request target' })
      return
    }
    const { pathname } = url
    const query = (): URLSearchParams => url.searchParams
    if (pathname === '/healthz' && req.method === 'GET') {
      const redisOk = !redis || redis.status === 'ready'
      const ok = !stopping && redisOk
      sendJson(res, ok ? 200 : 503, {
        status: ok ? 'ok' : stopping ? 'stopping' : 'redis unavailable',
        store: redis ? 'redis' : 'memory',
      })
      return
    }
    if (pathname === '/metrics' && req.method === 'GET') {
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType })
          res.end(text)
        },
        (err: unknown) => {
          log.error({ err }, 'metrics failed')
          sendJson(res, 500, { error: 'metrics failed' })
        },
      )
      return
    }
    const route = matchIngestRoute(pathname)
    if (!route) {
      if (pathname.startsWith('/plivo/')) metrics.rejected.inc({ reason: 'not_found' })
      sendJson(res, 404, { error: 'not found' })
      return
    }
    if (stopping) {
      res.setHeader('connection', 'close')
      sendJson(res, 503, { error: 'relay is shutting down; retry' })
      return
    }
    const work = ingest(req, res, route, query)
      .catch((err: unknown) => {
        log.error({ err }, 'callback handling failed')
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' })
      })
      .finally(() => inFlight.delete(work))
    inFlight.add(work)
  }

  const server = createServer(onRequest)
  // A slow client must not hold a connection (and a body buffer) open indefinitely.
  server.requestTimeout = 30_000
  server.headersTimeout = 15_000

  const io = new Server(server, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: false },
  })
  // Corked fan-out writes: the figures are in write-batching.ts.
  const writeBatching = batchWritesPerTurn(io)
  if (redis) {
    const pub = redis.duplicate()
    const sub = redis.duplicate()
    redisClients.push(pub, sub)
    await Promise.all([pub.connect(), sub.connect()])
    io.adapter(createAdapter(pub, sub, { key: `${config.redisKeyPrefix ?? 'relay'}:socket.io` }))
  }

  const hub = await SupervisorHub.create({
    io,
    store,
    accounts: [...accounts.keys()],
    supervisors: config.supervisors,
    metrics,
    log,
    clustered: redis !== undefined,
  })
  late.hub = hub

  const pruneEvery = Math.min(Math.max(config.endedGraceMs / 4, 1000), 10_000)
  const pruneTimer = setInterval(() => {
    store
      .pruneEnded(Date.now(), [...accounts.keys()])
      .catch((err: unknown) => log.warn({ err }, 'prune failed'))
  }, pruneEvery)
  pruneTimer.unref()

  let address: AddressInfo
  try {
    address = await listen(server, config.host, config.port)
  } catch (err) {
    clearInterval(pruneTimer)
    hub.stop()
    writeBatching.stop()
    await io.close()
    await Promise.all(redisClients.map(closeRedis))
    throw err
  }
  const host = address.address.includes(':') ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  publicUrl = config.publicUrl ?? url
  if (!config.publicUrl && !['127.0.0.1', '::1', 'localhost'].includes(address.address)) {
    log.warn(
      { publicUrl },
      'RELAY_PUBLIC_URL is not set: signatures are checked over the listening address, which is ' +
        'not what Plivo calls through a proxy or load balancer',
    )
  }
  log.info(
    { url, publicUrl, store: redis ? 'redis' : 'memory', accounts: accounts.size },
    'relay listening',
  )

  let stopped: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopping = true
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    await Promise.allSettled([...inFlight])
    clearInterval(pruneTimer)
    hub.stop()
    writeBatching.stop()
    await io.close()
    server.closeAllConnections()
    await closed
    await store.close()
    await Promise.all(redisClients.map(closeRedis))
    log.info('relay stopped')
  }

  return {
    url,
    port: address.port,
    stop: () => (stopped ??= stop()),
  }
}
