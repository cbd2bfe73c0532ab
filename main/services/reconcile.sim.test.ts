/**
 * The reconciler against the real simulator: what it does with a call the store has only because
 * a late callback brought it back after the call had ended.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createControlClient, type ControlClient } from '../../mpc/client'
import type { ParticipantEvent } from '../../mpc/events'
import { waitFor } from '../../mpc/testing/wait-for'
import { startSimulator, type Simulator } from '../../simulator'
import { LiveStore } from './live-store'
import { Reconciler } from './reconcile'

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

async function setUp(endedGraceMs: number) {
  sim = await startSimulator({ answerDelayMs: 10 })
  const client = createControlClient({
    baseUrl: sim.baseUrl,
    authId: sim.authId,
    authToken: sim.authToken,
  })
  const store = new LiveStore()
  reconciler = new Reconciler({
    client,
    endedGraceMs,
    target: {
      get: (uuid) => store.get(uuid),
      uuids: () => store.uuids(),
      apply: (event) => store.apply(event, 'rest'),
      confirm: (uuid) => store.confirm(uuid),
      isUnconfirmed: (uuid) => store.metaOf(uuid)?.unconfirmed === true,
      remove: (uuid) => store.remove(uuid),
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
