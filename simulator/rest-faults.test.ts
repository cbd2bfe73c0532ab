/**
 * The REST test fault (`failNext`): a route refuses the next N requests with Plivo's error shape
 * and changes nothing, so a client's failure path can be driven end to end (issue 18: a
 * take-over whose kick fails).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator, type SimulatorOptions } from './index'
import { joinMember } from './testing/join-member'
import { rawApi } from './testing/raw-api'

let sim: Simulator | undefined

afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

async function start(options: SimulatorOptions = {}) {
  sim = await startSimulator({ answerDelayMs: 5, logger: false, ...options })
  return { s: sim, call: rawApi(sim) }
}

const KICK = { method: 'DELETE', route: ':mpc/Participant/:member' } as const

describe('failNext: a REST route refuses the next requests', () => {
  it('refuses a kick twice with Plivo’s error and changes nothing, then kicks', async () => {
    const { s, call } = await start()
    await joinMember(s, call, 'room', 'customer')
    const ai = await joinMember(s, call, 'room', 'ai-agent')
    await joinMember(s, call, 'room', 'supervisor')
    const before = s.truth()
    const armed = s.failNext({ ...KICK, status: 500, error: 'kick failed upstream', times: 2 })
    expect(armed.remaining).toBe(2)

    const path = `name_room/Participant/${ai.member_id}/`
    for (const left of [1, 0]) {
      const refused = await call('DELETE', path)
      expect(refused.status).toBe(500)
      expect(refused.body).toEqual({ api_id: expect.any(String), error: 'kick failed upstream' })
      expect(armed.remaining).toBe(left)
      expect(s.truth()).toEqual(before)
    }

    expect((await call('DELETE', path)).status).toBe(204)
    const aiNow = s.truth().participants[ai.mpc_uuid]?.find((p) => p.member_id === ai.member_id)
    expect(aiNow?.exit_time).not.toBeNull()
  })

  it('leaves the same path’s other methods and other routes working', async () => {
    const { s, call } = await start()
    await joinMember(s, call, 'room', 'customer')
    const ai = await joinMember(s, call, 'room', 'ai-agent')
    const armed = s.failNext({ ...KICK, status: 400, error: 'no' })
    const path = `name_room/Participant/${ai.member_id}/`

    expect((await call('GET', path)).status).toBe(200)
    expect((await call('POST', path, { mute: true })).status).toBe(202)
    expect((await call('GET', 'name_room/Participant/')).status).toBe(200)
    expect(armed.remaining).toBe(1)
    expect((await call('DELETE', path)).status).toBe(400)
  })

  it('answers auth and rate-limit refusals first, without using the fault up', async () => {
    const { s, call } = await start({ rateLimit: { requests: 1, windowMs: 60_000 } })
    const armed = s.failNext({ ...KICK, status: 500, error: 'kick failed' })
    const path = 'name_room/Participant/123/'

    expect((await call('DELETE', path, undefined, { auth: false })).status).toBe(401)
    expect(armed.remaining).toBe(1)
    expect((await call('GET', '')).status).toBe(200)
    expect((await call('DELETE', path)).status).toBe(429)
    expect(armed.remaining).toBe(1)
  })

  it('spends faults on one route oldest first', async () => {
    const { s, call } = await start()
    const first = s.failNext({ ...KICK, status: 404, error: 'first' })
    const second = s.failNext({ ...KICK, status: 503, error: 'second' })
    const path = 'name_room/Participant/123/'

    expect((await call('DELETE', path)).body?.error).toBe('first')
    expect((await call('DELETE', path)).body?.error).toBe('second')
    expect([first.remaining, second.remaining]).toEqual([0, 0])
    // Spent: the route answers by the world again (no such MPC).
    expect((await call('DELETE', path)).status).toBe(404)
    expect((await call('DELETE', path)).body?.error).not.toBe('first')
  })

  it('refuses a fault it could never answer, saying why', async () => {
    const { s } = await start()
    expect(() =>
      s.failNext({ method: 'PUT' as 'GET', route: ':mpc', status: 500, error: 'x' }),
    ).toThrow(/no route PUT ':mpc'; the routes are GET '', GET ':mpc'/)
    expect(() =>
      s.failNext({ method: 'DELETE', route: ':mpc/Kick', status: 500, error: 'x' }),
    ).toThrow(/no route DELETE ':mpc\/Kick'/)
    expect(() => s.failNext({ ...KICK, status: 200, error: 'x' })).toThrow(/400–599, not 200/)
    expect(() => s.failNext({ ...KICK, status: 500, error: ' ' })).toThrow(/must say why/)
    expect(() => s.failNext({ ...KICK, status: 500, error: 'x', times: 0 })).toThrow(/≥ 1, not 0/)
  })
})
