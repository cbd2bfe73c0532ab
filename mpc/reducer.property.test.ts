/**
 * Order tolerance of the reducer, property-tested on generated calls: each member's callbacks,
 * the MPC's own callbacks and each API add are ordered streams; Plivo may interleave, delay and
 * repeat them.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MpcEvent, Role } from './events'
import { applyEvent } from './reducer'
import { canonical, interleave, reduce, shuffle } from './testing/event-orders'
import { CallScenario } from './testing/scenario'

const MEMBER_ACTIONS = [
  'mute',
  'unmute',
  'hold',
  'unhold',
  'speakStart',
  'speakStop',
  'coachStart',
  'coachStop',
  'digits',
  'audioStart',
  'audioStop',
  'recInitiated',
  'recPaused',
  'recResumed',
  'recCompleted',
] as const
type MemberAction = (typeof MEMBER_ACTIONS)[number]

/**
 * `minGap` 0 allows several events of one stream in the same second (Plivo stamps whole
 * seconds); 1 makes every stream strictly increasing in time.
 */
function scenarioArb(minGap: 0 | 1) {
  const gap = fc.integer({ min: minGap, max: 4 })
  const memberArb = fc.record({
    role: fc.constantFrom<Role>('customer', 'agent', 'supervisor', 'ai-agent'),
    joinSec: fc.integer({ min: 0, max: 30 }),
    actions: fc.array(fc.record({ gap, action: fc.constantFrom(...MEMBER_ACTIONS) }), {
      maxLength: 14,
    }),
    exit: fc.option(gap, { nil: undefined }),
  })

  return fc.record({
    members: fc.array(memberArb, { minLength: 1, maxLength: 5 }),
    recording: fc.array(
      fc.record({
        gap,
        phase: fc.constantFrom('Initiated', 'Paused', 'Resumed', 'Completed', 'Failed' as const),
      }),
      { maxLength: 6 },
    ),
    apiAdds: fc.array(
      fc.record({
        sec: fc.integer({ min: 0, max: 40 }),
        after: gap,
        status: fc.constantFrom('success', 'no-answer'),
        memberId: fc.option(fc.constantFrom('100', '101', '900'), { nil: undefined }),
      }),
      { maxLength: 3 },
    ),
    endSec: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  })
}
type Scenario = ReturnType<typeof scenarioArb> extends fc.Arbitrary<infer T> ? T : never

const MPC_UUID = 'mpc-prop'

function memberStream(memberId: string, m: Scenario['members'][number]): MpcEvent[] {
  const call = new CallScenario({ mpcUuid: MPC_UUID })
  let sec = m.joinSec
  call.join(sec, memberId, m.role)
  let digit = 0
  const act: Record<MemberAction, () => void> = {
    mute: () => call.mute(sec, memberId),
    unmute: () => call.unmute(sec, memberId),
    hold: () => call.hold(sec, memberId),
    unhold: () => call.unhold(sec, memberId),
    speakStart: () => call.speakStart(sec, memberId),
    speakStop: () => call.speakStop(sec, memberId),
    coachStart: () => call.coachStart(sec, memberId),
    coachStop: () => call.coachStop(sec, memberId),
    digits: () => call.digits(sec, memberId, String(digit++ % 10)),
    audioStart: () => call.raw('ParticipantAudioStart', sec, memberId),
    audioStop: () => call.raw('ParticipantAudioStop', sec, memberId),
    recInitiated: () => call.participantRecording(sec, memberId, 'Initiated'),
    recPaused: () => call.participantRecording(sec, memberId, 'Paused'),
    recResumed: () => call.participantRecording(sec, memberId, 'Resumed'),
    recCompleted: () => call.participantRecording(sec, memberId, 'Completed'),
  }
  for (const { gap: g, action } of m.actions) {
    sec += g
    act[action]()
  }
  if (m.exit !== undefined) call.exit(sec + 1 + m.exit, memberId)
  return call.events()
}

