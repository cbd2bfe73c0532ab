/**
 * Benchmark 1 — relay ingest and fan-out. One relay (in-memory store) in its own process; the
 * callbacks and the supervisor sockets in another (bench/relay/load-host.ts). Against the
 * baseline of a bare socket.io server broadcasting the same event messages (no HTTP, no
 * signature, no parse, no log), measured in the same run with the same client process.
 */
import type { ChildHandle } from '../support/child'
import { ratio, renderTable, verdict } from '../support/stats'
import { attemptMeasurement, failureLines } from './failures'
import {
  freshAccount,
  startBareHost,
  startLoadHost,
  startRelayHost,
  type HostedServer,
} from './hosts'
import {
  bareLatency,
  bareThroughput,
  connectClients,
  RELAY_LOAD,
  relayLatency,
  relayThroughput,
  type LatencyFigures,
  type ThroughputFigures,
} from './measure'

export interface RelayBenchOptions {
  quick: boolean
  /** Progress lines (the run takes minutes). */
  progress?: (line: string) => void
}

export interface RelayBenchResult {
  setup: Record<string, unknown>
  throughput: {
    clients: number
    relay: ThroughputFigures
    baseline: ThroughputFigures
    ratio: number
  }[]
  latency: { rate: number; relay: LatencyFigures; baseline: LatencyFigures }[]
  goals: { name: string; value: number; target: string; met: boolean }[]
  /** Measurements that could not be made (the rest of the run goes on without them). */
  failures: { what: string; error: string }[]
  tables: string[]
}

export const RELAY_PLAN = {
  full: { ...RELAY_LOAD.full, clients: [1, 20, 200], count: 5000, warmup: 1500 },
  quick: { ...RELAY_LOAD.quick, clients: [1, 4], count: 150, durationMs: 600, warmup: 50 },
}

