/**
 * The reducer on long calls: what it remembers to drop duplicates stays bounded (so the state,
 * relay snapshots and Redis writes stop growing with the call), while duplicates that can still
 * arrive are dropped and the result stays independent of arrival order.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MpcEvent } from './events'
import { SEEN_BUCKET_MS, SEEN_WINDOW_MS, seenKeyCount } from './event-key-window'
import { applyEvent } from './reducer'
import type { MpcState } from './state'
import { canonical, interleave, reduce, shuffle } from './testing/event-orders'
import { CallScenario } from './testing/scenario'

/** As the relay hands them on: each callback carries the nonce of its delivery. */
function delivered(events: MpcEvent[]): MpcEvent[] {
  return events.map((event, i) => ({ ...event, delivery: `nonce-${i}` }))
}

/** A customer and an agent talking in turns, `count` callbacks in all, one every second. */
function longCall(count: number): { call: CallScenario; events: MpcEvent[] } {
  const call = new CallScenario({ mpcUuid: 'mpc-long' })
  call.mpcInitialized(0).join(0, '10', 'customer').mpcStart(0).join(1, '11', 'agent')
  let sec = 2
  for (let built = 4; built < count; built += 2) {
    const member = sec % 4 === 2 ? '10' : '11'
    call.speakStart(sec, member).speakStop(sec + 1, member)
    sec += 2
  }
  return { call, events: delivered(call.events()) }
}

/** Keys the window may hold at one event a second: its minutes, plus the one it starts in. */
const MAX_KEYS_AT_ONE_A_SECOND = (SEEN_WINDOW_MS + SEEN_BUCKET_MS) / 1000

describe('a long call', () => {
  const { events } = longCall(10_000)
  const mpc = reduce(events)!

  it('keeps the keys of the last minutes only, not of every event (10,000 events, 2.8 h)', () => {
    expect(seenKeyCount(mpc.seen)).toBeLessThanOrEqual(MAX_KEYS_AT_ONE_A_SECOND)
    // What every snapshot of this call carries for dedupe: ~16 KB, where it was ~250 KB.
    expect(JSON.stringify(mpc.seen).length).toBeLessThan(20_000)
  })

  it('still holds every fact the events stated', () => {
    const speech = Object.values(mpc.participants).reduce((n, p) => n + p.speech.length, 0)
    expect(speech).toBe(events.length - 4)
    expect(mpc.lastEventAt).toBe(events.at(-1)!.at)
  })

  it('drops a redelivery of an event from within the last minutes', () => {
    const recent = events.filter((e) => e.at >= mpc.lastEventAt - SEEN_WINDOW_MS)
    expect(recent.length).toBeGreaterThan(500)
    for (const event of recent) expect(applyEvent(mpc, { ...event })).toBe(mpc)
  })

  it('applies a first delivery arriving later than the window (news, not a duplicate)', () => {
    const call = new CallScenario({ mpcUuid: 'mpc-long' })
    call.join(1, '10', 'customer').raw('ParticipantDigitInput', 600, '10', { Digits: '7' })
    const late = { ...call.events()[1]!, delivery: 'nonce-late' }
    expect(mpc.lastEventAt - late.at).toBeGreaterThan(SEEN_WINDOW_MS)
    const after = applyEvent(mpc, late)
    expect(after.participants['10']?.digits).toEqual([{ at: late.at, digits: '7' }])
    expect(after.seen).toBe(mpc.seen)
  })
})

// ---------------------------------------------------------------------------------------------
// Properties on calls longer than the window

const ACTIONS = ['mute', 'unmute', 'hold', 'unhold', 'speakStart', 'speakStop', 'digits'] as const

/**
 * Ordered streams of a call spanning up to an hour and a half: the MPC's own, and each member's,
 * strictly increasing in time (gaps of 1 s to 3 min), every callback with its own delivery.
 */
