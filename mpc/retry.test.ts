import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  backoffDelay,
  isRetryableServerStatus,
  neverConnected,
  parseRetryAfter,
  sleep,
} from './retry'

describe('parseRetryAfter', () => {
  const now = Date.UTC(2024, 4, 1, 10, 0, 0)

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('1.5', now)).toBe(1500)
  })

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter(new Date(now + 7000).toUTCString(), now)).toBe(7000)
    expect(parseRetryAfter(new Date(now - 7000).toUTCString(), now)).toBe(0)
  })

  it('ignores an absent or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('', now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-3', now)).toBeUndefined()
  })
})

describe('backoffDelay', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000 }

  it('doubles per attempt, jittered between half and the whole step', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(50)
    expect(backoffDelay(1, policy, () => 0.999999)).toBe(100)
    expect(backoffDelay(2, policy, () => 0)).toBe(100)
    expect(backoffDelay(3, policy, () => 0.5)).toBe(300)
  })

  it('is capped by maxDelayMs', () => {
    expect(backoffDelay(20, policy, () => 0.999999)).toBe(1000)
    expect(backoffDelay(20, policy, () => 0)).toBe(500)
  })
})

describe('classification', () => {
  it('retries server failures but not 501 or non-5xx', () => {
    expect([500, 502, 503, 504].every(isRetryableServerStatus)).toBe(true)
    expect([501, 400, 404, 429, 200].some(isRetryableServerStatus)).toBe(false)
  })

  it('knows which network errors prove nothing was sent', () => {
    expect(neverConnected('ECONNREFUSED')).toBe(true)
    expect(neverConnected('ENOTFOUND')).toBe(true)
    expect(neverConnected('ECONNRESET')).toBe(false)
    expect(neverConnected('UND_ERR_SOCKET')).toBe(false)
    expect(neverConnected(undefined)).toBe(false)
  })
})

describe('sleep', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('waits the given time', async () => {
    vi.useFakeTimers({ now: 0 })
    let done = false
    const waiting = sleep(200).then(() => {
      done = true
    })
    await vi.advanceTimersByTimeAsync(199)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await waiting
    expect(done).toBe(true)
  })

  it('stops early, with the reason, when its signal aborts', async () => {
    vi.useFakeTimers({ now: 0 })
    const controller = new AbortController()
    const waiting = sleep(10_000, controller.signal)
    controller.abort(new Error('cancelled'))
    await expect(waiting).rejects.toThrow('cancelled')
    expect(vi.getTimerCount()).toBe(0)
  })
})
