/**
 * Each OS's places, read through a fake file system and fake commands (plutil and reg do not
 * exist on a Linux runner): what IT put there becomes the desk's policy, the OS's own channel
 * wins over the JSON file, and a broken source is named without stopping the others.
 */
import { describe, expect, it } from 'vitest'
import { parseRegQuery } from './policy-sources'
import {
  APP_ID,
  LINUX_POLICY_FILE,
  MAC_POLICY_FILE,
  readPolicy,
  WINDOWS_POLICY_KEY,
} from './read-policy'
import { failing, fakeIo } from './testing/fake-io'

const MANAGED = `/Library/Managed Preferences/${APP_ID}.plist`

describe('Linux: /etc/supervisor-desk/policy.json', () => {
  it('reads the file', async () => {
    const io = fakeIo({
      [LINUX_POLICY_FILE]: JSON.stringify({ relayUrl: 'https://relay.example.com' }),
    })
    expect(await readPolicy({ platform: 'linux', io })).toEqual({
      values: { relayUrl: 'https://relay.example.com' },
      problems: [],
      sources: [LINUX_POLICY_FILE],
    })
  })

  it('is no policy at all when there is no file', async () => {
    expect(await readPolicy({ platform: 'linux', io: fakeIo() })).toEqual({
      values: {},
      problems: [],
      sources: [],
    })
  })

  it('names a file that is not JSON, and applies none of it', async () => {
    const io = fakeIo({ [LINUX_POLICY_FILE]: '{ "relayUrl": "https://relay.example.com", ' })
    const policy = await readPolicy({ platform: 'linux', io })
    expect(policy.values).toEqual({})
    expect(policy.problems).toHaveLength(1)
    expect(policy.problems[0]).toMatch(
      /^\/etc\/supervisor-desk\/policy.json is not valid JSON \(.+\): none of it was applied\.$/,
    )
  })

  it('names a file it may not read', async () => {
    const io = fakeIo()
    io.readFile = async () => {
      throw Object.assign(new Error("EACCES: permission denied, open '…'"), { code: 'EACCES' })
    }
    const policy = await readPolicy({ platform: 'linux', io })
    expect(policy.problems[0]).toContain('cannot be read (EACCES: permission denied')
  })

  it('reads only the given file when told to (the web host’s --policy)', async () => {
    const io = fakeIo({
      [LINUX_POLICY_FILE]: JSON.stringify({ callerId: '+15550001' }),
      '/tmp/try.json': JSON.stringify({ demoAllowed: false }),
    })
    const policy = await readPolicy({ platform: 'linux', io, file: '/tmp/try.json' })
    expect(policy.values).toEqual({ demoAllowed: false })
  })
})

describe('macOS: managed preferences', () => {
  const plutil = (plists: Record<string, unknown>) => ({
    '/usr/bin/plutil': (args: readonly string[]) => {
      const path = args.at(-1) ?? ''
      if (!(path in plists)) throw new Error(`${path}: file does not exist`)
      return JSON.stringify(plists[path])
    },
  })

  it('reads the profile’s plist through plutil, over the JSON file', async () => {
    const io = fakeIo(
      {
        [MAC_POLICY_FILE]: JSON.stringify({
          relayUrl: 'https://file.example.com',
          callerId: '+1555',
        }),
        [MANAGED]: '(binary plist)',
      },
      plutil({
        [MANAGED]: { relayUrl: 'https://mdm.example.com', thresholds: { longHoldSec: 90 } },
      }),
    )
    const policy = await readPolicy({ platform: 'darwin', io })
    expect(policy.values).toEqual({
      relayUrl: 'https://mdm.example.com',
      callerId: '+1555',
      thresholds: { longHoldSec: 90 },
    })
    expect(policy.sources).toEqual([MAC_POLICY_FILE, MANAGED])
    expect(io.ran).toEqual([`/usr/bin/plutil -convert json -o - -- ${MANAGED}`])
  })

  it('lets a profile scoped to the user win over the machine’s', async () => {
    const mine = `/Library/Managed Preferences/alice/${APP_ID}.plist`
    const io = fakeIo(
      { [MANAGED]: 'x', [mine]: 'x' },
      plutil({
        [MANAGED]: { callerId: '+15550001', demoAllowed: false },
        [mine]: { callerId: '+15550002' },
      }),
    )
    const policy = await readPolicy({ platform: 'darwin', io, user: 'alice' })
    expect(policy.values).toEqual({ callerId: '+15550002', demoAllowed: false })
  })

  it('names a plist plutil cannot convert and keeps the other sources', async () => {
    const io = fakeIo(
      { [MANAGED]: 'x', [MAC_POLICY_FILE]: JSON.stringify({ callerId: '+1555' }) },
      { '/usr/bin/plutil': failing(1, 'invalid object in plist for destination format') },
    )
    const policy = await readPolicy({ platform: 'darwin', io })
    expect(policy.values).toEqual({ callerId: '+1555' })
    expect(policy.problems).toEqual([
      `${MANAGED} cannot be read (invalid object in plist for destination format): ` +
        'none of it was applied.',
    ])
  })

  it('runs nothing when there is no profile', async () => {
    const io = fakeIo({}, plutil({}))
    expect((await readPolicy({ platform: 'darwin', io })).sources).toEqual([])
    expect(io.ran).toEqual([])
  })
})

