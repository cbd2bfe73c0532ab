/** The Redis scale-out benchmark, quick: two relays on a real redis-server still measure. */
import { describe, expect, it } from 'vitest'
import { runScaleOutBench } from './relay/scale-out-bench'
import { expectPositive } from './support/assert-figures'

describe('Redis scale-out benchmark (quick)', () => {
  it(
    'measures one in-memory node and two Redis nodes, and their ratio',
    { timeout: 240_000 },
    async () => {
      const r = await runScaleOutBench({ quick: true })
      expect(r.failures).toEqual([])
      expect(r.rows.map((row) => row.topology)).toEqual(['memory ×1', 'redis ×2'])
      for (const row of r.rows) {
        for (const t of row.throughput) {
          expectPositive({
            [`${row.topology} delivered/s`]: t.deliveredPerSec,
            [`${row.topology} accepted/s`]: t.acceptedPerSec ?? NaN,
          })
        }
        for (const l of row.latency)
          expectPositive({ [`${row.topology} p99 at ${l.rate}/s`]: l.latency.p99 })
      }
      for (const c of r.adapterCost)
        expectPositive({ [`adapter ratio, ${c.clients} clients`]: c.throughputRatio })
    },
  )
})
