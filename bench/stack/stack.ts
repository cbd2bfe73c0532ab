/**
 * The whole chain in separate processes, as it is deployed: the simulator (Plivo) → the relay
 * (a service) → the desk's main services (the app, optionally with its web host). The parent
 * only orchestrates and measures.
 */
import type { ChildHandle } from '../support/child'
import { forkChild } from '../support/child'
import type { SimClock } from '../support/sim-clock'
import { freshAccount, startRelayHost, type Account, type HostedServer } from '../relay/hosts'

export interface StackOptions {
  concurrentCalls: number
  timeScale: number
  seed: number
  rampSeconds?: number
  /** Status event groups the simulated calls subscribe to (default: all). */
  events?: string[]
  webHost: boolean
  /** Run relay and desk with --expose-gc (memory benchmark). */
  exposeGc?: boolean
  /**
   * The relay lives on the simulator's clock (time-scaled runs): it ages calls by their event
   * times. The desk ages them by when it saw them, so it keeps the real clock and its grace
   * periods are scaled instead (see the memory benchmark).
   */
  shareSimClock?: boolean
  relay?: { logLimit?: number; endedGraceMs?: number; dedupeTtlMs?: number }
  deskTuning?: Record<string, number>
  thresholds?: {
    customerWaitSec: number
    longHoldSec: number
    longSilenceSec: number
    overtalkSec: number
  }
}

export interface Stack {
  account: Account
  relay: HostedServer
  sim: ChildHandle
  simBaseUrl: string
  clock: SimClock
  desk: ChildHandle
  /** The web host's URL with its token (when `webHost`). */
  deskUrl: string | null
  stop(): Promise<void>
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const account = freshAccount()
  const stops: (() => Promise<void>)[] = []
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch(() => undefined)
    stops.length = 0
  }
  try {
    const relay = await startRelayHost(account, { ...options.relay, exposeGc: options.exposeGc })
    stops.push(() => relay.child.stop())
    const sim = forkChild('bench/stack/sim-host.ts', {
      exposeGc: options.exposeGc,
      env: {
        BENCH_SIM: JSON.stringify({
          ...account,
          relayUrl: relay.url,
          concurrentCalls: options.concurrentCalls,
          timeScale: options.timeScale,
          seed: options.seed,
          ...(options.rampSeconds !== undefined ? { rampSeconds: options.rampSeconds } : {}),
          ...(options.events ? { events: options.events } : {}),
        }),
      },
    })
    stops.push(() => sim.stop())
    const simReady = await sim.notice<{ baseUrl: string; clock: SimClock }>('ready', 60_000)
    if (options.shareSimClock) await relay.child.call('set-clock', simReady.clock)
    const desk = forkChild('bench/stack/desk-host.ts', {
      exposeGc: options.exposeGc,
      env: {
        BENCH_DESK: JSON.stringify({
          relayUrl: relay.url,
          relayToken: account.token,
          authId: account.authId,
          authToken: account.authToken,
          apiBaseUrl: simReady.baseUrl,
          webHost: options.webHost,
          tuning: options.deskTuning ?? {},
          ...(options.thresholds ? { thresholds: options.thresholds } : {}),
        }),
      },
    })
    stops.push(() => desk.stop())
    const deskReady = await desk.notice<{ url: string | null }>('ready', 120_000)
    return {
      account,
      relay,
      sim,
      simBaseUrl: simReady.baseUrl,
      clock: simReady.clock,
      desk,
      deskUrl: deskReady.url,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
