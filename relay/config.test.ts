import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RELAY_DEFAULTS, RelayConfigError, loadRelayConfig } from './config'

const TOKEN = 'auth-token-of-MA1'
let dir: string | undefined

function configFile(content: unknown): string {
  dir ??= mkdtempSync(join(tmpdir(), 'relay-config-'))
  const path = join(dir, 'relay.json')
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

function errorOf(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(RelayConfigError)
    return (err as Error).message
  }
  throw new Error('expected a RelayConfigError')
}

describe('loadRelayConfig', () => {
  it('reads accounts and supervisors from the environment, with defaults for the rest', () => {
    const config = loadRelayConfig({
      RELAY_ACCOUNTS: `MA1:${TOKEN}, MA2:other-token-2`,
      RELAY_SUPERVISORS: 'MA1:supervisor-secret-1,MA2:supervisor:secret:2',
      RELAY_PUBLIC_URL: 'https://relay.example.com/',
    })
    expect(config).toMatchObject({
      host: RELAY_DEFAULTS.host,
      port: RELAY_DEFAULTS.port,
      publicUrl: 'https://relay.example.com',
      logLimit: 50_000,
      endedGraceMs: 60_000,
      maxBodyBytes: 65_536,
      accounts: [
        { authId: 'MA1', authToken: TOKEN },
        { authId: 'MA2', authToken: 'other-token-2' },
      ],
      supervisors: [
        { authId: 'MA1', token: 'supervisor-secret-1' },
        { authId: 'MA2', token: 'supervisor:secret:2' },
      ],
    })
    expect(config.redisUrl).toBeUndefined()
  })

  it('merges a config file, then env, then flags (later wins)', () => {
    const file = configFile({
      port: 9000,
      host: '0.0.0.0',
      logLimit: 10,
      accounts: [{ authId: 'MA1', authToken: TOKEN }],
      supervisors: [{ token: 'supervisor-secret-1', authId: 'MA1' }],
    })
    const config = loadRelayConfig({ RELAY_CONFIG: file, RELAY_PORT: '9001' }, [
      '--port',
      '9002',
      '--redis-url=redis://127.0.0.1:6380',
    ])
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9002,
      logLimit: 10,
      redisUrl: 'redis://127.0.0.1:6380',
    })
    expect(loadRelayConfig({}, ['--config', file]).port).toBe(9000)
  })

  it('refuses a start without accounts, saying how to configure one', () => {
    expect(errorOf(() => loadRelayConfig({}))).toMatch(/RELAY_ACCOUNTS/)
  })

  it('names the bad key and where it came from', () => {
    const env = { RELAY_ACCOUNTS: `MA1:${TOKEN}` }
    expect(errorOf(() => loadRelayConfig({ ...env, RELAY_PORT: 'eighty' }))).toMatch(
      /RELAY_PORT: must be a non-negative integer/,
    )
    expect(errorOf(() => loadRelayConfig({ ...env, RELAY_PORT: '70000' }))).toMatch(
      /^port \(from RELAY_PORT\)/,
    )
    expect(errorOf(() => loadRelayConfig({ ...env, RELAY_PUBLIC_URL: 'ftp://x' }))).toMatch(
      /^publicUrl \(from RELAY_PUBLIC_URL\): must be an http\(s\) URL/,
    )
    expect(errorOf(() => loadRelayConfig({ ...env, REDIS_URL: 'localhost:6379' }))).toMatch(
      /^redisUrl \(from REDIS_URL\)/,
    )
    expect(
      errorOf(() => loadRelayConfig({ ...env, RELAY_SUPERVISORS: 'MA9:supervisor-secret' })),
    ).toMatch(/^supervisors\.0\.authId \(from RELAY_SUPERVISORS\): no account MA9/)
    expect(errorOf(() => loadRelayConfig({ RELAY_ACCOUNTS: 'MA1:short' }))).toMatch(
      /^accounts\.0\.authToken \(from RELAY_ACCOUNTS\): must be at least 8/,
    )
    expect(errorOf(() => loadRelayConfig({ RELAY_ACCOUNTS: 'MA1' }))).toMatch(
      /RELAY_ACCOUNTS: expected "AUTH_ID:VALUE"/,
    )
    expect(errorOf(() => loadRelayConfig(env, ['--bogus']))).toMatch(/unknown option --bogus/)
  })

  it('names the bad key inside the config file', () => {
    const typo = configFile({ accounts: [{ authId: 'MA1', authToken: TOKEN }], prot: 80 })
    expect(errorOf(() => loadRelayConfig({ RELAY_CONFIG: typo }))).toMatch(
      new RegExp(`config file ${typo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*prot`),
    )
    const badJson = configFile('{ "accounts": ')
    expect(errorOf(() => loadRelayConfig({ RELAY_CONFIG: badJson }))).toMatch(/not valid JSON/)
    const dupe = configFile({
      accounts: [
        { authId: 'MA1', authToken: TOKEN },
        { authId: 'MA1', authToken: TOKEN },
      ],
    })
    expect(errorOf(() => loadRelayConfig({ RELAY_CONFIG: dupe }))).toMatch(
      /^accounts\.1\.authId \(from config file .*\): duplicate/,
    )
    expect(errorOf(() => loadRelayConfig({ RELAY_CONFIG: '/nonexistent/relay.json' }))).toMatch(
      /cannot read config file/,
    )
  })
})
