import { describe, expect, it } from 'vitest'
import { alert, mpc, participant } from '../test/fixtures'
import { boardEntry, groupAlerts, orderByAttention } from './attention'

const NOW = 1_000_000

function order(mpcs: ReturnType<typeof mpc>[], alerts: ReturnType<typeof alert>[] = []): string[] {
  const byMpc = groupAlerts(alerts)
  return orderByAttention(mpcs.map((m) => boardEntry(m, byMpc.get(m.mpcUuid) ?? [], NOW))).map(
    (e) => e.mpcUuid,
  )
}

const served = (uuid: string, createdAt: number) =>
  mpc(uuid, {
    createdAt,
    participants: [
      participant(`${uuid}-c`, { role: 'customer', joinedAt: createdAt }),
      participant(`${uuid}-a`, { role: 'agent', joinedAt: createdAt }),
    ],
  })

const waiting = (uuid: string, since: number) =>
  mpc(uuid, {
    createdAt: since,
    participants: [participant(`${uuid}-c`, { role: 'customer', joinedAt: since })],
  })

describe('attention order', () => {
  it('puts calls with alerts first, the longest-standing alert first', () => {
    const calls = [served('old', 1000), served('alert-new', 5000), served('alert-old', 9000)]
    const alerts = [
      alert('long-hold', 'alert-new', NOW - 10_000),
      alert('overtalk', 'alert-old', NOW - 60_000),
    ]
    expect(order(calls, alerts)).toEqual(['alert-old', 'alert-new', 'old'])
  })

  it('then a customer waiting for an agent, the longest wait first, then the oldest call', () => {
    const calls = [
      served('served-oldest', 100),
      waiting('wait-short', NOW - 5000),
      waiting('wait-long', NOW - 50_000),
      served('served-newer', 900),
    ]
    expect(order(calls)).toEqual(['wait-long', 'wait-short', 'served-oldest', 'served-newer'])
  })

  it('puts ended calls last even with an old alert', () => {
    const ended = mpc('ended', { createdAt: 1, status: 'ended', endedAt: 500 })
    const calls = [ended, served('live', 2000)]
    expect(order(calls, [alert('long-silence', 'ended', 1)])).toEqual(['live', 'ended'])
  })

  it('records the roles and agents present, not those who left', () => {
    const m = mpc('m', {
      createdAt: 0,
      participants: [
        participant('c1', { role: 'customer', joinedAt: 0 }),
        participant('a1', { role: 'agent', joinedAt: 0, leftAt: 10 }),
        participant('s1', { role: 'supervisor', joinedAt: 5 }),
      ],
    })
    const e = boardEntry(m, [], NOW)
    expect(e.roles).toEqual(['customer', 'supervisor'])
    expect(e.agents).toEqual([])
    expect(e.memberIds).toEqual(['a1', 'c1', 's1'])
    expect(e.waitingSince).toBe(10)
  })

  it('counts a customer whose join is stamped just ahead of this clock as waiting', () => {
    const ahead = waiting('ahead', NOW + 400)
    const entry = boardEntry({ ...ahead, lastEventAt: NOW + 400 }, [], NOW)
    expect(entry.waitingSince).toBe(NOW + 400)
    expect(order([served('old', NOW - 50_000), { ...ahead, lastEventAt: NOW + 400 }])).toEqual([
      'ahead',
      'old',
    ])
  })
})
