/**
 * Scale-out mode against a real redis-server: several relays share one log, one seq order and
 * one live state; a relay killed mid-traffic and restarted loses nothing.
 */
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseCallback } from '../mpc/parse'
import { applyEvent } from '../mpc/reducer'
import type { MpcState } from '../mpc/state'
import { waitFor } from '../mpc/testing/wait-for'
import type { RelayEventMessage, SubscribeAck } from '../mpc/wire'
import { RedisStore } from './redis-store'
import {
  ACCOUNTS,
  SUPERVISOR_TOKENS,
  startTestRelay,
  type AccountId,
  type TestRelay,
} from './testing/fixtures'
import {
  connectSupervisor,
  freePort,
  sendCallback,
  spawnRelay,
  startRedisServer,
  type CallbackResponse,
  type RedisServer,
  type RelayProcess,
  type Supervisor,
} from './testing/support'
import { reduceCallbacks, visibleState } from './testing/reference'
import { mpcTraffic } from './testing/traffic'

const PUBLIC_URL = 'https://relay.example.com'
let redis: RedisServer
let testNumber = 0
const relays: TestRelay[] = []
const processes: RelayProcess[] = []
const sockets: Supervisor[] = []

beforeAll(async () => {
  redis = await startRedisServer()
})

afterAll(async () => {
  await redis?.stop()
})

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close()
  await Promise.all(relays.splice(0).map((r) => r.relay.stop()))
  await Promise.all(processes.splice(0).map((p) => p.kill()))
})

/** Relays of one test share a key prefix; tests do not see each other's data. */
function prefix(): string {
  testNumber++
  return `t${testNumber}-${Date.now()}`
}

async function inProcessRelay(
  keyPrefix: string,
  overrides: { logLimit?: number; endedGraceMs?: number } = {},
): Promise<TestRelay> {
  const t = await startTestRelay({
    redisUrl: redis.url,
    redisKeyPrefix: keyPrefix,
    publicUrl: PUBLIC_URL,
    ...overrides,
  })
  relays.push(t)
  return t
}

async function subscribed(url: string, account: AccountId, since?: number): Promise<Supervisor> {
  const s = await connectSupervisor(url, SUPERVISOR_TOKENS[account][0] ?? '')
  sockets.push(s)
  const ack = await s.subscribe(since)
  if (!ack.ok) throw new Error(ack.error)
  return s
}

function post(
  relayUrl: string,
  account: AccountId,
  params: Record<string, string>,
  retry?: { nonce: string; signature?: string },
): Promise<CallbackResponse> {
  return sendCallback({
    relayUrl,
    publicUrl: PUBLIC_URL,
    authId: account,
    authToken: ACCOUNTS[account],
    params,
    ...retry,
  })
}

function reduceInOrder(messages: RelayEventMessage[]): Record<string, MpcState> {
  const mpcs: Record<string, MpcState> = {}
  for (const { event } of [...messages].sort((a, b) => a.seq - b.seq)) {
    mpcs[event.mpcUuid] = applyEvent(mpcs[event.mpcUuid], event)
  }
  return JSON.parse(JSON.stringify(mpcs)) as Record<string, MpcState>
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}

/** Three MPCs' callbacks interleaved as they would arrive. */
function interleavedTraffic(perMpc: number): Record<string, string>[] {
  const all = [...mpcTraffic(perMpc), ...mpcTraffic(perMpc), ...mpcTraffic(perMpc, { end: true })]
  return all.sort((a, b) => (a.EventTimestamp ?? '').localeCompare(b.EventTimestamp ?? ''))
}

