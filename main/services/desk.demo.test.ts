/**
 * Demo mode (the embedded default), switching accounts through settings, and alerts — the desk
 * as a new user meets it: no settings → a live call center at once, every control working.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../mpc/testing/wait-for'
import type { Alert } from '../../preload/api'
import { createDesk, type CreateDeskOptions, type Desk } from './index'
import { createMemorySecretStore } from './secret-store'
import { placeCall, placeWaitingCustomer, quietLog, startStack, type Stack } from './testing/stack'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function demoDesk(extra: Partial<CreateDeskOptions> = {}): Promise<Desk> {
  const dataDir = await mkdtemp(join(tmpdir(), 'desk-demo-'))
  const desk = await createDesk({
    secrets: createMemorySecretStore(),
    dataDir,
    log: quietLog,
    user: 'new-user',
    demoDefaults: { timeScale: 4, seed: 11, answerDelayMs: 150 },
    tuning: { reconnectDelayMs: 100 },
    ...extra,
  })
  cleanups.push(async () => {
    await desk.stop()
    await rm(dataDir, { recursive: true, force: true })
  })
  return desk
}

describe('demo mode', () => {
  it('with no settings, shows a live call center at once and every control works on it', async () => {
    const desk = await demoDesk()
    // The user's own settings (none yet), never the demo's relay, account or tokens: leaving
    // demo mode must start from what the user set (issue #20 item 6).
    const settings = await desk.invoke['settings:get'](undefined)
    expect(settings).toMatchObject({
      demo: true,
      relayUrl: '',
      plivoAuthId: '',
      supervisorEndpoint: '',
      callerId: '',
      relayTokenSet: false,
      plivoAuthTokenSet: false,
      demoCalls: 16,
    })
    await desk.whenLive()
    expect((await desk.invoke['desk:connection'](undefined)).demo).toBe(true)

    const active = await waitFor(
      'a lively board',
      async () => {
        const snapshot = await desk.invoke['desk:snapshot'](undefined)
        const live = snapshot.mpcs.filter(
          (m) =>
            m.status === 'active' &&
            Object.values(m.participants).some((p) => p.role === 'agent' && p.leftAt === undefined),
        )
        return live.length >= 6 ? live : undefined
      },
      20_000,
    )

    const target = active[0]
    if (!target) throw new Error('no call')
    const joined = await desk.invoke['desk:command']({
      type: 'join',
      mpcUuid: target.mpcUuid,
      mode: 'coach',
    })
    expect(joined.ok).toBe(true)
    await waitFor('joined the demo call', async () =>
      (await desk.invoke['desk:snapshot'](undefined)).mine.find((p) => p.status === 'joined'),
    )
    const demo = desk.demo()
    expect(demo).toBeDefined()
    const me = demo?.simulator
      .truth()
      .participants[target.mpcUuid]?.find((p) => p.role === 'supervisor' && p.exit_time === null)
    expect(me).toMatchObject({ coach_mode: true, mute: false })
  })
})

/** Calls on the board that have not ended. */
async function liveCalls(desk: Desk): Promise<number> {
  const snapshot = await desk.invoke['desk:snapshot'](undefined)
  return snapshot.mpcs.filter((m) => m.status !== 'ended').length
}

/** Waits for the demo to reach `least` live calls; resolves with how many it has then. */
function atLeastLiveCalls(desk: Desk, least: number, what: string): Promise<number> {
  return waitFor(
    what,
    async () => {
      const n = await liveCalls(desk)
      return n >= least ? n : undefined
    },
    30_000,
  )
}

describe('demo size', () => {
  it('a demo of N calls (npm start -- --calls N) shows about N live calls; a new size restarts it', async () => {
    const desk = await demoDesk({
      demoCalls: 200,
      demoDefaults: { timeScale: 3, seed: 5, answerDelayMs: 150 },
    })
    expect((await desk.invoke['settings:get'](undefined)).demoCalls).toBe(200)
    await desk.whenLive()
    const reached = await atLeastLiveCalls(desk, 170, 'about 200 live calls')
    expect(reached).toBeLessThanOrEqual(240)

    const before = desk.demo()
    const resized = await desk.invoke['settings:update']({ demoCalls: 30 })
    expect(resized).toMatchObject({ ok: true, value: { demo: true, demoCalls: 30 } })
    expect(desk.demo()).toBeDefined()
    expect(desk.demo()).not.toBe(before)
    await desk.whenLive()
    const smaller = await atLeastLiveCalls(desk, 25, 'about 30 live calls')
    expect(smaller).toBeLessThanOrEqual(36)
  })
})

