/**
 * One contract, two hosts: the same suite runs over the Electron IPC door (main/shell/ipc.ts
 * with the preload's IPC transport, through structured clones as Electron carries them) and
 * over a real web host (main/web/server.ts with the browser transport on a real socket). A
 * renderer must not be able to tell them apart — not in what it gets, and not in how a refusal
 * reaches it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  channels,
  createDeskApi,
  DeskTransportError,
  INVOKE_CHANNELS,
  MAX_MESSAGE_BYTES,
  PUSH_CHANNELS,
  type DeskApi,
  type DeskTransport,
  type PushPayloads,
} from '../../preload/api'
import { createWebTransport } from '../../preload/browser-transport'
import { createIpcTransport } from '../../preload/ipc-transport'
import type { IpcRendererLike } from '../../preload/ipc-transport'
import type { DeskServices } from '../services/desk-services'
import { APP_ENTRY_URL } from '../shell/app-origin'
import { forwardPushes, registerDeskIpc } from '../shell/ipc'
import { startWebHost } from '../web/server'
import { signIn } from '../web/testing/http-client'
import { createServicesDouble, type ServicesDouble } from '../web/testing/services-double'

interface Rig {
  transport: DeskTransport
  close(): Promise<void>
}

type Listener = (event: unknown, ...args: unknown[]) => void

/** Main's ipcMain and the preload's ipcRenderer joined as Electron joins them. */
function ipcRig(services: DeskServices): Rig {
  const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>()
  const listeners = new Map<string, Set<Listener>>()
  const appFrame = { senderFrame: { url: APP_ENTRY_URL, parent: null } }
  const unregister = registerDeskIpc(
    {
      handle: (channel, handler) => handlers.set(channel, handler as never),
      removeHandler: (channel) => handlers.delete(channel),
    },
    services,
    { origins: {} },
  )
  const window = {
    isDestroyed: () => false,
    getURL: () => APP_ENTRY_URL,
    send: (channel: string, payload: unknown) => {
      for (const listener of listeners.get(channel) ?? []) listener({}, structuredClone(payload))
    },
  }
  const unforward = forwardPushes(services, () => window as never, {})
  const ipcRenderer: IpcRendererLike = {
    async invoke(channel, payload) {
      const handler = handlers.get(channel)
      if (!handler) throw new Error(`No handler registered for '${channel}'`)
      return structuredClone(await handler(appFrame, structuredClone(payload)))
    },
    on(channel, listener) {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener)
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener)
    },
  }
  return {
    transport: createIpcTransport(ipcRenderer),
    close: async () => {
      unforward()
      unregister()
    },
  }
}

let rendererDir: string
beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'desk-contract-'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>')
})
afterAll(() => rm(rendererDir, { recursive: true, force: true }))

/** A real web host and the browser transport on a real socket, signed in as a tab would be. */
async function webRig(services: DeskServices): Promise<Rig> {
  const host = await startWebHost({ services, rendererDir })
  const cookie = await signIn(host.url)
  const transport = createWebTransport({
    url: host.origin,
    extraHeaders: { Cookie: cookie, Origin: host.origin },
  })
  return {
    transport,
    close: async () => {
      transport.close()
      await host.stop()
    },
  }
}

const PATCH: PushPayloads['desk:patch'] = {
  seq: 9,
  upserts: [],
  sources: {},
  removed: ['m1'],
  alerts: [],
  at: 2,
}
const PUSHES: PushPayloads = {
  'desk:patch': PATCH,
  'desk:connection': {
    status: 'reconnecting',
    dataAt: 1,
    since: 3,
    reason: 'relay down',
    demo: false,
  },
  'audit:entry': {
    id: 'a1',
    at: 1,
    who: 'sup',
    command: { type: 'end', mpcUuid: 'm1' },
    result: 'ok',
  },
  'update:status': { state: 'ready', version: '1.2.3', onCall: true },
}