const callArb = fc
  .record({
    members: fc.array(
      fc.array(
        fc.record({
          gap: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 30, max: 180 })),
          action: fc.constantFrom(...ACTIONS),
        }),
        { minLength: 1, maxLength: 60 },
      ),
      { minLength: 1, maxLength: 4 },
    ),
    endAfter: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
  })
  .map(({ members, endAfter }) => {
    let nonce = 0
    const withDelivery = (list: MpcEvent[]) =>
      list.map((event) => ({ ...event, delivery: `n${nonce++}` }))
    let last = 1
    const memberStreams = members.map((actions, m) => {
      const memberId = String(100 + m)
      const call = new CallScenario({ mpcUuid: 'mpc-prop-long' })
      let sec = m
      call.join(sec, memberId, m === 0 ? 'customer' : 'agent')
      for (const { gap, action } of actions) {
        sec += gap
        if (action === 'digits') call.digits(sec, memberId, String(sec % 10))
        else call[action](sec, memberId)
      }
      call.exit(sec + 1, memberId)
      last = Math.max(last, sec + 1)
      return withDelivery(call.events())
    })
    const mpc = new CallScenario({ mpcUuid: 'mpc-prop-long' }).mpcInitialized(0).mpcStart(1)
    if (endAfter !== undefined) mpc.mpcEnd(last + endAfter)
    return [withDelivery(mpc.events()), ...memberStreams]
  })

const picksArb = fc.array(fc.nat(), { maxLength: 400 })

describe('reducer properties on calls longer than the window', () => {
  it('any order at all converges to the canonical state, remembered keys included', () => {
    fc.assert(
      fc.property(callArb, fc.array(fc.nat(), { minLength: 1 }), (streams, keys) => {
        const events = canonical(streams)
        expect(reduce(shuffle(events, keys))).toEqual(reduce(events))
      }),
      { numRuns: 150 },
    )
  })

  it('a redelivery while its event is within the window of the newest changes nothing', () => {
    fc.assert(
      fc.property(callArb, picksArb, fc.nat(), fc.nat(), (streams, picks, which, where) => {
        const events = interleave(streams, picks)
        const i = which % events.length
        const original = events[i]!
        // Redelivered anywhere after the original, as long as the call's newest event is not yet
        // more than the window past it.
        let newest = -Infinity
        let until = -1
        for (let j = 0; j < events.length; j++) {
          newest = Math.max(newest, events[j]!.at)
          if (j >= i && newest - original.at <= SEEN_WINDOW_MS) until = j
        }
        // An original that came in already older than the window left no key (tested above).
        if (until < i) return
        const at = i + 1 + (where % (until - i + 1))
        const withCopy = [...events.slice(0, at), { ...original }, ...events.slice(at)]
        expect(reduce(withCopy)).toEqual(reduce(events))
      }),
      { numRuns: 200 },
    )
  })

  it('a desk seeded from a snapshot at any point, then given the rest, holds what the relay holds', () => {
    fc.assert(
      fc.property(callArb, picksArb, fc.nat(), (streams, picks, cut) => {
        const events = interleave(streams, picks)
        const head = cut % (events.length + 1)
        const relay = reduce(events.slice(0, head))
        // A snapshot crosses the wire as JSON.
        const snapshot = relay && (JSON.parse(JSON.stringify(relay)) as MpcState)
        expect(reduce(events.slice(head), snapshot)).toEqual(reduce(events))
      }),
      { numRuns: 150 },
    )
  })

  it('remembers only keys of events within the window of the newest event', () => {
    fc.assert(
      fc.property(callArb, picksArb, (streams, picks) => {
        const events = interleave(streams, picks)
        const mpc = reduce(events)!
        const recent = events.filter((e) => e.at >= mpc.lastEventAt - SEEN_WINDOW_MS)
        const oldestBucket = Math.floor((mpc.lastEventAt - SEEN_WINDOW_MS) / SEEN_BUCKET_MS)
        expect(seenKeyCount(mpc.seen)).toBeGreaterThanOrEqual(recent.length)
        for (const name of Object.keys(mpc.seen)) {
          expect(Number(name.slice(1))).toBeGreaterThanOrEqual(oldestBucket)
        }
      }),
      { numRuns: 150 },
    )
  })
})
