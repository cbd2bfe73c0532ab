/**
 * Child process: the simulator under test, with seeded call-center traffic whose callbacks go to
 * the receiver host, and — after the simulator has stopped — the baseline sender: a bare loop
 * POSTing the same callbacks, already encoded and signed, with the same keep-alive agent and the
 * same bound on requests in flight. Same process kind, same receiver, same run: the gap between
 * the two is what the simulator itself costs per callback.
 */
import http from 'node:http'
import { z } from 'zod'
import { CallbackEncoder, type PreparedRequest } from '../../simulator/callback-wire'
import { MAX_IN_FLIGHT, newCallbackAgent } from '../../simulator/callbacks'
import { startSimulator, type Simulator, type SimulatorStats } from '../../simulator/index'
import { serveParent } from '../support/child'
import { distribution, Samples, wallNow, type Distribution } from '../support/stats'

const startSchema = z.object({
  receiverUrl: z.string().url(),
  concurrentCalls: z.number().int().positive(),
  timeScale: z.number().positive(),
  seed: z.number().int(),
  rampSeconds: z.number().positive(),
})
const baselineSchema = z.object({
  count: z.number().int().positive(),
  /** Open loop at this many POSTs per second; absent: back to back, as fast as it goes. */
  rate: z.number().positive().optional(),
})

/** Callbacks kept (as the simulator sent them) to replay in the baseline. */
const CAPTURE = 5_000

interface Captured {
  url: string
  method: 'GET' | 'POST'
  params: Record<string, string>
}

export interface WindowFigures {
  elapsedMs: number
  /** Callbacks the world produced in the window (sent, failed, dropped or still queued). */
  generated: number
  /** Answered 2xx–5xx by the receiver in the window. */
  sent: number
  failed: number
  cpuMs: number
  /** Actual send time − scheduled time of each callback sent in the window, ms. */
  lag: Distribution
  /** The part of it before the world produced the callback (the event loop ran late). */
  late: Distribution
  /** The part after: queued behind its MPC's previous callback or the in-flight bound. */
  wait: Distribution
  minLiveMpcs: number
  maxLiveMpcs: number
  pendingAtEnd: number
}

export interface BaselineFigures {
  count: number
  elapsedMs: number
  cpuMs: number
  failed: number
}

const produced = (s: SimulatorStats): number =>
  s.callbacksSent + s.callbacksFailed + s.callbacksDropped + s.callbacksPending

const cpuMsSince = (before: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(before)
  return (d.user + d.system) / 1000
}

