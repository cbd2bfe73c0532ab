/** Heap figures after a full collection (needs `--expose-gc`; without it, as they are). */
export interface HeapReport {
  heapUsedMiB: number
  heapTotalMiB: number
  rssMiB: number
  externalMiB: number
  collected: boolean
}

const MiB = 2 ** 20

export async function heapReport(): Promise<HeapReport> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) {
    // Twice, with a turn between: weak callbacks and finalizers run after the first pass.
    gc()
    await new Promise((resolve) => setImmediate(resolve))
    gc()
  }
  const m = process.memoryUsage()
  return {
    heapUsedMiB: m.heapUsed / MiB,
    heapTotalMiB: m.heapTotal / MiB,
    rssMiB: m.rss / MiB,
    externalMiB: m.external / MiB,
    collected: gc !== undefined,
  }
}
