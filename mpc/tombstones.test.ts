import { describe, expect, it } from 'vitest'
import { Tombstones } from './tombstones'

describe('Tombstones', () => {
  it('remembers buried MPCs until they are too old or too many', () => {
    const t = new Tombstones(3, 1000)
    t.bury(['a', 'b'], 0)
    t.bury(['c'], 500)
    expect(['a', 'b', 'c'].map((u) => t.has(u))).toEqual([true, true, true])
    t.bury(['d'], 600) // over the cap: the oldest goes
    expect(['a', 'b', 'c', 'd'].map((u) => t.has(u))).toEqual([false, true, true, true])
    t.expire(1200) // b is 1.2 s old
    expect(['b', 'c', 'd'].map((u) => t.has(u))).toEqual([false, true, true])
    t.bury(['c'], 1300) // buried again: its age starts over
    t.expire(1550)
    expect(['c', 'd'].map((u) => t.has(u))).toEqual([true, true])
    t.expire(1650)
    expect(['c', 'd'].map((u) => t.has(u))).toEqual([true, false])
    expect(t.size).toBe(1)
  })

  it('forgets one uuid, or all, on request', () => {
    const t = new Tombstones(10, 1000)
    t.bury(['a', 'b'], 0)
    t.forget('a')
    expect([t.has('a'), t.has('b')]).toEqual([false, true])
    t.clear()
    expect(t.size).toBe(0)
  })
})
