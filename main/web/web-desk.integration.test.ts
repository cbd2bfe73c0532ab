/**
 * The web host over the real desk (createDesk in demo mode: the embedded simulator and relay),
 * driven the way the browser drives it: sign in with the printed URL, then DeskApi over the
 * web transport.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDeskApi, type DeskApi, type DeskPatch } from '../../preload/api'
import { createWebTransport, type WebTransport } from '../../preload/browser-transport'
import { createMemorySecretStore } from '../services/secret-store'
import { runWebDesk, WebDeskStartError, type RunningWebDesk } from './run-web-desk'
import { signIn } from './testing/http-client'
import { parseWebOptions } from './web-options'

let dataDir: string
let rendererDir: string
let running: RunningWebDesk | undefined
let transport: WebTransport | undefined
let printed: string[]

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'desk-web-data-'))
  rendererDir = await mkdtemp(join(tmpdir(), 'desk-web-renderer-'))
  await mkdir(rendererDir, { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>')
  printed = []
})

afterEach(async () => {
  transport?.close()
  transport = undefined
  await running?.stop()
  running = undefined
  await rm(dataDir, { recursive: true, force: true })
  await rm(rendererDir, { recursive: true, force: true })
})

async function start(argv: string[] = []): Promise<RunningWebDesk> {
  running = await runWebDesk(
    { ...parseWebOptions([...argv, '--data-dir', dataDir]), open: false },
    {
      rendererDir,
      print: (line) => printed.push(line),
      secrets: createMemorySecretStore(),
      env: {},
    },
  )
  return running
}

async function browserApi(desk: RunningWebDesk): Promise<DeskApi> {
  const origin = desk.host.origin
  const cookie = await signIn(desk.url)
  transport = createWebTransport({ url: origin, extraHeaders: { Cookie: cookie, Origin: origin } })
  return createDeskApi(transport)
}

describe('the web host over the real desk', () => {
  it('--calls N sizes the demo, and Settings shows the size', async () => {
    const desk = await start(['--calls', '40'])
    expect(printed.join('\n')).toContain('a simulated call center of about 40 live calls')
    expect((await desk.desk.invoke['settings:get'](undefined)).demoCalls).toBe(40)
    expect(desk.desk.demo()?.simulator).toBeDefined()
  })

  it('starts in demo mode on a fresh data folder and serves live calls to a signed-in browser', async () => {
    const desk = await start()
    expect(printed).toContain(
      'Demo mode: a simulated call center of about 16 live calls (embedded simulator and relay on 127.0.0.1; --calls N to change).',
    )
    expect(printed).toContain(`Supervisor Desk is running at ${desk.url}`)

    const api = await browserApi(desk)
    const patches: DeskPatch[] = []
    api.onPatch((patch) => patches.push(patch))
    await desk.desk.whenLive(20_000)

    const snapshot = await expect
      .poll(async () => (await api.snapshot()).mpcs.length, { timeout: 20_000, interval: 200 })
      .toBeGreaterThan(0)
      .then(() => api.snapshot())
    const live = snapshot.mpcs.find((mpc) => mpc.status !== 'ended')
    expect(live).toBeDefined()
    expect((await api.connection()).demo).toBe(true)
    await expect.poll(() => patches.length, { timeout: 10_000 }).toBeGreaterThan(0)

    // A command travels browser → host → services → simulator and comes back as an outcome.
    const joined = await api.command({ type: 'join', mpcUuid: live?.mpcUuid ?? '', mode: 'listen' })
    expect(joined).toMatchObject({ ok: true })
    const audit = await api.audit.list()
    expect(audit.some((entry) => entry.command.type === 'join')).toBe(true)
  })

  it('never sends a secret back to the browser', async () => {
    const desk = await start()
    const api = await browserApi(desk)
    const secret = 'relay-token-that-must-stay-in-main-0123456789'
    const updated = await api.settings.update({ relayToken: secret, plivoAuthToken: `${secret}-2` })
    expect(updated.ok).toBe(true)
    expect(JSON.stringify(updated)).not.toContain(secret)
    const view = await api.settings.get()
    expect(JSON.stringify(view)).not.toContain(secret)
    expect(view.secretStorage).toBe('memory')
    expect(JSON.stringify(await api.audit.list())).not.toContain(secret)
  })

  it('--real on an unconfigured desk fails, saying what is missing, and starts nothing', async () => {
    const failure = start(['--real'])
    await expect(failure).rejects.toBeInstanceOf(WebDeskStartError)
    await expect(failure).rejects.toThrow(/relay URL, relay token, Plivo auth ID, Plivo auth token/)
    expect(running).toBeUndefined()
    expect(printed.some((line) => line.includes('running at'))).toBe(false)
  })

  it('refuses a network address without --allow-remote before starting anything', async () => {
    await expect(start(['--host', '0.0.0.0'])).rejects.toThrow(/--allow-remote/)
  })

  it('stops the host and the services: the URL answers no more', async () => {
    const desk = await start()
    const origin = desk.host.origin
    await desk.stop()
    running = undefined
    await expect(fetch(`${origin}/`)).rejects.toThrow()
  })
})
