import { describe, expect, it } from 'vitest'
import { boardEntry } from '../desk/attention'
import { alert, mpc, participant } from '../test/fixtures'
import { applyFilter, EMPTY_FILTER } from './filter'

const entries = [
  boardEntry(
    mpc('mpc-aaa', {
      name: 'Billing dispute',
      createdAt: 0,
      participants: [
        participant('cust-1', { role: 'customer', joinedAt: 0 }),
        participant('agent-anna', { role: 'agent', joinedAt: 0 }),
      ],
    }),
    [alert('long-hold', 'mpc-aaa', 0)],
    1000,
  ),
  boardEntry(
    mpc('mpc-bbb', {
      name: 'New order',
      createdAt: 0,
      participants: [
        participant('cust-2', { role: 'customer', joinedAt: 0 }),
        participant('bot-1', { role: 'ai-agent', joinedAt: 0 }),
      ],
    }),
    [],
    1000,
  ),
  boardEntry(
    mpc('mpc-ccc', {
      name: 'Refund',
      createdAt: 0,
      participants: [
        participant('cust-3', { role: 'customer', joinedAt: 0 }),
        participant('agent-bob', { role: 'agent', joinedAt: 0 }),
        participant('sup-1', { role: 'supervisor', joinedAt: 0, coach: true }),
      ],
    }),
    [],
    1000,
  ),
]
const ids = (f: Partial<typeof EMPTY_FILTER>) =>
  applyFilter(entries, { ...EMPTY_FILTER, ...f }).map((e) => e.mpcUuid)

describe('board filter', () => {
  it('shows everything without a filter', () => {
    expect(ids({})).toEqual(['mpc-aaa', 'mpc-bbb', 'mpc-ccc'])
  })
  it('searches names, call ids and member ids, ignoring case', () => {
    expect(ids({ text: 'BILLING' })).toEqual(['mpc-aaa'])
    expect(ids({ text: 'mpc-cc' })).toEqual(['mpc-ccc'])
    expect(ids({ text: 'bot-1' })).toEqual(['mpc-bbb'])
    expect(ids({ text: 'nothing like it' })).toEqual([])
  })
  it('filters by a role present', () => {
    expect(ids({ role: 'ai-agent' })).toEqual(['mpc-bbb'])
    expect(ids({ role: 'supervisor' })).toEqual(['mpc-ccc'])
  })
  it('filters by alert and by agent, combined with the rest', () => {
    expect(ids({ alertsOnly: true })).toEqual(['mpc-aaa'])
    expect(ids({ agent: 'bob' })).toEqual(['mpc-ccc'])
    expect(ids({ agent: 'agent', role: 'supervisor' })).toEqual(['mpc-ccc'])
    expect(ids({ agent: 'bob', alertsOnly: true })).toEqual([])
  })
})
