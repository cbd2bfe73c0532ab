/**
 * The one scheduler: order, cancellation, and task-relative time that makes seeded runs
 * reproducible.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mulberry32 } from './prng'
import { Scheduler } from './scheduler'

let scheduler: Scheduler
afterEach(() => scheduler.stop())

function done(s: Scheduler): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (s.pending === 0 ? resolve() : setTimeout(check, 2))
    check()
  })
}

describe('Scheduler', () => {
  it('runs tasks by simulated time, ties in insertion order, skipping cancelled ones', async () => {
    scheduler = new Scheduler(1_000)
    const ran: string[] = []
    // The clock runs 1000× real time, so fix one base instead of calling now() repeatedly.
    const base = scheduler.now()
    scheduler.at(base + 300, () => ran.push('c'))
    scheduler.at(base + 100, () => ran.push('a1'))
    scheduler.at(base + 100, () => ran.push('a2'))
    const cancelled = scheduler.at(base + 200, () => ran.push('never'))
    scheduler.at(base + 200, () => ran.push('b'))
    scheduler.cancel(cancelled)
    await done(scheduler)
    expect(ran).toEqual(['a1', 'a2', 'b', 'c'])
  })

  it('measures follow-up delays from the running task’s own time, not the wall clock', async () => {
    scheduler = new Scheduler(1_000)
    const start = scheduler.now()
    const times: number[] = []
    const chain = (n: number) => {
      times.push(scheduler.now() - start)
      if (n > 0) scheduler.after(250, () => chain(n - 1))
    }
    scheduler.at(start + 250, () => chain(3))
    await done(scheduler)
    // Whatever the real timer jitter, the simulated times are exact.
    expect(times).toEqual([250, 500, 750, 1000])
  })

  it('handles many thousands of tasks with one timer', async () => {
    scheduler = new Scheduler(100_000)
    const rng = mulberry32(3)
    let last = -Infinity
    let inOrder = true
    let count = 0
    for (let i = 0; i < 20_000; i++) {
      const at = scheduler.now() + rng.next() * 60_000
      scheduler.at(at, () => {
        if (at < last) inOrder = false
        last = at
        count++
      })
    }
    await done(scheduler)
    expect(count).toBe(20_000)
    expect(inOrder).toBe(true)
  })

  it('does not keep cancelled far-future tasks: each call’s 4-hour limit, cancelled when it ends', () => {
    scheduler = new Scheduler(1)
    const hours4 = 4 * 3600_000
    const live = scheduler.after(hours4 + 1, () => undefined)
    // A busy day: every call schedules its max-duration end, then ends early and cancels it.
    for (let i = 0; i < 50_000; i++) scheduler.cancel(scheduler.after(hours4, () => undefined))
    // What remains is the live task and cancelled ones below the compaction threshold, not 50,000.
    expect(scheduler.pending).toBeLessThanOrEqual(1024)
    expect(live.cancelled).toBe(false)
  })

  it('still runs the tasks left, in order, when cancelling compacts the heap', async () => {
    scheduler = new Scheduler(100_000)
    const rng = mulberry32(11)
    const base = scheduler.now()
    const ran: number[] = []
    const kept: number[] = []
    const handles = Array.from({ length: 6_000 }, (_, i) => {
      const at = base + 1_000 + rng.next() * 60_000
      return { at, handle: scheduler.at(at, () => ran.push(at)), cancel: i % 5 !== 0 }
    })
    for (const h of handles) {
      if (h.cancel) scheduler.cancel(h.handle)
      else kept.push(h.at)
    }
    expect(scheduler.pending).toBeLessThan(handles.length / 2)
    await done(scheduler)
    expect(ran).toEqual([...kept].sort((a, b) => a - b))
  })
})

describe('mulberry32', () => {
  it('is reproducible per seed, forks independent streams, and makes v4-shaped uuids', () => {
    const a = mulberry32(42)
    const b = mulberry32(42)
    const drawsA = Array.from({ length: 5 }, () => a.next())
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(drawsA)
    expect(mulberry32(43).next()).not.toBe(drawsA[0])
    expect(a.uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    const values = Array.from({ length: 10_000 }, () => a.int(1, 6))
    expect(Math.min(...values)).toBe(1)
    expect(Math.max(...values)).toBe(6)
  })
})
