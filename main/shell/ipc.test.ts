/**
 * The shell's one IPC door refuses foreign senders and bad payloads before any service runs,
 * and answers every channel with a typed result; pushes only reach the app's own page; every
 * web contents gets the navigation / window.open / webview / permission guards.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { WebContents } from 'electron'
import { ipcMain } from 'electron'
import { INVOKE_CHANNELS, type Command, type PushChannel } from '../../preload/api'
import type { DeskServices, InvokeHandlers } from '../services/desk-services'
import { isAppUrl } from './app-origin'
import { hardenWebContents } from './harden'
import { forwardPushes, registerDeskIpc } from './ipc'
// The same module instance `electron` resolves to below, seen with its test helpers.
import { ipcMain as mockIpc, shell as mockShell } from './test/electron-mock'

vi.mock('electron', () => import('./test/electron-mock'))

/** Services that record what reached them (the guard is under test here, not the desk). */
function recordingServices() {
  const calls: [string, unknown][] = []
  const pushes = new Map<PushChannel, (payload: unknown) => void>()
  const record =
    <T>(channel: string, value: T) =>
    async (payload: unknown): Promise<T> => {
      calls.push([channel, payload])
      return value
    }
  const invoke: InvokeHandlers = {
    'desk:snapshot': record('desk:snapshot', {
      seq: 1,
      mpcs: [],
      sources: {},
      mine: [],
      alerts: [],
      handOffs: [],
      at: 1,
    }),
    'desk:connection': record('desk:connection', {
      status: 'live' as const,
      dataAt: 1,
      since: 1,
      demo: true,
    }),
    'desk:command': record('desk:command', { ok: true as const, value: { auditId: 'a1' } }),
    'settings:get': async () => {
      throw new Error('keystore exploded')
    },
    'settings:update': record('settings:update', {
      ok: false as const,
      error: { code: 'invalid' as const, message: 'no' },
    }),
    'settings:test': record('settings:test', {
      ok: true as const,
      value: {
        relay: { status: 'ok' as const, message: '' },
        plivo: { status: 'ok' as const, message: '' },
      },
    }),
    'audit:list': record('audit:list', []),
    'update:status': record('update:status', { state: 'off' as const }),
    'update:restart': record('update:restart', { ok: true as const, value: null }),
  }
  const services: DeskServices = {
    invoke,
    subscribe(channel, listener) {
      pushes.set(channel, listener as (payload: unknown) => void)
      return () => pushes.delete(channel)
    },
    stop: async () => undefined,
  }
  return { services, calls, pushes }
}

const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } })
const APP = 'app://desk/index.html'
const mute: Command = { type: 'mute', mpcUuid: 'mpc-1', memberId: '355' }

let rig: ReturnType<typeof recordingServices>
let off: () => void

beforeEach(() => {
  off?.()
  rig = recordingServices()
  off = registerDeskIpc(ipcMain, rig.services, { origins: {} })
})

describe('registerDeskIpc', () => {
  it('registers exactly the contract’s invoke channels', () => {
    expect([...mockIpc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  it('runs a valid command from the app’s own page and wraps the result', async () => {
    const reply = await mockIpc.invoke('desk:command', frame(APP), mute)
    expect(reply).toEqual({ ok: true, value: { ok: true, value: { auditId: 'a1' } } })
    expect(rig.calls).toEqual([['desk:command', mute]])
  })

  it.each([
    ['a file page', 'file:///home/user/evil.html'],
    ['a web page', 'https://evil.example/'],
    ['a look-alike app host', 'app://desk.evil/index.html'],
    ['credentials in the URL', 'app://user:pw@desk/index.html'],
    ['about:blank', 'about:blank'],
    ['a dev server that is not configured', 'http://localhost:5173/'],
  ])('refuses %s as sender and runs nothing', async (_name, url) => {
    const reply = await mockIpc.invoke('desk:command', frame(url), mute)
    expect(reply).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(rig.calls).toEqual([])
  })

  it('refuses a subframe of the app and a destroyed frame', async () => {
    expect(
      await mockIpc.invoke('desk:snapshot', frame(APP, { url: APP }), undefined),
    ).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    })
    expect(await mockIpc.invoke('desk:snapshot', { senderFrame: null }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    })
    expect(rig.calls).toEqual([])
  })

  it.each([
    [
      'a command missing its member',
      'desk:command',
      { type: 'mute', mpcUuid: 'mpc-1' },
      /memberId/,
    ],
    ['an unknown command type', 'desk:command', { type: 'format-disk', mpcUuid: 'x' }, /type/],
    ['an argument to a channel that takes none', 'desk:snapshot', { all: true }, /desk:snapshot/],
    ['an unknown settings field', 'settings:update', { adminPassword: 'x' }, /settings:update/],
    ['a non-URL relay', 'settings:update', { relayUrl: 'javascript:alert(1)' }, /relayUrl/],
  ])(
    'answers %s with a typed invalid result and runs nothing',
    async (_n, channel, payload, why) => {
      const reply = (await mockIpc.invoke(channel, frame(APP), payload)) as {
        ok: boolean
        error: { code: string; message: string }
      }
      expect(reply.ok).toBe(false)
      expect(reply.error.code).toBe('invalid')
      expect(reply.error.message).toMatch(why)
      expect(rig.calls).toEqual([])
    },
  )

  it('refuses an oversized message', async () => {
    const reply = await mockIpc.invoke('settings:update', frame(APP), {
      callerId: 'x'.repeat(20_000),
    })
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid', message: /too large/ } })
    expect(rig.calls).toEqual([])
  })

  it('turns a service that throws into an internal error result', async () => {
    const reply = await mockIpc.invoke('settings:get', frame(APP), undefined)
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'The desk failed to handle settings:get: keystore exploded',
      },
    })
  })

  it('trusts the dev server only at its exact origin', async () => {
    off()
    off = registerDeskIpc(ipcMain, rig.services, {
      origins: { devServerUrl: 'http://localhost:5173/' },
    })
    expect(await mockIpc.invoke('audit:list', frame('http://localhost:5173/'), undefined)).toEqual({
      ok: true,
      value: [],
    })
    for (const url of [
      'http://localhost:5173.evil.com/',
      'http://localhost:5174/',
      'https://localhost:5173/',
    ]) {
      expect(await mockIpc.invoke('audit:list', frame(url), undefined)).toMatchObject({ ok: false })
    }
    expect(isAppUrl(APP, { devServerUrl: 'http://localhost:5173/' })).toBe(true)
  })
})

