/**
 * Ghost calls: the simulator is stopped and a new one started on the same API base, so Plivo no
 * longer knows the desk's calls and no callback will ever end them (the relay still holds them
 * live). The desk must end them on its own — from the reconcile, or at once when a command gets
 * "not found" — say why in words, and never act on a control API it cannot trust.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { DeskSnapshot } from '../../preload/api'
import { GONE_MESSAGE } from './desk-errors'
import { GONE_CAUSE } from './live-store'
import { placeCall, placeWaitingCustomer, startStack, waitFor, type Stack } from './testing/stack'

let stack: Stack | undefined
afterEach(async () => {
  await stack?.stop()
  stack = undefined
})

const snapshot = (s: Stack): Promise<DeskSnapshot> => s.desk.invoke['desk:snapshot'](undefined)

async function callOf(s: Stack, uuid: string) {
  return (await snapshot(s)).mpcs.find((m) => m.mpcUuid === uuid)
}

/** Facts younger than this are left alone by the reconcile (short, so calls go quiet soon). */
const FRESH_MS = 300

/**
 * Until the call has had no callback for longer than FRESH_MS: the desk does not end a call
 * whose callbacks still arrive, so a ghost is a call that went quiet (its data age says so).
 */
async function quiet(s: Stack, uuid: string): Promise<void> {
  await waitFor(`${uuid} quiet`, async () => {
    const at = (await snapshot(s)).sources?.[uuid]?.at
    return at !== undefined && Date.now() - at > FRESH_MS
  })
}

describe('calls Plivo no longer knows', () => {
  it('are ended by the reconcile with a reason, then leave the board', async () => {
    stack = await startStack({
      simulator: { answerDelayMs: 10 },
      tuning: {
        reconcileIntervalMs: 300,
        freshMs: FRESH_MS,
        endedGraceMs: 1500,
        evictIntervalMs: 100,
      },
    })
    const s = stack
    await s.desk.whenLive()
    const calls = [await placeCall(s, 'ghost-1'), await placeCall(s, 'ghost-2')]
    await s.restartSimulator()

    for (const uuid of calls) {
      const ended = await waitFor(
        `${uuid} ended on the board`,
        async () => {
          const mpc = await callOf(s, uuid)
          return mpc?.status === 'ended' ? mpc : undefined
        },
        10_000,
        50,
      )
      expect(ended.terminationCause).toBe(GONE_CAUSE)
      // Nobody is shown on a call that is gone.
      expect(Object.values(ended.participants).every((p) => p.leftAt !== undefined)).toBe(true)
    }
    await waitFor(
      'the ended ghosts gone from the board',
      async () => (await snapshot(s)).mpcs.length === 0,
      10_000,
      50,
    )
    // A call placed on the new simulator is not affected.
    // (Its MPCStart callback may come after both joins, so wait for it rather than read once.)
    const fresh = await placeCall(s, 'real-1')
    await waitFor('the new call active', async () => (await callOf(s, fresh))?.status === 'active')
  })

  it('a command on one says so in words and ends it at once', async () => {
    // No reconcile pass comes during the test: the command alone must end the call.
    stack = await startStack({
      simulator: { answerDelayMs: 10 },
      tuning: { reconcileIntervalMs: 600_000, freshMs: FRESH_MS },
    })
    const s = stack
    await s.desk.whenLive()
    const uuid = await placeCall(s, 'ghost-listen')
    await s.restartSimulator()
    await quiet(s, uuid)

    const result = await s.desk.invoke['desk:command']({
      type: 'join',
      mpcUuid: uuid,
      mode: 'listen',
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.message).toBe(GONE_MESSAGE)
    expect(result.error.message).not.toMatch(/uuid_|[0-9a-f]{8}-[0-9a-f]{4}/)
    const mpc = await callOf(s, uuid)
    expect(mpc?.status).toBe('ended')
    expect(mpc?.terminationCause).toBe(GONE_CAUSE)
    // The audit log says the same.
    const entry = (await s.desk.invoke['audit:list'](undefined)).find(
      (e) => e.command.mpcUuid === uuid,
    )
    expect(entry?.error?.message).toBe(GONE_MESSAGE)
  })

  it('are kept, and shown stale, when the control API refuses the account', async () => {
    stack = await startStack({
      simulator: { answerDelayMs: 10 },
      tuning: { reconcileIntervalMs: 200, evictIntervalMs: 100 },
    })
    const s = stack
    await s.desk.whenLive()
    const uuid = await placeCall(s, 'kept-1')
    expect((await snapshot(s)).sources?.[uuid]?.noUpdateSince).toBeUndefined()
    // Same API base, but the account's token is no longer right: every read is a 401.
    await s.restartSimulator({ authToken: 'not-the-token' })

    const source = await waitFor(
      'the call marked stale',
      async () => {
        const sources = (await snapshot(s)).sources?.[uuid]
        return sources?.noUpdateSince !== undefined ? sources : undefined
      },
      10_000,
      50,
    )
    expect(source.noUpdateSince).toBeLessThanOrEqual(Date.now())
    // Still on the board as it was: a list that failed proves nothing.
    expect((await callOf(s, uuid))?.status).toBe('active')
  })

  it('raise no alerts while stale: their facts are out of date', async () => {
    stack = await startStack({
      simulator: { answerDelayMs: 10 },
      tuning: { reconcileIntervalMs: 200, evictIntervalMs: 100, alertIntervalMs: 100 },
    })
    const s = stack
    await s.desk.whenLive()
    await s.desk.invoke['settings:update']({
      thresholds: { customerWaitSec: 5, longHoldSec: 60, longSilenceSec: 600, overtalkSec: 5 },
    })
    // A customer alone, waiting for an agent: an alert after 5 s.
    await placeWaitingCustomer(s, 'waiting-1')
    const waiting = async () =>
      (await snapshot(s)).alerts.find((a) => a.kind === 'customer-waiting')
    const alert = await waitFor('the waiting alert', waiting, 15_000, 50)

    await s.restartSimulator({ authToken: 'not-the-token' })
    await waitFor(
      'the call stale',
      async () => (await snapshot(s)).sources?.[alert.mpcUuid]?.noUpdateSince !== undefined,
      10_000,
      50,
    )
    await waitFor('the alert withdrawn', async () => (await waiting()) === undefined, 5000, 50)
  })
})
