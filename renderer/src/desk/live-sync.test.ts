import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import type { DeskPatch } from '../../../preload/api'
import { alert, mpc, participant, presence, snapshot } from '../test/fixtures'
import { createFakeDesk } from '../test/fake-desk'
import { type BoardEntry, boardEntry, groupAlerts, orderByAttention } from './attention'
import { newPendingOp } from './optimistic'
import { deskKeys, pendingQuery } from './queries'
import { createQueryClient } from './runtime'
import { LiveSync } from './live-sync'
import type { MpcState } from '../../../preload/domain'

const NOW = 500_000
const served = (uuid: string, createdAt: number) =>
  mpc(uuid, {
    name: uuid,
    createdAt,
    participants: [
      participant(`${uuid}-c`, { role: 'customer', joinedAt: createdAt }),
      participant(`${uuid}-a`, { role: 'agent', joinedAt: createdAt }),
    ],
  })

function setup() {
  const desk = createFakeDesk({
    snapshot: snapshot([served('a', 100), served('b', 200)], { at: 1000, seq: 10 }),
  })
  const qc = createQueryClient()
  const sync = new LiveSync(desk.api, qc, () => NOW)
  const stop = sync.start()
  const board = () => (qc.getQueryData<BoardEntry[]>(deskKeys.board()) ?? []).map((e) => e.mpcUuid)
  const patch = (p: Partial<DeskPatch>) =>
    desk.push('desk:patch', {
      seq: 11,
      upserts: [],
      removed: [],
      at: 2000,
      ...p,
      sources: p.sources ?? {},
    })
  return { desk, qc, sync, stop, board, patch }
}

let stops: (() => void)[] = []
afterEach(() => {
  stops.forEach((s) => s())
  stops = []
})