describe('Windows: HKLM\\Software\\Policies\\SupervisorDesk', () => {
  const REG_OUTPUT = [
    '',
    'HKEY_LOCAL_MACHINE\\Software\\Policies\\SupervisorDesk',
    '    relayUrl    REG_SZ    https://relay.example.com',
    '    DemoAllowed    REG_DWORD    0x0',
    '    (Default)    REG_SZ    ',
    '    notes    REG_MULTI_SZ    a\\0b',
    '',
    'HKEY_LOCAL_MACHINE\\Software\\Policies\\SupervisorDesk\\thresholds',
    '    customerWaitSec    REG_DWORD    0x3c',
    '',
  ].join('\r\n')

  it('reads values and the thresholds subkey from reg query', async () => {
    const io = fakeIo({}, { reg: () => REG_OUTPUT })
    const policy = await readPolicy({ platform: 'win32', io, env: {} })
    expect(policy.values).toEqual({
      relayUrl: 'https://relay.example.com',
      demoAllowed: false,
      thresholds: { customerWaitSec: 60 },
    })
    // The multi-string and the unnamed default are not settings: skipped, not reported.
    expect(policy.problems).toEqual([])
    expect(io.ran).toEqual([`reg query ${WINDOWS_POLICY_KEY} /s /reg:64`])
  })

  it('is no policy when the key does not exist', async () => {
    const io = fakeIo(
      {},
      {
        reg: failing(
          1,
          'ERROR: The system was unable to find the specified registry key or value.',
        ),
      },
    )
    expect(await readPolicy({ platform: 'win32', io, env: {} })).toEqual({
      values: {},
      problems: [],
      sources: [],
    })
  })

  it('lets the registry win over %ProgramData%\\SupervisorDesk\\policy.json', async () => {
    const file = 'D:\\Data\\SupervisorDesk\\policy.json'
    const io = fakeIo(
      { [file]: JSON.stringify({ relayUrl: 'https://file.example.com', callerId: '+1555' }) },
      { reg: () => REG_OUTPUT },
    )
    const policy = await readPolicy({ platform: 'win32', io, env: { ProgramData: 'D:\\Data' } })
    expect(policy.values.relayUrl).toBe('https://relay.example.com')
    expect(policy.values.callerId).toBe('+1555')
    expect(policy.sources).toEqual([file, WINDOWS_POLICY_KEY])
  })

  it('names a registry that cannot be read', async () => {
    const io = fakeIo({}, { reg: failing(1, 'ERROR: Access is denied.') })
    const policy = await readPolicy({ platform: 'win32', io, env: {} })
    expect(policy.problems).toEqual([
      `${WINDOWS_POLICY_KEY} cannot be read (ERROR: Access is denied.): none of it was applied.`,
    ])
  })
})

describe('parseRegQuery', () => {
  it('keeps only the keys under the root, nested by subkey', () => {
    const out = parseRegQuery(
      [
        'HKEY_LOCAL_MACHINE\\Software\\Policies\\SupervisorDesk\\a\\b',
        '    n    REG_QWORD    0x10',
        'HKEY_LOCAL_MACHINE\\Software\\Other',
        '    x    REG_SZ    y',
      ].join('\n'),
      WINDOWS_POLICY_KEY,
    )
    expect(out).toEqual({ a: { b: { n: 16 } } })
  })
})