/** A stand-in WebContents with the events and handlers the shell touches. */
function fakeContents(url: string) {
  const listeners = new Map<string, ((event: { preventDefault(): void }, url: string) => void)[]>()
  const sent: [string, unknown][] = []
  let openHandler: ((details: { url: string }) => { action: string }) | undefined
  let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined
  const contents = {
    url,
    on(name: string, fn: (event: { preventDefault(): void }, url: string) => void) {
      listeners.set(name, [...(listeners.get(name) ?? []), fn])
      return contents
    },
    setWindowOpenHandler(fn: typeof openHandler) {
      openHandler = fn
    },
    session: {
      setPermissionRequestHandler(fn: typeof permission) {
        permission = fn
      },
      setPermissionCheckHandler() {},
      setDevicePermissionHandler() {},
    },
    isDestroyed: () => false,
    getURL: () => contents.url,
    send: (channel: string, payload: unknown) => sent.push([channel, payload]),
  }
  const fire = (name: string, target: string): boolean => {
    let prevented = false
    for (const fn of listeners.get(name) ?? [])
      fn({ preventDefault: () => (prevented = true) }, target)
    return prevented
  }
  return {
    contents,
    sent,
    fire,
    open: (target: string) => openHandler?.({ url: target }),
    askPermission: (name: string) =>
      new Promise<boolean>((resolve) => permission?.(contents, name, resolve)),
  }
}

describe('hardenWebContents', () => {
  it('blocks navigation away from the app, webviews, window.open and permissions', async () => {
    const fake = fakeContents(APP)
    hardenWebContents(fake.contents as unknown as WebContents, {})
    expect(fake.fire('will-navigate', 'https://evil.example/')).toBe(true)
    expect(fake.fire('will-redirect', 'file:///etc/passwd')).toBe(true)
    expect(fake.fire('will-navigate', 'app://desk/index.html#/audit')).toBe(false)
    expect(fake.fire('will-attach-webview', 'app://desk/')).toBe(true)

    mockShell.opened.length = 0
    expect(fake.open('https://media.plivo.com/rec.mp3')).toEqual({ action: 'deny' })
    expect(fake.open('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' })
    await Promise.resolve()
    expect(mockShell.opened).toEqual(['https://media.plivo.com/rec.mp3'])

    expect(await fake.askPermission('media')).toBe(false)
    expect(await fake.askPermission('notifications')).toBe(false)
  })
})

describe('forwardPushes', () => {
  it('sends pushes to the app’s page, and nothing once it shows anything else', () => {
    const fake = fakeContents(APP)
    const stop = forwardPushes(rig.services, () => fake.contents as unknown as WebContents, {})
    rig.pushes.get('desk:patch')?.({ seq: 2 })
    fake.contents.url = 'https://evil.example/'
    rig.pushes.get('audit:entry')?.({ id: 'x' })
    expect(fake.sent).toEqual([['desk:patch', { seq: 2 }]])
    stop()
    expect(rig.pushes.size).toBe(0)
  })
})