export async function runRelayBench(options: RelayBenchOptions): Promise<RelayBenchResult> {
  const plan = options.quick ? RELAY_PLAN.quick : RELAY_PLAN.full
  const say = options.progress ?? (() => undefined)
  const account = freshAccount()
  const started: { stop(): Promise<void> }[] = []
  try {
    const load = await startLoadHost()
    started.push(load)
    const relay = await startRelayHost(account)
    started.push(relay.child)
    const bare = await startBareHost()
    started.push(bare.child)

    say('relay: warming up')
    // Warm-up: JIT, connection pools, the relay's first MPCs.
    await connectClients(load, [relay], account.token, 1)
    await relayThroughput(load, relay, account, plan.warmup, plan.concurrency)
    await connectClients(load, [bare], account.token, 1)
    await bareThroughput(load, bare, plan.warmup)

    const failures: RelayBenchResult['failures'] = []
    const attempt = (what: string, run: () => Promise<void>): Promise<void> =>
      attemptMeasurement(failures, say, 'relay', what, run)
    const throughput: RelayBenchResult['throughput'] = []
    for (const n of plan.clients) {
      say(`relay: throughput with ${n} clients`)
      await attempt(`throughput with ${n} clients`, async () => {
        const r = await throughputAt(load, relay, account, n, plan)
        const b = await baselineAt(load, bare, account.token, n, plan.count)
        throughput.push({
          clients: n,
          relay: r,
          baseline: b,
          ratio: ratio(r.deliveredPerSec, b.deliveredPerSec),
        })
      })
    }

    const latency: RelayBenchResult['latency'] = []
    for (const rate of plan.rates) {
      say(`relay: latency at ${rate}/s`)
      await attempt(`latency at ${rate}/s`, async () => {
        await connectClients(load, [relay], account.token, plan.latencyClients)
        const r = await relayLatency(load, relay, account, rate, plan.durationMs)
        await connectClients(load, [bare], account.token, plan.latencyClients)
        const b = await bareLatency(load, bare, rate, plan.durationMs)
        latency.push({ rate, relay: r, baseline: b })
      })
    }
    await load.call('disconnect')

    const at20 = throughput.find((t) => t.clients === 20)
    const at1000 = latency.find((l) => l.rate === 1000)
    const goals: RelayBenchResult['goals'] = []
    if (at20) {
      const delivered = Math.min(at20.relay.acceptedPerSec ?? Infinity, at20.relay.deliveredPerSec)
      goals.push({
        name: 'callbacks/s with 20 clients (accepted and delivered)',
        value: delivered,
        target: '≥ 5,000',
        met: delivered >= 5000,
      })
      goals.push({
        name: 'relay / baseline throughput, 20 clients',
        value: at20.ratio,
        target: '≥ 0.5',
        met: at20.ratio >= 0.5,
      })
    }
    if (at1000) {
      const stolen = at1000.relay.stolenMs
      goals.push({
        name: `p99 latency at 1,000/s (ms)${Number.isFinite(stolen) ? `; ${Math.round(stolen)} ms of CPU stolen by the hypervisor meanwhile` : ''}`,
        value: at1000.relay.latency.p99,
        target: '≤ 25',
        met: at1000.relay.latency.p99 <= 25,
      })
    }

    const tables = [
      renderTable(
        'Relay ingest + fan-out: throughput (relay in one process; load generator + clients in another)',
        [
          'clients',
          'accepted/s',
          'delivered/s',
          'relay CPU µs/ev',
          'load CPU µs/ev',
          'baseline/s',
          'base CPU µs/ev',
          'load CPU µs/ev',
          'relay/base',
        ],
        throughput.map((t) => [
          t.clients,
          t.relay.acceptedPerSec,
          t.relay.deliveredPerSec,
          t.relay.serverCpuUsPerEvent,
          t.relay.loadCpuUsPerEvent,
          t.baseline.deliveredPerSec,
          t.baseline.serverCpuUsPerEvent,
          t.baseline.loadCpuUsPerEvent,
          t.ratio,
        ]),
      ),
      renderTable(
        'What bounds the throughput: one core ÷ CPU per callback, per process (callbacks/s each could reach with a core of its own; the machine shares its cores among all of them)',
        [
          'clients',
          'relay measured',
          'relay ceiling',
          'its load ceiling',
          'bare measured',
          'bare ceiling',
          'its load ceiling',
        ],
        throughput.map((t) => [
          t.clients,
          t.relay.deliveredPerSec,
          ceiling(t.relay.serverCpuUsPerEvent),
          ceiling(t.relay.loadCpuUsPerEvent),
          t.baseline.deliveredPerSec,
          ceiling(t.baseline.serverCpuUsPerEvent),
          ceiling(t.baseline.loadCpuUsPerEvent),
        ]),
      ),
      renderTable(
        `Relay callback → client latency (ms), ${plan.latencyClients} clients, open-loop fixed rate; relay event-loop delay and GC pauses (ms) during the run; CPU ms the hypervisor took from the machine during the relay's and the baseline's run`,
        [
          'rate/s',
          'achieved',
          'p50',
          'p99',
          'max',
          'base p50',
          'base p99',
          'p99 relay/base',
          'relay loop p99',
          'loop max',
          'GC pauses',
          'GC max',
          'stolen ms',
          'base stolen',
        ],
        latency.map((l) => [
          l.rate,
          l.relay.achievedRate,
          l.relay.latency.p50,
          l.relay.latency.p99,
          l.relay.latency.max,
          l.baseline.latency.p50,
          l.baseline.latency.p99,
          ratio(l.relay.latency.p99, l.baseline.latency.p99),
          l.relay.relayProcess?.loopDelayMs.p99 ?? NaN,
          l.relay.relayProcess?.loopDelayMs.max ?? NaN,
          l.relay.relayProcess
            ? `${l.relay.relayProcess.gc.count} / ${l.relay.relayProcess.gc.totalMs.toFixed(0)} ms`
            : '',
          l.relay.relayProcess?.gc.maxMs ?? NaN,
          l.relay.stolenMs,
          l.baseline.stolenMs,
        ]),
      ),
      renderTable(
        'Relay goals',
        ['goal', 'measured', 'target', 'verdict'],
        goals.map((g) => [g.name, g.value, g.target, verdict(g.met)]),
      ),
    ]
    return {
      setup: {
        ...plan,
        quick: options.quick,
        load: 'child process (callbacks + clients), relay in its own child process',
      },
      throughput,
      latency,
      goals,
      failures,
      tables: [...tables, ...failureLines(failures)],
    }
  } finally {
    for (const s of started.reverse()) await s.stop().catch(() => undefined)
  }
}

/** Callbacks per second a process spending `cpuUsPerEvent` could take on one core of its own. */
function ceiling(cpuUsPerEvent: number): number {
  return cpuUsPerEvent > 0 ? 1e6 / cpuUsPerEvent : NaN
}

async function throughputAt(
  load: ChildHandle,
  relay: HostedServer,
  account: { authId: string; authToken: string; token: string },
  n: number,
  plan: { count: number; concurrency: number },
): Promise<ThroughputFigures> {
  await connectClients(load, [relay], account.token, n)
  return relayThroughput(load, relay, account, plan.count, plan.concurrency)
}

async function baselineAt(
  load: ChildHandle,
  bare: HostedServer,
  token: string,
  n: number,
  count: number,
) {
  await connectClients(load, [bare], token, n)
  return bareThroughput(load, bare, count)
}
