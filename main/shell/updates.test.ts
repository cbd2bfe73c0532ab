/**
 * The shell's electron-updater wiring, over a mocked updater (no Electron, no feed here): off
 * means no check at all; a policy feed is set as a generic feed; a downloaded version reaches
 * the gate, and only the gate's yes runs quitAndInstall.
 */
import type NodeEvents from 'node:events'
import pino from 'pino'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { startUpdates } from './updates'

const updater = vi.hoisted(() => {
  // vi.hoisted runs before the imports: require is the way in.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof NodeEvents
  return Object.assign(new Emitter(), {
    feeds: [] as unknown[],
    checks: 0,
    installs: 0,
    logger: undefined as unknown,
    autoDownload: false,
    autoInstallOnAppQuit: false,
    setFeedURL(options: unknown) {
      this.feeds.push(options)
    },
    async checkForUpdates() {
      this.checks++
      return null
    },
    quitAndInstall() {
      this.installs++
    },
  })
})
/** electron-updater's autoUpdater is a getter that builds this OS's updater: count its use. */
const loads = vi.hoisted(() => ({ count: 0 }))
vi.mock('electron-updater', () => ({
  default: {
    get autoUpdater() {
      loads.count++
      return updater
    },
  },
}))

const log = pino({ level: 'silent' })

beforeEach(() => {
  updater.removeAllListeners()
  updater.feeds = []
  updater.checks = 0
  updater.installs = 0
  loads.count = 0
})

describe('startUpdates', () => {
  it('does nothing at all when updates are off', () => {
    const running = startUpdates({ kind: 'off', reason: 'no update feed configured' }, log)
    expect(running.gate.status()).toEqual({ state: 'off' })
    expect(updater.checks).toBe(0)
    expect(updater.listenerCount('update-downloaded')).toBe(0)
    expect(loads.count).toBe(0)
  })

  it('checks the policy’s generic feed and downloads in the background', () => {
    const running = startUpdates({ kind: 'policy', url: 'https://updates.example.com/' }, log)
    expect(updater.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.com/' }])
    expect(updater.checks).toBe(1)
    expect(updater.autoDownload).toBe(true)
    expect(updater.autoInstallOnAppQuit).toBe(true)
    running.stop()
    expect(updater.listenerCount('update-downloaded')).toBe(0)
  })

  it('installs only when the gate says yes: not mid-call', () => {
    const running = startUpdates({ kind: 'built-in' }, log)
    expect(updater.feeds).toEqual([])
    updater.emit('update-downloaded', { version: '1.3.0' })
    expect(running.gate.status()).toEqual({ state: 'ready', version: '1.3.0', onCall: false })

    running.gate.setOnCall(true)
    expect(running.gate.requestRestart().ok).toBe(false)
    expect(updater.installs).toBe(0)
    running.gate.setOnCall(false)
    expect(running.gate.requestRestart().ok).toBe(true)
    expect(updater.installs).toBe(1)
    running.stop()
  })

  it('keeps going when a check fails (offline seat)', () => {
    const running = startUpdates({ kind: 'built-in' }, log)
    expect(() => updater.emit('error', new Error('net::ERR_NAME_NOT_RESOLVED'))).not.toThrow()
    expect(running.gate.status()).toEqual({ state: 'idle' })
    running.stop()
  })
})
