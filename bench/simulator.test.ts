/** The simulator load benchmark, quick: it still runs end to end and produces real numbers. */
import { describe, expect, it } from 'vitest'
import { runSimulatorBench } from './simulator/simulator-bench'
import { expectPositive } from './support/assert-figures'

describe('simulator load benchmark (quick)', () => {
  it(
    'measures callbacks delivered, CPU per callback and lag, against the bare-loop baseline',
    { timeout: 120_000 },
    async () => {
      const r = await runSimulatorBench({ quick: true })
      expect(r.tables.length).toBeGreaterThan(0)
      expectPositive({
        'live MPCs (minimum)': r.run.liveMpcs.min,
        'callbacks generated/s': r.run.generatedPerSec,
        'callbacks delivered/s': r.run.deliveredPerSec,
        'simulator CPU µs/callback': r.run.simCpuUsPerCallback,
        'lag p50 (ms)': r.run.lagMs.p50,
        'lag p99 (ms)': r.run.lagMs.p99,
        'baseline (same rate) POSTs/s': r.baselineSameRate.postsPerSec,
        'baseline (same rate) CPU µs/POST': r.baselineSameRate.cpuUsPerPost,
        'baseline (back to back) POSTs/s': r.baselineMax.postsPerSec,
        'baseline (back to back) CPU µs/POST': r.baselineMax.cpuUsPerPost,
        'simulator / baseline CPU': r.cpuRatio,
      })
      expect(r.run.failed + r.baselineSameRate.failed + r.baselineMax.failed).toBe(0)
    },
  )
})