/** Ordered streams: the MPC's own events, each member's, each API add's. */
function streams(s: Scenario): MpcEvent[][] {
  const mpc = new CallScenario({ mpcUuid: MPC_UUID }).mpcInitialized(0).mpcStart(1)
  let sec = 1
  for (const r of s.recording) {
    sec += r.gap
    mpc.recording(sec, r.phase)
  }
  if (s.endSec !== undefined) mpc.mpcEnd(Math.max(sec + 1, s.endSec))
  const adds = s.apiAdds.map((a, i) =>
    new CallScenario({ mpcUuid: MPC_UUID })
      .apiAdd(a.sec, 'Initiated', `req-${i}`)
      .apiAdd(a.sec + 1 + a.after, 'Completed', `req-${i}`, {
        CallStatus: a.status,
        ...(a.memberId === undefined ? {} : { MemberID: a.memberId }),
      })
      .events(),
  )
  const members = s.members.map((m, i) => memberStream(String(100 + i), m))
  return [mpc.events(), ...members, ...adds]
}

const picksArb = fc.array(fc.nat(), { maxLength: 200 })

const keysArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
  minLength: 400,
  maxLength: 400,
})

/** Copies of events inserted at positions `dups` picks; `afterOriginal` keeps them later. */
function withDuplicates(
  events: MpcEvent[],
  dups: [number, number][],
  afterOriginal: boolean,
): MpcEvent[] {
  const out = [...events]
  for (const [which, where] of dups) {
    const original = events[which % events.length]!
    const copy = { ...original, raw: { ...original.raw } }
    const from = afterOriginal ? out.indexOf(original) + 1 : 0
    out.splice(from + (where % (out.length + 1 - from)), 0, copy)
  }
  return out
}

const dupsArb = fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 5 })

describe('reducer properties, streams with several events in one second', () => {
  it('any interleaving that keeps each stream in order converges to the canonical state', () => {
    fc.assert(
      fc.property(scenarioArb(0), picksArb, (scenario, picks) => {
        const all = streams(scenario)
        expect(reduce(interleave(all, picks))).toEqual(reduce(canonical(all)))
      }),
      { numRuns: 200 },
    )
  })

  it('applying any event twice equals applying it once', () => {
    fc.assert(
      fc.property(scenarioArb(0), picksArb, fc.nat(), fc.nat(), (scenario, picks, cut, which) => {
        const events = interleave(streams(scenario), picks)
        const before = reduce(events.slice(0, cut % (events.length + 1)))
        const event = events[which % events.length]!
        const once = applyEvent(before, event)
        expect(applyEvent(once, event)).toEqual(once)
      }),
      { numRuns: 200 },
    )
  })

  it('a redelivery anywhere after the first delivery changes nothing', () => {
    fc.assert(
      fc.property(scenarioArb(0), picksArb, dupsArb, (scenario, picks, dups) => {
        const events = interleave(streams(scenario), picks)
        expect(reduce(withDuplicates(events, dups, true))).toEqual(reduce(events))
      }),
      { numRuns: 200 },
    )
  })

  it('under any order at all, who is in the call and the MPC status come out the same', () => {
    fc.assert(
      fc.property(scenarioArb(0), keysArb, (scenario, keys) => {
        const events = canonical(streams(scenario))
        const a = reduce(events)!
        const b = reduce(shuffle(events, keys))!
        expect(b.status).toBe(a.status)
        expect(b.endedAt).toBe(a.endedAt)
        expect(b.createdAt).toBe(a.createdAt)
        for (const [memberId, p] of Object.entries(a.participants)) {
          const q = b.participants[memberId]!
          const facts = (x: typeof p) => ({
            joinedAt: x.joinedAt,
            leftAt: x.leftAt,
            leftBy: x.leftBy,
            role: x.role,
            speech: x.speech.map((e) => e.at),
          })
          expect(facts(q)).toEqual(facts(p))
        }
      }),
      { numRuns: 150 },
    )
  })
})

describe('reducer properties, streams strictly increasing in time', () => {
  it('any order at all converges to the canonical state', () => {
    fc.assert(
      fc.property(scenarioArb(1), keysArb, (scenario, keys) => {
        const events = canonical(streams(scenario))
        expect(reduce(shuffle(events, keys))).toEqual(reduce(events))
      }),
      { numRuns: 200 },
    )
  })

  it('an event duplicated anywhere, even before its first delivery, changes nothing', () => {
    fc.assert(
      fc.property(scenarioArb(1), picksArb, dupsArb, (scenario, picks, dups) => {
        const events = interleave(streams(scenario), picks)
        expect(reduce(withDuplicates(events, dups, false))).toEqual(reduce(events))
      }),
      { numRuns: 200 },
    )
  })
})
