/** The relay benchmark, quick: it still runs end to end and produces real numbers. */
import { describe, expect, it } from 'vitest'
import { runRelayBench } from './relay/ingest-bench'
import { expectPositive } from './support/assert-figures'

describe('relay ingest benchmark (quick)', () => {
  it(
    'measures throughput against the bare socket.io baseline, and latency at a fixed rate',
    { timeout: 240_000 },
    async () => {
      const r = await runRelayBench({ quick: true })
      expect(r.failures).toEqual([])
      expect(r.throughput.length).toBeGreaterThan(0)
      for (const t of r.throughput) {
        expectPositive({
          [`relay accepted/s, ${t.clients} clients`]: t.relay.acceptedPerSec ?? NaN,
          [`relay delivered/s, ${t.clients} clients`]: t.relay.deliveredPerSec,
          [`relay CPU µs/event, ${t.clients} clients`]: t.relay.serverCpuUsPerEvent,
          [`baseline delivered/s, ${t.clients} clients`]: t.baseline.deliveredPerSec,
          [`ratio, ${t.clients} clients`]: t.ratio,
        })
      }
      for (const l of r.latency) {
        expectPositive({
          [`relay p50 at ${l.rate}/s`]: l.relay.latency.p50,
          [`relay p99 at ${l.rate}/s`]: l.relay.latency.p99,
          [`baseline p99 at ${l.rate}/s`]: l.baseline.latency.p99,
        })
      }
    },
  )
})
