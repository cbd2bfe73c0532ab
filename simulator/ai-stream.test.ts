/**
 * AI agent stream status callbacks from the simulator: signed like every other callback, sent
 * to the AI member's stream status URL, a failing stream on demand and, in traffic, per seed.
 */
import { describe, expect, it } from 'vitest'
import { waitFor } from '../mpc/testing/wait-for'
import { startSimulator } from './index'
import { startCallbackReceiver } from './testing/callback-receiver'
import { simulatorWithReceiver } from './testing/test-servers'

describe('simulator: AI agent streams', () => {
  it('starts, drops on demand and never stops twice; every callback is signed', async () => {
    const { sim, receiver, call } = await simulatorWithReceiver({ answerDelayMs: 1, seed: 3 })
    const streams = `${receiver.url}/ai-stream`
    for (const role of ['customer', 'ai-agent']) {
      const r = await call('POST', 'name_ai-1/Participant/', {
        role,
        from: '+14155550100',
        to: role === 'customer' ? '+14155550111' : 'wss://ai.example.com/agent',
        stay_alone: 'true',
        ai_agent_stream_status_callback_url: streams,
      })
      expect(r.status).toBe(201)
    }
    const s = sim
    const r = receiver
    await waitFor('the AI stream started', () =>
      r.received.some((c) => c.params.Event === 'StartStream'),
    )
    // Only the AI agent streams, though the customer was given the URL too.
    expect(r.received).toHaveLength(1)
    const ai = Object.values(s.truth().participants)
      .flat()
      .find((p) => p.role === 'ai-agent')
    if (!ai) throw new Error('no AI member')
    expect(r.received[0]?.params).toMatchObject({
      Event: 'StartStream',
      MemberID: ai.member_id,
      ParticipantCallUUID: ai.call_uuid,
      MPCName: 'ai-1',
    })

    expect(s.dropAiStream(ai.call_uuid)).toBe(true)
    expect(s.dropAiStream(ai.call_uuid)).toBe(false) // already dropped
    expect(s.dropAiStream('no-such-call')).toBe(false)
    // The agent stays on the call after its stream dropped; leaving sends no StopStream then.
    expect(
      s.truth().participants[ai.mpc_uuid]?.find((p) => p.member_id === ai.member_id)?.exit_time,
    ).toBeNull()
    s.hangup(ai.call_uuid)
    await s.callbacksIdle()
    expect(r.received.map((c) => [c.path, c.params.Event, c.params.StreamStopReason])).toEqual([
      ['/ai-stream', 'StartStream', undefined],
      ['/ai-stream', 'DroppedStream', 'Connection error'],
    ])
    expect(r.received.every((c) => c.valid)).toBe(true)
  })

  it('a stream that did not fail stops as its AI agent leaves', async () => {
    const { sim, receiver, call } = await simulatorWithReceiver({ answerDelayMs: 1, seed: 4 })
    await call('POST', 'name_ai-2/Participant/', {
      role: 'ai-agent',
      from: '+14155550100',
      to: 'wss://ai.example.com/agent',
      stay_alone: 'true',
      ai_agent_stream_status_callback_url: `${receiver.url}/ai-stream`,
    })
    const s = sim
    const r = receiver
    await waitFor('streaming', () => r.received.length === 1)
    expect((await call('DELETE', 'name_ai-2/')).status).toBe(204)
    await s.callbacksIdle()
    expect(r.received.map((c) => [c.params.Event, c.params.StreamStopReason])).toEqual([
      ['StartStream', undefined],
      ['StopStream', 'Call hangup'],
    ])
  })

  it('traffic drops some AI streams, the same ones for the same seed', async () => {
    const run = async () => {
      const r = await startCallbackReceiver('traffic-token')
      const s = await startSimulator({
        seed: 11,
        authToken: 'traffic-token',
        timeScale: 200,
        callbacks: { aiStreamUrl: `${r.url}/ai-stream` },
        traffic: {
          concurrentCalls: 30,
          aiAgentShare: 1,
          abandonShare: 0,
          aiStreamFailureShare: 0.5,
          maxCalls: 30,
        },
      })
      // All 30 calls made and over: every stream there will be has reported.
      await waitFor(
        'traffic to finish',
        () => s.truth().mpcs.length === 30 && s.stats().liveMpcs === 0,
        20_000,
      )
      await s.callbacksIdle()
      await s.stop()
      await r.close()
      return r.received
        .filter((c) => c.params.Event === 'DroppedStream')
        .map((c) => c.params.MPCName)
        .sort()
    }
    const first = await run()
    expect(first.length).toBeGreaterThan(3)
    expect(first.length).toBeLessThan(27)
    expect(await run()).toEqual(first)
  })
})
