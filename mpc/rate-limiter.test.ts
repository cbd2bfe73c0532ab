import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RateLimiter, RateLimiterStoppedError } from './rate-limiter'

/** Records the order in which acquisitions resolve or reject. */
function track(limiter: RateLimiter, label: string, log: string[], signal?: AbortSignal) {
  return limiter.acquire(signal).then(
    () => {
      log.push(`${label}@${Date.now()}`)
    },
    (error: unknown) => {
      log.push(`${label}:rejected`)
      throw error
    },
  )
}

describe('RateLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('lets 300 requests through in 5 s by default, then queues the 301st until the window slides', async () => {
    const limiter = new RateLimiter()
    const log: string[] = []
    const first = Array.from({ length: 300 }, (_, i) => track(limiter, `r${i}`, log))
    await Promise.all(first)
    expect(log).toHaveLength(300)

    await vi.advanceTimersByTimeAsync(1000)
    const late = track(limiter, 'late', log)
    await vi.advanceTimersByTimeAsync(3999)
    expect(log).toHaveLength(300)
    expect(limiter.pending).toBe(1)

    // The first 300 started at t=0, so a slot frees at t=5000.
    await vi.advanceTimersByTimeAsync(1)
    await late
    expect(log.at(-1)).toBe('late@5000')
    expect(limiter.pending).toBe(0)
  })

  it('serves queued requests in FIFO order and drops none', async () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 1000 })
    const log: string[] = []
    const all = ['a', 'b', 'c', 'd', 'e'].map((label) => track(limiter, label, log))
    await vi.advanceTimersByTimeAsync(0)
    expect(log).toEqual(['a@0', 'b@0'])
    expect(limiter.pending).toBe(3)

    await vi.advanceTimersByTimeAsync(1000)
    expect(log).toEqual(['a@0', 'b@0', 'c@1000', 'd@1000'])
    await vi.advanceTimersByTimeAsync(1000)
    await Promise.all(all)
    expect(log).toEqual(['a@0', 'b@0', 'c@1000', 'd@1000', 'e@2000'])
  })

  it('is a sliding window: a slot frees exactly windowMs after the grant that used it', async () => {
    const limiter = new RateLimiter({ limit: 3, windowMs: 1000 })
    const log: string[] = []
    await track(limiter, 'a', log)
    await vi.advanceTimersByTimeAsync(400)
    await track(limiter, 'b', log)
    await vi.advanceTimersByTimeAsync(400)
    await track(limiter, 'c', log)
    const d = track(limiter, 'd', log)
    const e = track(limiter, 'e', log)
    await vi.advanceTimersByTimeAsync(199) // t=999: window still full
    expect(log).toEqual(['a@0', 'b@400', 'c@800'])
    await vi.advanceTimersByTimeAsync(1) // t=1000: a's slot frees
    await d
    expect(log.at(-1)).toBe('d@1000')
    await vi.advanceTimersByTimeAsync(400) // t=1400: b's slot frees
    await e
    expect(log.at(-1)).toBe('e@1400')
  })

  it('is shared: two users of one limiter together stay inside the budget', async () => {
    const limiter = new RateLimiter({ limit: 4, windowMs: 1000 })
    const log: string[] = []
    const both = [
      ...['x1', 'x2', 'x3'].map((l) => track(limiter, l, log)),
      ...['y1', 'y2', 'y3'].map((l) => track(limiter, l, log)),
    ]
    await vi.advanceTimersByTimeAsync(0)
    expect(log).toHaveLength(4)
    await vi.advanceTimersByTimeAsync(1000)
    await Promise.all(both)
    expect(log.slice(4)).toEqual(['y2@1000', 'y3@1000'])
  })

  it('removes an aborted waiter from the queue without disturbing the others', async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000 })
    const log: string[] = []
    await track(limiter, 'a', log)
    const controller = new AbortController()
    const b = track(limiter, 'b', log, controller.signal)
    const c = track(limiter, 'c', log)
    expect(limiter.pending).toBe(2)

    controller.abort(new Error('user closed the panel'))
    await expect(b).rejects.toThrow('user closed the panel')
    expect(limiter.pending).toBe(1)

    await vi.advanceTimersByTimeAsync(1000)
    await c
    expect(log).toEqual(['a@0', 'b:rejected', 'c@1000'])
  })

  it('rejects an already-aborted signal at once', async () => {
    const limiter = new RateLimiter()
    await expect(limiter.acquire(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone')
  })

  it('stop() rejects every queued wait and every later acquire', async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000 })
    const log: string[] = []
    await track(limiter, 'a', log)
    const b = track(limiter, 'b', log)
    const c = track(limiter, 'c', log)
    limiter.stop('shutting down')
    await expect(b).rejects.toBeInstanceOf(RateLimiterStoppedError)
    await expect(c).rejects.toThrow('shutting down')
    await expect(limiter.acquire()).rejects.toBeInstanceOf(RateLimiterStoppedError)
    expect(limiter.pending).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('holdFor() pauses every grant until the hold ends (Plivo said 429 Retry-After)', async () => {
    const limiter = new RateLimiter({ limit: 10, windowMs: 1000 })
    const log: string[] = []
    limiter.holdFor(2500)
    const a = track(limiter, 'a', log)
    const b = track(limiter, 'b', log)
    await vi.advanceTimersByTimeAsync(2499)
    expect(log).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    await Promise.all([a, b])
    expect(log).toEqual(['a@2500', 'b@2500'])
  })

  it('tryAcquire() takes a free slot at once, else takes nothing and says when one frees', () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 1000 })
    expect(limiter.tryAcquire()).toEqual({ ok: true })
    vi.advanceTimersByTime(300)
    expect(limiter.tryAcquire()).toEqual({ ok: true })
    expect(limiter.tryAcquire()).toEqual({ ok: false, retryAfterMs: 700 })
    vi.advanceTimersByTime(700)
    expect(limiter.tryAcquire()).toEqual({ ok: true })
    expect(limiter.tryAcquire()).toEqual({ ok: false, retryAfterMs: 300 })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('tryAcquire() waits behind a hold and behind queued requests, and throws once stopped', async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000 })
    limiter.holdFor(500)
    expect(limiter.tryAcquire()).toEqual({ ok: false, retryAfterMs: 500 })
    const queued = limiter.acquire()
    await vi.advanceTimersByTimeAsync(500)
    await queued
    expect(limiter.tryAcquire()).toEqual({ ok: false, retryAfterMs: 1000 })
    limiter.stop()
    expect(() => limiter.tryAcquire()).toThrow(RateLimiterStoppedError)
  })

  it('refuses nonsense configuration', () => {
    expect(() => new RateLimiter({ limit: 0 })).toThrow(RangeError)
    expect(() => new RateLimiter({ windowMs: -1 })).toThrow(RangeError)
  })
})
