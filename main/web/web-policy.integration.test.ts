/**
 * The web host's `--policy <file>`: the policy's problems are printed at launch (the host's
 * log), the browser gets them with the pinned fields, and the desk starts with the valid rest,
 * out of demo mode when the policy does not allow it, even with `--demo`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemorySecretStore } from '../services/secret-store'
import { runWebDesk, WebDeskStartError, type RunningWebDesk } from './run-web-desk'
import { parseWebOptions } from './web-options'

let dir: string
let running: RunningWebDesk | undefined
let printed: string[]

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'desk-web-policy-'))
  printed = []
})
afterEach(async () => {
  await running?.stop()
  running = undefined
  await rm(dir, { recursive: true, force: true })
})

async function start(policy: unknown, argv: string[] = []): Promise<RunningWebDesk> {
  const file = join(dir, 'policy.json')
  await writeFile(file, typeof policy === 'string' ? policy : JSON.stringify(policy))
  running = await runWebDesk(
    {
      ...parseWebOptions([...argv, '--data-dir', join(dir, 'data'), '--policy', file]),
      open: false,
    },
    {
      rendererDir: dir,
      print: (line) => printed.push(line),
      secrets: createMemorySecretStore(),
      env: {},
    },
  )
  return running
}

describe('the web host with --policy', () => {
  it('prints what was wrong, applies the rest, and keeps the desk out of demo mode', async () => {
    const desk = await start({
      relayUrl: 'https://relay.example.com',
      callerId: 'not a number',
      demoAllowed: false,
    })
    expect(printed).toContain(`Managed policy from ${join(dir, 'policy.json')}.`)
    expect(printed.join('\n')).toMatch(/Managed policy problem: .*"callerId" ignored: Caller ID/)

    const settings = await desk.desk.invoke['settings:get'](undefined)
    expect(settings.demo).toBe(false)
    expect(settings.relayUrl).toBe('https://relay.example.com')
    expect(settings.policy?.pinned).toEqual(['relayUrl', 'demo'])
    expect(settings.policy?.problems).toHaveLength(1)
    expect(desk.desk.demo()).toBeUndefined()
    expect((await desk.desk.invoke['desk:connection'](undefined)).reason).toMatch(/Not configured/)
    expect(printed).toContain(
      'Not configured yet: enter the relay and the Plivo account in Settings.',
    )
  })

  it('refuses --demo when the policy does not allow demo mode', async () => {
    const refused = start({ demoAllowed: false }, ['--demo'])
    await expect(refused).rejects.toThrow(WebDeskStartError)
    await expect(refused).rejects.toThrow(
      'Cannot start --demo: Demo mode is turned off by your organisation.',
    )
  })

  it('names a policy file that is not JSON and starts as if there were none', async () => {
    const desk = await start('{ "relayUrl": ')
    expect(printed.join('\n')).toContain('is not valid JSON')
    expect((await desk.desk.invoke['settings:get'](undefined)).policy?.pinned).toEqual([])
  })
})
