/**
 * The live store: marks where each call's data came from and when, keeps calls a relay
 * snapshot forgot (for REST to confirm), evicts ended calls after the grace period, and does not
 * let a late callback bring an evicted call back.
 */
import { expect, it } from 'vitest'
import type { MpcEvent, ParticipantEvent } from '../../mpc/events'
import { LiveStore } from './live-store'

const T = 1_700_000_000_000
const ev = (name: 'MPCInitialized' | 'MPCStart' | 'MPCEnd', mpcUuid: string, at = T): MpcEvent => ({
  kind: 'mpc',
  name,
  mpcUuid,
  mpcName: `name-${mpcUuid}`,
  at,
  raw: {},
})
const join = (mpcUuid: string, memberId: string, at = T): ParticipantEvent => ({
  kind: 'participant',
  name: 'ParticipantJoin',
  mpcUuid,
  memberId,
  role: 'agent',
  at,
  raw: { MemberID: memberId },
})

it('marks the source and time of each change, and flags events that contradict it', () => {
  let now = 1000
  const store = new LiveStore(() => now)
  expect(store.apply(ev('MPCInitialized', 'a'), 'relay', 1)).toEqual({
    changed: true,
    contradicts: false,
  })
  expect(store.metaOf('a')).toMatchObject({ source: 'relay', at: 1000 })
  now = 2000
  store.apply(join('a', '7'), 'rest')
  expect(store.metaOf('a')).toMatchObject({ source: 'rest', at: 2000 })
  expect(store.seq).toBe(1)
  // A duplicate changes nothing.
  expect(store.apply(join('a', '7'), 'relay', 2).changed).toBe(false)
  // A mute for a member never seen joining, and an event for a call never seen starting.
  const mute: MpcEvent = { ...join('a', '9'), name: 'ParticipantMute' }
  expect(store.apply(mute, 'relay', 3).contradicts).toBe(true)
  expect(store.apply(join('b', '1'), 'relay', 4).contradicts).toBe(true)
})

it('keeps calls a snapshot lacks as unconfirmed, and takes the snapshot’s head', () => {
  const store = new LiveStore()
  store.apply(ev('MPCStart', 'a'), 'relay', 40)
  store.apply(ev('MPCStart', 'b'), 'relay', 41)
  const other = new LiveStore()
  other.apply(ev('MPCStart', 'b'), 'relay', 1)
  const b = other.get('b')
  if (!b) throw new Error('no b')
  const result = store.applySnapshot(3, { mpcs: { b } })
  expect(result).toEqual({ upserts: ['b'], unconfirmed: ['a'] })
  expect(store.seq).toBe(3)
  expect(store.metaOf('a')?.unconfirmed).toBe(true)
  store.confirm('a')
  expect(store.metaOf('a')?.unconfirmed).toBeUndefined()
})

it('evicts ended calls after the grace period and ignores their late callbacks', () => {
  let now = 0
  const store = new LiveStore(() => now)
  store.apply(ev('MPCStart', 'a'), 'relay', 1)
  store.apply(ev('MPCEnd', 'a', T + 5000), 'relay', 2)
  now = 59_000
  expect(store.evictEnded(60_000)).toEqual([])
  now = 60_000
  expect(store.evictEnded(60_000)).toEqual(['a'])
  expect(store.get('a')).toBeUndefined()
  expect(store.apply(join('a', '3', T + 6000), 'relay', 3).changed).toBe(false)
  expect(store.get('a')).toBeUndefined()
})
