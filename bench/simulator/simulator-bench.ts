/**
 * Benchmark — the simulator as a load source (issue #3: "at least 2,000 concurrent MPCs and
 * 1,000 callbacks per second"). The simulator with seeded traffic runs in one child process,
 * its callbacks go to a minimal receiver in another. Measured over a window after warm-up:
 * callbacks delivered per second, the simulator's CPU per callback, and how far behind schedule
 * each callback went out (send time − the instant the event happened in the simulation).
 *
 * Baseline, same run, same receiver: a bare loop in the simulator's process POSTing the same
 * callbacks, pre-encoded and pre-signed, on the same kind of keep-alive agent — once at the rate
 * the simulator delivered (per-request cost depends on the rate: at a low rate every request
 * pays its own event-loop wake-ups) and once back to back, the fastest this machine sends them.
 * Simulator CPU µs per callback over the same-rate baseline's is what the world, the scheduler,
 * the lanes and the signing add.
 */
import { forkChild, type ChildHandle } from '../support/child'
import { fmt, ratio, renderTable, verdict, type Distribution } from '../support/stats'
import type { BaselineFigures, WindowFigures } from './sim-host'

export interface SimulatorBenchOptions {
  quick: boolean
  /** Progress lines (the full run takes about two minutes). */
  progress?: (line: string) => void
}

export interface SimulatorPlan {
  /** Traffic's target of live calls (the live MPC count is measured, not assumed). */
  concurrentCalls: number
  timeScale: number
  rampSeconds: number
  seed: number
  warmupMs: number
  windowMs: number
  /** Seconds of the same-rate baseline (its count follows from the simulator's rate). */
  pacedSeconds: number
  /** POSTs of the back-to-back baseline. */
  baselineCount: number
}

export const SIMULATOR_PLAN: { full: SimulatorPlan; quick: SimulatorPlan } = {
  // Above 2,000: calls warmed up "already in progress" end early and the floor dips for a
  // while before arrivals refill it; the goal is on the measured minimum.
  full: {
    concurrentCalls: 2_600,
    timeScale: 1,
    rampSeconds: 10,
    seed: 20_261_125,
    warmupMs: 30_000,
    windowMs: 30_000,
    pacedSeconds: 15,
    baselineCount: 20_000,
  },
  quick: {
    concurrentCalls: 40,
    timeScale: 20,
    rampSeconds: 2,
    seed: 7,
    warmupMs: 1_500,
    windowMs: 2_000,
    pacedSeconds: 1,
    baselineCount: 400,
  },
}

export interface SimulatorRunFigures {
  liveMpcs: { min: number; max: number }
  /** Callbacks the world produced per second: the offered load. */
  generatedPerSec: number
  /** Callbacks the receiver counted per second. */
  deliveredPerSec: number
  failed: number
  simCpuUsPerCallback: number
  /** Share of one core the simulator used. */
  simCpuShare: number
  receiverCpuUsPerCallback: number
  /** Send time − scheduled time. */
  lagMs: Distribution
  /** Of which: the event loop reaching the event late. */
  lateMs: Distribution
  /** Of which: queued behind the MPC's previous callback (ordered lanes) or the in-flight bound. */
  waitMs: Distribution
  pendingAtEnd: number
}

export interface BaselineRunFigures {
  /** Open-loop rate asked for; undefined: back to back. */
  rate: number | undefined
  count: number
  postsPerSec: number
  cpuUsPerPost: number
  receiverCpuUsPerPost: number
  failed: number
}

export interface SimulatorBenchResult {
  setup: SimulatorPlan & { quick: boolean }
  run: SimulatorRunFigures
  /** The bare loop at the rate the simulator delivered. */
  baselineSameRate: BaselineRunFigures
  /** The bare loop back to back. */
  baselineMax: BaselineRunFigures
  /** Simulator CPU µs per callback ÷ same-rate baseline CPU µs per POST. */
  cpuRatio: number
  goals: { name: string; value: number; target: string; met: boolean }[]
  tables: string[]
}

interface CpuUsage {
  user: number
  system: number
}

