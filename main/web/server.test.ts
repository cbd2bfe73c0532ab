import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Socket } from 'socket.io-client'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createDeskApi,
  DeskTransportError,
  MAX_MESSAGE_BYTES,
  type DeskPatch,
} from '../../preload/api'
import { createWebTransport, type WebTransport } from '../../preload/browser-transport'
import { RemoteBindRefusedError, startWebHost, type WebHost } from './server'
import { connected, connectSocket, rawGet, rawSocketHandshake, signIn } from './testing/http-client'
import {
  createServicesDouble,
  DOUBLE_SNAPSHOT,
  type ServicesDouble,
} from './testing/services-double'

const INDEX_HTML = '<!doctype html><html><body><div id="root"></div></body></html>'

let rendererDir: string
let services: ServicesDouble
let host: WebHost
const sockets: Socket[] = []
const transports: WebTransport[] = []

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'desk-renderer-'))
  await mkdir(join(rendererDir, 'assets'))
  await writeFile(join(rendererDir, 'index.html'), INDEX_HTML)
  await writeFile(join(rendererDir, 'assets', 'index-abc123.js'), 'console.log("desk")')
  await writeFile(join(rendererDir, 'assets', 'index-abc123.css'), 'body{margin:0}')
  return () => rm(rendererDir, { recursive: true, force: true })
})

beforeEach(async () => {
  services = createServicesDouble()
  host = await startWebHost({ services, rendererDir })
})

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close()
  for (const transport of transports.splice(0)) transport.close()
  await host.stop()
})

function socketWith(headers: Record<string, string>): Socket {
  const socket = connectSocket(host.origin, headers)
  sockets.push(socket)
  return socket
}

async function signedInSocket(): Promise<Socket> {
  const cookie = await signIn(host.url)
  const socket = socketWith({ Cookie: cookie, Origin: host.origin })
  await connected(socket)
  return socket
}

