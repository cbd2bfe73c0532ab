/**
 * The desk under failure, against the real simulator and relay: a relay restart that loses its
 * history, a dropped network, and a control API answering 500 and 429. Afterwards the store
 * must equal the simulator's truth (members, mute, hold per live call) and every refused
 * command must come back as a DeskError carrying Plivo's reason.
 */
import { describe, expect, it } from 'vitest'
import type { ConnectionStatus } from '../../preload/api'
import {
  describeStore,
  describeTruth,
  placeCall,
  stackPerTest,
  waitFor,
  type Stack,
} from './testing/stack'

const start = stackPerTest()

/** Traffic that keeps a handful of calls changing (joins, holds, mutes, ends) all the time. */
const BUSY = {
  answerDelayMs: 100,
  timeScale: 4,
  seed: 7,
  // Long calls, so the comparison happens while they are live (not after they all ended).
  traffic: { concurrentCalls: 6, meanCallSeconds: 600, meanWaitSeconds: 4, rampSeconds: 2 },
}

function statuses(s: Stack): ConnectionStatus[] {
  const seen: ConnectionStatus[] = []
  s.desk.subscribe('desk:connection', (state) => {
    if (seen.at(-1) !== state.status) seen.push(state.status)
  })
  return seen
}

/**
 * Polls until store and truth agree on at least `minCalls` live calls; the last difference is
 * in the error when they never do.
 */
