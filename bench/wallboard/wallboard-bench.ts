/**
 * Benchmark — the Wallboard tab's once-a-second recomputation (issue 18 item 3) over a 2,000-call
 * floor (floor.ts: callbacks through the reducer, the mix a contact center has). Each tick calls
 * `wallboardFigures` on the whole store at a clock one second later, as the tab does; the store
 * does not change between ticks, so this is the cost of the clock alone. A second figures pass
 * sees a third of the calls arrive as new objects before each tick (copies, made outside the
 * timing), as they do in the renderer when a second's callbacks touched them: what figures.ts
 * keeps per state object must be rebuilt for those.
 *
 * Baselines, same process, same ticks, interleaved round by round so both see the same load:
 * - the minimal pass: one walk over the same calls reading the facts every figure needs that do
 *   not depend on the clock (status, name and queue, recording, each member's role, presence and
 *   hold). No wallboard can cost less; figures ÷ this is what the time-dependent figures (waits,
 *   talk shares) add.
 * - main's alert sweep (`AlertTracker.update`, every `alertIntervalMs` = 1 s): the per-second
 *   cost the desk already pays over the same calls, for scale.
 * Wall time per tick is what the renderer's main thread loses; CPU time (process.cpuUsage) is
 * beside it because on a shared machine a tick can wait for a core without using one.
 */
import { AlertTracker } from '../../main/services/alerts'
import type { MpcState } from '../../mpc/state'
import { DEFAULT_THRESHOLDS, type Alert } from '../../preload/api'
import { queueOf } from '../../renderer/src/board/grouping'
import { mpcLabel } from '../../renderer/src/lib/format'
import { wallboardFigures, type WallboardFigures } from '../../renderer/src/wallboard/figures'
import { distribution, fmt, ratio, renderTable, type Distribution } from '../support/stats'
import { buildFloor, type CallShape, type Floor } from './floor'

export interface WallboardBenchOptions {
  quick: boolean
  progress?: (line: string) => void
}

export interface WallboardPlan {
  calls: number
  seed: number
  /** Ticks run first and not measured (JIT, caches). */
  warmupTicks: number
  ticks: number
}

export const WALLBOARD_PLAN: { full: WallboardPlan; quick: WallboardPlan } = {
  full: { calls: 2_000, seed: 18, warmupTicks: 10, ticks: 60 },
  quick: { calls: 200, seed: 18, warmupTicks: 2, ticks: 8 },
}

export interface PassFigures {
  /** Wall ms per tick. */
  wallMs: Distribution
  /** Mean CPU ms per tick. */
  cpuMs: number
}

export interface WallboardBenchResult {
  setup: WallboardPlan & { quick: boolean }
  floor: {
    calls: number
    activeCalls: number
    events: number
    speechEdges: number
    alerts: number
    buildMs: number
    mix: Record<CallShape, number>
  }
  figures: PassFigures
  /** The same, with a third of the calls new objects at each tick. */
  figuresChanged: PassFigures
  minimal: PassFigures
  alertSweep: PassFigures
  /** Median wall ms: figures ÷ minimal pass. */
  ratioToMinimal: number
  /** Median wall ms: figures with a third of the calls changed ÷ minimal pass. */
  changedRatioToMinimal: number
  /** Median wall ms: figures ÷ main's alert sweep. */
  ratioToAlerts: number
  /** Mean CPU ms: figures ÷ minimal pass (steadier than wall time on a loaded machine). */
  cpuRatioToMinimal: number
  /** The figures of the last tick, so a reader can see what was computed. */
  sample: WallboardFigures
  tables: string[]
}

/**
 * The clock-free part of every figure, call by call (see the header). Returns a count so the
 * work cannot be optimised away.
 */
export function minimalPass(mpcs: readonly MpcState[], alerts: readonly Alert[]): number {
  const queues = new Map<string, number>()
  let n = 0
  for (const mpc of mpcs) {
    if (mpc.status === 'ended') continue
    const queue = queueOf(mpcLabel(mpc))
    queues.set(queue, (queues.get(queue) ?? 0) + 1)
    if (mpc.recording.status === 'recording') n += 1
    for (const p of Object.values(mpc.participants)) {
      if (p.leftAt !== undefined) continue
      if (p.role === 'agent' || p.role === 'ai-agent' || p.role === 'supervisor') n += 1
      if (p.hold.value) n += 1
    }
  }
  const alerting = new Set<string>()
  for (const a of alerts) alerting.add(`${a.kind}\n${a.mpcUuid}`)
  return n + queues.size + alerting.size
}

type Pass = (now: number) => unknown

interface Meter {
  wall: number[]
  cpuUs: number
}

function measure(pass: Pass, now: number, into: Meter | undefined): unknown {
  const cpu = process.cpuUsage()
  const start = performance.now()
  const out = pass(now)
  const wall = performance.now() - start
  const used = process.cpuUsage(cpu)
  if (into) {
    into.wall.push(wall)
    into.cpuUs += used.user + used.system
  }
  return out
}

function figuresOf(meter: Meter): PassFigures {
  return { wallMs: distribution(meter.wall), cpuMs: meter.cpuUs / 1000 / meter.wall.length }
}