describe('signing in', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/)
    expect(host.url.startsWith(`${host.origin}/?token=`)).toBe(true)
  })

  it('trades the token for an HttpOnly SameSite=Strict cookie and redirects to a clean URL', async () => {
    const res = await fetch(host.url, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/')
    const setCookie = res.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^desk_session_\d+=[\w-]+;/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    expect(setCookie).toContain('Path=/')
    // The cookie is not the URL's token: a leaked cookie does not leak the link.
    expect(setCookie).not.toContain(new URL(host.url).searchParams.get('token'))
  })

  it('serves the renderer with the CSP once signed in', async () => {
    const cookie = await signIn(host.url)
    const page = await fetch(`${host.origin}/`, { headers: { Cookie: cookie } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toBe(INDEX_HTML)
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain(`connect-src 'self' ${host.origin.replace('http', 'ws')}`)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-eval')
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    expect(page.headers.get('cache-control')).toBe('no-store')

    const script = await fetch(`${host.origin}/assets/index-abc123.js`, {
      headers: { Cookie: cookie },
    })
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(script.headers.get('cache-control')).toContain('immutable')
    expect(await script.text()).toBe('console.log("desk")')
    const style = await fetch(`${host.origin}/assets/index-abc123.css`, {
      headers: { Cookie: cookie },
    })
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8')

    // An app route gets the app; a missing asset is a 404, not HTML.
    const route = await fetch(`${host.origin}/calls/abc`, { headers: { Cookie: cookie } })
    expect(await route.text()).toBe(INDEX_HTML)
    const missing = await fetch(`${host.origin}/assets/gone.js`, { headers: { Cookie: cookie } })
    expect(missing.status).toBe(404)
    const favicon = await fetch(`${host.origin}/favicon.ico`, { headers: { Cookie: cookie } })
    expect(favicon.status).toBe(204)
  })

  it('never serves a file outside the renderer folder', async () => {
    const cookie = await signIn(host.url)
    for (const path of [
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%5c..%5cx',
    ]) {
      const res = await rawGet(`${host.origin}${path}`, { Cookie: cookie })
      // Either refused, or normalised by URL parsing to an app route inside the folder.
      expect([200, 400, 404], path).toContain(res.status)
      if (res.status === 200) expect(res.body).toBe(INDEX_HTML)
      expect(res.body).not.toContain('root:')
    }
  })
})

describe('HTTP guards', () => {
  it('refuses a request without the token or cookie', async () => {
    const res = await fetch(`${host.origin}/`)
    expect(res.status).toBe(401)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(await res.text()).toContain('Open the URL the desk printed')
    const asset = await fetch(`${host.origin}/assets/index-abc123.js`)
    expect(asset.status).toBe(401)
  })

  it('refuses a wrong token and sets no cookie', async () => {
    const res = await fetch(`${host.origin}/?token=${'x'.repeat(43)}`, { redirect: 'manual' })
    expect(res.status).toBe(401)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(await res.text()).toContain('not the one this desk printed')
  })

  it('refuses a forged session cookie', async () => {
    const cookie = await signIn(host.url)
    const forged = `${cookie.split('=')[0]}=${'y'.repeat(43)}`
    const res = await fetch(`${host.origin}/`, { headers: { Cookie: forged } })
    expect(res.status).toBe(401)
  })

  it('refuses a foreign Origin even with a valid cookie', async () => {
    const cookie = await signIn(host.url)
    const res = await rawGet(`${host.origin}/`, { Cookie: cookie, Origin: 'http://evil.example' })
    expect(res.status).toBe(403)
    expect(res.body).toContain('http://evil.example may not use this desk')
  })

  it('refuses a foreign Host name (DNS rebinding) even with the token', async () => {
    const res = await rawGet(host.url, { Host: `evil.example:${new URL(host.origin).port}` })
    expect(res.status).toBe(421)
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('redirects only within this host after the token exchange', async () => {
    const token = new URL(host.url).searchParams.get('token') ?? ''
    const res = await rawGet(`${host.origin}//evil.example/x?token=${token}&view=audit`)
    expect(res.status).toBe(302)
    expect(res.headers.location).toMatch(/^\/(?!\/)/)
    expect(res.headers.location).toContain('view=audit')
    expect(res.headers.location).not.toContain('token')
  })

  it('answers only GET and HEAD', async () => {
    const cookie = await signIn(host.url)
    const res = await fetch(`${host.origin}/`, { method: 'POST', headers: { Cookie: cookie } })
    expect(res.status).toBe(405)
  })
})

describe('socket handshake guards', () => {
  it('refuses a socket without the cookie', async () => {
    const socket = socketWith({ Origin: host.origin })
    await expect(connected(socket)).rejects.toThrow()
    const raw = await rawSocketHandshake(host.origin, { Origin: host.origin })
    expect(raw.status).toBe(401)
    expect(raw.body).toContain('Not signed in')
    expect(services.calls).toEqual([])
  })

  it('refuses a socket with a forged cookie', async () => {
    const cookie = await signIn(host.url)
    const forged = `${cookie.split('=')[0]}=${'z'.repeat(43)}`
    await expect(connected(socketWith({ Cookie: forged, Origin: host.origin }))).rejects.toThrow()
    expect(services.calls).toEqual([])
  })

  it('refuses a socket from a foreign Origin or with no Origin, even with the cookie', async () => {
    const cookie = await signIn(host.url)
    await expect(
      connected(socketWith({ Cookie: cookie, Origin: 'http://evil.example' })),
    ).rejects.toThrow()
    const foreign = await rawSocketHandshake(host.origin, {
      Cookie: cookie,
      Origin: 'http://evil.example',
    })
    expect(foreign.status).toBe(403)
    const none = await rawSocketHandshake(host.origin, { Cookie: cookie })
    expect(none.status).toBe(403)
    expect(none.body).toContain('no Origin')
    expect(services.calls).toEqual([])
  })

  it('accepts the signed-in page', async () => {
    const cookie = await signIn(host.url)
    const raw = await rawSocketHandshake(host.origin, { Cookie: cookie, Origin: host.origin })
    expect(raw.status).toBe(101)
  })
})

describe('messages', () => {
  it('carries an invoke to the services and back', async () => {
    const socket = await signedInSocket()
    const reply: unknown = await socket.emitWithAck('invoke', { channel: 'desk:snapshot' })
    expect(reply).toEqual({ ok: true, value: DOUBLE_SNAPSHOT })
    expect(services.calls).toEqual([{ channel: 'desk:snapshot', payload: undefined }])
  })

  it('refuses an unknown channel with a typed error and calls nothing', async () => {
    const socket = await signedInSocket()
    const reply: unknown = await socket.emitWithAck('invoke', {
      channel: 'shell:exec',
      payload: 'rm -rf /',
    })
    expect(reply).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'unknown channel shell:exec' },
    })
    expect(services.calls).toEqual([])
  })

  it('refuses a payload that fails the contract and calls nothing', async () => {
    const socket = await signedInSocket()
    const badCommand: unknown = await socket.emitWithAck('invoke', {
      channel: 'desk:command',
      payload: { type: 'kick', mpcUuid: 'm1' },
    })
    expect(badCommand).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(JSON.stringify(badCommand)).toContain('memberId')
    const extraField: unknown = await socket.emitWithAck('invoke', {
      channel: 'settings:update',
      payload: { relayUrl: 'javascript:alert(1)' },
    })
    expect(extraField).toMatchObject({ ok: false, error: { code: 'invalid' } })
    for (const malformed of [
      'desk:snapshot',
      42,
      null,
      ['desk:snapshot'],
      { channel: 'desk:snapshot', extra: 1 },
    ]) {
      const reply: unknown = await socket.emitWithAck('invoke', malformed)
      expect(reply, JSON.stringify(malformed)).toEqual({
        ok: false,
        error: { code: 'invalid', message: 'malformed message: expected { channel, payload }' },
      })
    }
    // Without an ack nobody would hear the answer: the message is dropped, not run.
    socket.emit('invoke', { channel: 'desk:snapshot' })
    await socket.emitWithAck('invoke', { channel: 'not-a-channel' })
    expect(services.calls).toEqual([])
  })

  it('refuses an oversized message with a typed error and calls nothing', async () => {
    const socket = await signedInSocket()
    const reply: unknown = await socket.emitWithAck('invoke', {
      channel: 'settings:update',
      payload: { callerId: 'x'.repeat(MAX_MESSAGE_BYTES + 1) },
    })
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(JSON.stringify(reply)).toContain('message too large')
    expect(services.calls).toEqual([])
  })

  it('drops the connection of a client sending far past the limit, and calls nothing', async () => {
    const socket = await signedInSocket()
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve))
    socket.emit(
      'invoke',
      { channel: 'settings:update', payload: { callerId: 'x'.repeat(10 * MAX_MESSAGE_BYTES) } },
      () => {},
    )
    expect(await closed).toBe('transport close')
    expect(services.calls).toEqual([])
  })

  it('reports a service failure as an internal error', async () => {
    const socket = await signedInSocket()
    services.failNext('audit:list', new Error('disk full'))
    const reply: unknown = await socket.emitWithAck('invoke', { channel: 'audit:list' })
    expect(reply).toEqual({
      ok: false,
      error: { code: 'internal', message: 'The desk failed to handle audit:list: disk full' },
    })
  })
})

