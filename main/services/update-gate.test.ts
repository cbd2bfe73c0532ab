/**
 * The update gate: the desk never restarts into an update while the supervisor is on a call;
 * it offers the restart when they are free, holds it mid-call and asks again once they leave.
 */
import { describe, expect, it } from 'vitest'
import type { DeskPatch, MyPresence, PushChannel, UpdateStatus } from '../../preload/api'
import type { DeskServices } from './desk-services'
import { createUpdateGate, noUpdateHandlers, ON_CALL_REFUSAL } from './update-gate'
import { withUpdateGate } from './update-services'

function gateRig(enabled = true) {
  const restarts: number[] = []
  const seen: UpdateStatus[] = []
  const gate = createUpdateGate({ enabled, restart: () => restarts.push(Date.now()) })
  gate.onChange((status) => seen.push(status))
  return { gate, restarts, seen }
}

describe('update gate', () => {
  it('is off without a feed, and restarts nothing', () => {
    const { gate, restarts } = gateRig(false)
    gate.downloaded('1.2.0')
    expect(gate.status()).toEqual({ state: 'off' })
    expect(gate.requestRestart()).toMatchObject({ ok: false, error: { code: 'not-configured' } })
    expect(restarts).toHaveLength(0)
  })

  it('offers the restart once a version is downloaded, and restarts once when asked', () => {
    const { gate, restarts, seen } = gateRig()
    expect(gate.status()).toEqual({ state: 'idle' })
    expect(gate.requestRestart()).toMatchObject({ ok: false, error: { code: 'not-found' } })
    gate.downloaded('1.2.0')
    expect(seen).toEqual([{ state: 'ready', version: '1.2.0', onCall: false }])
    expect(gate.requestRestart()).toEqual({ ok: true, value: null })
    expect(gate.requestRestart()).toEqual({ ok: true, value: null })
    expect(restarts).toHaveLength(1)
  })

  it('never restarts while on a call, and asks again when the supervisor leaves', () => {
    const { gate, restarts, seen } = gateRig()
    gate.setOnCall(true)
    gate.downloaded('1.2.0')
    expect(gate.status()).toEqual({ state: 'ready', version: '1.2.0', onCall: true })
    expect(gate.requestRestart()).toEqual({ ok: false, error: ON_CALL_REFUSAL })
    expect(restarts).toHaveLength(0)

    gate.setOnCall(false)
    expect(seen.at(-1)).toEqual({ state: 'ready', version: '1.2.0', onCall: false })
    // Back on a call before clicking: the offer is held again.
    gate.setOnCall(true)
    expect(gate.requestRestart().ok).toBe(false)
    gate.setOnCall(false)
    expect(gate.requestRestart().ok).toBe(true)
    expect(restarts).toHaveLength(1)
  })

  it('answers the web host’s channels as off', async () => {
    const off = noUpdateHandlers()
    expect(await off['update:status'](undefined)).toEqual({ state: 'off' })
    expect((await off['update:restart'](undefined)).ok).toBe(false)
  })
})

/** Just enough of the desk's services: its snapshot and its patch pushes. */
function servicesStub(mine: MyPresence[]) {
  const patchListeners = new Set<(patch: DeskPatch) => void>()
  const services = {
    invoke: {
      'desk:snapshot': async () => ({ seq: 0, mpcs: [], mine, alerts: [], at: 0 }),
      ...noUpdateHandlers(),
    },
    subscribe: (channel: PushChannel, listener: (payload: never) => void) => {
      if (channel !== 'desk:patch') return () => undefined
      patchListeners.add(listener as (patch: DeskPatch) => void)
      return () => patchListeners.delete(listener as (patch: DeskPatch) => void)
    },
    stop: async () => undefined,
  } as unknown as DeskServices
  const patch = (next: MyPresence[]) => {
    for (const l of patchListeners)
      l({ seq: 1, upserts: [], sources: {}, removed: [], mine: next, at: 1 })
  }
  return { services, patch, patchListeners }
}

const joined: MyPresence = { mpcUuid: 'mpc-1', mode: 'listen', status: 'joined', since: 1 }

describe('withUpdateGate', () => {
  it('follows the supervisor’s presence and answers the update channels from the gate', async () => {
    const { gate, restarts } = gateRig()
    const stub = servicesStub([joined])
    const services = await withUpdateGate(stub.services, gate)
    const pushed: UpdateStatus[] = []
    services.subscribe('update:status', (status) => pushed.push(status))

    gate.downloaded('2.0.0')
    expect(await services.invoke['update:status'](undefined)).toEqual({
      state: 'ready',
      version: '2.0.0',
      onCall: true,
    })
    expect(await services.invoke['update:restart'](undefined)).toEqual({
      ok: false,
      error: ON_CALL_REFUSAL,
    })

    stub.patch([{ ...joined, status: 'failed' }])
    expect(pushed.at(-1)).toEqual({ state: 'ready', version: '2.0.0', onCall: false })
    expect(await services.invoke['update:restart'](undefined)).toEqual({ ok: true, value: null })
    expect(restarts).toHaveLength(1)

    await services.stop()
    expect(stub.patchListeners.size).toBe(0)
  })

  it('counts a ringing phone as on the call', async () => {
    const { gate } = gateRig()
    const stub = servicesStub([])
    await withUpdateGate(stub.services, gate)
    gate.downloaded('2.0.0')
    stub.patch([{ ...joined, status: 'ringing' }])
    expect(gate.status()).toMatchObject({ onCall: true })
  })
})
