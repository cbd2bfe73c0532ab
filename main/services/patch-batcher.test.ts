/**
 * The batcher on its own, fed faster than its interval: 1,000 events through the real reducer
 * over a second still make at most 20 patches a second, a lone event goes out on the next tick,
 * a hold (resync) releases one patch, and a timer firing early by the wall clock still keeps the
 * spacing. All on vitest's fake clock, so the timing they assert is exact and never flaky.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MpcEvent } from '../../mpc/events'
import type { DeskPatch } from '../../preload/api'
import { LiveStore } from './live-store'
import { createPatchBatcher, DEFAULT_PATCH_INTERVAL_MS, type DirtySet } from './patch-batcher'

function digit(i: number): MpcEvent {
  return {
    kind: 'participant',
    name: 'ParticipantDigitInput',
    mpcUuid: `mpc-${i % 40}`,
    memberId: '1',
    digits: String(i),
    at: 1_700_000_000_000 + i,
    raw: { Digits: String(i) },
  }
}

/** `now`: the wall clock the batcher and the patch stamps read (the fake clock by default). */
function rig(now: () => number = () => Date.now()) {
  const store = new LiveStore()
  const patches: { at: number; patch: DeskPatch }[] = []
  const batcher = createPatchBatcher({
    build: (dirty: DirtySet) => ({
      seq: store.seq,
      upserts: [...dirty.upserts].flatMap((u) => store.get(u) ?? []),
      sources: {},
      removed: [...dirty.removed],
      at: now(),
    }),
    emit: (patch) => patches.push({ at: now(), patch }),
    now,
  })
  return { store, patches, batcher }
}

describe('patch batching', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('1,000 events as fast as they come: ≤ 20 patches a second, none lost', async () => {
    const { store, patches, batcher } = rig()
    const started = Date.now()
    for (let i = 0; i < 1000; i++) {
      const event = digit(i)
      if (store.apply(event, 'relay', i + 1).changed) batcher.upsert(event.mpcUuid)
      // 10 events every 10 ms: five times more changes than patches allowed.
      if (i % 10 === 9) await vi.advanceTimersByTimeAsync(10)
    }
    await vi.advanceTimersByTimeAsync(DEFAULT_PATCH_INTERVAL_MS)
    const elapsed = Date.now() - started
    batcher.stop()

    for (const { at } of patches) {
      expect(patches.filter((p) => p.at >= at && p.at < at + 1000).length).toBeLessThanOrEqual(20)
    }
    expect(patches.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 1)
    const digits = new Map<string, number>()
    for (const { patch } of patches) {
      for (const mpc of patch.upserts)
        digits.set(mpc.mpcUuid, mpc.participants['1']?.digits.length ?? 0)
    }
    expect(digits.size).toBe(40)
    expect([...digits.values()].every((n) => n === 25)).toBe(true)
    expect(patches.at(-1)?.patch.seq).toBe(1000)
  })

  it('sends a lone change on the next tick, not after the interval', async () => {
    const { store, patches, batcher } = rig()
    store.apply(digit(1), 'relay', 1)
    batcher.upsert('mpc-1')
    await vi.advanceTimersByTimeAsync(5)
    expect(patches).toHaveLength(1)
    batcher.stop()
  })

  it('holds changes during a resync and releases them as one patch', async () => {
    const { store, patches, batcher } = rig()
    batcher.hold()
    for (let i = 0; i < 100; i++) {
      store.apply(digit(i), 'relay', i + 1)
      batcher.upsert(digit(i).mpcUuid)
      if (i % 10 === 0) await vi.advanceTimersByTimeAsync(10)
    }
    expect(patches).toHaveLength(0)
    batcher.release()
    await vi.advanceTimersByTimeAsync(5)
    expect(patches).toHaveLength(1)
    expect(patches[0]?.patch.upserts).toHaveLength(40)
    batcher.stop()
  })

  it('a remove after an upsert of the same call sends only the removal', async () => {
    const { store, patches, batcher } = rig()
    store.apply(digit(1), 'relay', 1)
    batcher.upsert('mpc-1')
    batcher.remove('mpc-1')
    await vi.advanceTimersByTimeAsync(5)
    expect(patches[0]?.patch).toMatchObject({ upserts: [], removed: ['mpc-1'] })
    batcher.stop()
  })

  it('keeps 50 ms between patches when changes follow a busy stretch right after a patch', async () => {
    // Node starts a timer from the loop's cached clock, which lags the wall clock after a long
    // synchronous run, so the timer fires early by the wall clock. Modelled here: a busy stretch
    // moves the wall clock 45 ms ahead of the (fake) timer clock until the timers catch up.
    let busyUntil = -Infinity
    const wall = () => Math.max(Date.now(), busyUntil)
    const { store, patches, batcher } = rig(wall)
    for (let round = 0; round < 5; round++) {
      const before = patches.length
      store.apply(digit(round), 'relay', round + 1)
      batcher.upsert(digit(round).mpcUuid)
      await vi.advanceTimersByTimeAsync(1)
      expect(patches).toHaveLength(before + 1)
      // Right after a patch: a busy stretch the timers have not seen yet, then a change.
      busyUntil = Date.now() + 45
      store.apply(digit(round + 100), 'relay', round + 101)
      batcher.upsert(digit(round + 100).mpcUuid)
      await vi.advanceTimersByTimeAsync(100)
      expect(patches).toHaveLength(before + 2)
    }
    batcher.stop()
    for (let i = 1; i < patches.length; i++) {
      expect((patches[i]?.at ?? 0) - (patches[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(50)
    }
  })
})
