/**
 * "AI agent stream lost": an AI agent still on the call whose stream dropped or stopped raises
 * it at once (no threshold); it clears when the stream is back or the agent has left.
 */
import { describe, expect, it } from 'vitest'
import type { MpcEvent } from '../../mpc/events'
import type { MpcState } from '../../mpc/state'
import { aiStreamParams, mpcFrom as state, parseAiStream } from '../../mpc/testing/ai-stream'
import { CallScenario } from '../../mpc/testing/scenario'
import { DEFAULT_THRESHOLDS } from '../../preload/api'
import { alertsFor } from './alerts'

const call = () =>
  new CallScenario({ mpcName: 'support-000042' })
    .mpcStart(0)
    .join(0, '1', 'customer')
    .join(1, '2', 'ai-agent')

function streamEvent(c: CallScenario, sec: number, name: string, memberId = '2'): MpcEvent {
  const extra: Record<string, string> =
    name === 'DroppedStream' ? { StreamStopReason: 'Connection error' } : {}
  return parseAiStream(
    aiStreamParams({ name, mpcUuid: c.mpcUuid, at: c.time(sec), memberId, extra }),
  )
}

const lost = (mpc: MpcState, at: number) =>
  alertsFor(mpc, DEFAULT_THRESHOLDS, at).filter((a) => a.kind === 'ai-stream-lost')

describe('the AI agent stream lost alert', () => {
  it('a dropped stream raises it at once, naming the agent and why, from when it dropped', () => {
    const c = call()
    const mpc = state([
      ...c.events(),
      streamEvent(c, 1, 'StartStream'),
      streamEvent(c, 20, 'DroppedStream'),
    ])
    expect(lost(mpc, c.time(20))).toEqual([
      {
        id: `ai-stream-lost:${c.mpcUuid}:2`,
        kind: 'ai-stream-lost',
        mpcUuid: c.mpcUuid,
        memberId: '2',
        callName: 'support-000042',
        since: c.time(20),
        message: 'AI agent stream lost: AI agent 2 disconnected (Connection error)',
      },
    ])
  })

  it('a stream that stops while its agent stays raises it too; a streaming or degraded one does not', () => {
    const c = call()
    const base = [...c.events(), streamEvent(c, 1, 'StartStream')]
    expect(lost(state(base), c.time(30))).toEqual([])
    expect(lost(state([...base, streamEvent(c, 5, 'DegradedStream')]), c.time(30))).toEqual([])
    expect(lost(state([...base, streamEvent(c, 5, 'StopStream')]), c.time(30))).toHaveLength(1)
    // Back again: the alert clears.
    const back = [...base, streamEvent(c, 5, 'DroppedStream'), streamEvent(c, 9, 'StartStream')]
    expect(lost(state(back), c.time(30))).toEqual([])
  })

  it('not once the agent has left, nor on an ended call', () => {
    const c = call()
    const dropped = streamEvent(c, 5, 'DroppedStream')
    expect(lost(state([...c.exit(8, '2').events(), dropped]), c.time(30))).toEqual([])
    const ended = call()
    expect(
      lost(
        state([...ended.mpcEnd(9).events(), streamEvent(ended, 5, 'DroppedStream')]),
        ended.time(30),
      ),
    ).toEqual([])
  })

  it('a member the desk never saw join still raises it: the status is shown, not dropped', () => {
    const c = call()
    const mpc = state([...c.events(), streamEvent(c, 5, 'DroppedStream', '77')])
    expect(lost(mpc, c.time(6)).map((a) => a.memberId)).toEqual(['77'])
  })
})