describe('LiveSync', () => {
  it('puts the snapshot on per-call keys and an attention-ordered board', async () => {
    const { qc, sync, board, stop } = setup()
    stops.push(stop)
    await expect(sync.load()).resolves.toEqual({ seq: 10, at: 1000 })
    expect(board()).toEqual(['a', 'b'])
    expect(qc.getQueryData<MpcState>(deskKeys.mpc('b'))?.name).toBe('b')
  })

  it('lands a patch on the narrowest keys: the untouched call and unchanged entries keep their identity', async () => {
    const { qc, sync, patch, stop } = setup()
    stops.push(stop)
    await sync.load()
    const a = qc.getQueryData(deskKeys.mpc('a'))
    const boardBefore = qc.getQueryData<BoardEntry[]>(deskKeys.board())
    // b's agent starts speaking: b's state changes, nothing the board orders or filters by does.
    const b = served('b', 200)
    b.participants['b-a'] = participant('b-a', { role: 'agent', joinedAt: 200, speech: [[300]] })
    patch({ upserts: [b] })
    expect(qc.getQueryData(deskKeys.mpc('a'))).toBe(a)
    expect(qc.getQueryData<MpcState>(deskKeys.mpc('b'))?.participants['b-a']?.speech).toHaveLength(
      1,
    )
    expect(qc.getQueryData(deskKeys.board())).toBe(boardBefore)
  })

  it('reorders on alerts, adds new calls and forgets removed ones', async () => {
    const { qc, sync, board, patch, stop } = setup()
    stops.push(stop)
    await sync.load()
    patch({ upserts: [served('c', 50)], alerts: [alert('long-hold', 'b', 1500)] })
    expect(board()).toEqual(['b', 'c', 'a'])
    patch({ removed: ['b'], alerts: [] })
    expect(board()).toEqual(['c', 'a'])
    expect(qc.getQueryData(deskKeys.mpc('b'))).toBeUndefined()
    expect(qc.getQueryData(deskKeys.alerts())).toEqual([])
  })

  it('holds patches while the snapshot loads, then replays only those newer than it', async () => {
    const { desk, qc, sync, board, patch, stop } = setup()
    stops.push(stop)
    const release = desk.holdSnapshot()
    const loading = sync.load()
    patch({ at: 500, upserts: [served('stale', 1)] }) // older than the snapshot: already in it (or gone)
    patch({ at: 1500, upserts: [served('fresh', 2)] })
    expect(board()).toEqual([]) // nothing lands before the snapshot
    release()
    await loading
    expect(board()).toEqual(['fresh', 'a', 'b'])
    expect(qc.getQueryData(deskKeys.mpc('stale'))).toBeUndefined()
    patch({ removed: ['fresh'] }) // after the load, patches apply at once
    expect(board()).toEqual(['a', 'b'])
  })

  it('a new snapshot drops calls that are no longer live', async () => {
    const { desk, qc, sync, board, stop } = setup()
    stops.push(stop)
    await sync.load()
    desk.snapshot = snapshot([served('b', 200)], { at: 3000, seq: 20 })
    await sync.load()
    expect(board()).toEqual(['b'])
    expect(qc.getQueryData(deskKeys.mpc('a'))).toBeUndefined()
  })

  it('settles pending commands once the state confirms them', async () => {
    const { qc, sync, patch, stop } = setup()
    stops.push(stop)
    await sync.load()
    const mute = newPendingOp({ type: 'mute', mpcUuid: 'a', memberId: 'a-c' }, NOW)
    const join = newPendingOp({ type: 'join', mpcUuid: 'a', mode: 'coach' }, NOW)
    qc.setQueryData(pendingQuery().queryKey, { a: [mute, join] })
    const a = served('a', 100)
    a.participants['a-c'] = participant('a-c', { role: 'customer', joinedAt: 100, muted: true })
    patch({ upserts: [a] })
    expect(qc.getQueryData(pendingQuery().queryKey)).toEqual({ a: [join] })
    patch({ mine: [presence('a', { mode: 'coach', status: 'ringing', since: NOW })] })
    expect(qc.getQueryData(pendingQuery().queryKey)).toEqual({})
  })

  it('a confirmed leave settles the mode switch issued before it (no stuck "ringing" mark)', async () => {
    const { qc, sync, patch, stop } = setup()
    stops.push(stop)
    await sync.load()
    patch({ mine: [presence('a', { mode: 'listen', status: 'joined', since: 100 })] })
    const toBarge = newPendingOp({ type: 'join', mpcUuid: 'a', mode: 'barge' }, NOW)
    const leave = newPendingOp({ type: 'leave', mpcUuid: 'a' }, NOW + 10)
    qc.setQueryData(pendingQuery().queryKey, { a: [{ ...toBarge, accepted: true }, leave] })
    patch({ seq: 12, mine: [] })
    expect(qc.getQueryData(pendingQuery().queryKey)).toEqual({})
  })

  it('keeps where each call’s data came from, per call, and forgets removed calls', async () => {
    const { desk, qc, sync, patch, stop } = setup()
    stops.push(stop)
    desk.snapshot = { ...desk.snapshot, sources: { a: { from: 'relay', at: 900 } } }
    await sync.load()
    patch({ upserts: [served('b', 200)], sources: { b: { from: 'rest', at: 1900 } } })
    expect(qc.getQueryData(deskKeys.source('a'))).toEqual({ from: 'relay', at: 900 })
    expect(qc.getQueryData(deskKeys.source('b'))).toEqual({ from: 'rest', at: 1900 })
    patch({ removed: ['a'] })
    expect(qc.getQueryData(deskKeys.source('a'))).toBeUndefined()
    expect(qc.getQueryData(deskKeys.source('b'))).toEqual({ from: 'rest', at: 1900 })
  })

  it('moving only the changed entries leaves the board exactly as a full re-sort would', async () => {
    const uuids = ['a', 'b', 'c', 'd', 'e', 'f']
    const change = fc.record({
      uuid: fc.constantFrom(...uuids),
      remove: fc.boolean(),
      createdAt: fc.integer({ min: 0, max: 5 }),
      served: fc.boolean(),
      ended: fc.boolean(),
      alertSince: fc.option(fc.integer({ min: 0, max: 5 })),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(change, { maxLength: 4 }), { maxLength: 12 }),
        async (patches) => {
          const { qc, sync, patch, stop } = setup()
          await sync.load()
          const calls = new Map<string, MpcState>([
            ['a', served('a', 100)],
            ['b', served('b', 200)],
          ])
          const alerts = new Map<string, ReturnType<typeof alert>>()
          let seq = 11
          for (const changes of patches) {
            const upserts = new Map<string, MpcState>()
            const removed = new Set<string>()
            for (const c of changes) {
              if (c.remove) {
                calls.delete(c.uuid)
                upserts.delete(c.uuid)
                alerts.delete(c.uuid)
                removed.add(c.uuid)
                continue
              }
              const call = mpc(c.uuid, {
                name: c.uuid,
                createdAt: c.createdAt,
                status: c.ended ? 'ended' : 'active',
                participants: [
                  participant(`${c.uuid}-c`, { role: 'customer', joinedAt: c.createdAt }),
                  ...(c.served ? [participant(`${c.uuid}-a`, { role: 'agent', joinedAt: 9 })] : []),
                ],
              })
              calls.set(c.uuid, call)
              upserts.set(c.uuid, call)
              removed.delete(c.uuid)
              if (c.alertSince === null) alerts.delete(c.uuid)
              else alerts.set(c.uuid, alert('long-hold', c.uuid, c.alertSince))
            }
            patch({
              seq: seq++,
              upserts: [...upserts.values()],
              removed: [...removed],
              alerts: [...alerts.values()],
            })
            const byMpc = groupAlerts([...alerts.values()])
            const expected = orderByAttention(
              [...calls.values()].map((m) => boardEntry(m, byMpc.get(m.mpcUuid) ?? [], NOW)),
            ).map((e) => e.mpcUuid)
            const board = (qc.getQueryData<BoardEntry[]>(deskKeys.board()) ?? []).map(
              (e) => e.mpcUuid,
            )
            expect(board).toEqual(expected)
          }
          stop()
        },
      ),
      { numRuns: 150 },
    )
  })
})
