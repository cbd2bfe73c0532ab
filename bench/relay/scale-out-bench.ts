/**
 * Benchmark 2 — Redis scale-out. Two relay nodes (each its own process) on one real
 * redis-server; the clients split across both, the callbacks sent to the first. Compared, in
 * the same run and with the same load process, with one in-memory node (the relay's default),
 * and with one node on Redis (the store's cost without the cross-node fan-out).
 */
import { startRedisServer, type RedisServer } from '../../relay/testing/support'
import { ratio, renderTable, verdict } from '../support/stats'
import { attemptMeasurement, failureLines } from './failures'
import { freshAccount, startLoadHost, startRelayHost, type HostedServer } from './hosts'
import {
  connectClients,
  RELAY_LOAD,
  relayLatency,
  relayThroughput,
  type LatencyFigures,
  type ThroughputFigures,
} from './measure'

export interface ScaleOutOptions {
  quick: boolean
  progress?: (line: string) => void
}

type Topology = 'memory ×1' | 'redis ×1' | 'redis ×2'

export interface ScaleOutResult {
  setup: Record<string, unknown>
  rows: {
    topology: Topology
    throughput: ThroughputFigures[]
    latency: LatencyFigures[]
  }[]
  /** redis ×2 as a fraction of memory ×1 (throughput) and its p99 as a multiple. */
  adapterCost: { clients: number; throughputRatio: number }[]
  latencyCost: { rate: number; p99Ratio: number }[]
  failures: { what: string; error: string }[]
  tables: string[]
}

export const SCALE_OUT_PLAN = {
  full: { ...RELAY_LOAD.full, clients: [20, 200], count: 4000, warmup: 1000 },
  quick: { ...RELAY_LOAD.quick, clients: [2], count: 120, durationMs: 300, warmup: 40 },
}

export async function runScaleOutBench(options: ScaleOutOptions): Promise<ScaleOutResult> {
  const plan = options.quick ? SCALE_OUT_PLAN.quick : SCALE_OUT_PLAN.full
  const say = options.progress ?? (() => undefined)
  const stops: (() => Promise<void>)[] = []
  let redis: RedisServer | undefined
  try {
    redis = await startRedisServer()
    const redisServer = redis
    stops.push(() => redisServer.stop())
    const load = await startLoadHost()
    stops.push(() => load.stop())

    const account = freshAccount()
    const all: { topology: Topology; nodes: () => Promise<HostedServer[]> }[] = [
      { topology: 'memory ×1', nodes: async () => [await startRelayHost(account)] },
      {
        topology: 'redis ×1',
        nodes: async () => [
          await startRelayHost(account, { redisUrl: redisServer.url, redisKeyPrefix: 'bench1' }),
        ],
      },
      {
        topology: 'redis ×2',
        nodes: async () => {
          const a = await startRelayHost(account, {
            redisUrl: redisServer.url,
            redisKeyPrefix: 'bench2',
          })
          const b = await startRelayHost(account, {
            redisUrl: redisServer.url,
            redisKeyPrefix: 'bench2',
          })
          return [a, b]
        },
      },
    ]
    // The quick run only proves the two ends of the comparison still work.
    const topologies = options.quick ? all.filter((t) => t.topology !== 'redis ×1') : all
    const rows: ScaleOutResult['rows'] = []
    const failures: ScaleOutResult['failures'] = []
    for (const t of topologies) {
      say(`redis: ${t.topology}`)
      const nodes = await t.nodes()
      try {
        await attemptMeasurement(failures, say, 'redis', t.topology, async () => {
          const ingest = nodes[0] as HostedServer
          await connectClients(load, nodes, account.token, Math.max(1, nodes.length))
          await relayThroughput(load, ingest, account, plan.warmup, plan.concurrency)
          const throughput: ThroughputFigures[] = []
          for (const n of plan.clients) {
            await connectClients(load, nodes, account.token, n)
            throughput.push(
              await relayThroughput(load, ingest, account, plan.count, plan.concurrency),
            )
          }
          const latency: LatencyFigures[] = []
          await connectClients(load, nodes, account.token, plan.latencyClients)
          for (const rate of plan.rates)
            latency.push(await relayLatency(load, ingest, account, rate, plan.durationMs))
          await load.call('disconnect')
          rows.push({ topology: t.topology, throughput, latency })
        })
      } finally {
        for (const node of nodes) await node.child.stop()
      }
    }

    const memory = rows.find((r) => r.topology === 'memory ×1')
    const two = rows.find((r) => r.topology === 'redis ×2')
    const adapterCost = plan.clients.map((clients, i) => ({
      clients,
      throughputRatio: ratio(
        two?.throughput[i]?.deliveredPerSec ?? NaN,
        memory?.throughput[i]?.deliveredPerSec ?? NaN,
      ),
    }))
    const latencyCost = plan.rates.map((rate, i) => ({
      rate,
      p99Ratio: ratio(two?.latency[i]?.latency.p99 ?? NaN, memory?.latency[i]?.latency.p99 ?? NaN),
    }))
    const tables = [
      renderTable(
        'Redis scale-out: throughput (clients split across nodes, callbacks to node 1)',
        [
          'topology',
          'clients',
          'accepted/s',
          'delivered/s',
          'ingest CPU µs/ev',
          'load CPU µs/ev',
          '÷ memory ×1',
        ],
        rows.flatMap((r) =>
          r.throughput.map((t, i) => [
            r.topology,
            t.clients,
            t.acceptedPerSec,
            t.deliveredPerSec,
            t.serverCpuUsPerEvent,
            t.loadCpuUsPerEvent,
            ratio(t.deliveredPerSec, memory?.throughput[i]?.deliveredPerSec ?? NaN),
          ]),
        ),
      ),
      renderTable(
        `Redis scale-out: callback → client latency (ms), ${plan.latencyClients} clients; CPU ms the hypervisor took from the machine during each run`,
        [
          'topology',
          'rate/s',
          'achieved',
          'p50',
          'p99',
          'max',
          'p99 ÷ memory ×1',
          'p99 ≤ 25',
          'stolen ms',
        ],
        rows.flatMap((r) =>
          r.latency.map((l, i) => [
            r.topology,
            l.rate,
            l.achievedRate,
            l.latency.p50,
            l.latency.p99,
            l.latency.max,
            ratio(l.latency.p99, memory?.latency[i]?.latency.p99 ?? NaN),
            l.rate === 1000 ? verdict(l.latency.p99 <= 25) : '',
            l.stolenMs,
          ]),
        ),
      ),
    ]
    return {
      setup: {
        ...plan,
        quick: options.quick,
        redis: 'redis-server child (--save "" --appendonly no)',
        nodes: 'each relay its own child process',
      },
      rows,
      adapterCost,
      latencyCost,
      failures,
      tables: [...tables, ...failureLines(failures)],
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined)
  }
}