describe('relay on Redis', () => {
  it('gives callbacks accepted by either relay one seq order, seen by the clients of both', async () => {
    const keyPrefix = prefix()
    const a = await inProcessRelay(keyPrefix, { logLimit: 20 })
    const b = await inProcessRelay(keyPrefix, { logLimit: 20 })
    const onA = await subscribed(a.relay.url, 'MA1')
    const onB = await subscribed(b.relay.url, 'MA1')
    const otherAccount = await subscribed(b.relay.url, 'MA2')

    const traffic = interleavedTraffic(20)
    const seqOf = new Map<number, Record<string, string>>()
    // Four lanes post at once, alternating relays, so the same MPC is updated by both relays
    // concurrently.
    await Promise.all(
      range(0, 3).map(async (lane) => {
        for (let i = lane; i < traffic.length; i += 4) {
          const params = traffic[i] ?? {}
          const relay = i % 2 === 0 ? a : b
          const res = await post(relay.relay.url, 'MA1', params)
          expect(res.status).toBe(200)
          seqOf.set(res.body.seq ?? -1, params)
        }
      }),
    )
    const n = traffic.length
    expect([...seqOf.keys()].sort((x, y) => x - y)).toEqual(range(1, n))

    for (const client of [onA, onB]) {
      await client.waitForSeq(n)
      expect(client.events.map((e) => e.seq)).toEqual(range(1, n))
      for (const e of client.events) expect(e.event.raw).toEqual(seqOf.get(e.seq))
    }
    expect(otherAccount.events).toEqual([])

    // The live state in Redis equals a fresh reducer over the events in seq order, whichever
    // relay is asked; the log only holds the last ~20, so this is a snapshot.
    const expected = reduceInOrder(onA.events)
    for (const relay of [a, b]) {
      const late = await subscribed(relay.relay.url, 'MA1', 1)
      expect(late.events).toEqual([])
      const ack = await late.subscribe(1)
      expect(ack).toMatchObject({ ok: true, head: n })
      expect(ack.ok && ack.snapshot?.mpcs).toEqual(expected)
      // …and a recent seq is replayed from the Redis stream.
      expect(await late.subscribe(n - 5)).toEqual({ ok: true, head: n, epoch: expect.any(String) })
      expect(late.events.map((e) => e.seq)).toEqual(range(n - 4, n))
    }

    // A redelivery to the other relay is recognised there too.
    const again = await post(a.relay.url, 'MA1', mpcTraffic(1)[0] ?? {})
    const dup = await post(
      b.relay.url,
      'MA1',
      {},
      { nonce: again.nonce, signature: again.signature },
    )
    expect(dup.status).toBe(403) // other params, same signature: forged
    const [fresh = {}] = mpcTraffic(1)
    const first = await post(a.relay.url, 'MA1', fresh)
    const second = await post(b.relay.url, 'MA1', fresh, first)
    expect(second.body).toEqual({ seq: first.body.seq, duplicate: true })
  }, 60_000)

  it('loses no event and no state when a relay process is killed and restarted', async () => {
    const keyPrefix = prefix()
    const env = {
      REDIS_URL: redis.url,
      RELAY_REDIS_PREFIX: keyPrefix,
      RELAY_PUBLIC_URL: PUBLIC_URL,
      RELAY_ACCOUNTS: Object.entries(ACCOUNTS)
        .map(([id, token]) => `${id}:${token}`)
        .join(','),
      RELAY_SUPERVISORS: `MA1:${SUPERVISOR_TOKENS.MA1[0] ?? ''},MA2:${SUPERVISOR_TOKENS.MA2[0] ?? ''}`,
    }
    const port1 = await freePort()
    let p1 = await spawnRelay({ ...env, RELAY_PORT: String(port1) })
    processes.push(p1)
    const p2 = await spawnRelay({ ...env, RELAY_PORT: '0' })
    processes.push(p2)

    // A client of relay 1 that behaves like main: reconnects by itself and resubscribes with
    // the last seq it applied.
    const c1 = await connectSupervisor(p1.url, SUPERVISOR_TOKENS.MA1[0] ?? '', {
      reconnection: true,
    })
    sockets.push(c1)
    let reconnects = 0
    c1.socket.io.on('reconnect', () => {
      reconnects++
      void c1.subscribe(c1.events.at(-1)?.seq ?? 0)
    })
    await c1.subscribe()
    const c2 = await subscribed(p2.url, 'MA1')

    const traffic = interleavedTraffic(30)
    const n = traffic.length
    const seqs = new Map<number, Record<string, string>>()
    let relay1 = p1.url
    const deliver = async (i: number): Promise<void> => {
      const params = traffic[i] ?? {}
      const target = i % 2 === 0 ? relay1 : p2.url
      const nonce = `nonce-${i}`
      let res: CallbackResponse
      try {
        res = await post(target, 'MA1', params, { nonce })
      } catch {
        // The relay died under the request. Plivo retries the same signed delivery; here it
        // goes to the surviving relay, which stores it once whatever the dead one did.
        res = await post(p2.url, 'MA1', params, { nonce })
      }
      expect(res.status).toBe(200)
      seqs.set(res.body.seq ?? -1, params)
    }
    const lanes = (from: number, to: number) =>
      Promise.all(
        range(0, 2).map(async (lane) => {
          for (let i = from + lane; i < to; i += 3) await deliver(i)
        }),
      )

    await lanes(0, 30)
    // Kill relay 1 while callbacks are in flight to it.
    const inFlight = lanes(30, 60)
    await waitFor('some of the second batch', () => seqs.size >= 35)
    await p1.kill()
    relay1 = p2.url
    await inFlight
    await lanes(60, 75)
    p1 = await spawnRelay({ ...env, RELAY_PORT: String(port1) })
    processes.push(p1)
    relay1 = p1.url
    await lanes(75, n)

    // Every callback has exactly one seq, and the seqs are 1..n without a hole.
    expect(seqs.size).toBe(n)
    expect([...seqs.keys()].sort((x, y) => x - y)).toEqual(range(1, n))

    // Both clients end with every event once, in order — c1 through its own reconnect.
    for (const client of [c1, c2]) {
      await client.waitForSeq(n, 20_000)
      expect(client.events.map((e) => e.seq)).toEqual(range(1, n))
      for (const e of client.events) expect(e.event.raw).toEqual(seqs.get(e.seq))
    }
    expect(reconnects).toBeGreaterThan(0)

    // The restarted relay serves the whole history and the state a fresh reducer computes.
    const fresh = await subscribed(p1.url, 'MA1', 0)
    expect(fresh.events.map((e) => e.seq)).toEqual(range(1, n))
    const snap = await fresh.subscribe()
    const ordered = range(1, n).map((s) => seqs.get(s) ?? {})
    expect(snap).toMatchObject({ ok: true, head: n })
    expect(visibleState(snap.ok ? snap.snapshot?.mpcs : undefined)).toEqual(
      reduceCallbacks(ordered),
    )

    // Graceful stop exits cleanly.
    expect(await p1.stop()).toBe(0)
  }, 120_000)
})

