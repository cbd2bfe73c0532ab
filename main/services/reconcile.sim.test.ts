/**
 * The reconciler against the real simulator: what it does with a call the store has only because
 * a late callback brought it back after the call had ended.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createControlClient, type ControlClient } from '../../mpc/client'
import type { ParticipantEvent } from '../../mpc/events'
import { waitFor } from '../../mpc/testing/wait-for'
import { startSimulator, type Simulator } from '../../simulator'
import { GONE_CAUSE, LiveStore } from './live-store'
import { RECONCILE_BUDGET, Reconciler } from './reconcile'

let sim: Simulator | undefined
let reconciler: Reconciler | undefined
afterEach(async () => {
  reconciler?.stop()
  await sim?.stop()
  sim = reconciler = undefined
})

/** A call that has come and gone at the simulator; its uuid. */
async function endedCall(client: ControlClient): Promise<string> {
  await client.addParticipant(
    { name: 'gone-1' },
    { role: 'customer', from: '+14155550001', to: '+14155550100' },
  )
  const { mpc_uuid: uuid } = await client.getMpc({ name: 'gone-1' })
  await client.endMpc({ uuid })
  return uuid
}

/** A participant callback of that call, arriving late (a Plivo retry, say). */
function lateExit(mpcUuid: string): ParticipantEvent {
  return {
    kind: 'participant',
    name: 'ParticipantExit',
    mpcUuid,
    memberId: '9001',
    role: 'customer',
    at: Date.now() - 1000,
    raw: { EventName: 'ParticipantExit', MPCUUID: mpcUuid, MemberID: '9001' },
  }
}

async function setUp(endedGraceMs: number, now: () => number = Date.now) {
  sim = await startSimulator({ answerDelayMs: 10 })
  const client = createControlClient({
    baseUrl: sim.baseUrl,
    authId: sim.authId,
    authToken: sim.authToken,
  })
  const store = new LiveStore(now)
  reconciler = new Reconciler({
    client,
    endedGraceMs,
    now,
    target: {
      get: (uuid) => store.get(uuid),
      uuids: () => store.uuids(),
      apply: (event) => store.apply(event, 'rest'),
      confirm: (uuid) => store.confirm(uuid),
      isUnconfirmed: (uuid) => store.metaOf(uuid)?.unconfirmed === true,
      remove: (uuid) => store.remove(uuid),
      gone: (uuid) => store.endGone(uuid),
      heardAt: (uuid) => store.metaOf(uuid)?.heardAt,
    },
  })
  return { client, store, reconciler }
}

describe('a late callback for a call that ended', () => {
  it('is removed from the board when the call ended longer ago than the grace period', async () => {
    const { client, store, reconciler } = await setUp(0)
    const uuid = await endedCall(client)
    const ghost = store.apply(lateExit(uuid), 'relay')
    expect(ghost.contradicts).toBe(true) // what makes the desk re-read it
    expect(store.get(uuid)?.status).toBe('initialized')

    reconciler.reread(uuid, 0)
    await waitFor('the ghost removed', () => store.get(uuid) === undefined)
    expect(store.wasEvicted(uuid)).toBe(true)
    // Another late callback does not bring it back either.
    expect(store.apply({ ...lateExit(uuid), memberId: '9002' }, 'relay').changed).toBe(false)
  })

  it('is shown ended while the call is within the grace period', async () => {
    const { client, store, reconciler } = await setUp(60_000)
    const uuid = await endedCall(client)
    store.apply(lateExit(uuid), 'relay')
    reconciler.reread(uuid, 0)
    await waitFor('the call shown ended', () => store.get(uuid)?.status === 'ended')
    expect(store.wasEvicted(uuid)).toBe(false)
  })
})

describe('a call the control API answers "not found" for', () => {
  /** A call the relay told the store about that this simulator never had, a minute old. */
  const relayOnly = (store: LiveStore, uuid: string): void => {
    const at = Date.now() - 60_000
    store.apply(
      { kind: 'mpc', name: 'MPCStart', mpcUuid: uuid, mpcName: uuid, at, raw: {} },
      'relay',
    )
  }

  it('is ended as gone once a list worked, unless its callbacks still arrive', async () => {
    let now = Date.now()
    const { store, reconciler } = await setUp(60_000, () => now)
    relayOnly(store, 'quiet-1')
    // The list works and leaves it out, but a callback for it has just come: Plivo knows it.
    expect(await reconciler.reconcileNow()).toBe(true)
    expect(store.get('quiet-1')?.status).toBe('active')
    // Quiet since: the next pass ends it, with the reason.
    now += 10_000
    expect(await reconciler.reconcileNow()).toBe(true)
    expect(store.get('quiet-1')).toMatchObject({ status: 'ended', terminationCause: GONE_CAUSE })
    expect(store.isGone('quiet-1')).toBe(true)
  })

  it('is kept while no list has worked with these settings', async () => {
    let now = Date.now()
    const { store, reconciler } = await setUp(60_000, () => now)
    relayOnly(store, 'kept-1')
    now += 10_000
    expect(await reconciler.verify('kept-1')).toBe('unknown')
    expect(store.get('kept-1')?.status).toBe('active')
  })

  it('is checked for a click at once, even while a pass waits on the reconcile budget', async () => {
    let now = Date.now()
    const { store, reconciler } = await setUp(60_000, () => now)
    // More unknown calls than the reconcile may read in one budget window (100 per 5 s).
    for (let i = 0; i < 130; i++) relayOnly(store, `ghost-${i}`)
    relayOnly(store, 'clicked')
    now += 10_000
    let passDone = false
    const pass = reconciler.reconcileNow().then(() => (passDone = true))
    const gone = (): number =>
      Array.from({ length: 130 }, (_, i) => `ghost-${i}`).filter((u) => store.isGone(u)).length
    // The two list pages (one each for active and initialized) and 98 reads spend the window.
    await waitFor('the pass stuck on its budget', () => gone() >= RECONCILE_BUDGET.limit - 2)
    const before = gone()
    expect(await reconciler.verify('clicked')).toBe('gone')
    // Answered within the same window: the pass has not read a single call more meanwhile.
    expect(gone()).toBe(before)
    expect(passDone).toBe(false)
    reconciler.stop()
    await pass
  })
})
