/**
 * The wallboard benchmark, quick: it still builds a floor with every kind of call, runs every
 * pass and produces real numbers — and the figures it times are the card's figures, call by call
 * (so a faster `figures.ts` cannot be a different one).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { mpcMetrics, participantMetrics } from '../mpc/metrics'
import type { MpcState } from '../mpc/state'
import { wallboardFigures } from '../renderer/src/wallboard/figures'
import { expectPositive } from './support/assert-figures'
import { buildFloor, type Floor } from './wallboard/floor'
import { minimalPass, runWallboardBench } from './wallboard/wallboard-bench'

/** The waits, kinds, holds and talk shares straight from mpc/metrics, one call at a time. */
function fromMetrics(mpcs: readonly MpcState[], now: number) {
  const waits: number[] = []
  const kinds = { human: 0, ai: 0, none: 0 }
  let onHold = 0
  const agents: number[] = []
  const customers: number[] = []
  for (const mpc of mpcs) {
    if (mpc.status === 'ended') continue
    const m = mpcMetrics(mpc, now)
    if (m.customerWaitMs !== null) waits.push(m.customerWaitMs)
    const present = Object.values(mpc.participants).filter(
      (p) => participantMetrics(p, now).present,
    )
    // A supervisor barging with no AI talking took the call over: a human serves it.
    const tookOver =
      present.some((p) => p.role === 'supervisor' && !p.coachMode.value) &&
      !present.some((p) => p.role === 'ai-agent' && !p.hold.value)
    kinds[
      present.some((p) => p.role === 'agent') || tookOver
        ? 'human'
        : present.some((p) => p.role === 'ai-agent')
          ? 'ai'
          : 'none'
    ] += 1
    onHold += present.filter((p) => p.role === 'customer' && p.hold.value).length
    const shares = Object.entries(m.talkShare).filter(([, share]) => share > 0)
    if (shares.length === 0) continue
    const sum = (roles: string[]) =>
      shares
        .filter(([id]) => roles.includes(mpc.participants[id]?.role ?? ''))
        .reduce((total, [, share]) => total + share, 0)
    agents.push(sum(['agent', 'ai-agent']))
    customers.push(sum(['customer']))
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  return {
    waiting: waits.length,
    longestWaitMs: Math.max(...waits),
    byKind: kinds,
    customersOnHold: onHold,
    talkCalls: agents.length,
    agents: mean(agents),
    customers: mean(customers),
  }
}

describe('wallboard benchmark (quick)', () => {
  let floor: Floor
  beforeAll(() => {
    floor = buildFloor({ calls: 400, seed: 18 })
  })

  it('builds a floor with every kind of call, alert and supervisor', () => {
    expect(floor.mpcs).toHaveLength(400)
    expect(
      Object.values(floor.mix).every((n) => n > 0),
      JSON.stringify(floor.mix),
    ).toBe(true)
    const f = wallboardFigures(floor.mpcs, floor.alerts, floor.mine, floor.now)
    expect(f.byKind.human && f.byKind.ai && f.byKind.none).toBeGreaterThan(0)
    expect(f.waiting && f.customersOnHold && f.recordingCalls).toBeGreaterThan(0)
    const kinds = Object.entries(f.alertCalls).filter(([, n]) => n > 0)
    expect(kinds.map(([k]) => k)).toEqual(
      expect.arrayContaining(['customer-waiting', 'long-hold', 'ai-stream-lost']),
    )
    expect(f.queues.length).toBe(6)
    expect(f.supervisors.filter((s) => s.you)).toHaveLength(floor.mine.length)
    expect(new Set(f.supervisors.map((s) => s.mode))).toEqual(new Set(['listen', 'coach', 'barge']))
    expect(minimalPass(floor.mpcs, floor.alerts)).toBeGreaterThan(0)
  })

  it('times figures that equal the metrics of each call, tick after tick', () => {
    // Later ticks reuse what earlier ones kept; an earlier clock than the newest events (Plivo's
    // clock ahead of ours) must not.
    for (const now of [floor.now, floor.now + 1_000, floor.now + 60_000, floor.now - 30_000]) {
      const f = wallboardFigures(floor.mpcs, floor.alerts, floor.mine, now)
      const expected = fromMetrics(floor.mpcs, now)
      expect(f).toMatchObject({
        waiting: expected.waiting,
        longestWaitMs: expected.longestWaitMs,
        byKind: expected.byKind,
        customersOnHold: expected.customersOnHold,
      })
      expect(f.talkShare?.calls).toBe(expected.talkCalls)
      expect(f.talkShare?.agents).toBeCloseTo(expected.agents, 12)
      expect(f.talkShare?.customers).toBeCloseTo(expected.customers, 12)
    }
  })

  it(
    'measures the figures, the minimal pass and the alert sweep per tick, and their ratios',
    { timeout: 60_000 },
    async () => {
      const r = await runWallboardBench({ quick: true })
      expect(r.tables.length).toBeGreaterThan(0)
      expect(r.figures.wallMs.count).toBe(r.setup.ticks)
      expect(r.figuresChanged.wallMs.count).toBe(r.setup.ticks)
      expectPositive({
        'figures p50 ms': r.figures.wallMs.p50,
        'minimal pass p50 ms': r.minimal.wallMs.p50,
        'alert sweep p50 ms': r.alertSweep.wallMs.p50,
        'figures ÷ minimal': r.ratioToMinimal,
        'figures ÷ alert sweep': r.ratioToAlerts,
        'figures ÷ minimal (CPU)': r.cpuRatioToMinimal,
        'figures, ⅓ changed ÷ minimal': r.changedRatioToMinimal,
        'active calls': r.floor.activeCalls,
        'speech edges': r.floor.speechEdges,
      })
    },
  )
})
