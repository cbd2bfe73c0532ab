/**
 * The wallboard's figures from live calls: what a floor manager reads off the wall must be what
 * the board's cards say, call by call.
 */
import { describe, expect, it } from 'vitest'
import type { ParticipantState } from '../../../preload/domain'
import { alert, mpc, participant, presence } from '../test/fixtures'
import { wallboardFigures } from './figures'

const NOW = 1_000_000
const s = (sec: number) => NOW - sec * 1000

function supervisor(memberId: string, mode: 'listen' | 'coach' | 'barge'): ParticipantState {
  return participant(memberId, {
    role: 'supervisor',
    joinedAt: s(30),
    coach: mode !== 'barge',
    muted: mode === 'listen',
  })
}

const calls = [
  // A customer waiting 40 s in support, one waiting 10 s in sales.
  mpc('w1', {
    name: 'support-000001',
    createdAt: s(40),
    participants: [participant('1', { role: 'customer', joinedAt: s(40) })],
  }),
  mpc('w2', {
    name: 'sales-000002',
    createdAt: s(10),
    participants: [participant('2', { role: 'customer', joinedAt: s(10) })],
  }),
  // A human call in support, recorded, customer on hold, with a listening supervisor (you).
  mpc('h1', {
    name: 'support-000003',
    createdAt: s(120),
    recording: 'recording',
    participants: [
      participant('3', {
        role: 'customer',
        joinedAt: s(120),
        hold: true,
        speech: [[s(100), s(90)]],
      }),
      participant('4', { role: 'agent', joinedAt: s(110), speech: [[s(80), s(50)]] }),
      supervisor('5', 'listen'),
    ],
  }),
  // An AI call in billing, recording paused, talk split evenly; a barging supervisor.
  mpc('a1', {
    name: 'billing-000004',
    createdAt: s(60),
    recording: 'paused',
    participants: [
      participant('6', { role: 'customer', joinedAt: s(60), speech: [[s(50), s(40)]] }),
      participant('7', { role: 'ai-agent', joinedAt: s(59), speech: [[s(40), s(30)]] }),
      supervisor('8', 'barge'),
    ],
  }),
  // Taken over: the human is on the call with the AI still there — a human call.
  mpc('t1', {
    name: 'claims-000005',
    createdAt: s(90),
    participants: [
      participant('9', { role: 'customer', joinedAt: s(90) }),
      participant('10', { role: 'ai-agent', joinedAt: s(89) }),
      participant('11', { role: 'agent', joinedAt: s(20) }),
      participant('12', { role: 'ai-agent', joinedAt: s(89), leftAt: s(19) }),
    ],
  }),
  // Ended calls count for nothing, even with alerts and supervisors.
  mpc('e1', {
    name: 'support-000006',
    createdAt: s(300),
    status: 'ended',
    endedAt: s(200),
    participants: [participant('13', { role: 'customer', joinedAt: s(300), hold: true })],
  }),
]

describe('wallboardFigures', () => {
  const figures = wallboardFigures(
    calls,
    [
      alert('customer-waiting', 'w1', s(10)),
      alert('long-hold', 'h1', s(5)),
      { ...alert('long-hold', 'h1', s(5)), id: 'long-hold:h1:other' },
      alert('ai-stream-lost', 'a1', s(2)),
      alert('overtalk', 'e1', s(2)),
    ],
    [presence('h1', { memberId: '5', status: 'joined' })],
    NOW,
  )

  it('counts active calls by kind, a taken-over call as human', () => {
    expect(figures.activeCalls).toBe(5)
    expect(figures.byKind).toEqual({ human: 2, ai: 1, none: 2 })
  })

  it('counts the calls waiting and the longest wait', () => {
    expect(figures.waiting).toBe(2)
    expect(figures.longestWaitMs).toBe(40_000)
  })

  it('counts customers on hold on live calls only', () => {
    expect(figures.customersOnHold).toBe(1)
  })

  it('counts calls per alert kind, each call once, ended calls never', () => {
    expect(figures.alertCalls).toEqual({
      'customer-waiting': 1,
      'long-hold': 1,
      'long-silence': 0,
      overtalk: 0,
      'ai-stream-lost': 1,
    })
  })

  it('recording share counts running recordings over active calls', () => {
    expect(figures.recordingCalls).toBe(1)
    expect(figures.recordingShare).toBeCloseTo(1 / 5)
  })

  it('averages the agent and customer talk share over the calls that had talk', () => {
    // h1: customer 10 s, agent 30 s → agents 0.75; a1: 10 s each → 0.5. Mean 0.625 / 0.375.
    expect(figures.talkShare).toEqual({ agents: 0.625, customers: 0.375, calls: 2 })
  })

  it('counts calls and waits per queue, busiest first', () => {
    expect(figures.queues).toEqual([
      { queue: 'support', calls: 2, waiting: 1 },
      { queue: 'billing', calls: 1, waiting: 0 },
      { queue: 'claims', calls: 1, waiting: 0 },
      { queue: 'sales', calls: 1, waiting: 1 },
    ])
  })

  it('lists which supervisor is on which call, in which mode, marking you', () => {
    expect(figures.supervisors).toEqual([
      { mpcUuid: 'a1', callName: 'billing-000004', memberId: '8', mode: 'barge', you: false },
      { mpcUuid: 'h1', callName: 'support-000003', memberId: '5', mode: 'listen', you: true },
    ])
  })

  it('an empty floor has no shares to claim', () => {
    const empty = wallboardFigures([], [], [], NOW)
    expect(empty).toMatchObject({
      activeCalls: 0,
      waiting: 0,
      longestWaitMs: null,
      recordingShare: null,
      talkShare: null,
      queues: [],
      supervisors: [],
    })
  })
})

describe('a call a supervisor took over from its AI agent', () => {
  const customer = participant('1', { role: 'customer', joinedAt: s(60) })
  const kinds = (members: ParticipantState[]) =>
    wallboardFigures(
      [mpc('t', { name: 'claims-1', createdAt: s(60), participants: members })],
      [],
      [],
      NOW,
    ).byKind

  it('is a human call once the AI left or is held, and the supervisor barges', () => {
    const aiLeft = participant('2', { role: 'ai-agent', joinedAt: s(59), leftAt: s(10) })
    const aiHeld = participant('2', { role: 'ai-agent', joinedAt: s(59), hold: true, muted: true })
    expect(kinds([customer, aiLeft, supervisor('3', 'barge')])).toEqual({
      human: 1,
      ai: 0,
      none: 0,
    })
    expect(kinds([customer, aiHeld, supervisor('3', 'barge')])).toEqual({
      human: 1,
      ai: 0,
      none: 0,
    })
  })

  it('stays an AI call while the AI talks, or the supervisor only listens or coaches', () => {
    const ai = participant('2', { role: 'ai-agent', joinedAt: s(59) })
    const aiHeld = participant('2', { role: 'ai-agent', joinedAt: s(59), hold: true })
    expect(kinds([customer, ai, supervisor('3', 'barge')])).toEqual({ human: 0, ai: 1, none: 0 })
    expect(kinds([customer, aiHeld, supervisor('3', 'coach')])).toEqual({
      human: 0,
      ai: 1,
      none: 0,
    })
  })
})
