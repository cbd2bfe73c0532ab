/**
 * AI agent stream callbacks (events.ts `AI_STREAM_EVENTS`): parsed from what arrives on the
 * `aiAgentStreamStatusCallbackUrl`, kept per AI member by the reducer, whatever the order.
 */
import { describe, expect, it } from 'vitest'
import { AI_STREAM_EVENTS } from './events'
import { parseCallback } from './parse'
import { applyEvent } from './reducer'
import { aiStreamParams, mpcFrom as reduce, parseAiStream as parsed } from './testing/ai-stream'
import { mpcStateSchema } from './wire-schemas'

const AT = Date.UTC(2024, 4, 1, 10, 0, 0)
const MPC = '8742d531-292a-46aa-8754-836be1092885'

const stream = (event: string, second: number, extra: Record<string, string> = {}) =>
  aiStreamParams({
    name: event,
    at: AT + second * 1000,
    mpcUuid: MPC,
    mpcName: 'support-000001',
    memberId: '21',
    callUuid: 'call-ai',
    streamId: 'stream-1',
    extra,
  })

describe('parseCallback on the AI stream URL', () => {
  it.each(AI_STREAM_EVENTS)('%s becomes an ai-stream event for its member', (name) => {
    expect(parsed(stream(name, 5))).toEqual({
      kind: 'ai-stream',
      name,
      mpcUuid: MPC,
      mpcName: 'support-000001',
      at: AT + 5000,
      memberId: '21',
      callUuid: 'call-ai',
      streamId: 'stream-1',
      raw: stream(name, 5),
      via: 'ai-stream',
    })
  })

  it('reads the reason a stream dropped, and accepts EventName and Timestamp too', () => {
    const params = {
      EventName: 'DroppedStream',
      Timestamp: '2024-05-01 10:00:07+00:00',
      MPCUUID: MPC,
      MemberID: '21',
      Error: 'Connection error',
    }
    expect(parsed(params)).toMatchObject({
      name: 'DroppedStream',
      at: AT + 7000,
      reason: 'Connection error',
    })
  })

  it('refuses a stream status that names no member, naming the field', () => {
    const { MemberID: _, ...params } = stream('DroppedStream', 5)
    expect(parseCallback(params, 'ai-stream')).toEqual({
      ok: false,
      error: { field: 'MemberID', message: 'MemberID is required for DroppedStream' },
    })
  })

  it('refuses one without an event name, naming the documented param', () => {
    const { Event: _, ...params } = stream('StartStream', 5)
    expect(parseCallback(params, 'ai-stream')).toMatchObject({
      ok: false,
      error: { field: 'Event' },
    })
  })

  it('keeps an event name it does not know as unknown, with its member', () => {
    expect(parsed(stream('StreamRestarted', 5))).toMatchObject({ kind: 'unknown', memberId: '21' })
  })
})

describe('the reducer keeps each AI member stream', () => {
  const join = parsed({
    ...stream('x', 0),
    Event: '',
    EventName: 'ParticipantJoin',
    ParticipantRole: 'ai-agent',
  })

  it('follows the latest status by event time, whatever the arrival order', () => {
    const start = parsed(stream('StartStream', 1))
    const dropped = parsed(stream('DroppedStream', 9, { Reason: 'Connection error' }))
    for (const order of [
      [join, start, dropped],
      [dropped, start, join],
      [start, dropped, join],
    ]) {
      const member = reduce(order).participants['21']
      expect(member?.aiStream).toEqual({
        status: 'dropped',
        at: AT + 9000,
        streamId: 'stream-1',
        reason: 'Connection error',
      })
      expect(member?.role).toBe('ai-agent')
    }
  })

  it('a status for a member it has never seen creates that AI member, kept and valid', () => {
    const mpc = reduce([parsed(stream('DroppedStream', 3, { MemberID: '99' }))])
    expect(mpc.participants['99']).toMatchObject({
      memberId: '99',
      role: 'ai-agent',
      aiStream: { status: 'dropped' },
    })
    expect(mpc.timeline).toEqual([
      { at: AT + 3000, name: 'DroppedStream', memberId: '99', role: 'ai-agent' },
    ])
    expect(mpcStateSchema.safeParse(mpc).success).toBe(true)
  })

  it('the same delivery twice changes nothing', () => {
    const start = parsed(stream('StartStream', 1))
    const once = reduce([join, start])
    expect(applyEvent(once, start)).toBe(once)
  })
})
