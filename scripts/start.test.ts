/**
 * `npm start`'s launcher as a user runs it (a real child process), with a stand-in Electron
 * executable placed where Electron's own ELECTRON_OVERRIDE_DIST_PATH points, and a display named.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')

let dir: string
let child: ChildProcess | undefined

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'desk-start-'))
})

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
  child = undefined
  await rm(dir, { recursive: true, force: true })
})

async function fakeElectron(script: string): Promise<string> {
  const dist = join(dir, 'dist')
  await mkdir(dist)
  const binary = join(dist, 'electron')
  await writeFile(binary, `#!/bin/sh\n${script}\n`)
  await chmod(binary, 0o755)
  return dist
}

interface Run {
  output: () => string
  exit: Promise<number | null>
  waitFor: (text: string) => Promise<void>
}

function start(args: string[], env: Record<string, string>): Run {
  const { CI: _ci, ELECTRON_OVERRIDE_DIST_PATH: _o, ...base } = process.env
  let output = ''
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/start.ts', '--no-open', '--data-dir', join(dir, 'data'), ...args],
    {
      cwd: ROOT,
      env: { ...base, DISPLAY: ':99', DESK_LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child = proc
  const waiters: { text: string; resolve: () => void }[] = []
  const onData = (chunk: Buffer): void => {
    output += chunk.toString('utf8')
    for (const waiter of waiters.filter((w) => output.includes(w.text))) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  }
  proc.stdout.on('data', onData)
  proc.stderr.on('data', onData)
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  return {
    output: () => output,
    exit,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        if (output.includes(text)) return resolve()
        waiters.push({ text, resolve })
        void exit.then(() => reject(new Error(`exited before printing "${text}":\n${output}`)))
      }),
  }
}

describe('npm start', () => {
  it('opens the Electron window on the built app when the binary is there', async () => {
    const dist = await fakeElectron('echo "window for $1"; exit 0')
    const run = start([], { ELECTRON_OVERRIDE_DIST_PATH: dist })
    expect(await run.exit).toBe(0)
    expect(run.output()).toContain(`window for ${ROOT}`)
    expect(run.output()).not.toContain('running at')
  })

  it('passes --calls N on to the window, which sizes its demo from it', async () => {
    const dist = await fakeElectron('echo "window args: $2"; exit 0')
    const run = start(['--calls', '500'], { ELECTRON_OVERRIDE_DIST_PATH: dist })
    expect(await run.exit).toBe(0)
    expect(run.output()).toContain('window args: --calls=500')
  })

  it('falls back to the web host when the window fails to start, and stops on Ctrl-C', async () => {
    const dist = await fakeElectron('echo "cannot open display" >&2; exit 3')
    const run = start([], { ELECTRON_OVERRIDE_DIST_PATH: dist })
    await run.waitFor('Ctrl-C stops the desk.')
    expect(run.output()).toContain(
      'Opening the desk in your browser instead of its window: the desktop window failed to start (exit 3).',
    )
    expect(run.output()).toMatch(
      /Supervisor Desk is running at http:\/\/127\.0\.0\.1:\d+\/\?token=/,
    )
    child?.kill('SIGINT')
    expect(await run.exit).toBe(0)
    expect(run.output()).toContain('Stopped.')
  })

  it('uses the web host with --web even though the window could open', async () => {
    const dist = await fakeElectron('echo "window opened"; exit 0')
    const run = start(['--web'], { ELECTRON_OVERRIDE_DIST_PATH: dist })
    await run.waitFor('Ctrl-C stops the desk.')
    expect(run.output()).toContain('instead of its window: the web host was asked for (--web).')
    expect(run.output()).not.toContain('window opened')
    child?.kill('SIGTERM')
    expect(await run.exit).toBe(0)
  })

  it('tries the download once when the binary is missing, then falls back in one line', async () => {
    // A mirror nothing listens on: the installer fails at once whatever the network.
    const run = start([], {
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: join(dir, 'cache'),
    })
    await run.waitFor('Ctrl-C stops the desk.')
    const lines = run.output().split('\n')
    expect(lines).toContain(
      "Electron's binary is not downloaded yet: fetching it once (about 100 MB; --web skips this)…",
    )
    const fallback = lines.find((line) => line.startsWith('Opening the desk in your browser'))
    expect(fallback).toMatch(
      /Electron's binary has not been downloaded and could not be downloaded \(.+\)\.$/,
    )
    child?.kill('SIGINT')
    expect(await run.exit).toBe(0)
  })

  it('refuses an unknown flag with the usage', async () => {
    const run = start(['--bogus'], {})
    expect(await run.exit).toBe(2)
    expect(run.output()).toContain('Usage: npm start')
  })
})
