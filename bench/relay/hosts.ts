/** Starting the relay benchmarks' child processes: relays, the bare baseline, the load side. */
import { randomBytes } from 'node:crypto'
import { forkChild, type ChildHandle } from '../support/child'
import type { SimClock } from '../support/sim-clock'
import { simClockEnv } from '../support/sim-clock'

export interface Account {
  authId: string
  authToken: string
  /** The supervisors' socket token. */
  token: string
}

export function freshAccount(): Account {
  return {
    authId: `MABENCH${randomBytes(7).toString('hex').toUpperCase()}`,
    authToken: randomBytes(24).toString('base64url'),
    token: randomBytes(24).toString('base64url'),
  }
}

export interface HostedServer {
  child: ChildHandle
  url: string
}

export interface RelayHostOptions {
  redisUrl?: string
  redisKeyPrefix?: string
  logLimit?: number
  endedGraceMs?: number
  dedupeTtlMs?: number
  exposeGc?: boolean
  /** More Node flags for the relay process (`--cpu-prof`, …). */
  nodeArgs?: string[]
  simClock?: SimClock
}

export async function startRelayHost(
  account: Account,
  options: RelayHostOptions = {},
): Promise<HostedServer> {
  const { exposeGc, nodeArgs, simClock, ...config } = options
  const child = forkChild('bench/relay/relay-host.ts', {
    exposeGc,
    nodeArgs,
    env: {
      BENCH_RELAY: JSON.stringify({ ...account, ...config }),
      ...(simClock ? simClockEnv(simClock) : {}),
    },
  })
  const ready = await child.notice<{ url: string }>('ready')
  return { child, url: ready.url }
}

export async function startBareHost(): Promise<HostedServer> {
  const child = forkChild('bench/relay/bare-host.ts')
  const ready = await child.notice<{ url: string }>('ready')
  return { child, url: ready.url }
}

export async function startLoadHost(): Promise<ChildHandle> {
  const child = forkChild('bench/relay/load-host.ts')
  await child.notice('ready')
  return child
}

export interface CpuUsage {
  user: number
  system: number
}

/** CPU ms each of `children` spent while `run` ran (in the order given). */
export async function cpuDuring<T>(
  children: ChildHandle[],
  run: () => Promise<T>,
): Promise<{ value: T; cpuMs: number[] }> {
  const before = await Promise.all(children.map((c) => c.call<CpuUsage>('cpu')))
  const value = await run()
  const after = await Promise.all(children.map((c) => c.call<CpuUsage>('cpu')))
  const cpuMs = children.map((_, i) => {
    const a = after[i] as CpuUsage
    const b = before[i] as CpuUsage
    return (a.user - b.user + a.system - b.system) / 1000
  })
  return { value, cpuMs }
}