describe('changing settings', () => {
  it('refuses a Plivo account Plivo refuses (401), and the old connection keeps running', async () => {
    const desk = await demoDesk()
    await desk.whenLive()
    const demo = desk.demo()
    const stack: Stack = await startStack({ simulator: { answerDelayMs: 100 } })
    cleanups.push(() => stack.stop())
    const refused = await desk.invoke['settings:update']({
      demo: false,
      relayUrl: stack.relay.url,
      relayToken: stack.relay.token,
      plivoAuthId: stack.authId,
      plivoAuthToken: `${stack.authToken}-typo`,
      apiBaseUrl: stack.sim.baseUrl,
    })
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'unauthorized',
        message:
          'Plivo refused these credentials (401). Nothing was saved: the desk stays on its current connection.',
      },
    })
    expect(desk.demo()).toBe(demo)
    expect(await desk.invoke['settings:get'](undefined)).toMatchObject({
      demo: true,
      relayUrl: '',
      plivoAuthTokenSet: false,
    })
    expect((await desk.invoke['desk:connection'](undefined)).status).toBe('live')

    // In real mode, a new token Plivo refuses leaves the working one in place.
    await stack.desk.whenLive()
    const rotated = await stack.desk.invoke['settings:update']({ plivoAuthToken: 'wrong-token' })
    expect(rotated).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(await stack.secrets.get('plivoAuthToken')).toBe(stack.authToken)
    expect((await stack.desk.invoke['desk:connection'](undefined)).status).toBe('live')
  })

  it('reconnects to the new relay and account, and back to demo', async () => {
    const desk = await demoDesk()
    await desk.whenLive()
    await waitFor(
      'demo calls',
      async () => (await desk.invoke['desk:snapshot'](undefined)).mpcs.length > 0,
      20_000,
    )
    const demo = desk.demo()

    // A real account elsewhere (our own stack, with its own desk unused here).
    const stack: Stack = await startStack({ simulator: { answerDelayMs: 100 } })
    cleanups.push(() => stack.stop())
    const callUuid = await placeCall(stack, 'real-account-call')

    const updated = await desk.invoke['settings:update']({
      demo: false,
      relayUrl: stack.relay.url,
      relayToken: stack.relay.token,
      plivoAuthId: stack.authId,
      plivoAuthToken: stack.authToken,
      apiBaseUrl: stack.sim.baseUrl,
      supervisorEndpoint: 'sip:alice@desk.test',
      callerId: '+14155550199',
    })
    expect(updated).toMatchObject({ ok: true, value: { demo: false, relayTokenSet: true } })
    expect(JSON.stringify(updated)).not.toContain(stack.relay.token)
    expect(desk.demo()).toBeUndefined()
    await desk.whenLive()
    const snapshot = await waitFor('the new account’s call only', async () => {
      const s = await desk.invoke['desk:snapshot'](undefined)
      return s.mpcs.length === 1 ? s : undefined
    })
    expect(snapshot.mpcs[0]?.mpcUuid).toBe(callUuid)
    expect((await desk.invoke['desk:connection'](undefined)).demo).toBe(false)
    // The demo's servers are gone.
    await expect(fetch(`${demo?.apiBaseUrl}/`)).rejects.toThrow()

    const back = await desk.invoke['settings:update']({ demo: true })
    expect(back).toMatchObject({ ok: true, value: { demo: true } })
    await desk.whenLive()
    expect(desk.demo()).toBeDefined()
  })
})

describe('alerts', () => {
  it('raises a customer-waiting and a long-hold alert once each, and notifies once per alert', async () => {
    const notified: Alert[] = []
    const stack = await startStack({
      simulator: { answerDelayMs: 100 },
      tuning: { alertIntervalMs: 100 },
      desk: { notify: (alert) => notified.push(alert) },
    })
    cleanups.push(() => stack.stop())
    await stack.desk.whenLive()
    await stack.desk.invoke['settings:update']({
      thresholds: { customerWaitSec: 5, longHoldSec: 5, longSilenceSec: 3600, overtalkSec: 600 },
    })
    // A customer alone, waiting for an agent.
    await placeWaitingCustomer(stack, 'queue-1')
    const holdAgent = async (mpcUuid: string): Promise<string> => {
      const snapshot = await stack.desk.invoke['desk:snapshot'](undefined)
      const agent = Object.values(
        snapshot.mpcs.find((m) => m.mpcUuid === mpcUuid)?.participants ?? {},
      ).find((p) => p.role === 'agent')
      if (!agent) throw new Error(`no agent on ${mpcUuid}`)
      const held = await stack.desk.invoke['desk:command']({
        type: 'hold',
        mpcUuid,
        memberId: agent.memberId,
      })
      expect(held.ok).toBe(true)
      return agent.memberId
    }
    // A call whose agent goes on hold.
    const held = await placeCall(stack, 'hold-1')
    const agent = await holdAgent(held)

    const alerts = await waitFor(
      'both alerts',
      async () => {
        const s = await stack.desk.invoke['desk:snapshot'](undefined)
        const kinds = s.alerts.map((a) => a.kind).sort()
        return kinds.includes('customer-waiting') && kinds.includes('long-hold')
          ? s.alerts
          : undefined
      },
      15_000,
    )
    const hold = alerts.find((a) => a.kind === 'long-hold')
    expect(hold).toMatchObject({ mpcUuid: held, memberId: agent })
    expect(hold?.id).toBe(`long-hold:${held}:${agent}`)

    // Only now a second agent goes on hold: its alert comes from an evaluation at least
    // longHoldSec (dozens of evaluations) after both alerts above were raised. Evaluations run in
    // order and notify synchronously, so any repeat notification of those alerts would already
    // be in `notified` by the time this one is.
    const laterCall = await placeCall(stack, 'hold-2')
    const laterAgent = await holdAgent(laterCall)
    const laterId = `long-hold:${laterCall}:${laterAgent}`
    await waitFor(
      'the later long-hold notification',
      () => notified.some((a) => a.id === laterId),
      15_000,
    )
    const ids = notified.map((a) => a.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual(expect.arrayContaining([...alerts.map((a) => a.id), laterId]))
  })
})
