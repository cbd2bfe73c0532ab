/**
 * The two measurements the relay benchmarks make, against a relay (or relays) or against the
 * bare socket.io baseline, with the clients the load host has connected.
 */
import type { ChildHandle } from '../support/child'
import type { Distribution } from '../support/stats'
import { withStolenMs } from '../support/steal'
import type { Account, HostedServer } from './hosts'
import { cpuDuring } from './hosts'

/**
 * The load both relay benchmarks apply, so that the scale-out figures compare with the ingest
 * ones: the same requests in flight, the same open-loop rates (1,000/s is where the p99 goal is
 * judged) and the same clients listening during latency runs.
 */
export const RELAY_LOAD = {
  full: { concurrency: 32, rates: [100, 1000], durationMs: 5000, latencyClients: 20 },
  quick: { concurrency: 8, rates: [100], latencyClients: 2 },
}

export interface ThroughputFigures {
  clients: number
  count: number
  /** Callbacks answered 200 per second (relay only). */
  acceptedPerSec?: number
  /** Events per second until every client had every event. */
  deliveredPerSec: number
  /** CPU µs the server (the ingesting relay, or the bare server) spent per event. */
  serverCpuUsPerEvent: number
  /**
   * CPU µs the load process (callback sender and every client) spent per event: when it nears
   * 1,000,000 / rate it has a core to itself no longer, and it, not the server, sets the rate.
   */
  loadCpuUsPerEvent: number
}

export interface LatencyFigures {
  clients: number
  rate: number
  achievedRate: number
  latency: Distribution
  /** Inside the ingesting relay during the run: where a latency tail can come from. */
  relayProcess?: RelayProcessStats
  /** CPU ms the hypervisor took from this machine during the run (support/steal.ts). */
  stolenMs: number
}

/** `loop-stats` of bench/relay/relay-host.ts. */
export interface RelayProcessStats {
  loopDelayMs: { p50: number; p99: number; max: number }
  gc: { count: number; totalMs: number; maxMs: number; over10ms: number }
}

let runCounter = 0
const nextTag = (): string => `${process.pid}-${++runCounter}`

export async function relayThroughput(
  load: ChildHandle,
  relay: HostedServer,
  account: Account,
  count: number,
  concurrency: number,
): Promise<ThroughputFigures> {
  const { value, cpuMs } = await cpuDuring([relay.child, load], () =>
    load.call<{ clients: number; acceptedPerSec: number; deliveredPerSec: number }>(
      'throughput',
      {
        relayUrl: relay.url,
        authId: account.authId,
        authToken: account.authToken,
        tag: nextTag(),
        count,
        concurrency,
      },
      300_000,
    ),
  )
  return {
    clients: value.clients,
    count,
    acceptedPerSec: value.acceptedPerSec,
    deliveredPerSec: value.deliveredPerSec,
    serverCpuUsPerEvent: ((cpuMs[0] ?? NaN) * 1000) / count,
    loadCpuUsPerEvent: ((cpuMs[1] ?? NaN) * 1000) / count,
  }
}

export async function relayLatency(
  load: ChildHandle,
  relay: HostedServer,
  account: Account,
  rate: number,
  durationMs: number,
): Promise<LatencyFigures> {
  await relay.child.call('loop-stats')
  const { value: r, stolenMs } = await withStolenMs(() =>
    load.call<{ clients: number; achievedRate: number; latency: Distribution }>(
      'rate',
      {
        relayUrl: relay.url,
        authId: account.authId,
        authToken: account.authToken,
        tag: nextTag(),
        rate,
        durationMs,
      },
      300_000,
    ),
  )
  const relayProcess = await relay.child.call<RelayProcessStats>('loop-stats')
  return {
    clients: r.clients,
    rate,
    achievedRate: r.achievedRate,
    latency: r.latency,
    relayProcess,
    stolenMs,
  }
}

export async function bareThroughput(
  load: ChildHandle,
  bare: HostedServer,
  count: number,
): Promise<ThroughputFigures> {
  await bare.child.call('prepare', { count, tag: nextTag() })
  const { clients } = await load.call<{ clients: number }>('session-start', { expected: count })
  const { value, cpuMs } = await cpuDuring([bare.child, load], async () => {
    await bare.child.call('burst', {}, 300_000)
    return load.call<{ lastReceive: number; firstStamp: number }>('session-wait', {}, 300_000)
  })
  return {
    clients,
    count,
    deliveredPerSec: (count / (value.lastReceive - value.firstStamp)) * 1000,
    serverCpuUsPerEvent: ((cpuMs[0] ?? NaN) * 1000) / count,
    loadCpuUsPerEvent: ((cpuMs[1] ?? NaN) * 1000) / count,
  }
}

export async function bareLatency(
  load: ChildHandle,
  bare: HostedServer,
  rate: number,
  durationMs: number,
): Promise<LatencyFigures> {
  const total = Math.max(1, Math.round((rate * durationMs) / 1000))
  await bare.child.call('prepare', { count: total, tag: nextTag() })
  const { clients } = await load.call<{ clients: number }>('session-start', { expected: total })
  const { value, stolenMs } = await withStolenMs(async () => {
    const sent = await bare.child.call<{ sent: number; spanMs: number }>(
      'rate',
      { rate, durationMs },
      300_000,
    )
    const r = await load.call<{ latency: Distribution }>('session-wait', {}, 300_000)
    return { sent, latency: r.latency }
  })
  return {
    clients,
    rate,
    achievedRate: (value.sent.sent / value.sent.spanMs) * 1000,
    latency: value.latency,
    stolenMs,
  }
}

/** Connects `n` clients split evenly across `servers` (the first gets the remainder). */
export async function connectClients(
  load: ChildHandle,
  servers: HostedServer[],
  token: string,
  n: number,
): Promise<void> {
  await load.call('disconnect')
  const each = Math.floor(n / servers.length)
  const targets = servers.map((s, i) => ({
    url: s.url,
    token,
    count: i === 0 ? n - each * (servers.length - 1) : each,
  }))
  await load.call('connect', { targets }, 120_000)
}
