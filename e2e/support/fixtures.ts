/**
 * Playwright fixtures: per test a fresh stack (simulator, relay, desk services, web host) and
 * the desk opened on it — in the system Chromium for the `browser` project, as the built
 * Electron app for the `electron` project. Every test also watches everything the page
 * receives and sends (HTTP bodies, WebSocket frames, the DOM at the end) for the account's
 * secrets: none may ever reach the renderer (DESIGN §5).
 */
import {
  test as base,
  expect,
  _electron,
  type ElectronApplication,
  type Page,
} from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ELECTRON_MAIN } from './binaries'
import { startStack, type Stack, type StackOptions } from './stack'
import { Desk, type WireTexts } from './desk'

/** Set by the project: which host carries the desk, and the Electron binary for the app. */
export interface DeskOptions {
  deskHost: 'browser' | 'electron'
  electronPath: string | undefined
}

interface TestOptions {
  /** Per describe block: simulator faults, traffic, thresholds. */
  stackOptions: StackOptions
}

interface DeskFixtures {
  stack: Stack
  desk: Desk
}

interface WorkerFixtures extends DeskOptions {
  /** An X display for Electron on Linux when none is set (Xvfb); undefined for the browser. */
  display: string | undefined
}

/**
 * What the renderer received: WebSocket frames from the host, HTTP response bodies. Frames the
 * page sends are not collected: a secret the user types into the settings form is, rightly, in
 * what the page sends — what matters is that none ever comes back.
 */
export class WireLog {
  readonly received: string[] = []
  private readonly pending: Promise<void>[] = []

  watch(page: Page): void {
    page.on('websocket', (ws) => {
      ws.on('framereceived', (frame) => this.received.push(String(frame.payload)))
    })
    page.on('response', (response) => {
      this.pending.push(
        response.text().then(
          (text) => void this.received.push(text),
          // A body already gone (redirect, navigation away) carried nothing to check.
          () => undefined,
        ),
      )
    })
  }

  async settled(): Promise<string[]> {
    await Promise.all(this.pending)
    return this.received
  }
}

export const test = base.extend<TestOptions & DeskFixtures, WorkerFixtures>({
  deskHost: ['browser', { option: true, scope: 'worker' }],
  electronPath: [undefined, { option: true, scope: 'worker' }],
  stackOptions: [{}, { option: true }],

  display: [
    async ({ deskHost }, use) => {
      if (deskHost !== 'electron') return use(undefined)
      if (process.platform !== 'linux' || process.env.DISPLAY) return use(process.env.DISPLAY)
      const { display, stop } = await startXvfb()
      try {
        await use(display)
      } finally {
        await stop()
      }
    },
    { scope: 'worker' },
  ],

  stack: async ({ stackOptions, deskHost }, use) => {
    const stack = await startStack({ ...stackOptions, webHost: deskHost === 'browser' })
    try {
      await use(stack)
    } finally {
      await stack.stop()
    }
  },

  desk: async ({ deskHost, stack, page: browserPage, electronPath, display }, use, testInfo) => {
    const wire = new WireLog()
    const errors: Error[] = []
    let app: ElectronApplication | undefined
    let userData: string | undefined
    let page: Page
    if (deskHost === 'browser') {
      page = browserPage
      wire.watch(page)
      page.on('pageerror', (error) => errors.push(error))
      if (!stack.web) throw new Error('e2e: the browser project needs the web host')
      await page.goto(stack.web.url)
    } else {
      if (!electronPath) throw new Error('e2e: the electron project needs electronPath')
      userData = await mkdtemp(join(tmpdir(), 'desk-e2e-electron-'))
      app = await _electron.launch({
        executablePath: electronPath,
        args: [ELECTRON_MAIN, `--user-data-dir=${userData}`, '--no-sandbox'],
        env: { ...process.env, ...(display ? { DISPLAY: display } : {}) },
      })
      page = await app.firstWindow()
      wire.watch(page)
      page.on('pageerror', (error) => errors.push(error))
    }

    const desk = new Desk(page, stack, wire)
    await desk.ready()
    if (deskHost === 'electron') await desk.connectThroughSettings()

    try {
      await use(desk)
    } finally {
      try {
        if (testInfo.status === testInfo.expectedStatus) {
          expect(errors, 'uncaught errors in the page').toEqual([])
          await assertNoSecrets(page, wire, stack)
        }
      } finally {
        await app?.close()
        if (userData) await rm(userData, { recursive: true, force: true })
      }
    }
  },
})

export { expect }

/** The account's secrets appear nowhere the renderer could read them. */
export async function assertNoSecrets(page: Page, wire: WireLog, stack: Stack): Promise<void> {
  await expectNotInPage(page, wire, { ...stack.secrets })
}

/** None of `secrets` was received by the page or is in its DOM (input values included). */
export async function expectNotInPage(
  page: Page,
  wire: WireTexts,
  secrets: Record<string, string>,
): Promise<void> {
  const inputs = await page
    .locator('input')
    .evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value))
  const seen = [...(await wire.settled()), await page.content(), ...inputs]
  for (const [name, secret] of Object.entries(secrets)) {
    const leaks = seen.filter((text) => text.includes(secret))
    expect(leaks, `${name} reached the renderer`).toEqual([])
  }
}

/** Starts Xvfb on a free display number and waits until it is ready. */
async function startXvfb(): Promise<{ display: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x800x24'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  const display = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('\n')) resolve(`:${out.trim()}`)
    })
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)))
  })
  return {
    display,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
