/**
 * The Redis store's appends when each relay remembers the MPC states it wrote: whatever another
 * relay, a prune or a lost Redis did in between, the stored state is the reducer over the
 * events in seq order — never a remembered state that Redis no longer holds.
 */
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MpcEvent } from '../mpc/events'
import { parseCallback } from '../mpc/parse'
import { applyEvent } from '../mpc/reducer'
import type { MpcState } from '../mpc/state'
import { CHECKPOINT_EVERY, RedisStore } from './redis-store'
import { startRedisServer, type RedisServer } from './testing/support'
import { mpcTraffic } from './testing/traffic'

let server: RedisServer
const clients: Redis[] = []
let testNumber = 0

beforeAll(async () => {
  server = await startRedisServer()
})

afterAll(async () => {
  await server?.stop()
})

afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect()
})

function store(keyPrefix: string): { store: RedisStore; redis: Redis } {
  const redis = new Redis(server.url, { maxRetriesPerRequest: 2 })
  clients.push(redis)
  return {
    redis,
    store: new RedisStore({
      redis,
      keyPrefix,
      logLimit: 1000,
      endedGraceMs: 60_000,
      dedupeTtlMs: 60_000,
    }),
  }
}

function events(n: number, options: Parameters<typeof mpcTraffic>[1] = {}): MpcEvent[] {
  return mpcTraffic(n, options).map((params) => {
    const parsed = parseCallback(params, 'status')
    if (!parsed.ok) throw new Error(parsed.error.message)
    return parsed.event
  })
}

function reduce(list: MpcEvent[]): Record<string, MpcState> {
  const mpcs: Record<string, MpcState> = {}
  for (const e of list) mpcs[e.mpcUuid] = applyEvent(mpcs[e.mpcUuid], e)
  return JSON.parse(JSON.stringify(mpcs)) as Record<string, MpcState>
}

async function stored(s: RedisStore): Promise<Record<string, MpcState>> {
  return (await s.snapshot('MA1')).snapshot.mpcs
}

describe('Redis store appends', () => {
  it('reduces on the state another relay wrote, not on the one it remembers', async () => {
    const prefix = `rs${++testNumber}`
    const a = store(prefix).store
    const b = store(prefix).store
    const list = events(24)
    // Alternate in runs, so each store keeps writing MPCs the other changed since.
    for (const [i, e] of list.entries()) {
      const by = Math.floor(i / 3) % 2 === 0 ? a : b
      const r = await by.append('MA1', `d${i}`, e, 1000 + i)
      expect(r).toMatchObject({ duplicate: false, message: { seq: i + 1 } })
    }
    expect(await stored(a)).toEqual(reduce(list))
    // A redelivery is still found, by either store.
    expect(await b.append('MA1', 'd0', list[0] as MpcEvent, 5000)).toEqual({
      duplicate: true,
      seq: 1,
    })
  })

  it('gives the reduced state at every event of a long call, across checkpoints, to any relay', async () => {
    const prefix = `rs${++testNumber}`
    const a = store(prefix).store
    const list = events(2 * CHECKPOINT_EVERY + 5, { mpcUuid: 'mpc-long' })
    for (const [i, e] of list.entries()) {
      await a.append('MA1', `d${i}`, e, 1000 + i)
      // A relay that never wrote the MPC reads it from the checkpoint and the events since.
      expect(await stored(store(prefix).store)).toEqual(reduce(list.slice(0, i + 1)))
    }
    // And one that did not write the last events appends on top of them.
    const b = store(prefix).store
    const more = events(2 * CHECKPOINT_EVERY + 8, { mpcUuid: 'mpc-long' }).slice(list.length)
    for (const [i, e] of more.entries()) await b.append('MA1', `m${i}`, e, 2000 + i)
    expect(await stored(a)).toEqual(reduce([...list, ...more]))
  })

  it('starts an MPC over when Redis lost it, even once its seqs come round again', async () => {
    const prefix = `rs${++testNumber}`
    const { store: a, redis } = store(prefix)
    const first = events(12, { mpcUuid: 'mpc-x', startMs: 1_700_000_000_000 })
    for (const [i, e] of first.entries()) await a.append('MA1', `first${i}`, e, 1000 + i)
    const before = await a.position('MA1')

    // Redis loses everything (a flush, a failover to an empty replica); another relay then
    // writes the same MPC up to the same seq, so the MPC is back at the seq `a` last wrote.
    await redis.flushall()
    const b = store(prefix).store
    const second = events(13, { mpcUuid: 'mpc-x', startMs: 1_700_000_100_000 })
    for (const [i, e] of second.slice(0, 12).entries()) {
      await b.append('MA1', `second${i}`, e, 2000 + i)
    }
    await a.append('MA1', 'second12', second[12] as MpcEvent, 3000)

    const after = await a.position('MA1')
    expect(after.epoch).not.toBe(before.epoch)
    expect(after.head).toBe(13)
    expect(await stored(a)).toEqual(reduce(second))
  })

  it('keeps a pruned MPC out of the state for an hour, whichever relay takes its late callbacks', async () => {
    const prefix = `rs${++testNumber}`
    const { store: a, redis } = store(prefix)
    const b = store(prefix).store
    const start = Date.now() - 10 * 60_000
    const list = events(6, { end: true, startMs: start })
    for (const [i, e] of list.entries()) await a.append('MA1', `d${i}`, e, start + i)
    const uuid = list[0]?.mpcUuid ?? ''
    const now = Date.now()
    await a.pruneEnded(now, ['MA1'])
    expect(await stored(a)).toEqual({})

    // Late callbacks, on the relay that wrote it (it remembers the state) and on another.
    const late = { ...(list[3] as MpcEvent), at: (list[3] as MpcEvent).at + 1 }
    expect(await a.append('MA1', 'late-a', late, now + 1)).toMatchObject({ duplicate: false })
    expect(await b.append('MA1', 'late-b', late, now + 2)).toMatchObject({ duplicate: false })
    expect(await stored(b)).toEqual({})
    expect((await a.readSince('MA1', list.length))?.events).toHaveLength(2)

    // Over an hour later the tombstone is forgotten with nothing else left behind.
    await a.pruneEnded(now + 61 * 60_000, ['MA1'])
    expect(await redis.hget(`${prefix}:{MA1}:ver`, uuid)).toBeNull()
    expect(await redis.zcard(`${prefix}:{MA1}:gone`)).toBe(0)
  })
})