const cpuMsBetween = (a: CpuUsage, b: CpuUsage): number =>
  (b.user - a.user + b.system - a.system) / 1000

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export async function runSimulatorBench(
  options: SimulatorBenchOptions,
): Promise<SimulatorBenchResult> {
  const plan = options.quick ? SIMULATOR_PLAN.quick : SIMULATOR_PLAN.full
  const say = options.progress ?? (() => undefined)
  const started: ChildHandle[] = []
  try {
    const receiver = forkChild('bench/simulator/receiver-host.ts')
    started.push(receiver)
    const { url: receiverUrl } = await receiver.notice<{ url: string }>('ready')
    const host = forkChild('bench/simulator/sim-host.ts')
    started.push(host)
    await host.notice('ready')

    say(`simulator: ${plan.concurrentCalls} calls at time scale ${plan.timeScale}, warming up`)
    await host.call('start', {
      receiverUrl,
      concurrentCalls: plan.concurrentCalls,
      timeScale: plan.timeScale,
      seed: plan.seed,
      rampSeconds: plan.rampSeconds,
    })
    await pause(plan.warmupMs)

    say(`simulator: measuring ${plan.windowMs / 1000} s`)
    const r0 = await receiver.call<{ received: number; at: number }>('count')
    const rc0 = await receiver.call<CpuUsage>('cpu')
    await host.call('window-begin')
    await pause(plan.windowMs)
    const w = await host.call<WindowFigures>('window-end')
    const r1 = await receiver.call<{ received: number; at: number }>('count')
    const rc1 = await receiver.call<CpuUsage>('cpu')
    await host.call('stop-sim')
    const delivered = r1.received - r0.received

    const simRate = (delivered / (r1.at - r0.at)) * 1000
    const baselineAt = async (count: number, rate?: number): Promise<BaselineRunFigures> => {
      say(
        `simulator: baseline, ${count} pre-signed POSTs ${rate ? `at ${fmt(rate)}/s` : 'back to back'}`,
      )
      const before = await receiver.call<{ received: number }>('count')
      const cpuBefore = await receiver.call<CpuUsage>('cpu')
      const b = await host.call<BaselineFigures>('baseline', { count, rate }, 300_000)
      const after = await receiver.call<{ received: number }>('count')
      const cpuAfter = await receiver.call<CpuUsage>('cpu')
      return {
        rate,
        count: b.count,
        postsPerSec: (b.count / b.elapsedMs) * 1000,
        cpuUsPerPost: (b.cpuMs * 1000) / b.count,
        receiverCpuUsPerPost:
          (cpuMsBetween(cpuBefore, cpuAfter) * 1000) / (after.received - before.received),
        failed: b.failed,
      }
    }
    const baselineSameRate = await baselineAt(
      Math.max(1, Math.round(simRate * plan.pacedSeconds)),
      simRate,
    )
    const baselineMax = await baselineAt(plan.baselineCount)

    const run: SimulatorRunFigures = {
      liveMpcs: { min: w.minLiveMpcs, max: w.maxLiveMpcs },
      generatedPerSec: (w.generated / w.elapsedMs) * 1000,
      deliveredPerSec: simRate,
      failed: w.failed,
      simCpuUsPerCallback: (w.cpuMs * 1000) / w.sent,
      simCpuShare: w.cpuMs / w.elapsedMs,
      receiverCpuUsPerCallback: (cpuMsBetween(rc0, rc1) * 1000) / delivered,
      lagMs: w.lag,
      lateMs: w.late,
      waitMs: w.wait,
      pendingAtEnd: w.pendingAtEnd,
    }
    const cpuRatio = ratio(run.simCpuUsPerCallback, baselineSameRate.cpuUsPerPost)
    const goals: SimulatorBenchResult['goals'] = [
      {
        name: 'live MPCs, minimum over the window',
        value: run.liveMpcs.min,
        target: '≥ 2,000',
        met: run.liveMpcs.min >= 2_000,
      },
      {
        name: 'callbacks delivered per second',
        value: run.deliveredPerSec,
        target: '≥ 1,000',
        met: run.deliveredPerSec >= 1_000,
      },
      {
        name: 'lag behind schedule, p99 (ms)',
        value: run.lagMs.p99,
        target: '≤ 50',
        met: run.lagMs.p99 <= 50,
      },
    ]

    const tables = [
      renderTable(
        `Simulator as load source: ${plan.concurrentCalls} calls, time scale ${plan.timeScale}, ${plan.windowMs / 1000} s window (simulator and receiver in separate processes)`,
        ['live MPCs', 'generated/s', 'delivered/s', 'sim CPU µs/cb', 'sim CPU %', 'failed'],
        [
          [
            `${fmt(run.liveMpcs.min)}–${fmt(run.liveMpcs.max)}`,
            run.generatedPerSec,
            run.deliveredPerSec,
            run.simCpuUsPerCallback,
            run.simCpuShare * 100,
            run.failed,
          ],
        ],
      ),
      renderTable(
        'Lag behind schedule (ms): send time − the instant the event happened in the simulation',
        ['part', 'p50', 'p95', 'p99', 'max'],
        [
          ['total', run.lagMs.p50, run.lagMs.p95, run.lagMs.p99, run.lagMs.max],
          ['event loop late', run.lateMs.p50, run.lateMs.p95, run.lateMs.p99, run.lateMs.max],
          ['lane / in-flight wait', run.waitMs.p50, run.waitMs.p95, run.waitMs.p99, run.waitMs.max],
        ],
      ),
      renderTable(
        'Same receiver, same run: simulator vs a bare loop POSTing the same pre-signed callbacks',
        ['sender', 'callbacks/s', 'sender CPU µs/cb', 'receiver CPU µs/cb', 'sender CPU / base'],
        [
          [
            'simulator (its offered load)',
            run.deliveredPerSec,
            run.simCpuUsPerCallback,
            run.receiverCpuUsPerCallback,
            cpuRatio,
          ],
          [
            'baseline, same rate',
            baselineSameRate.postsPerSec,
            baselineSameRate.cpuUsPerPost,
            baselineSameRate.receiverCpuUsPerPost,
            1,
          ],
          [
            'baseline, back to back',
            baselineMax.postsPerSec,
            baselineMax.cpuUsPerPost,
            baselineMax.receiverCpuUsPerPost,
            ratio(baselineMax.cpuUsPerPost, baselineSameRate.cpuUsPerPost),
          ],
        ],
      ),
      renderTable(
        // A quick run's tiny load says nothing about the goals; show the figures, not verdicts.
        options.quick ? 'Simulator goals (quick run: not judged)' : 'Simulator goals',
        ['goal', 'measured', 'target', 'verdict'],
        goals.map((g) => [g.name, g.value, g.target, options.quick ? '—' : verdict(g.met)]),
      ),
    ]
    return {
      setup: { ...plan, quick: options.quick },
      run,
      baselineSameRate,
      baselineMax,
      cpuRatio,
      goals,
      tables,
    }
  } finally {
    for (const child of started.reverse()) await child.stop().catch(() => undefined)
  }
}