describe('the web transport', () => {
  async function signedInApi() {
    const cookie = await signIn(host.url)
    const transport = createWebTransport({
      url: host.origin,
      extraHeaders: { Cookie: cookie, Origin: host.origin },
    })
    transports.push(transport)
    return createDeskApi(transport)
  }

  async function signedInTransport(): Promise<WebTransport> {
    const cookie = await signIn(host.url)
    const transport = createWebTransport({
      url: host.origin,
      extraHeaders: { Cookie: cookie, Origin: host.origin },
    })
    transports.push(transport)
    return transport
  }

  it('carries DeskApi calls and pushes to a subscribed listener', async () => {
    const api = await signedInApi()
    const patches: DeskPatch[] = []
    const unsubscribe = api.onPatch((patch) => patches.push(patch))
    // An answer after the subscription means the host has seen it (one socket, in order).
    expect(await api.snapshot()).toEqual(DOUBLE_SNAPSHOT)
    const patch: DeskPatch = { seq: 8, upserts: [], sources: {}, removed: ['m1'], at: 2 }
    services.push('desk:patch', patch)
    await expect.poll(() => patches).toEqual([patch])

    unsubscribe()
    await api.snapshot()
    services.push('desk:patch', { ...patch, seq: 9 })
    await api.snapshot() // a push sent before this answer would have arrived by now
    expect(patches).toEqual([patch])
  })

  it('does not push channels a client did not subscribe to', async () => {
    const socket = await signedInSocket()
    const seen: unknown[] = []
    socket.on('audit:entry', (entry: unknown) => seen.push(entry))
    socket.emit('subscribe', ['desk:patch'])
    await socket.emitWithAck('invoke', { channel: 'desk:snapshot' })
    services.push('audit:entry', {
      id: 'a1',
      at: 1,
      who: 'sup',
      command: { type: 'end', mpcUuid: 'm1' },
      result: 'ok',
    })
    await socket.emitWithAck('invoke', { channel: 'desk:snapshot' })
    expect(seen).toEqual([])
  })

  it('rejects a refused invoke with the DeskError', async () => {
    const transport = await signedInTransport()
    // Outside the contract, as a compromised page could send it.
    const refused = transport.invoke('desk:command', { type: 'wiretap', mpcUuid: 'm1' })
    await expect(refused).rejects.toBeInstanceOf(DeskTransportError)
    await expect(refused).rejects.toMatchObject({ error: { code: 'invalid' } })
    expect(services.calls).toEqual([])
  })

  it('tells connection listeners when the host goes away, and sends no command then', async () => {
    const api = await signedInApi()
    const states: string[] = []
    api.onConnection((state) => states.push(state.status))
    await api.connection()
    await host.stop()
    await expect.poll(() => states).toContain('reconnecting')
    await expect.poll(() => states, { timeout: 10_000 }).toContain('offline')

    // Nothing is queued for later: the command answers at once, as a refused Result.
    const refused = await api.command({ type: 'end', mpcUuid: 'm1' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'network' } })
    host = await startWebHost({ services, rendererDir })
    expect(services.calls.filter((call) => call.channel === 'desk:command')).toEqual([])
  })

  it('reports a refused session to connection listeners', async () => {
    const transport = createWebTransport({
      url: host.origin,
      extraHeaders: { Origin: host.origin },
    })
    transports.push(transport)
    const states: { status: string; reason?: string }[] = []
    transport.subscribe('desk:connection', (state) => states.push(state as { status: string }))
    await expect.poll(() => states.length).toBeGreaterThan(0)
    expect(states[0]).toMatchObject({
      status: 'offline',
      reason: expect.stringContaining('open the URL it printed'),
    })
    expect(services.calls).toEqual([])
  })
})

describe('binding', () => {
  it('refuses a non-loopback address without allowRemote', async () => {
    await expect(startWebHost({ services, rendererDir, host: '0.0.0.0' })).rejects.toBeInstanceOf(
      RemoteBindRefusedError,
    )
  })

  it('binds every interface with allowRemote and still checks the cookie', async () => {
    const remote = await startWebHost({ services, rendererDir, host: '0.0.0.0', allowRemote: true })
    try {
      expect(remote.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/)
      expect((await fetch(`${remote.origin}/`)).status).toBe(401)
      const cookie = await signIn(remote.url)
      expect((await fetch(`${remote.origin}/`, { headers: { Cookie: cookie } })).status).toBe(200)
    } finally {
      await remote.stop()
    }
  })
})