describe.each([
  ['Electron IPC', ipcRig],
  ['web host socket', webRig],
] as const)('over %s', (_name, makeRig) => {
  let services: ServicesDouble
  let rig: Rig
  let api: DeskApi

  beforeEach(async () => {
    services = createServicesDouble()
    rig = await makeRig(services)
    api = createDeskApi(rig.transport)
  })
  afterEach(() => rig.close())

  it('answers every invoke channel with a value its result schema accepts', async () => {
    const answers = {
      'desk:snapshot': await api.snapshot(),
      'desk:connection': await api.connection(),
      'desk:command': await api.command({ type: 'end', mpcUuid: 'm1' }),
      'settings:get': await api.settings.get(),
      'settings:update': await api.settings.update({ callerId: '+14155550100' }),
      'settings:test': await api.settings.test({}),
      'audit:list': await api.audit.list(),
      'update:status': await api.updates.status(),
      'update:restart': await api.updates.restart(),
    }
    expect(Object.keys(answers).sort()).toEqual([...INVOKE_CHANNELS].sort())
    for (const channel of INVOKE_CHANNELS) {
      expect(channels.invoke[channel].result.safeParse(answers[channel]).success, channel).toBe(
        true,
      )
    }
    expect(services.calls.map((call) => call.channel).sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  it('returns a command the contract refuses as its Result, and runs nothing', async () => {
    const outcome = await api.command({ type: 'wiretap', mpcUuid: 'm1' } as never)
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(services.calls).toEqual([])
  })

  it('returns an oversized settings update as its Result, and saves nothing', async () => {
    const outcome = await api.settings.update({ callerId: 'x'.repeat(MAX_MESSAGE_BYTES + 1) })
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringContaining('too large') },
    })
    expect(services.calls).toEqual([])
  })

  it('returns a service failure of an action as its Result with the reason', async () => {
    services.failNext('desk:command', new Error('Plivo said no'))
    const outcome = await api.command({ type: 'end', mpcUuid: 'm1' })
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'internal', message: 'The desk failed to handle desk:command: Plivo said no' },
    })
  })

  it('rejects a failing read with a DeskTransportError carrying the reason', async () => {
    services.failNext('audit:list', new Error('disk full'))
    const failed = api.audit.list()
    await expect(failed).rejects.toBeInstanceOf(DeskTransportError)
    await expect(failed).rejects.toMatchObject({
      error: { code: 'internal', message: 'The desk failed to handle audit:list: disk full' },
    })
  })

  it('rejects a channel outside the contract, and runs nothing', async () => {
    const refused = rig.transport.invoke('desk:wiretap' as never, undefined)
    await expect(refused).rejects.toMatchObject({
      error: { code: 'invalid', message: 'unknown channel desk:wiretap' },
    })
    expect(() => rig.transport.subscribe('ipc:anything' as never, () => undefined)).toThrow(
      DeskTransportError,
    )
    expect(services.calls).toEqual([])
  })

  it('delivers every push channel with a payload its schema accepts, until unsubscribed', async () => {
    const seen: { [C in keyof PushPayloads]: PushPayloads[C][] } = {
      'desk:patch': [],
      'desk:connection': [],
      'audit:entry': [],
      'update:status': [],
    }
    const offs = [
      api.onPatch((patch) => seen['desk:patch'].push(patch)),
      api.onConnection((state) => seen['desk:connection'].push(state)),
      api.audit.onEntry((entry) => seen['audit:entry'].push(entry)),
      api.updates.onStatus((status) => seen['update:status'].push(status)),
    ]
    await api.snapshot() // the subscriptions have reached the host
    for (const channel of PUSH_CHANNELS) services.push(channel, PUSHES[channel] as never)
    for (const channel of PUSH_CHANNELS) {
      await expect.poll(() => seen[channel].length).toBeGreaterThan(0)
      const last = seen[channel].at(-1)
      expect(last, channel).toEqual(PUSHES[channel])
      expect(channels.push[channel].safeParse(last).success, channel).toBe(true)
    }

    for (const off of offs) off()
    await api.snapshot()
    services.push('desk:patch', { ...PATCH, seq: 10 })
    await api.snapshot() // a push sent before this answer would have arrived by now
    expect(seen['desk:patch'].map((patch) => patch.seq)).toEqual([9])
  })
})
