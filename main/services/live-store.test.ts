/**
 * The live store: marks where each call's data came from and when, keeps calls a relay
 * snapshot forgot (for REST to confirm), evicts ended calls after the grace period, and does not
 * let a late callback bring an evicted call back.
 */
import { describe, expect, it } from 'vitest'
import type { MpcEvent, ParticipantEvent } from '../../mpc/events'
import { SEEN_WINDOW_MS } from '../../mpc/event-key-window'
import { plivoMpcSchema, plivoParticipantSchema } from '../../mpc/plivo-types'
import { applyEvent } from '../../mpc/reducer'
import type { MpcState } from '../../mpc/state'
import { CallScenario } from '../../mpc/testing/scenario'
import { GONE_CAUSE, LiveStore } from './live-store'
import { diffLive, restFactTime } from './reconcile'

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

it('remembers an evicted call for an hour, not for ever, unless a relay snapshot brings it back', () => {
  let now = 0
  const store = new LiveStore(() => now)
  for (const uuid of ['a', 'b']) {
    store.apply(ev('MPCStart', uuid), 'relay')
    store.apply(ev('MPCEnd', uuid, T + 5000), 'relay')
  }
  now = 60_000
  expect(store.evictEnded(60_000)).toEqual(['a', 'b'])
  // The relay still has b (its grace is longer): its snapshot makes b live on the desk again.
  const relay = new LiveStore()
  relay.apply(ev('MPCStart', 'b'), 'relay', 1)
  const b = relay.get('b')
  if (!b) throw new Error('no b')
  store.applySnapshot(2, { mpcs: { b } })
  expect(store.wasEvicted('b')).toBe(false)
  expect(store.wasEvicted('a')).toBe(true)
  // An hour later the desk no longer holds a's uuid (a day of calls would otherwise pile up).
  now = 60_000 + 60 * 60_000
  store.apply(ev('MPCStart', 'c'), 'relay')
  store.apply(ev('MPCEnd', 'c', T + 5000), 'relay')
  now += 60_000
  expect(store.evictEnded(60_000)).toEqual(['c'])
  expect(store.wasEvicted('a')).toBe(false)
  expect(store.wasEvicted('c')).toBe(true)
})

it('remembers evicted calls for as long as it is told (a time-scaled day scales it too)', () => {
  let now = 0
  const store = new LiveStore(() => now, 120_000)
  store.apply(ev('MPCStart', 'a'), 'relay')
  store.apply(ev('MPCEnd', 'a', T + 5000), 'relay')
  now = 60_000
  expect(store.evictEnded(60_000)).toEqual(['a'])
  store.apply(ev('MPCStart', 'b'), 'relay')
  store.apply(ev('MPCEnd', 'b', T + 5000), 'relay')
  now = 60_000 + 119_000
  expect(store.evictEnded(60_000)).toEqual(['b'])
  expect(store.wasEvicted('a')).toBe(true)
  store.apply(ev('MPCStart', 'c'), 'relay')
  store.apply(ev('MPCEnd', 'c', T + 5000), 'relay')
  now = 60_000 + 181_000
  expect(store.evictEnded(60_000)).toEqual(['c'])
  expect([store.wasEvicted('a'), store.wasEvicted('b'), store.wasEvicted('c')]).toEqual([
    false,
    true,
    true,
  ])
})

