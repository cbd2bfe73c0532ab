import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  decideLaunch,
  downloadAllowed,
  probeElectronBinary,
  type ElectronBinary,
} from './launch-decision'

const PRESENT: ElectronBinary = { present: true, path: '/x/node_modules/electron/dist/electron' }
const MISSING: ElectronBinary = {
  present: false,
  reason: "Electron's binary has not been downloaded",
}
const base = { argv: [] as string[], display: true, downloadAllowed: true }

describe('what npm start opens', () => {
  it('opens the window when the binary is there and a display can show it', () => {
    expect(decideLaunch({ ...base, binary: PRESENT })).toEqual({
      kind: 'electron',
      binaryPath: PRESENT.path,
    })
  })

  it('fetches the binary once when it is missing and downloads are allowed', () => {
    expect(decideLaunch({ ...base, binary: MISSING })).toEqual({ kind: 'download' })
  })

  it('falls back to the web host when the download failed, saying why', () => {
    const decision = decideLaunch({
      ...base,
      binary: MISSING,
      downloadFailed: 'getaddrinfo ENOTFOUND github.com',
    })
    expect(decision).toEqual({
      kind: 'web',
      reason:
        "Electron's binary has not been downloaded and could not be downloaded (getaddrinfo ENOTFOUND github.com)",
    })
  })

  it('falls back to the web host at once when the binary is missing and downloads are off', () => {
    const decision = decideLaunch({ ...base, binary: MISSING, downloadAllowed: false })
    expect(decision).toMatchObject({ kind: 'web' })
    expect(decision.kind === 'web' && decision.reason).toContain('downloads are off')
  })

  it('uses the web host with --web even where the window could open', () => {
    expect(decideLaunch({ ...base, argv: ['--web'], binary: PRESENT })).toEqual({
      kind: 'web',
      reason: 'the web host was asked for (--web)',
    })
    expect(decideLaunch({ ...base, argv: ['--real', '--web'], binary: MISSING })).toMatchObject({
      kind: 'web',
    })
  })

  it('uses the web host without a display, and never downloads there', () => {
    for (const binary of [PRESENT, MISSING]) {
      expect(decideLaunch({ ...base, display: false, binary })).toEqual({
        kind: 'web',
        reason: 'there is no display here for the desktop window',
      })
    }
  })

  it('treats ELECTRON_SKIP_BINARY_DOWNLOAD and npm offline mode as downloads off', () => {
    expect(downloadAllowed({})).toBe(true)
    expect(downloadAllowed({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toBe(false)
    expect(downloadAllowed({ ELECTRON_SKIP_BINARY_DOWNLOAD: '0' })).toBe(true)
    expect(downloadAllowed({ npm_config_offline: 'true' })).toBe(false)
  })
})

describe('finding the Electron binary without loading the electron package', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'desk-electron-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('reports a package that is not installed', () => {
    expect(probeElectronBinary(join(dir, 'nope'), {})).toEqual({
      present: false,
      reason: 'the electron package is not installed',
    })
  })

  it('reports a package whose binary was never downloaded (npm ci here)', async () => {
    await writeFile(join(dir, 'package.json'), '{"name":"electron"}')
    expect(probeElectronBinary(dir, {})).toEqual({
      present: false,
      reason: "Electron's binary has not been downloaded",
    })
  })

  it('reports path.txt naming a file that is gone', async () => {
    await writeFile(join(dir, 'package.json'), '{"name":"electron"}')
    await writeFile(join(dir, 'path.txt'), 'electron')
    const probe = probeElectronBinary(dir, {})
    expect(probe.present).toBe(false)
    expect(!probe.present && probe.reason).toContain(join(dir, 'dist', 'electron'))
  })

  it('finds the binary path.txt names under dist/', async () => {
    await writeFile(join(dir, 'package.json'), '{"name":"electron"}')
    await writeFile(join(dir, 'path.txt'), 'Electron.app/Contents/MacOS/Electron')
    const binary = join(dir, 'dist', 'Electron.app', 'Contents', 'MacOS', 'Electron')
    await mkdir(join(binary, '..'), { recursive: true })
    await writeFile(binary, '')
    await chmod(binary, 0o755)
    expect(probeElectronBinary(dir, {})).toEqual({ present: true, path: binary })
  })

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron itself', async () => {
    await writeFile(join(dir, 'package.json'), '{"name":"electron"}')
    const dist = join(dir, 'elsewhere')
    await mkdir(dist)
    await writeFile(join(dist, 'electron'), '')
    expect(probeElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: dist })).toEqual({
      present: true,
      path: join(dist, 'electron'),
    })
  })
})
