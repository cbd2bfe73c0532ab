import { describe, expect, it } from 'vitest'
import type { Command } from '../../../preload/api'
import { mpc, participant, presence } from '../test/fixtures'
import { newPendingOp, optimisticView, type PendingOp, unsettledOps, withOp } from './optimistic'

const call = mpc('m1', {
  createdAt: 0,
  participants: [
    participant('c', { role: 'customer', joinedAt: 0 }),
    participant('a', { role: 'agent', joinedAt: 0 }),
  ],
})
const join = (mode: 'listen' | 'coach' | 'barge'): Command => ({
  type: 'join',
  mpcUuid: 'm1',
  mode,
})
const leave: Command = { type: 'leave', mpcUuid: 'm1' }
const accepted = (op: PendingOp): PendingOp => ({ ...op, accepted: true })

describe('leaving while a join or mode switch is in flight', () => {
  it('drops the switch when the leave is issued, so no "ringing" mark outlives the leave', () => {
    const listening = presence('m1', { mode: 'listen', status: 'joined', since: 100 })
    const toBarge = accepted(newPendingOp(join('barge'), 1000))
    const ops = withOp([toBarge], newPendingOp(leave, 1100))
    expect(ops.map((o) => o.command.type)).toEqual(['leave'])

    // The desk confirms the leave: my presence on the call is gone.
    const left = unsettledOps(ops, call, undefined)
    expect(left).toEqual([])
    const view = optimisticView(call, undefined, left)
    expect(view.presence).toBeUndefined()
    expect(view.dialling).toBe(false)

    // While the leave is still pending the card shows me leaving, not ringing.
    const during = optimisticView(call, listening, ops)
    expect(during.presence).toBeUndefined()
    expect(during.leaving).toBe(true)
  })

  it('settles joins issued before a confirmed leave: my absence answers them', () => {
    const ops = [newPendingOp(join('listen'), 1000), accepted(newPendingOp(join('barge'), 1050))]
    const withLeave = [...ops, newPendingOp(leave, 1100)]
    const left = unsettledOps(withLeave, call, undefined)
    expect(left).toEqual([])
    expect(optimisticView(call, undefined, left).presence).toBeUndefined()
  })

  it('keeps a join issued after the leave: the supervisor asked to come back', () => {
    const rejoin = newPendingOp(join('coach'), 1200)
    const ops = withOp(
      withOp([newPendingOp(join('barge'), 1000)], newPendingOp(leave, 1100)),
      rejoin,
    )
    const left = unsettledOps(ops, call, undefined)
    expect(left).toEqual([rejoin])
    const view = optimisticView(call, undefined, left)
    expect(view.presence).toMatchObject({ mode: 'coach', status: 'ringing' })
  })

  it('keeps the pending ops and their identity while nothing is confirmed', () => {
    const listening = presence('m1', { mode: 'listen', status: 'joined', since: 100 })
    const ops = [newPendingOp(join('barge'), 1000)]
    expect(unsettledOps(ops, call, listening)).toBe(ops)
    const mute = newPendingOp({ type: 'mute', mpcUuid: 'm1', memberId: 'a' }, 1000)
    expect(withOp([mute], newPendingOp(leave, 1100)).map((o) => o.command.type)).toEqual([
      'mute',
      'leave',
    ])
  })
})
