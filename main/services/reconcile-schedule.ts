/**
 * When the reconcile reads (reconcile.ts), apart from what it reads: full passes that coalesce
 * (a pass asked for while one runs makes one more pass after it, not a second one alongside)
 * and repeat every interval after the last one finished, and per-MPC re-reads that collapse
 * while one is waiting. Kept apart so the read-back logic holds no timers.
 */

export interface PassSchedulerOptions {
  /** One full pass; a rejection is a failed pass. */
  pass(): Promise<void>
  intervalMs: number
  /** A full pass finished (ok or not). */
  onPass?: (result: { ok: boolean; error?: unknown }) => void
  warn?: (message: string, detail?: unknown) => void
}

export class PassScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: Promise<boolean> | undefined
  private again = false
  private stopped = false

  constructor(private readonly options: PassSchedulerOptions) {}

  /** Runs a full pass now (coalescing with one in flight) and then every interval. */
  runNow(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false)
    if (this.running) {
      this.again = true
      return this.running
    }
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const run = this.options
      .pass()
      .then(
        () => {
          this.options.onPass?.({ ok: true })
          return true
        },
        (error: unknown) => {
          if (!this.stopped) this.options.warn?.('reconcile from REST failed', error)
          this.options.onPass?.({ ok: false, error })
          return false
        },
      )
      .finally(() => {
        this.running = undefined
        if (this.stopped) return
        if (this.again) {
          this.again = false
          void this.runNow()
        } else {
          this.timer = setTimeout(() => void this.runNow(), this.options.intervalMs)
        }
      })
    this.running = run
    return run
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
  }
}

/** One pending timer per key: asking again for a key already waiting changes nothing. */
export class KeyedOnce {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()

  /** Runs `fn` for `key` after `delayMs`, unless a run for `key` is already waiting. */
  schedule(key: string, delayMs: number, fn: () => void): void {
    if (this.timers.has(key)) return
    const timer = setTimeout(() => {
      this.timers.delete(key)
      fn()
    }, delayMs)
    this.timers.set(key, timer)
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }
}
