/**
 * `npm run relay` as an operator meets it: `--help`, and a bad configuration refused at start
 * with the key named.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { RELAY_ENV, RELAY_FLAGS } from './config'

const root = new URL('../', import.meta.url).pathname

function runCli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'relay/cli.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('relay CLI', () => {
  it('documents every option and environment variable in --help', () => {
    const { code, stdout } = runCli(['--help'])
    expect(code).toBe(0)
    for (const name of [...Object.keys(RELAY_ENV), ...Object.keys(RELAY_FLAGS)]) {
      expect(stdout).toContain(name)
    }
    expect(stdout).toContain('/plivo/<authId>/status')
    expect(stdout).toContain('/metrics')
  })

  it('refuses to start on a bad configuration, naming the key', () => {
    const missing = runCli([])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/configuration error: no accounts configured/)

    const badPort = runCli([], { RELAY_ACCOUNTS: 'MA1:token-of-account-one', RELAY_PORT: 'x' })
    expect(badPort.code).toBe(1)
    expect(badPort.stderr).toMatch(/RELAY_PORT: must be a non-negative integer/)
  })
}, 60_000)