/** `mpc` as a patch would deliver it: every object and list of it new, the same facts. */
function copied(mpc: MpcState): MpcState {
  return structuredClone(mpc)
}

function speechEdges(floor: Floor): number {
  let edges = 0
  for (const mpc of floor.mpcs)
    for (const p of Object.values(mpc.participants)) edges += p.speech.length
  return edges
}

export async function runWallboardBench(
  options: WallboardBenchOptions,
): Promise<WallboardBenchResult> {
  const plan = options.quick ? WALLBOARD_PLAN.quick : WALLBOARD_PLAN.full
  const say = options.progress ?? (() => undefined)
  say(`wallboard: building a floor of ${plan.calls} calls (seed ${plan.seed})`)
  const built = performance.now()
  const floor = buildFloor(plan)
  const buildMs = performance.now() - built
  const { mpcs, alerts, mine } = floor

  let sample: WallboardFigures | undefined
  let changed: MpcState[] = mpcs
  const passes: [name: 'figures' | 'figuresChanged' | 'minimal' | 'alertSweep', Pass][] = [
    ['figures', (now) => (sample = wallboardFigures(mpcs, alerts, mine, now))],
    ['figuresChanged', (now) => wallboardFigures(changed, alerts, mine, now)],
    ['minimal', () => minimalPass(mpcs, alerts)],
    ['alertSweep', (now) => new AlertTracker().update(mpcs, DEFAULT_THRESHOLDS, now)],
  ]
  const meters = {
    figures: newMeter(),
    figuresChanged: newMeter(),
    minimal: newMeter(),
    alertSweep: newMeter(),
  }
  say(`wallboard: ${plan.warmupTicks} warm-up ticks, then ${plan.ticks} measured`)
  let sink = 0
  for (let tick = 0; tick < plan.warmupTicks + plan.ticks; tick++) {
    const now = floor.now + tick * 1000
    const measured = tick >= plan.warmupTicks
    changed = changed.map((mpc, i) => ((i + tick) % 3 === 0 ? copied(mpc) : mpc))
    // Rotate the order each round: no pass always runs right after another's garbage.
    for (let k = 0; k < passes.length; k++) {
      const [name, pass] = passes[(tick + k) % passes.length] as (typeof passes)[number]
      const out = measure(pass, now, measured ? meters[name] : undefined)
      if (typeof out === 'number') sink += out
    }
    // Yield between rounds, as the tab's timer does: the process stays responsive to signals.
    await new Promise((resolve) => setImmediate(resolve))
  }
  if (!sample || sink < 0) throw new Error('wallboard bench computed nothing')

  const figures = figuresOf(meters.figures)
  const figuresChanged = figuresOf(meters.figuresChanged)
  const minimal = figuresOf(meters.minimal)
  const alertSweep = figuresOf(meters.alertSweep)
  const ratioToMinimal = ratio(figures.wallMs.p50, minimal.wallMs.p50)
  const ratioToAlerts = ratio(figures.wallMs.p50, alertSweep.wallMs.p50)
  const floorSummary = {
    calls: mpcs.length,
    activeCalls: sample.activeCalls,
    events: floor.events,
    speechEdges: speechEdges(floor),
    alerts: alerts.length,
    buildMs,
    mix: floor.mix,
  }
  const row = (name: string, f: PassFigures) => [
    name,
    f.wallMs.p50,
    f.wallMs.p95,
    f.wallMs.max,
    f.cpuMs,
    (f.wallMs.p50 / 1000) * 100,
    ratio(f.wallMs.p50, minimal.wallMs.p50),
    ratio(f.cpuMs, minimal.cpuMs),
  ]
  const tables = [
    renderTable(
      `Wallboard floor: ${fmt(floorSummary.calls)} calls (${fmt(floorSummary.activeCalls)} active), ${fmt(floorSummary.events)} callbacks, ${fmt(floorSummary.speechEdges)} speech edges, ${fmt(floorSummary.alerts)} alerts; built in ${fmt(buildMs / 1000)} s`,
      ['shape', ...Object.keys(floor.mix)],
      [['calls', ...Object.values(floor.mix)]],
    ),
    renderTable(
      `Wallboard recomputation per 1 s tick, ${plan.ticks} ticks (after ${plan.warmupTicks} warm-up), same process, passes interleaved`,
      ['pass', 'p50 ms', 'p95 ms', 'max ms', 'CPU ms', 'p50 % of tick', '÷ minimal (p50)', '(CPU)'],
      [
        row('wallboardFigures', figures),
        row('wallboardFigures, ⅓ of calls changed', figuresChanged),
        row('minimal pass (baseline)', minimal),
        row("main's alert sweep", alertSweep),
      ],
    ),
  ]
  return {
    setup: { ...plan, quick: options.quick },
    floor: floorSummary,
    figures,
    figuresChanged,
    minimal,
    alertSweep,
    ratioToMinimal,
    ratioToAlerts,
    cpuRatioToMinimal: ratio(figures.cpuMs, minimal.cpuMs),
    changedRatioToMinimal: ratio(figuresChanged.wallMs.p50, minimal.wallMs.p50),
    sample,
    tables,
  }
}

function newMeter(): Meter {
  return { wall: [], cpuUs: 0 }
}
