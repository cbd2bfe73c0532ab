/**
 * The fuse configuration, and that @electron/fuses writes exactly it into a binary: a file laid
 * out like Electron's fuse wire (sentinel, version, length, one byte per fuse, all at Electron's
 * defaults) stands in for the Electron binary this machine cannot download.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FuseV1Options, flipFuses, getCurrentFuseWire } from '@electron/fuses'
// Not re-exported by the package's index: the wire's byte values and its marker.
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants'
import { afterEach, describe, expect, it } from 'vitest'
import { deskFuses } from './fuses'

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

const ON = FuseState.ENABLE
const OFF = FuseState.DISABLE

/** Electron's defaults: RunAsNode, cookie encryption off, NODE_OPTIONS, inspect on, … */
const ELECTRON_DEFAULTS = [ON, OFF, ON, ON, OFF, OFF, OFF, ON]

async function fakeElectron(wire: number[]): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'desk-fuses-'))
  const path = join(dir, 'supervisor-desk')
  const bytes = Buffer.concat([
    Buffer.from('\x7fELF…code before the wire…'),
    Buffer.from(SENTINEL),
    Buffer.from([1, wire.length, ...wire]),
    Buffer.from('…code after the wire'),
  ])
  await writeFile(path, bytes)
  return path
}

describe('deskFuses', () => {
  it('sets every fuse explicitly', () => {
    const config = deskFuses({ platform: 'linux', arch: 'x64' })
    expect(config).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    })
    const fuses = Object.values(FuseV1Options).filter((v) => typeof v === 'number')
    for (const fuse of fuses)
      expect(typeof config[fuse as FuseV1Options], String(fuse)).toBe('boolean')
  })

  it('re-signs ad hoc only for Apple silicon', () => {
    expect(deskFuses({ platform: 'darwin', arch: 'arm64' }).resetAdHocDarwinSignature).toBe(true)
    expect(deskFuses({ platform: 'darwin', arch: 'universal' }).resetAdHocDarwinSignature).toBe(
      true,
    )
    expect(deskFuses({ platform: 'darwin', arch: 'x64' }).resetAdHocDarwinSignature).toBe(false)
    expect(deskFuses({ platform: 'win32', arch: 'arm64' }).resetAdHocDarwinSignature).toBe(false)
  })

  it('is what @electron/fuses writes into the binary, and nothing else changes', async () => {
    const path = await fakeElectron(ELECTRON_DEFAULTS)
    const before = await readFile(path)
    await flipFuses(path, deskFuses({ platform: 'linux', arch: 'x64' }))
    const wire = await getCurrentFuseWire(path)
    expect(wire[FuseV1Options.RunAsNode]).toBe(OFF)
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ON)
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(OFF)
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(OFF)
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ON)
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ON)
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(OFF)
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(OFF)
    const after = await readFile(path)
    expect(after.length).toBe(before.length)
    const wireStart = before.indexOf(SENTINEL) + SENTINEL.length + 2
    const changed = [...after.keys()].filter((i) => after[i] !== before[i])
    expect(changed.every((i) => i >= wireStart && i < wireStart + 8)).toBe(true)
  })

  it('leaves a fuse newer than the config alone (a later Electron’s wire is longer)', async () => {
    const path = await fakeElectron([...ELECTRON_DEFAULTS, ON])
    await flipFuses(path, deskFuses({ platform: 'linux', arch: 'x64' }))
    const wire = await getCurrentFuseWire(path)
    expect(wire[FuseV1Options.RunAsNode]).toBe(OFF)
    expect((wire as Record<number, unknown>)[8]).toBe(ON)
  })
})
