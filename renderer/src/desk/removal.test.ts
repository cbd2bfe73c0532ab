import { describe, expect, it } from 'vitest'
import { mpc, participant } from '../test/fixtures'
import { removalOutcome, removalWarning } from './removal'

const customer = participant('1000', { role: 'customer', joinedAt: 0 })
const agent = participant('1001', { role: 'agent', joinedAt: 1 })
const agent2 = participant('1002', { role: 'agent', joinedAt: 2 })
const ai = participant('1082', { role: 'ai-agent', joinedAt: 2 })
const me = participant('1003', { role: 'supervisor', joinedAt: 3, coach: true })
const gone = participant('999', { role: 'agent', joinedAt: 0, leftAt: 1 })

const call = (...members: ReturnType<typeof participant>[]) =>
  mpc('m', { createdAt: 0, participants: members })

describe('removalOutcome: what Plivo does to the call when a member is kicked', () => {
  it('the only agent of a two-member call: the customer is left alone, and stay alone is not permitted', () => {
    const outcome = removalOutcome(call(customer, agent), '1001')
    expect(outcome).toEqual({ kind: 'alone-ends', alone: customer })
    expect(removalWarning(outcome, 'Agent 1001')).toEqual({
      endsCall: true,
      text: 'Removing Agent 1001 leaves Customer 1000 alone: Plivo will end the call for them (stay alone is not permitted).',
    })
  })

  it('members who already left do not count', () => {
    expect(removalOutcome(call(customer, agent, gone), '1001').kind).toBe('alone-ends')
  })

  it('with two or more left, the call goes on and the dialog names who stays', () => {
    const outcome = removalOutcome(call(customer, agent, ai), '1001')
    expect(outcome).toEqual({ kind: 'goes-on', remaining: [customer, ai] })
    expect(removalWarning(outcome, 'Agent 1001')).toEqual({
      endsCall: false,
      text: 'Agent 1001 is disconnected at once; the call goes on with Customer 1000 and AI agent 1082.',
    })
    expect(
      removalWarning(removalOutcome(call(customer, agent, agent2, ai), '1001'), 'Agent 1001').text,
    ).toBe(
      'Agent 1001 is disconnected at once; the call goes on with Customer 1000, Agent 1002 and AI agent 1082.',
    )
  })

  it('the supervisor on the call counts as a member, and is named as you', () => {
    const outcome = removalOutcome(call(customer, agent, me), '1001', { selfMemberId: '1003' })
    expect(removalWarning(outcome, 'Agent 1001', { selfMemberId: '1003' }).text).toBe(
      'Agent 1001 is disconnected at once; the call goes on with Customer 1000 and you (Supervisor 1003).',
    )
    const alone = removalOutcome(call(customer, me), '1000', { selfMemberId: '1003' })
    expect(removalWarning(alone, 'Customer 1000', { selfMemberId: '1003' })).toEqual({
      endsCall: true,
      text: 'Removing Customer 1000 leaves only you (Supervisor 1003) on the call: Plivo will end the call (stay alone is not permitted).',
    })
  })

  it('the last member on the call: removing them ends it', () => {
    const outcome = removalOutcome(call(customer), '1000')
    expect(outcome).toEqual({ kind: 'empties' })
    expect(removalWarning(outcome, 'Customer 1000')).toEqual({
      endsCall: true,
      text: 'Customer 1000 is the only one on the call: removing them ends the call.',
    })
  })

  it('a member known to have end-call-on-exit ends the call for everyone, however many stay', () => {
    const rules = { members: { '1001': { endMpcOnExit: true } } }
    const outcome = removalOutcome(call(customer, agent, ai), '1001', rules)
    expect(outcome).toEqual({ kind: 'ends-on-exit' })
    expect(removalWarning(outcome, 'Agent 1001')).toEqual({
      endsCall: true,
      text: 'Agent 1001 has end-call-on-exit: removing them ends the call for everyone.',
    })
  })

  it('a member left alone who is known to be allowed to stay alone keeps the call', () => {
    const rules = { members: { '1000': { stayAlone: true } } }
    const outcome = removalOutcome(call(customer, agent), '1001', rules)
    expect(outcome).toEqual({ kind: 'alone-stays', alone: customer })
    expect(removalWarning(outcome, 'Agent 1001')).toEqual({
      endsCall: false,
      text: 'Removing Agent 1001 leaves Customer 1000 alone on the call; they may stay alone, so the call goes on.',
    })
  })
})
