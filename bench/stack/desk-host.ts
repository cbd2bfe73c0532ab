/**
 * Child process: the desk's main services (`createDesk`, not demo mode) connected to a relay
 * and the simulator's REST API, optionally with the web host serving the built renderer.
 * Reports its heap and its live store's size.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { z } from 'zod'
import { createDesk, createMemorySecretStore, type DeskTuning } from '../../main/services/index'
import { startWebHost, type WebHost } from '../../main/web/server'
import { REPO_ROOT, serveParent } from '../support/child'
import { heapReport } from '../support/heap'

const configSchema = z.object({
  relayUrl: z.string(),
  relayToken: z.string(),
  authId: z.string(),
  authToken: z.string(),
  apiBaseUrl: z.string(),
  webHost: z.boolean(),
  /** Desk timings (e.g. eviction) the run needs; production defaults otherwise. */
  tuning: z.record(z.string(), z.number()).default({}),
  thresholds: z
    .object({
      customerWaitSec: z.number(),
      longHoldSec: z.number(),
      longSilenceSec: z.number(),
      overtalkSec: z.number(),
    })
    .optional(),
})

async function main(): Promise<void> {
  // The desk keeps the real clock even in time-scaled runs (the memory benchmark scales its
  // grace periods instead). socket.io-client decides that a connection is dead when Date.now()
  // passes the last ping + 45 s (engine.io-client's `_hasPingExpired`, checked on every emit):
  // on a 200× simulated clock that is 225 real ms, so the subscribe was buffered, the socket
  // closed for "ping timeout", reconnected, and `whenLive` never resolved.
  const config = configSchema.parse(JSON.parse(process.env.BENCH_DESK ?? '{}'))
  const dataDir = await mkdtemp(join(tmpdir(), 'desk-bench-'))
  await writeFile(
    join(dataDir, 'settings.json'),
    JSON.stringify({
      demo: false,
      relayUrl: config.relayUrl,
      plivoAuthId: config.authId,
      apiBaseUrl: config.apiBaseUrl,
      supervisorEndpoint: 'sip:supervisor@desk.bench',
      callerId: '+15550000100',
      ...(config.thresholds ? { thresholds: config.thresholds } : {}),
    }),
    { mode: 0o600 },
  )
  const secrets = createMemorySecretStore()
  await secrets.set('relayToken', config.relayToken)
  await secrets.set('plivoAuthToken', config.authToken)
  const desk = await createDesk({
    secrets,
    dataDir,
    user: 'bench',
    // Errors to stderr (BENCH_DESK_LOG_LEVEL=warn or info for more): a run that goes wrong
    // should say why rather than only time out. Warnings are off by default: a center running
    // hundreds of times faster than real makes many (REST reads racing the calls' ends).
    log: pino({ level: process.env.BENCH_DESK_LOG_LEVEL ?? 'error' }, pino.destination(2)),
    tuning: config.tuning as Partial<DeskTuning>,
  })
  await desk.whenLive(60_000)
  let web: WebHost | undefined
  if (config.webHost) {
    web = await startWebHost({
      services: desk,
      rendererDir: join(REPO_ROOT, 'out', 'renderer'),
      port: 0,
    })
  }
  serveParent(
    {
      heap: () => heapReport(),
      cpu: () => process.cpuUsage(),
      size: async () => {
        const snapshot = await desk.invoke['desk:snapshot'](undefined)
        return {
          mpcs: snapshot.mpcs.length,
          live: snapshot.mpcs.filter((m) => m.status !== 'ended').length,
          seq: snapshot.seq,
        }
      },
      stop: async () => {
        await web?.stop()
        await desk.stop()
        await rm(dataDir, { recursive: true, force: true })
      },
    },
    { url: web?.url ?? null },
  )
}

void main().catch((error: unknown) => {
  console.error('desk host failed', error)
  process.exit(1)
})
