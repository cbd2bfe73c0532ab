/**
 * Client-side limiter for Plivo's account-wide API budget (300 requests / 5 s by default,
 * plivo-mpc.md §1.0).
 *
 * A sliding-window log: a request may start when fewer than `limit` requests started in the last
 * `windowMs`. Waiting requests queue in FIFO order and are never dropped; they leave the queue
 * only by being granted, by their own AbortSignal, or by `stop()`. Several clients of the same
 * account share one limiter so that together they stay inside the account's budget.
 *
 * `tryAcquire()` is the same window for a server that refuses instead of waiting: the
 * simulator answers 429 with Retry-After past Plivo's limit.
 *
 * Time comes from `Date.now()` and `setTimeout`, so tests drive it with `vi.useFakeTimers()`.
 */

export interface RateLimiterOptions {
  /** Requests allowed per window. Default 300. */
  limit?: number
  /** Window length in ms. Default 5000. */
  windowMs?: number
}

/** What `tryAcquire()` decided: a slot taken now, or how long until one frees. */
export type TryAcquireResult = { ok: true } | { ok: false; retryAfterMs: number }

export class RateLimiterStoppedError extends Error {
  override name = 'RateLimiterStoppedError'
  constructor(reason = 'rate limiter stopped') {
    super(reason)
  }
}

interface Waiter {
  resolve: () => void
  reject: (reason: unknown) => void
  signal: AbortSignal | undefined
  onAbort: (() => void) | undefined
}

export class RateLimiter {
  readonly limit: number
  readonly windowMs: number
  /** Start times of the grants still inside the window, oldest first. */
  readonly #grants: number[] = []
  readonly #queue: Waiter[] = []
  #timer: ReturnType<typeof setTimeout> | undefined
  #blockedUntil = 0
  #stopped: RateLimiterStoppedError | undefined

  constructor(options: RateLimiterOptions = {}) {
    const limit = options.limit ?? 300
    const windowMs = options.windowMs ?? 5000
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`RateLimiter limit must be a positive integer, got ${limit}`)
    }
    if (!Number.isFinite(windowMs) || windowMs <= 0) {
      throw new RangeError(`RateLimiter windowMs must be a positive number, got ${windowMs}`)
    }
    this.limit = limit
    this.windowMs = windowMs
  }

  /** Requests waiting for a slot. */
  get pending(): number {
    return this.#queue.length
  }

  /** Resolves when the caller may send one request. Rejects on abort or `stop()`. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.#stopped) return Promise.reject(this.#stopped)
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (this.#queue.length === 0 && this.#tryGrant(Date.now())) return Promise.resolve()

    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined }
      if (signal) {
        waiter.onAbort = () => {
          const index = this.#queue.indexOf(waiter)
          if (index >= 0) this.#queue.splice(index, 1)
          reject(signal.reason)
          // The head may have changed; make sure the timer matches the new queue.
          this.#drain()
        }
        signal.addEventListener('abort', waiter.onAbort, { once: true })
      }
      this.#queue.push(waiter)
      this.#drain()
    })
  }

  /**
   * Takes a slot now if one is free and nobody is queued for it; otherwise takes nothing and
   * says when the next slot frees (at least 1 ms; queued requests are served first). Throws once
   * stopped, as `acquire` rejects.
   */
  tryAcquire(): TryAcquireResult {
    if (this.#stopped) throw this.#stopped
    const now = Date.now()
    if (this.#queue.length === 0 && this.#tryGrant(now)) return { ok: true }
    return { ok: false, retryAfterMs: Math.max(1, this.#nextSlotAt() - now) }
  }

  /**
   * Hold every grant until `Date.now() + ms`. Used when Plivo answers 429 with Retry-After: the
   * account is over budget (perhaps because of other tools), so nobody sharing it should send.
   */
  holdFor(ms: number): void {
    if (!(ms > 0)) return
    this.#blockedUntil = Math.max(this.#blockedUntil, Date.now() + ms)
    this.#drain()
  }

  /** Reject every queued request and every later `acquire`. */
  stop(reason?: string): void {
    if (this.#stopped) return
    this.#stopped = new RateLimiterStoppedError(reason)
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    for (const waiter of this.#queue.splice(0)) {
      this.#detach(waiter)
      waiter.reject(this.#stopped)
    }
  }

  #tryGrant(now: number): boolean {
    if (now < this.#blockedUntil) return false
    const horizon = now - this.windowMs
    while (this.#grants.length > 0 && (this.#grants[0] as number) <= horizon) this.#grants.shift()
    if (this.#grants.length >= this.limit) return false
    this.#grants.push(now)
    return true
  }

  #drain(): void {
    if (this.#stopped) return
    const now = Date.now()
    while (this.#queue.length > 0 && this.#tryGrant(now)) {
      const waiter = this.#queue.shift() as Waiter
      this.#detach(waiter)
      waiter.resolve()
    }
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#queue.length === 0) return
    const wakeAt = this.#nextSlotAt()
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined
        this.#drain()
      },
      Math.max(0, wakeAt - now),
    )
  }

  /** When a grant may next start: after any hold, and once the oldest grant leaves a full window. */
  #nextSlotAt(): number {
    const oldest = this.#grants.length >= this.limit ? (this.#grants[0] as number) : -Infinity
    return Math.max(this.#blockedUntil, oldest + this.windowMs)
  }

  #detach(waiter: Waiter): void {
    if (waiter.signal && waiter.onAbort) {
      waiter.signal.removeEventListener('abort', waiter.onAbort)
    }
  }
}
