/** The memory benchmark, quick: relay, desk and simulator heaps at simulated-time checkpoints still come out. */
import { describe, expect, it } from 'vitest'
import { runMemoryBench } from './memory/memory-bench'
import { expectPositive } from './support/assert-figures'

describe('memory benchmark (quick)', () => {
  it(
    'reports relay, desk and simulator heaps (after GC) at each checkpoint, and their ratios',
    { timeout: 240_000 },
    async () => {
      const r = await runMemoryBench({ quick: true })
      expect(r.checkpoints.length).toBeGreaterThanOrEqual(2)
      for (const c of r.checkpoints) {
        expect(c.relay.collected && c.desk.collected && c.sim.collected).toBe(true)
        expectPositive({
          'relay heap': c.relay.heapUsedMiB,
          'desk heap': c.desk.heapUsedMiB,
          'simulator heap': c.sim.heapUsedMiB,
          callbacks: c.callbacksSent,
        })
      }
      expectPositive({
        'relay ratio': r.relayRatio,
        'desk ratio': r.deskRatio,
        'simulator ratio': r.simRatio,
      })
    },
  )
})
