/**
 * Seeded traffic: reproducible, lively, correctly signed, and big enough.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator, type SimulatorOptions, type TrafficOptions } from './index'
import { startCallbackReceiver, type CallbackReceiver } from './testing/callback-receiver'
import { rawApi } from './testing/raw-api'
import { waitFor } from '../mpc/testing/wait-for'

const open: { stop(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.stop()))
})

const CALLS = 8

/** Runs `calls` generated calls to completion and returns every callback received. */
async function runScenario(
  seed: number,
  options: Partial<SimulatorOptions> = {},
  calls = CALLS,
  traffic: TrafficOptions = {},
) {
  const receiver = await startCallbackReceiver('x'.repeat(32))
  open.push({ stop: () => receiver.close() })
  const sim = await startSimulator({
    seed,
    authToken: 'x'.repeat(32),
    timeScale: 400,
    traffic: {
      concurrentCalls: 6,
      maxCalls: calls,
      meanCallSeconds: 30,
      meanWaitSeconds: 10,
      supervisorShare: 0.3,
      ...traffic,
    },
    callbacks: {
      statusUrl: `${receiver.url}/status`,
      recordingUrl: `${receiver.url}/recording`,
      method: 'POST',
    },
    ...options,
  })
  open.push(sim)
  await waitFor(
    `${calls} MPCs Ended`,
    () => {
      const mpcs = sim.truth().mpcs
      return mpcs.length === calls && mpcs.every((m) => m.status === 'Ended')
    },
    20_000,
  )
  await sim.callbacksIdle()
  return { sim, receiver }
}

/**
 * Per MPC and callback URL (the unit Plivo orders), the sequence of (EventName, MemberID, role):
 * wall times and uuids left out.
 */
function sequences(receiver: CallbackReceiver, path = '/status'): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const c of receiver.received) {
    if (c.path !== path) continue
    const p = c.params
    const key = p.MPCName ?? '?'
    ;(out[key] ??= []).push(`${p.EventName} ${p.MemberID ?? '-'} ${p.ParticipantRole ?? '-'}`)
  }
  return out
}

describe('traffic', () => {
  it('a fixed seed plays the same scenario twice; another seed plays another', async () => {
    const first = await runScenario(42)
    const second = await runScenario(42)
    const third = await runScenario(43)
    const a = sequences(first.receiver)
    expect(Object.keys(a)).toHaveLength(CALLS)
    expect(sequences(second.receiver)).toEqual(a)
    expect(sequences(second.receiver, '/recording')).toEqual(
      sequences(first.receiver, '/recording'),
    )
    expect(sequences(third.receiver)).not.toEqual(a)
    // Also the same MPC uuids (seeded) and termination causes.
    const uuids = (s: Simulator) =>
      s.truth().mpcs.map((m) => [m.friendly_name, m.mpc_uuid, m.termination_cause])
    expect(uuids(second.sim).sort()).toEqual(uuids(first.sim).sort())
    // Every callback verifies with the official SDK's V3 validator.
    for (const run of [first, second, third]) {
      expect(run.receiver.received.length).toBeGreaterThan(CALLS * 5)
      expect(run.receiver.received.filter((c) => !c.valid)).toEqual([])
    }
  })

  it('plays a call center: waits, AI agents, talk with silences and overtalk, holds, digits, recordings, supervisors', async () => {
    const { receiver } = await runScenario(7, { timeScale: 1_000 }, 24, {
      meanCallSeconds: 90,
      supervisorShare: 0.5,
    })
    const events = receiver.received.map((c) => c.params)
    const has = (name: string, extra: (p: Record<string, string>) => boolean = () => true) =>
      events.some((p) => p.EventName === name && extra(p))
    expect(has('ParticipantJoin', (p) => p.ParticipantRole === 'ai-agent')).toBe(true)
    expect(has('ParticipantJoin', (p) => p.ParticipantRole === 'Supervisor')).toBe(true)
    expect(has('ParticipantCoachModeStop')).toBe(true)
    expect(has('ParticipantDigitInput', (p) => /^[0-9#*]+$/.test(p.Digits ?? ''))).toBe(true)
    expect(has('ParticipantHold')).toBe(true)
    expect(has('ParticipantUnhold')).toBe(true)
    expect(has('MPCRecordingInitiated')).toBe(true)
    expect(
      has('MPCRecordingCompleted', (p) => /\/Recording\/.+\.(mp3|wav)$/.test(p.RecordingURL ?? '')),
    ).toBe(true)
    expect(has('MPCEnd', (p) => p.MPCTerminationCauseCode === '1010')).toBe(true)
    expect(
      has('ParticipantExit', (p) => p.ParticipantExitCause === 'Participant Call Hangup'),
    ).toBe(true)
    // Customers waited: their MPCs started only when an agent joined.
    const firstJoins = Object.values(sequences(receiver)).map((s) => s.slice(1, 3).join(' | '))
    expect(firstJoins.every((s) => s.startsWith('ParticipantJoin') && s.includes('Customer'))).toBe(
      true,
    )

    // Overtalk (two speaking at once) and silence (nobody speaking) both happen, in event order.
    let overtalk = 0
    let silences = 0
    const speaking = new Map<string, Set<string>>()
    for (const p of events) {
      const now = speaking.get(p.MPCUUID ?? '') ?? new Set<string>()
      speaking.set(p.MPCUUID ?? '', now)
      if (p.EventName === 'ParticipantSpeakStart') {
        now.add(p.MemberID ?? '')
        if (now.size > 1) overtalk++
      } else if (p.EventName === 'ParticipantSpeakStop') {
        now.delete(p.MemberID ?? '')
        if (now.size === 0) silences++
      }
    }
    expect(overtalk).toBeGreaterThan(0)
    expect(silences).toBeGreaterThan(overtalk)
  })

  it('keeps 2,000 MPCs live at once and still answers the API', async () => {
    const sim = await startSimulator({
      seed: 1,
      timeScale: 5,
      // Long calls, no AI hand-offs or abandons, so the warm-up floor is all still live.
      traffic: {
        concurrentCalls: 2_100,
        rampSeconds: 4,
        meanCallSeconds: 7_200,
        meanWaitSeconds: 3,
        aiAgentShare: 0,
        abandonShare: 0,
      },
    })
    open.push(sim)
    const live = () => sim.truth().mpcs.filter((m) => m.status !== 'Ended').length
    await waitFor('2,000 live MPCs', () => live() >= 2_000, 30_000)
    const call = rawApi(sim)
    const count = async (status: string) => {
      const page = await call('GET', '', status ? { status, limit: '20' } : { limit: '20' })
      expect(page.status).toBe(200)
      return page
    }
    const meta = (page: Awaited<ReturnType<typeof count>>) =>
      Number((page.body?.meta as { count: number }).count)
    // Waiting customers' MPCs are Initialized and move to Active as agents answer, so count
    // every MPC and take away the ended ones rather than adding two racing status counts.
    const everything = await count('')
    const ended = await count('ended')
    expect(meta(everything) - meta(ended)).toBeGreaterThanOrEqual(2_000)
    const one = (everything.body?.objects as { friendly_name: string }[])[0]?.friendly_name ?? ''
    const got = await call('GET', `name_${encodeURIComponent(one)}/Participant/`)
    expect(got.status).toBe(200)
    expect((got.body?.objects as unknown[]).length).toBeGreaterThan(0)
  })
})