describe('relay log epochs on Redis', () => {
  it('keeps the epoch across a relay restart, so a client resubscribing gets a replay', async () => {
    const keyPrefix = prefix()
    const first = await inProcessRelay(keyPrefix)
    const traffic = interleavedTraffic(4)
    const s = await subscribed(first.relay.url, 'MA1')
    for (const p of traffic.slice(0, 5)) expect((await first.post('MA1', p)).status).toBe(200)
    await s.waitForSeq(5)
    const again = await s.subscribe(5)
    if (!again.ok) throw new Error(again.error)
    const epoch = again.epoch
    s.close()
    await first.relay.stop()

    const second = await inProcessRelay(keyPrefix)
    for (const p of traffic.slice(5)) expect((await second.post('MA1', p)).status).toBe(200)
    const back = await connectSupervisor(second.relay.url, SUPERVISOR_TOKENS.MA1[0] ?? '')
    sockets.push(back)
    // The epoch from before the restart is still the log's: a replay, no snapshot.
    const ack = await back.subscribe(5, epoch)
    expect(ack).toEqual({ ok: true, head: traffic.length, epoch })
    expect(back.events.map((e) => e.seq)).toEqual(range(6, traffic.length))
    expect(back.events.map((e) => e.event.raw)).toEqual(traffic.slice(5))
  })

  it('starts a new epoch when Redis loses the log, and a running relay makes its clients resync', async () => {
    const keyPrefix = prefix()
    const t = await inProcessRelay(keyPrefix)
    const c = await connectSupervisor(t.relay.url, SUPERVISOR_TOKENS.MA1[0] ?? '', {
      reconnection: true,
    })
    sockets.push(c)
    const first = await c.subscribe()
    if (!first.ok) throw new Error(first.error)
    const resyncs: { ack: SubscribeAck; from: number }[] = []
    // Like main: after a reconnect, resubscribe from the last applied seq of its epoch.
    c.socket.io.on('reconnect', () => {
      const last = c.events.at(-1)?.seq ?? 0
      // Everything received from here on belongs to the new subscription.
      const from = c.events.length
      void c.subscribe(last, first.epoch).then((ack) => resyncs.push({ ack, from }))
    })
    for (const p of mpcTraffic(6)) expect((await t.post('MA1', p)).status).toBe(200)
    await c.waitForSeq(6)

    // Redis loses everything of this relay's (a flush, a failover to an empty replica).
    const admin = new Redis(redis.url)
    try {
      const keys = await admin.keys(`${keyPrefix}:*`)
      if (keys.length > 0) await admin.del(...keys)
    } finally {
      admin.disconnect()
    }
    const after = interleavedTraffic(5)
    for (const p of after) expect((await t.post('MA1', p)).status).toBe(200)

    const { ack: resync, from } = await waitFor('a resubscribe after the log was replaced', () =>
      resyncs.at(-1),
    )
    if (!resync.ok) throw new Error(resync.error)
    expect(resync.epoch).not.toBe(first.epoch)
    expect(resync.snapshot).toBeDefined()
    // The snapshot plus the events after it are exactly the new log's history.
    const since = (): RelayEventMessage[] => c.events.slice(from)
    await waitFor(
      'the rest of the new log',
      () => resync.head === after.length || since().at(-1)?.seq === after.length,
    )
    expect(since().map((e) => e.seq)).toEqual(range(resync.head + 1, after.length))
    const mpcs = { ...resync.snapshot?.mpcs }
    for (const e of since()) mpcs[e.event.mpcUuid] = applyEvent(mpcs[e.event.mpcUuid], e.event)
    expect(visibleState(mpcs)).toEqual(reduceCallbacks(after))
    expect(resyncs).toHaveLength(1)
  }, 30_000)
})

