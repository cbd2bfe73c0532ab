import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  SEEN_BUCKET_CAP,
  SEEN_BUCKET_MS,
  SEEN_WINDOW_MS,
  hasSeen,
  rememberKey,
  seenKeyCount,
  type SeenKeys,
} from './event-key-window'

/** 2024-05-01 10:00:00 UTC, on a bucket boundary. */
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0)
const key = (i: number) => `k${String(i).padStart(21, '0')}`

/** Remembers keys in the given order, each at its time, the newest time moving as it would. */
function rememberAll(entries: { key: string; at: number }[], from: SeenKeys = {}): SeenKeys {
  let seen = from
  let newest = -Infinity
  for (const e of entries) {
    newest = Math.max(newest, e.at)
    seen = rememberKey(seen, e.key, e.at, newest)
  }
  return seen
}

describe('remembered event keys', () => {
  it('finds a key of an event within the window, under the time it was stamped', () => {
    const seen = rememberAll([{ key: key(1), at: T0 + 5000 }])
    expect(hasSeen(seen, key(1), T0 + 5000)).toBe(true)
    expect(hasSeen(seen, key(2), T0 + 5000)).toBe(false)
    // A key is looked up by its event's time: the same key at another time is another event.
    expect(hasSeen(seen, key(1), T0 + 2 * SEEN_BUCKET_MS)).toBe(false)
  })

  it('forgets keys that fall behind the newest event by more than the window', () => {
    let seen = rememberAll([{ key: key(1), at: T0 }])
    seen = rememberKey(seen, key(2), T0 + SEEN_WINDOW_MS, T0 + SEEN_WINDOW_MS)
    expect(hasSeen(seen, key(1), T0)).toBe(true)
    const later = T0 + SEEN_WINDOW_MS + SEEN_BUCKET_MS
    seen = rememberKey(seen, key(3), later, later)
    expect(hasSeen(seen, key(1), T0)).toBe(false)
    expect(hasSeen(seen, key(2), T0 + SEEN_WINDOW_MS)).toBe(true)
    expect(seenKeyCount(seen)).toBe(2)
  })

  it('does not keep the key of an event older than the window, and says nothing changed', () => {
    const newest = T0 + 3 * SEEN_WINDOW_MS
    const seen = rememberAll([{ key: key(1), at: newest }])
    expect(rememberKey(seen, key(2), T0, newest)).toBe(seen)
    expect(rememberKey(seen, key(1), newest, newest)).toBe(seen)
  })

  it('holds a day of one event a second in a few hundred keys', () => {
    const day = Array.from({ length: 24 * 3600 }, (_, i) => ({ key: key(i), at: T0 + i * 1000 }))
    const seen = rememberAll(day)
    const buckets = Object.keys(seen)
    expect(buckets.length).toBeLessThanOrEqual(SEEN_WINDOW_MS / SEEN_BUCKET_MS + 1)
    expect(seenKeyCount(seen)).toBeLessThanOrEqual((SEEN_WINDOW_MS + SEEN_BUCKET_MS) / 1000)
    const last = day.at(-1)!
    expect(hasSeen(seen, last.key, last.at)).toBe(true)
    const tenMinutesBefore = day.at(-1 - SEEN_WINDOW_MS / 1000)!
    expect(hasSeen(seen, tenMinutesBefore.key, tenMinutesBefore.at)).toBe(true)
  })

  it('keeps at most the cap per minute, the smallest keys, whatever the order', () => {
    const burst = Array.from({ length: SEEN_BUCKET_CAP + 50 }, (_, i) => ({
      key: key(i),
      at: T0 + (i % 60) * 1000,
    }))
    const inOrder = rememberAll(burst)
    const reversed = rememberAll([...burst].reverse())
    expect(seenKeyCount(inOrder)).toBe(SEEN_BUCKET_CAP)
    expect(reversed).toEqual(inOrder)
    expect(hasSeen(inOrder, key(0), T0)).toBe(true)
    expect(hasSeen(inOrder, key(SEEN_BUCKET_CAP + 49), burst.at(-1)!.at)).toBe(false)
  })

  it('ends with the same keys for the same events in any order', () => {
    const entry = fc.record({
      key: fc.integer({ min: 0, max: 5000 }).map(key),
      at: fc.integer({ min: 0, max: 40 * 60 }).map((sec) => T0 + sec * 1000),
    })
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 300 }), fc.array(fc.nat()), (entries, picks) => {
        const shuffled = [...entries]
        if (shuffled.length > 1) {
          picks.forEach((pick, i) => {
            const a = i % shuffled.length
            const b = pick % shuffled.length
            ;[shuffled[a], shuffled[b]] = [shuffled[b]!, shuffled[a]!]
          })
        }
        expect(rememberAll(shuffled)).toEqual(rememberAll(entries))
      }),
      { numRuns: 300 },
    )
  })
})