async function main(): Promise<void> {
  let sim: Simulator | undefined
  let authToken = ''
  const captured: Captured[] = []
  let lag: Samples | undefined
  let late: Samples | undefined
  let wait: Samples | undefined
  let window:
    | {
        startedAt: number
        cpu: NodeJS.CpuUsage
        stats: SimulatorStats
        minLive: number
        maxLive: number
        sampler: NodeJS.Timeout
      }
    | undefined

  const running = (): Simulator => {
    if (!sim) throw new Error('the simulator is not running')
    return sim
  }
  const sampleLive = (): void => {
    if (!window || !sim) return
    const live = sim.stats().liveMpcs
    window.minLive = Math.min(window.minLive, live)
    window.maxLive = Math.max(window.maxLive, live)
  }

  serveParent({
    start: async (payload) => {
      const o = startSchema.parse(payload)
      sim = await startSimulator({
        callbacks: {
          statusUrl: `${o.receiverUrl}/plivo/status`,
          recordingUrl: `${o.receiverUrl}/plivo/recording`,
          method: 'POST',
        },
        traffic: { concurrentCalls: o.concurrentCalls, rampSeconds: o.rampSeconds },
        timeScale: o.timeScale,
        seed: o.seed,
      })
      authToken = sim.authToken
      sim.on('callback', (info) => {
        // Captured inside the window, so the baseline replays the same mix of events.
        if (lag && captured.length < CAPTURE && info.method === 'POST') {
          captured.push({ url: info.url, method: 'POST', params: info.params })
        }
        if (lag && late && wait && info.sentAt !== undefined) {
          lag.push(info.sentAt - info.dueAt)
          late.push(info.queuedAt - info.dueAt)
          wait.push(info.sentAt - info.queuedAt)
        }
      })
      return { baseUrl: sim.baseUrl }
    },
    'window-begin': () => {
      const stats = running().stats()
      if (window) clearInterval(window.sampler)
      lag = new Samples()
      late = new Samples()
      wait = new Samples()
      window = {
        startedAt: wallNow(),
        cpu: process.cpuUsage(),
        stats,
        minLive: stats.liveMpcs,
        maxLive: stats.liveMpcs,
        sampler: setInterval(sampleLive, 250),
      }
      return stats
    },
    'window-end': (): WindowFigures => {
      const w = window
      const samples = lag
      const lateSamples = late
      const waitSamples = wait
      if (!w || !samples || !lateSamples || !waitSamples) {
        throw new Error('no measurement window is open')
      }
      sampleLive()
      clearInterval(w.sampler)
      const cpuMs = cpuMsSince(w.cpu)
      const end = running().stats()
      window = undefined
      lag = late = wait = undefined
      return {
        elapsedMs: wallNow() - w.startedAt,
        generated: produced(end) - produced(w.stats),
        sent: end.callbacksSent - w.stats.callbacksSent,
        failed: end.callbacksFailed - w.stats.callbacksFailed,
        cpuMs,
        lag: distribution(samples.values()),
        late: distribution(lateSamples.values()),
        wait: distribution(waitSamples.values()),
        minLiveMpcs: w.minLive,
        maxLiveMpcs: w.maxLive,
        pendingAtEnd: end.callbacksPending,
      }
    },
    stats: () => running().stats(),
    'stop-sim': async () => {
      if (window) clearInterval(window.sampler)
      window = undefined
      await sim?.stop()
      sim = undefined
      return { captured: captured.length }
    },
    baseline: async (payload) => runBaseline(captured, authToken, baselineSchema.parse(payload)),
    cpu: () => process.cpuUsage(),
    stop: async () => {
      if (window) clearInterval(window.sampler)
      await sim?.stop()
    },
  })
}

/**
 * The fastest sender this machine has: every request encoded and signed before the clock starts,
 * then POSTed back to back, MAX_IN_FLIGHT at a time, on the simulator's own kind of agent.
 */
async function runBaseline(
  captured: Captured[],
  authToken: string,
  { count, rate }: { count: number; rate?: number | undefined },
): Promise<BaselineFigures> {
  if (captured.length === 0) throw new Error('no callbacks captured to replay')
  const encoder = new CallbackEncoder(() => authToken)
  const requests: PreparedRequest[] = []
  for (let i = 0; i < count; i++) {
    const c = captured[i % captured.length] as Captured
    requests.push(encoder.prepare({ url: c.url, method: c.method }, c.params))
  }
  const agent = newCallbackAgent()
  let failed = 0
  const post = (request: PreparedRequest, done: () => void): void => {
    const req = http.request({
      ...request.options,
      method: 'POST',
      headers: request.headers,
      agent,
    })
    req.on('response', (res) => {
      res.resume()
      res.on('end', done)
      res.on('error', () => {
        failed++
        done()
      })
    })
    req.on('error', () => {
      failed++
      done()
    })
    req.end(request.body)
  }
  const cpu = process.cpuUsage()
  const startedAt = wallNow()
  await new Promise<void>((resolve) => {
    let next = 0
    let inFlight = 0
    let finished = 0
    /** How many POSTs are due by now: all of them back to back, or `rate` per second. */
    const due = (): number =>
      rate === undefined
        ? count
        : Math.min(count, Math.floor(((wallNow() - startedAt) * rate) / 1000) + 1)
    const done = (): void => {
      inFlight--
      if (++finished === count) resolve()
      else pump()
    }
    const pump = (): void => {
      const limit = due()
      while (next < limit && inFlight < MAX_IN_FLIGHT) {
        inFlight++
        post(requests[next++] as PreparedRequest, done)
      }
    }
    if (rate !== undefined) {
      // The simulator's scheduler wakes per due event; a 1 ms tick is as close as a loop gets.
      const tick = setInterval(() => {
        pump()
        if (next >= count) clearInterval(tick)
      }, 1)
    }
    pump()
  })
  const elapsedMs = wallNow() - startedAt
  const cpuMs = cpuMsSince(cpu)
  agent.destroy()
  return { count, elapsedMs, cpuMs, failed }
}

void main().catch((error: unknown) => {
  console.error('simulator bench host failed', error)
  process.exit(1)
})