describe('facts learned from REST, then from their callback', () => {
  const at = (time: string) => Date.parse(`2026-11-25T09:00:${time}Z`)
  const restMpc = plivoMpcSchema.parse({
    mpc_uuid: 'm',
    friendly_name: 'support-1',
    status: 'Active',
    creation_time: '2026-11-25 09:00:00+00:00',
    start_time: '2026-11-25 09:00:01+00:00',
    end_time: null,
    recording: 'not-recording',
  })
  const agent = plivoParticipantSchema.parse({
    member_id: '1002',
    call_uuid: 'call-1002',
    role: 'agent',
    coach_mode: false,
    mute: false,
    hold: true,
    join_time: '2026-11-25 09:00:05+00:00',
    exit_time: null,
  })
  const callback = (
    name: 'ParticipantJoin' | 'ParticipantHold',
    time: string,
  ): ParticipantEvent => ({
    kind: 'participant',
    name,
    mpcUuid: 'm',
    mpcName: 'support-1',
    memberId: '1002',
    callUuid: 'call-1002',
    role: 'agent',
    at: at(time),
    raw: { EventName: name, MemberID: '1002', EventTimestamp: time },
  })
  const entries = (store: LiveStore) =>
    store.get('m')?.timeline.map((entry) => `${entry.name} ${entry.memberId ?? ''} ${entry.at}`)

  it('shows each timeline entry once, at the callback’s time', () => {
    const store = new LiveStore()
    store.apply(ev('MPCInitialized', 'm', at('00')), 'relay', 1)
    store.apply(ev('MPCStart', 'm', at('01')), 'relay', 2)
    // The desk reads the call back while the join and hold callbacks are still on their way.
    const readAt = at('06') + 437
    for (const event of diffLive(store.get('m'), restMpc, [agent], readAt, 3000).events) {
      store.apply(event, 'rest')
    }
    expect(store.get('m')?.participants['1002']).toMatchObject({ hold: { value: true } })
    store.apply(callback('ParticipantJoin', '05'), 'relay', 3)
    store.apply(callback('ParticipantHold', '06'), 'relay', 4)
    expect(entries(store)).toEqual([
      `MPCInitialized  ${at('00')}`,
      `MPCStart  ${at('01')}`,
      `ParticipantJoin 1002 ${at('05')}`,
      `ParticipantHold 1002 ${at('06')}`,
    ])
    expect(store.get('m')?.participants['1002']).toMatchObject({
      joinedAt: at('05'),
      hold: { value: true },
    })
  })

  it('shows the call ended once when REST saw the end before its callback', () => {
    const store = new LiveStore()
    store.apply(ev('MPCInitialized', 'm', at('00')), 'relay', 1)
    store.apply({ ...ev('MPCEnd', 'm', at('09')), raw: { Source: 'rest-reconcile' } }, 'rest')
    expect(store.get('m')?.status).toBe('ended')
    store.apply({ ...ev('MPCEnd', 'm', at('09')), raw: { EventName: 'MPCEnd' } }, 'relay', 2)
    expect(entries(store)?.filter((entry) => entry.startsWith('MPCEnd'))).toHaveLength(1)
  })

  it('keeps what only REST knows when no callback ever comes', () => {
    const store = new LiveStore()
    store.apply(ev('MPCInitialized', 'm', at('00')), 'relay', 1)
    for (const event of diffLive(store.get('m'), restMpc, [agent], at('30'), 3000).events) {
      store.apply(event, 'rest')
    }
    // A later callback about something else does not take the REST entries' place.
    store.apply({ ...callback('ParticipantJoin', '05'), memberId: '2001' }, 'relay', 2)
    expect(entries(store)).toContain(`ParticipantJoin 1002 ${at('05')}`)
    expect(entries(store)).toContain(`ParticipantHold 1002 ${restFactTime(at('30'))}`)
  })
})

describe('a long call replayed after a reconnect', () => {
  /** A customer and an agent talking in turns for 40 minutes, as the relay numbers them. */
  const call = new CallScenario({ mpcUuid: 'long' })
  call.mpcInitialized(0).join(0, '10', 'customer').mpcStart(0).join(1, '11', 'agent')
  for (let sec = 2; sec < 40 * 60; sec += 4) call.speak(sec, sec % 8 === 2 ? '10' : '11', 2)
  const messages = call.events().map((event, i) => ({
    seq: i + 1,
    event: { ...event, delivery: `nonce-${i}` },
  }))
  /** What the relay holds after the events up to `head`. */
  const relayState = (head: number): MpcState | undefined => {
    let mpc: MpcState | undefined
    for (const m of messages.slice(0, head)) mpc = applyEvent(mpc, m.event)
    return mpc
  }
  const feed = (store: LiveStore, from: number) => {
    for (const m of messages.slice(from)) store.apply(m.event, 'relay', m.seq)
  }

  it('applies no event twice when a replay overlaps what the store has, however old the event', () => {
    const store = new LiveStore()
    feed(store, 0)
    const before = store.get('long')
    // Older than the reducer's key window: only the seq can tell it was applied.
    const first = messages[10]!
    expect(before!.lastEventAt - first.event.at).toBeGreaterThan(SEEN_WINDOW_MS)
    expect(store.apply({ ...first.event }, 'relay', first.seq)).toEqual({
      changed: false,
      contradicts: false,
    })
    feed(store, 0)
    expect(store.get('long')).toBe(before)
    expect(store.seq).toBe(messages.length)
  })

  it('seeded from a snapshot mid-call, then given events from before and after it, holds what the relay holds', () => {
    const head = Math.floor(messages.length / 2)
    const store = new LiveStore()
    // The snapshot crosses the wire as JSON; events held while subscribing start before it.
    const snapshot = JSON.parse(JSON.stringify({ mpcs: { long: relayState(head) } })) as {
      mpcs: Record<string, MpcState>
    }
    store.applySnapshot(head, snapshot)
    feed(store, head - 600)
    expect(store.get('long')).toEqual(relayState(messages.length))
    // What the snapshot carried for dedupe stayed small for a 40-minute call.
    expect(JSON.stringify(snapshot.mpcs.long?.seen).length).toBeLessThan(10_000)
  })
})

