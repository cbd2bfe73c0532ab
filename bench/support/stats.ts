/** Percentiles, rates and the printed tables every benchmark shares. */

/** Wall-clock ms with sub-ms resolution, comparable across processes on one machine. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now()
}

export interface Distribution {
  count: number
  p50: number
  p95: number
  p99: number
  max: number
  mean: number
}

/** Nearest-rank percentiles of `samples` (any order; the array is sorted in place). */
export function distribution(samples: Float64Array | number[]): Distribution {
  const sorted = samples instanceof Float64Array ? samples.sort() : samples.sort((a, b) => a - b)
  const n = sorted.length
  if (n === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN }
  const at = (p: number): number =>
    sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))] ?? NaN
  let sum = 0
  for (let i = 0; i < n; i++) sum += sorted[i] ?? 0
  return {
    count: n,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[n - 1] ?? NaN,
    mean: sum / n,
  }
}

/** A growable Float64 sample buffer (latency runs collect 100k+ samples). */
export class Samples {
  private data = new Float64Array(1024)
  length = 0

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[this.length++] = value
  }

  values(): Float64Array {
    return this.data.slice(0, this.length)
  }
}

export type Cell = string | number | undefined

/** Formats a number for a table: integers with thousands separators, else 1–3 decimals. */
export function fmt(value: Cell, digits?: number): string {
  if (value === undefined) return '—'
  if (typeof value === 'string') return value
  if (!Number.isFinite(value)) return 'n/a'
  if (digits !== undefined) return value.toFixed(digits)
  if (Number.isInteger(value)) return value.toLocaleString('en-US')
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US')
  if (Math.abs(value) >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

/** A plain-text table with a title, right-aligned numbers. */
export function renderTable(title: string, header: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map((c) => fmt(c)))
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [`\n${title}`, line(header), rule, ...text.map(line)].join('\n')
}

/** "meets" / "MISSES" for a goal, so a reader sees at a glance what fell short. */
export function verdict(ok: boolean): string {
  return ok ? 'meets' : 'MISSES'
}

/** The ratio a / b, or NaN when b is not a positive number. */
export function ratio(a: number, b: number): number {
  return b > 0 && Number.isFinite(a) && Number.isFinite(b) ? a / b : NaN
}
