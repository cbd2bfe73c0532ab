/**
 * Callback delivery faults for tests of consumers: duplicate, drop, delay, reorder. Whatever the
 * fault, what does arrive is correctly signed.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { CallbackDispatcher } from './callbacks'
import type { SimulatorOptions } from './index'
import { mulberry32 } from './prng'
import { rawApi } from './testing/raw-api'
import { receiverForTest, simulatorForTest, simulatorWithReceiver } from './testing/test-servers'
import { waitFor } from '../mpc/testing/wait-for'

/** One MPC with three members joining, then ended: 9 status callbacks without faults. */
async function scenario(faults: SimulatorOptions['faults']) {
  const { sim, receiver, call } = await simulatorWithReceiver({ answerDelayMs: 1, seed: 5, faults })
  const statusUrl = `${receiver.url}/status`
  for (const role of ['customer', 'agent', 'supervisor']) {
    const r = await call('POST', 'name_faulty/Participant/', {
      role,
      from: '+14155550100',
      to: `sip:${role}@x.example.com`,
      status_callback_url: statusUrl,
      status_callback_method: 'POST',
    })
    expect(r.status).toBe(201)
  }
  const s = sim
  await waitFor(
    'three members joined',
    () => Object.values(s.truth().participants).flat().length === 3,
  )
  expect((await call('DELETE', 'name_faulty/')).status).toBe(204)
  await s.callbacksIdle()
  return { receiver, sim }
}

const EXPECTED = [
  'MPCInitialized',
  'ParticipantJoin',
  'MPCStart',
  'ParticipantJoin',
  'ParticipantJoin',
  'ParticipantExit',
  'ParticipantExit',
  'ParticipantExit',
  'MPCEnd',
]

describe('callback faults', () => {
  it('without faults: one delivery each, in the order things happened', async () => {
    const { receiver: r } = await scenario({})
    expect(r.received.map((c) => c.params.EventName)).toEqual(EXPECTED)
    expect(r.received.every((c) => c.valid)).toBe(true)
  })

  it('duplicate: every callback arrives twice with the same nonce and signature', async () => {
    const { receiver: r } = await scenario({ duplicateProbability: 1 })
    expect(r.received).toHaveLength(EXPECTED.length * 2)
    const keys = r.received.map(
      (c) =>
        `${String(c.headers['x-plivo-signature-v3-nonce'])} ${String(c.headers['x-plivo-signature-v3'])}`,
    )
    expect(new Set(keys).size).toBe(EXPECTED.length)
    expect(r.received.every((c) => c.valid)).toBe(true)
  })

  it('drop: nothing arrives, and the simulator says so', async () => {
    const { receiver: r, sim } = await scenario({ dropProbability: 1 })
    expect(r.received).toEqual([])
    expect(sim.stats().callbacksDropped).toBe(EXPECTED.length)
  })

  it('delay and reorder: everything arrives, signed', async () => {
    const { receiver: r } = await scenario({ delayMs: 30, reorderWindow: 4 })
    const names = r.received.map((c) => c.params.EventName)
    expect([...names].sort()).toEqual([...EXPECTED].sort())
    expect(r.received.every((c) => c.valid)).toBe(true)
  })

  it('reorder really reorders one MPC’s burst of callbacks', async () => {
    const receiver = await receiverForTest('token-token-token')
    const dispatcher = new CallbackDispatcher({
      authToken: () => 'token-token-token',
      faults: { reorderWindow: 10 },
      rng: mulberry32(9),
      onResult: () => undefined,
    })
    const target = { url: `${receiver.url}/status`, method: 'POST' as const }
    for (let i = 0; i < 50; i++)
      dispatcher.send(target, { EventName: 'ParticipantSpeakStart', N: String(i) }, 'one-mpc')
    await dispatcher.idle()
    await dispatcher.stop()
    const order = receiver.received.map((c) => Number(c.params.N))
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(50).keys()])
    expect(order).not.toEqual([...Array(50).keys()])
    expect(receiver.received.every((c) => c.valid)).toBe(true)
  })

  it('requests the on-exit action URL with its own parameters when the participant leaves', async () => {
    const { sim, receiver, call } = await simulatorWithReceiver({ answerDelayMs: 1 })
    await call('POST', 'name_exit/Participant/', {
      role: 'agent',
      from: '+14155550100',
      to: 'sip:a@x.example.com',
      on_exit_action_url: `${receiver.url}/next-xml?leg=a`,
    })
    const s = sim
    await waitFor(
      'one member joined',
      () => Object.values(s.truth().participants).flat().length === 1,
    )
    const [member] = Object.values(s.truth().participants).flat()
    expect((await call('DELETE', `name_exit/Participant/${member?.member_id ?? ''}/`)).status).toBe(
      204,
    )
    const r = receiver
    await r.waitFor((got) => got.length === 1)
    expect(r.received[0]).toMatchObject({ method: 'POST', path: '/next-xml', valid: true })
    expect(r.received[0]?.params).toMatchObject({
      MPCFriendlyName: 'exit',
      MemberID: member?.member_id,
      ParticipantCallUUID: member?.call_uuid,
      ParticipantRole: 'Agent',
      ParticipantJoinTime: member?.join_time,
      ParticipantEndTime: expect.any(String),
    })
  })

  it('reports each delivery to listeners with its status, including failures', async () => {
    const sim = await simulatorForTest({ answerDelayMs: 1 })
    const reported: { name: string | undefined; status: number | 'error' }[] = []
    const off = sim.on('callback', (info) =>
      reported.push({ name: info.params.EventName, status: info.status }),
    )
    const call = rawApi(sim)
    // Nothing listens on port 9 of loopback: every delivery fails, none is retried forever.
    await call('POST', 'name_unreachable/Participant/', {
      role: 'agent',
      from: '+14155550100',
      to: 'sip:a@x.example.com',
      status_callback_url: 'http://127.0.0.1:9/status',
    })
    const s = sim
    await waitFor('the MPC to be Active', () => s.truth().mpcs[0]?.status === 'Active')
    await s.callbacksIdle()
    expect(reported).toEqual([
      { name: 'MPCInitialized', status: 'error' },
      { name: 'ParticipantJoin', status: 'error' },
      { name: 'MPCStart', status: 'error' },
    ])
    expect(s.stats()).toMatchObject({ callbacksFailed: 3, callbacksPending: 0 })
    off()
  })

  it('a receiver that never answers fails the callback after the timeout and its retries', async () => {
    const seen: number[] = []
    const silent = http.createServer((req) => {
      seen.push(performance.now())
      req.resume()
    })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as AddressInfo
    const results: (number | 'error')[] = []
    const dispatcher = new CallbackDispatcher({
      authToken: () => 'token',
      faults: {},
      rng: mulberry32(1),
      onResult: (info) => results.push(info.status),
      requestTimeoutMs: 200,
    })
    try {
      const started = performance.now()
      dispatcher.send({ url: `http://127.0.0.1:${port}/cb`, method: 'POST' }, { A: '1' }, 'm')
      await dispatcher.idle()
      expect(results).toEqual(['error'])
      // The first try and two retries, each given up after the timeout.
      expect(seen).toHaveLength(3)
      expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 200)
      expect(dispatcher.stats).toMatchObject({ sent: 0, failed: 1 })
    } finally {
      await dispatcher.stop()
      silent.closeAllConnections()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    }
  })
})