describe('a call Plivo does not know', () => {
  it('ends with the reason, then no relay event or snapshot brings it back', () => {
    let now = 1000
    const store = new LiveStore(() => now)
    store.apply(ev('MPCStart', 'a'), 'relay', 1)
    store.apply(join('a', '7'), 'relay', 2)
    const relayState = store.get('a')
    if (!relayState) throw new Error('no a')

    now = 5000
    expect(store.endGone('a')).toBe(true)
    expect(store.get('a')).toMatchObject({ status: 'ended', terminationCause: GONE_CAUSE })
    // Ended as of the last fact anyone heard, not now: nothing stretches over the silence.
    expect(store.get('a')?.endedAt).toBe(T + 1)
    expect(store.get('a')?.participants['7']?.leftAt).toBe(T + 1)
    expect(store.metaOf('a')?.endedSeenAt).toBe(5000)
    expect(store.endGone('a')).toBe(false) // once

    // The relay still holds it live: neither its events nor its snapshot revive it.
    expect(store.apply(join('a', '8', T + 1000), 'relay', 3).changed).toBe(false)
    expect(store.applySnapshot(4, { mpcs: { a: relayState } })).toEqual({
      upserts: [],
      unconfirmed: [],
    })
    expect(store.get('a')?.status).toBe('ended')
    // It leaves after the ended grace like any ended call, and stays gone.
    now = 5000 + 60_000
    expect(store.evictEnded(60_000)).toEqual(['a'])
    store.applySnapshot(5, { mpcs: { a: relayState } })
    expect(store.get('a')).toBeUndefined()
  })
})

it('marks live calls nothing vouched for as stale, until something does again', () => {
  let now = 0
  const store = new LiveStore(() => now)
  store.apply(ev('MPCStart', 'a'), 'relay', 1)
  store.apply(ev('MPCStart', 'b'), 'relay', 2)
  store.apply(ev('MPCStart', 'c'), 'relay', 3)
  store.apply(ev('MPCEnd', 'c', T + 1), 'relay', 4)
  now = 10_000
  store.confirm('b') // REST read it live just now
  expect(store.markStale(5000)).toEqual(['a']) // an ended call is never stale
  expect(store.metaOf('a')?.stale).toBe(true)
  expect(store.markStale(5000)).toEqual([]) // reported once
  // A duplicate callback is still a callback: the relay hears of the call.
  now = 11_000
  store.apply(ev('MPCStart', 'a'), 'relay', 5)
  expect(store.metaOf('a')).toMatchObject({ heardAt: 11_000, checkedAt: 11_000 })
  expect(store.markStale(5000)).toEqual(['a'])
  expect(store.metaOf('a')?.stale).toBeUndefined()
})

it('takes a relay snapshot as no news of a call it already had (a ghost stays quiet)', () => {
  let now = 1000
  const store = new LiveStore(() => now)
  store.apply(ev('MPCStart', 'a'), 'relay', 1)
  const a = store.get('a')
  if (!a) throw new Error('no a')
  now = 60_000
  store.applySnapshot(1, { mpcs: { a } })
  expect(store.metaOf('a')).toMatchObject({ heardAt: 1000, checkedAt: 1000 })
  expect(store.markStale(30_000)).toEqual(['a'])
})
