/**
 * Supervisor sockets against a real relay (in-memory store): auth, replay after a disconnect,
 * snapshots for clients too far behind, and ordered, isolated fan-out to many clients.
 */
import { describe, expect, it } from 'vitest'
import { realisticCall } from '../mpc/testing/scenario'
import { waitFor } from '../mpc/testing/wait-for'
import type { RelayEventMessage } from '../mpc/wire'
import { ACCOUNTS, SUPERVISOR_TOKENS, useRelayPerTest, type AccountId } from './testing/fixtures'
import { reduceCallbacks, visibleState } from './testing/reference'
import { connectSupervisor, type Supervisor } from './testing/support'
import { mpcTraffic } from './testing/traffic'

const { start, connect } = useRelayPerTest()

function token(account: AccountId, i = 0): string {
  const t = SUPERVISOR_TOKENS[account][i]
  if (!t) throw new Error(`no token ${i} for ${account}`)
  return t
}

function seqs(events: RelayEventMessage[]): number[] {
  return events.map((e) => e.seq)
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}

describe('relay /supervisor', () => {
  it('refuses a wrong or missing token with "unauthorized"', async () => {
    const t = await start()
    await expect(connectSupervisor(t.relay.url, 'not-a-token')).rejects.toThrow('unauthorized')
    await expect(connectSupervisor(t.relay.url, '')).rejects.toThrow('unauthorized')
    // A token is bound to its account: MA1's token is not MA2's.
    await expect(connectSupervisor(t.relay.url, `${token('MA1')}x`)).rejects.toThrow('unauthorized')
    const metrics = await (await fetch(`${t.relay.url}/metrics`)).text()
    expect(metrics).toMatch(/relay_socket_unauthorized_total 3/)
  })

  it('refuses an invalid subscribe request with a reason', async () => {
    const t = await start()
    const s = await connect(t, token('MA1'))
    for (const bad of [{ since: -1 }, { since: 1.5 }, { since: 'x' }, 'nope']) {
      const ack = await s.socket.timeout(5000).emitWithAck('subscribe', bad)
      expect(ack).toMatchObject({ ok: false, error: expect.stringMatching(/invalid subscribe/) })
    }
  })

  it('gives a first subscriber the snapshot, then live events after its head', async () => {
    const t = await start()
    const traffic = mpcTraffic(6)
    for (const p of traffic.slice(0, 4)) await t.post('MA1', p)
    const s = await connect(t, token('MA1'))
    const ack = await s.subscribe()
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.head).toBe(4)
    expect(visibleState(ack.snapshot?.mpcs)).toEqual(reduceCallbacks(traffic.slice(0, 4)))
    for (const p of traffic.slice(4)) await t.post('MA1', p)
    await s.waitForSeq(6)
    expect(seqs(s.events)).toEqual([5, 6])
  })

  it('replays exactly the missed events, once each and in order, to a client that comes back', async () => {
    const t = await start()
    const traffic = mpcTraffic(40)
    const s = await connect(t, token('MA1'))
    expect(await s.subscribe()).toMatchObject({ ok: true, head: 0 })
    for (const p of traffic.slice(0, 10)) await t.post('MA1', p)
    await s.waitForSeq(10)
    const last = s.events.at(-1)?.seq ?? 0
    s.close()

    for (const p of traffic.slice(10, 30)) await t.post('MA1', p)

    const back = await connect(t, token('MA1'))
    const ack = await back.subscribe(last)
    expect(ack).toEqual({ ok: true, head: 30, epoch: expect.any(String) })
    // Replayed events are sent before the ack, so they are all here already.
    expect(seqs(back.events)).toEqual(range(11, 30))
    expect(back.events.map((e) => e.event.raw)).toEqual(traffic.slice(10, 30))

    for (const p of traffic.slice(30)) await t.post('MA1', p)
    await back.waitForSeq(40)
    expect(seqs(back.events)).toEqual(range(11, 40))
    expect(seqs(s.events)).toEqual(range(1, 10))
  })

  it('sends a snapshot equal to a fresh reducer over the whole history to a client too far behind', async () => {
    const t = await start({ logLimit: 10 })
    const traffic = [
      ...mpcTraffic(20),
      ...mpcTraffic(15, { end: true }),
      ...mpcTraffic(12, { startMs: Date.now() - 5000 }),
    ]
    // Interleave the MPCs' callbacks as they would arrive.
    traffic.sort((a, b) => (a.EventTimestamp ?? '').localeCompare(b.EventTimestamp ?? ''))
    for (const p of traffic) expect((await t.post('MA1', p)).status).toBe(200)
    const head = traffic.length

    const s = await connect(t, token('MA1'))
    const behind = await s.subscribe(5)
    if (!behind.ok) throw new Error(behind.error)
    expect(behind.head).toBe(head)
    expect(visibleState(behind.snapshot?.mpcs)).toEqual(reduceCallbacks(traffic))
    expect(Object.keys(behind.snapshot?.mpcs ?? {})).toHaveLength(3)
    expect(s.events).toEqual([])

    // Still in the log: a replay of the last events, no snapshot.
    const recent = await s.subscribe(head - 10)
    expect(recent).toEqual({ ok: true, head, epoch: expect.any(String) })
    expect(seqs(s.events)).toEqual(range(head - 9, head))

    // A seq from another history (the relay restarted without Redis): snapshot.
    const ahead = await s.subscribe(head + 100)
    expect(ahead).toMatchObject({ ok: true, head })
    expect(visibleState(ahead.ok ? ahead.snapshot?.mpcs : undefined)).toEqual(
      reduceCallbacks(traffic),
    )
  })

  it('answers a seq from before a restart with a snapshot, even once the new log has passed it', async () => {
    const t = await start()
    const before = mpcTraffic(10)
    const s = await connect(t, token('MA1'))
    const first = await s.subscribe()
    if (!first.ok) throw new Error(first.error)
    for (const p of before) await t.post('MA1', p)
    await s.waitForSeq(10)
    s.close()

    // Same port, no Redis: a new log from seq 1 under a new epoch, soon past the client's 10.
    const port = t.relay.port
    await t.relay.stop()
    const again = await start({ port })
    const after = mpcTraffic(25)
    for (const p of after) expect((await again.post('MA1', p)).status).toBe(200)

    const back = await connect(again, token('MA1'))
    const ack = await back.subscribe(10, first.epoch)
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.epoch).not.toBe(first.epoch)
    expect(ack.head).toBe(25)
    expect(visibleState(ack.snapshot?.mpcs)).toEqual(reduceCallbacks(after))
    expect(back.events).toEqual([])

    // With the new epoch, the same seq is a position in this log: a replay.
    expect(await back.subscribe(10, ack.epoch)).toEqual({ ok: true, head: 25, epoch: ack.epoch })
    expect(seqs(back.events)).toEqual(range(11, 25))
  })

  it('refuses an epoch that is not a string of sensible length', async () => {
    const t = await start()
    const s = await connect(t, token('MA1'))
    for (const bad of [
      { since: 1, epoch: 7 },
      { since: 1, epoch: '' },
      { epoch: 'x'.repeat(200) },
    ]) {
      const ack = await s.socket.timeout(5000).emitWithAck('subscribe', bad)
      expect(ack).toMatchObject({
        ok: false,
        error: expect.stringMatching(/invalid subscribe: epoch/),
      })
    }
  })

  it('snapshots supervised, recorded calls exactly as a fresh reducer sees them', async () => {
    const t = await start({ logLimit: 10 })
    const now = Date.now()
    const calls = [
      realisticCall({ mpcUuid: 'mpc-a', start: now - 120_000 }),
      realisticCall({ mpcUuid: 'mpc-b', start: now - 90_000, waitSec: 5 }),
      realisticCall({ mpcUuid: 'mpc-c', start: now - 60_000, end: false }),
    ]
    const callbacks = calls
      .flatMap((c) => c.params())
      .sort((a, b) => (a.EventTimestamp ?? '').localeCompare(b.EventTimestamp ?? ''))
    for (const params of callbacks) {
      const kind = /Recording/.test(params.EventName ?? '') ? 'recording' : 'status'
      expect((await t.post('MA1', params, { kind })).status).toBe(200)
    }
    const s = await connect(t, token('MA1'))
    const ack = await s.subscribe(1)
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.head).toBe(callbacks.length)
    expect(visibleState(ack.snapshot?.mpcs)).toEqual(reduceCallbacks(callbacks))
    expect(Object.keys(ack.snapshot?.mpcs ?? {}).sort()).toEqual(['mpc-a', 'mpc-b', 'mpc-c'])
    const open = ack.snapshot?.mpcs['mpc-c']
    expect(open?.status).toBe('active')
    expect(open?.recording.status).toBe('recording')
  })

  it('keeps a repeat Plivo stamped like an earlier callback (coach → barge → coach in one second)', async () => {
    const t = await start()
    const at = new Date(Math.floor(Date.now() / 1000) * 1000)
    const stamp = at
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, '+00:00')
    const coach = (on: boolean): Record<string, string> => ({
      EventName: on ? 'ParticipantCoachModeStart' : 'ParticipantCoachModeStop',
      EventTimestamp: stamp,
      MPCUUID: 'mpc-s',
      MPCName: 'support-9',
      MemberID: '7',
      ParticipantRole: 'Supervisor',
      ParticipantCallUUID: 'call-7',
      ParticipantCoachMode: String(on),
    })
    const bodies = []
    for (const params of [coach(true), coach(false), coach(true)]) {
      const res = await t.post('MA1', params)
      expect(res.status).toBe(200)
      bodies.push(res.body)
    }
    expect(bodies).toEqual([{ seq: 1 }, { seq: 2 }, { seq: 3 }])
    const s = await connect(t, token('MA1'))
    const ack = await s.subscribe()
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.snapshot?.mpcs['mpc-s']?.participants['7']?.coachMode).toEqual({
      value: true,
      at: at.getTime(),
    })
  })

  it('delivers to many clients of many accounts, each its own account only, in seq order', async () => {
    const t = await start()
    const accounts: AccountId[] = ['MA1', 'MA2', 'MA3']
    const clients = await Promise.all(
      accounts.flatMap((account) =>
        range(1, 8).map(async (i) => {
          const s = await connect(t, token(account, i % SUPERVISOR_TOKENS[account].length))
          expect(await s.subscribe()).toMatchObject({ ok: true, head: 0 })
          return { account, s }
        }),
      ),
    )
    const perAccount = 60
    const traffic = new Map(accounts.map((a) => [a, mpcTraffic(perAccount)]))
    // Concurrent posts to all accounts, several in flight per account at once.
    await Promise.all(
      accounts.flatMap((account) =>
        range(0, 3).map(async (lane) => {
          const list = traffic.get(account) ?? []
          for (let i = lane; i < list.length; i += 4) {
            expect((await t.post(account, list[i] ?? {})).status).toBe(200)
          }
        }),
      ),
    )
    for (const { account, s } of clients) {
      await s.waitForSeq(perAccount)
      expect(seqs(s.events)).toEqual(range(1, perAccount))
      const mine = new Set((traffic.get(account) ?? []).map((p) => p.EventTimestamp))
      for (const e of s.events) expect(mine.has(e.event.raw.EventTimestamp)).toBe(true)
    }
  })

  it('loses and repeats nothing when a client subscribes while events are pouring in', async () => {
    const t = await start()
    const total = 150
    const traffic = mpcTraffic(total)
    let posted = 0
    const posting = (async () => {
      for (const p of traffic) {
        await t.post('MA1', p)
        posted++
      }
    })()
    const late: Supervisor[] = []
    const acks: number[] = []
    while (posted < total - 20) {
      const s = await connect(t, token('MA1', late.length % 2))
      // Alternate snapshot subscribers and replay subscribers from a recent seq.
      const since = late.length % 2 === 0 ? undefined : Math.max(0, posted - 5)
      const ack = await s.subscribe(since)
      if (!ack.ok) throw new Error(ack.error)
      acks.push(since ?? ack.head)
      late.push(s)
    }
    await posting
    expect(late.length).toBeGreaterThan(3)
    for (const [i, s] of late.entries()) {
      await s.waitForSeq(total)
      const from = (acks[i] ?? 0) + 1
      expect(seqs(s.events), `subscriber ${i} from ${from}`).toEqual(range(from, total))
    }
  })

  it('drops an ended MPC from the live state once its grace period has passed', async () => {
    const t = await start({ endedGraceMs: 60_000 })
    const longAgo = mpcTraffic(6, { end: true, startMs: Date.now() - 10 * 60_000 })
    const justEnded = mpcTraffic(6, { end: true })
    const live = mpcTraffic(6)
    for (const p of [...longAgo, ...justEnded, ...live]) await t.post('MA1', p)
    const s = await connect(t, token('MA1'))
    const ack = await s.subscribe()
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.head).toBe(20)
    expect(visibleState(ack.snapshot?.mpcs)).toEqual(reduceCallbacks([...justEnded, ...live]))
    expect(ack.snapshot?.mpcs[justEnded[0]?.MPCUUID ?? '']?.status).toBe('ended')
  })

  it('logs and fans out a late callback for a dropped MPC, but does not bring the call back', async () => {
    const t = await start({ endedGraceMs: 60_000 })
    const longAgo = mpcTraffic(6, { end: true, startMs: Date.now() - 10 * 60_000 })
    for (const p of longAgo) await t.post('MA1', p)
    const s = await connect(t, token('MA1'))
    const first = await s.subscribe()
    if (!first.ok) throw new Error(first.error)
    expect(Object.keys(first.snapshot?.mpcs ?? {})).toEqual([])

    // Plivo retries a participant callback of that call minutes later (a new delivery).
    const late = { ...longAgo[3], MemberID: '777' } as Record<string, string>
    const seq = longAgo.length + 1
    expect((await t.post('MA1', late)).body).toEqual({ seq })
    await s.waitForSeq(seq)
    expect(s.events.at(-1)?.event.raw).toEqual(late)

    const again = await connect(t, token('MA1'))
    const ack = await again.subscribe()
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.head).toBe(seq)
    expect(Object.keys(ack.snapshot?.mpcs ?? {})).toEqual([])
  })

  it('lets a socket resubscribe, replacing its subscription', async () => {
    const t = await start()
    const traffic = mpcTraffic(5)
    for (const p of traffic.slice(0, 3)) await t.post('MA1', p)
    const s = await connect(t, token('MA1'))
    expect(await s.subscribe()).toMatchObject({ ok: true, head: 3 })
    expect(await s.subscribe(1)).toEqual({ ok: true, head: 3, epoch: expect.any(String) })
    expect(seqs(s.events)).toEqual([2, 3])
    for (const p of traffic.slice(3)) await t.post('MA1', p)
    await waitFor('seq 5', () => s.events.some((e) => e.seq === 5))
    expect(seqs(s.events)).toEqual([2, 3, 4, 5])
  })

  it('keeps accounts apart even when one account has no supervisors', async () => {
    const t = await start()
    const s = await connect(t, token('MA2'))
    await s.subscribe()
    for (const p of mpcTraffic(3)) await t.post('MA1', p)
    const [p = {}] = mpcTraffic(1)
    await t.post('MA2', p)
    await s.waitForSeq(1)
    expect(s.events.map((e) => [e.seq, e.event.raw])).toEqual([[1, p]])
    expect(ACCOUNTS.MA2).not.toBe(ACCOUNTS.MA1)
  })
})