describe('relay delivery gaps', () => {
  it('delivers an event whose relay stored it and died before announcing it', async () => {
    const keyPrefix = prefix()
    const t = await inProcessRelay(keyPrefix)
    const s = await subscribed(t.relay.url, 'MA1')
    const [a = {}, b = {}, c = {}] = mpcTraffic(3)
    expect((await post(t.relay.url, 'MA1', a)).body).toEqual({ seq: 1 })

    // What a relay that crashed right after its Redis commit leaves behind: the event is in the
    // log and the state, but no other relay was told.
    const client = new Redis(redis.url)
    try {
      const silent = new RedisStore({
        redis: client,
        keyPrefix,
        logLimit: 50_000,
        endedGraceMs: 60_000,
        dedupeTtlMs: 60_000,
      })
      const parsed = parseCallback(b, 'status')
      if (!parsed.ok) throw new Error(parsed.error.message)
      expect(
        await silent.append('MA1', 'crashed-delivery', parsed.event, Date.now()),
      ).toMatchObject({ duplicate: false, message: { seq: 2 } })
      // The periodic sweep of log heads finds it with no further traffic…
      await s.waitForSeq(2)
      // …and the next event follows in order.
      expect((await post(t.relay.url, 'MA1', c)).body).toEqual({ seq: 3 })
      await s.waitForSeq(3)
      expect(s.events.map((e) => [e.seq, e.event.raw])).toEqual([
        [1, a],
        [2, b],
        [3, c],
      ])
    } finally {
      client.disconnect()
    }
  })
})

describe('relay live state in Redis', () => {
  it('removes ended MPCs from Redis after their grace period', async () => {
    const keyPrefix = prefix()
    // A short grace makes the prune job run every second.
    const t = await inProcessRelay(keyPrefix, { endedGraceMs: 4000 })
    const longAgo = mpcTraffic(6, { end: true, startMs: Date.now() - 10 * 60_000 })
    const live = mpcTraffic(6)
    for (const p of [...longAgo, ...live])
      expect((await post(t.relay.url, 'MA1', p)).status).toBe(200)
    const client = new Redis(redis.url)
    try {
      const stateKey = `${keyPrefix}:{MA1}:state`
      await waitFor('the ended MPC to leave Redis', async () => {
        const uuids = await client.hkeys(stateKey)
        return uuids.length === 1 && uuids
      })
      expect(await client.hkeys(stateKey)).toEqual([live[0]?.MPCUUID])
      const s = await subscribed(t.relay.url, 'MA1', 0)
      expect(s.events).toHaveLength(13)
      const snap = await s.subscribe()
      expect(visibleState(snap.ok ? snap.snapshot?.mpcs : undefined)).toEqual(reduceCallbacks(live))

      // A late callback for the pruned call is logged and fanned out, but brings no state back.
      const late = { ...longAgo[3], MemberID: '777' } as Record<string, string>
      expect((await post(t.relay.url, 'MA1', late)).body).toEqual({ seq: 14 })
      await s.waitForSeq(14)
      expect(s.events.at(-1)?.event.raw).toEqual(late)
      expect(await client.hkeys(stateKey)).toEqual([live[0]?.MPCUUID])
      const again = await subscribed(t.relay.url, 'MA1')
      const ack = await again.subscribe()
      expect(ack).toMatchObject({ ok: true, head: 14 })
      expect(visibleState(ack.ok ? ack.snapshot?.mpcs : undefined)).toEqual(reduceCallbacks(live))
    } finally {
      client.disconnect()
    }
  })
})

describe('relay when Redis goes away', () => {
  it('answers 503 so Plivo retries, reports itself unhealthy, and stops cleanly', async () => {
    const own = await startRedisServer()
    const t = await startTestRelay({ redisUrl: own.url, publicUrl: PUBLIC_URL })
    try {
      const [a = {}, b = {}] = mpcTraffic(2)
      expect((await post(t.relay.url, 'MA1', a)).body).toEqual({ seq: 1 })
      const s = await subscribed(t.relay.url, 'MA1')

      await own.stop()
      await waitFor('healthz to fail', async () => {
        const res = await fetch(`${t.relay.url}/healthz`)
        return res.status === 503 && ((await res.json()) as { status: string })
      })
      const refused = await post(t.relay.url, 'MA1', b)
      expect(refused).toMatchObject({ status: 503, body: { error: 'storage unavailable; retry' } })
      expect(await s.subscribe(0)).toMatchObject({ ok: false })
      expect(s.events).toEqual([])
    } finally {
      await t.relay.stop()
      await own.stop()
    }
  })
})
