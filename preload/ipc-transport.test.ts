/**
 * The preload's IPC transport: results unwrapped, refusals as the channel's own Result or a
 * typed error, and listeners that get the payload without the IPC event.
 */
import { describe, expect, it } from 'vitest'
import { createDeskApi, DeskTransportError } from './api'
import { createIpcTransport, type IpcRendererLike } from './ipc-transport'

type Listener = (event: unknown, ...args: unknown[]) => void

function fakeIpc(replies: Record<string, unknown>) {
  const listeners = new Map<string, Set<Listener>>()
  const invoked: [string, unknown][] = []
  const ipc: IpcRendererLike = {
    invoke: async (channel, payload) => {
      invoked.push([channel, payload])
      return replies[channel]
    },
    on: (channel, listener) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener))
    },
    removeListener: (channel, listener) => {
      listeners.get(channel)?.delete(listener)
    },
  }
  const emit = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'the ipc event' }, payload)
  }
  return { ipc, invoked, emit, listeners }
}

describe('createIpcTransport', () => {
  it('unwraps results and passes the payload through', async () => {
    const rig = fakeIpc({ 'audit:list': { ok: true, value: [{ id: 'a' }] } })
    const api = createDeskApi(createIpcTransport(rig.ipc))
    expect(await api.audit.list()).toEqual([{ id: 'a' }])
    expect(rig.invoked).toEqual([['audit:list', undefined]])
  })

  it('returns a refused command as its Result, and rejects other channels with the DeskError', async () => {
    const error = { code: 'invalid', message: 'desk:command: memberId: required' }
    const rig = fakeIpc({
      'desk:command': { ok: false, error },
      'desk:snapshot': { ok: false, error: { code: 'unauthorized', message: 'no' } },
      'desk:connection': 'not an envelope',
    })
    const api = createDeskApi(createIpcTransport(rig.ipc))
    expect(await api.command({ type: 'end', mpcUuid: 'm' })).toEqual({ ok: false, error })
    await expect(api.snapshot()).rejects.toBeInstanceOf(DeskTransportError)
    await expect(api.snapshot()).rejects.toMatchObject({ error: { code: 'unauthorized' } })
    await expect(api.connection()).rejects.toMatchObject({ error: { code: 'internal' } })
  })

  it('gives listeners the payload only and unsubscribes', () => {
    const rig = fakeIpc({})
    const api = createDeskApi(createIpcTransport(rig.ipc))
    const got: unknown[][] = []
    const off = api.onPatch((...args: unknown[]) => got.push(args))
    rig.emit('desk:patch', { seq: 3 })
    off()
    rig.emit('desk:patch', { seq: 4 })
    expect(got).toEqual([[{ seq: 3 }]])
    expect(rig.listeners.get('desk:patch')?.size).toBe(0)
  })

  it('refuses to subscribe to a channel outside the contract', () => {
    const transport = createIpcTransport(fakeIpc({}).ipc)
    expect(() => transport.subscribe('ipc:anything' as 'desk:patch', () => undefined)).toThrow(
      DeskTransportError,
    )
  })
})