async function expectStoreEqualsTruth(
  s: Stack,
  minCalls: number,
  timeoutMs = 20_000,
): Promise<void> {
  let last = ''
  await waitFor(
    'store equal to the simulator truth',
    async () => {
      await s.sim.callbacksIdle()
      const store = await describeStore(s.desk)
      const truth = describeTruth(s.sim)
      last = JSON.stringify({ store, truth })
      return (
        Object.keys(truth).length >= minCalls && JSON.stringify(store) === JSON.stringify(truth)
      )
    },
    timeoutMs,
    100,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${last}`)
  })
}

/**
 * What another tool on the account does meanwhile (straight to the API): mute a customer, put
 * an agent on hold, end a call. Returns how many live calls remain.
 */
async function changeCallsBehindTheDesksBack(s: Stack): Promise<number> {
  const truth = s.sim.truth()
  const live = truth.mpcs.filter((m) => m.status !== 'Ended')
  const present = (uuid: string, role: string) =>
    (truth.participants[uuid] ?? []).find((p) => p.exit_time === null && p.role === role)
  const [first, second, third] = live
  if (!first || !second || !third) throw new Error('need three live calls')
  const customer = present(first.mpc_uuid, 'customer')
  if (customer) {
    await s.control.updateParticipant({ uuid: first.mpc_uuid }, customer.member_id, { mute: true })
  }
  const agent = present(second.mpc_uuid, 'agent') ?? present(second.mpc_uuid, 'customer')
  if (agent) {
    await s.control.updateParticipant({ uuid: second.mpc_uuid }, agent.member_id, { hold: true })
  }
  await s.control.endMpc({ uuid: third.mpc_uuid })
  return live.length - 1
}

describe('the store converges on the truth', () => {
  it('after the relay restarts mid-stream without its history (reconcile from REST)', async () => {
    const s = await start({ simulator: BUSY, tuning: { freshMs: 500 } })
    await s.desk.whenLive()
    const seen = statuses(s)
    await waitFor('calls on the desk', async () => {
      const snapshot = await s.desk.invoke['desk:snapshot'](undefined)
      return snapshot.mpcs.filter((m) => m.status === 'active').length >= 4
    })
    const before = Object.keys(describeTruth(s.sim))
    let lost = 0
    s.sim.on('callback', (info) => {
      if (info.status !== 200) lost++
    })

    await s.stopRelay()
    // Traffic keeps changing calls while the relay is down; those callbacks are gone for good.
    await waitFor('callbacks lost while the relay is down', () => lost >= 10, 20_000)
    const remaining = await changeCallsBehindTheDesksBack(s)
    await s.startRelayAgain()
    await waitFor(
      'reconnected and live again',
      () => seen.includes('reconnecting') && seen.at(-1) === 'live',
    )
    expect(seen).toContain('resyncing')

    await expectStoreEqualsTruth(s, Math.min(3, remaining))
    // Calls that started before the restart (which the new relay never saw begin) are there.
    const store = await describeStore(s.desk)
    expect(before.filter((uuid) => uuid in store).length).toBeGreaterThan(0)
  })

  it('after the network to the relay drops and comes back (replay from the last seq)', async () => {
    const s = await start({ simulator: BUSY, relayProxy: true })
    await s.desk.whenLive()
    const seen = statuses(s)
    await waitFor('calls on the desk', async () => {
      const snapshot = await s.desk.invoke['desk:snapshot'](undefined)
      return snapshot.mpcs.length >= 4
    })
    const proxy = s.proxy
    if (!proxy) throw new Error('no proxy')
    const seqBefore = (await s.desk.invoke['desk:snapshot'](undefined)).seq

    proxy.block(true)
    proxy.cut()
    await waitFor('reconnecting', () => seen.includes('reconnecting'))
    // Calls keep changing (and the relay keeps logging) while the desk is cut off.
    const remaining = await changeCallsBehindTheDesksBack(s)
    await s.sim.callbacksIdle()
    proxy.block(false)
    await waitFor('live again', () => seen.at(-1) === 'live', 15_000)

    await expectStoreEqualsTruth(s, Math.min(3, remaining))
    const seqAfter = (await s.desk.invoke['desk:snapshot'](undefined)).seq
    expect(seqAfter).toBeGreaterThan(seqBefore)
  })
})

describe('control API failures', () => {
  it('retries 500 and 429 and succeeds; surfaces them with the reason when they persist', async () => {
    const s = await start({ simulator: { answerDelayMs: 100 }, faultyApi: true })
    const api = s.api
    if (!api) throw new Error('no faulty api')
    await s.desk.whenLive()
    const mpcUuid = await placeCall(s, 'support-42')
    const snapshot = await s.desk.invoke['desk:snapshot'](undefined)
    const agent = Object.values(
      snapshot.mpcs.find((m) => m.mpcUuid === mpcUuid)?.participants ?? {},
    ).find((p) => p.role === 'agent')
    const memberId = agent?.memberId ?? ''
    const isUpdate = (method: string, path: string): boolean =>
      method === 'POST' && path.includes(`/Participant/${memberId}/`)

    // Two transient failures, then Plivo takes it: the supervisor just sees success.
    api.fail({ match: isUpdate, status: 500, error: 'temporary failure', times: 1 })
    api.fail({ match: isUpdate, status: 429, error: 'too many requests', times: 1 })
    const held = await s.desk.invoke['desk:command']({ type: 'hold', mpcUuid, memberId })
    expect(held).toMatchObject({ ok: true })
    expect(api.injected).toBe(2)
    await waitFor('agent on hold', async () => {
      const snap = await s.desk.invoke['desk:snapshot'](undefined)
      return snap.mpcs.find((m) => m.mpcUuid === mpcUuid)?.participants[memberId]?.hold.value
    })

    // A 500 that persists through all three attempts: a DeskError with Plivo's text and status.
    api.fail({ match: isUpdate, status: 500, error: 'MPC service unavailable', times: 3 })
    const unheld = await s.desk.invoke['desk:command']({ type: 'unhold', mpcUuid, memberId })
    expect(unheld).toEqual({
      ok: false,
      error: { code: 'plivo', message: 'MPC service unavailable', status: 500 },
    })

    expect(api.injected).toBe(5)

    // A 429 that persists through all three attempts: rate-limited, with the reason.
    api.fail({ match: isUpdate, status: 429, error: 'rate limit exceeded', times: 3 })
    const muted = await s.desk.invoke['desk:command']({ type: 'mute', mpcUuid, memberId })
    expect(muted.ok).toBe(false)
    if (muted.ok) return
    expect(muted.error.code).toBe('rate-limited')
    expect(muted.error.status).toBe(429)
    expect(muted.error.message).toContain('rate limit exceeded')

    // Both failures are in the audit log with the reason.
    const audit = await s.desk.invoke['audit:list'](undefined)
    expect(audit.slice(-3).map((e) => [e.command.type, e.result, e.error?.message])).toEqual([
      ['hold', 'ok', undefined],
      ['unhold', 'failed', 'MPC service unavailable'],
      ['mute', 'failed', expect.stringContaining('rate limit exceeded')],
    ])
  })
})
