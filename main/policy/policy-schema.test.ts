/**
 * A policy is checked value by value: a bad one is named and dropped, the rest applies; secrets
 * and unknown keys never get in.
 */
import { describe, expect, it } from 'vitest'
import { mergePolicies, parsePolicy } from './policy-schema'

const ORIGIN = '/etc/supervisor-desk/policy.json'

describe('parsePolicy', () => {
  it('takes every setting a policy can pin', () => {
    const everything = {
      relayUrl: 'https://relay.example.com',
      apiBaseUrl: 'https://plivo-proxy.example.com',
      supervisorEndpoint: 'sip:floor-7@phone.example.com',
      callerId: '+14155550100',
      thresholds: { customerWaitSec: 45, overtalkSec: 3 },
      demoAllowed: false,
      updateUrl: 'https://updates.example.com/desk/',
      autoUpdate: true,
    }
    const parsed = parsePolicy(structuredClone(everything), ORIGIN)
    expect(parsed.problems).toEqual([])
    expect(parsed.values).toEqual(everything)
  })

  it('drops a bad value with its reason and keeps the valid rest', () => {
    const parsed = parsePolicy(
      {
        relayUrl: 'ftp://relay.example.com',
        callerId: '+14155550100',
        supervisorEndpoint: 'alice',
        thresholds: { longHoldSec: 2, longSilenceSec: 30, lunchSec: 5 },
        updateUrl: 'http://updates.example.com/',
      },
      ORIGIN,
    )
    expect(parsed.values).toEqual({ callerId: '+14155550100', thresholds: { longSilenceSec: 30 } })
    expect(parsed.problems).toHaveLength(5)
    expect(parsed.problems[0]).toMatch(/^\/etc\/supervisor-desk\/policy.json: "relayUrl" ignored/)
    expect(parsed.problems.join('\n')).toContain(
      '"supervisorEndpoint" ignored: Supervisor endpoint',
    )
    expect(parsed.problems.join('\n')).toContain('"thresholds.longHoldSec" ignored')
    expect(parsed.problems.join('\n')).toContain('"thresholds.lunchSec" ignored: not a threshold')
    expect(parsed.problems.join('\n')).toContain('"updateUrl" ignored: must be an https:// URL')
  })

  it('never reads a secret, and says so', () => {
    const parsed = parsePolicy(
      { relayToken: 'leaked-1', PlivoAuthToken: 'leaked-2', relayUrl: 'https://r.example.com' },
      ORIGIN,
    )
    expect(parsed.values).toEqual({ relayUrl: 'https://r.example.com' })
    expect(JSON.stringify(parsed.values)).not.toContain('leaked')
    expect(parsed.problems).toEqual([
      `${ORIGIN}: "relayToken" ignored: secrets are never read from a policy (enter it in Settings).`,
      `${ORIGIN}: "PlivoAuthToken" ignored: secrets are never read from a policy (enter it in Settings).`,
    ])
  })

  it('matches names without case and takes 1 / 0 for booleans (the registry has neither)', () => {
    const parsed = parsePolicy({ RelayURL: 'https://r.example.com', DEMOALLOWED: 0 }, 'HKLM')
    expect(parsed).toEqual({
      values: { relayUrl: 'https://r.example.com', demoAllowed: false },
      problems: [],
    })
  })

  it('refuses a policy that is not an object as a whole', () => {
    expect(parsePolicy(['relayUrl'], ORIGIN)).toEqual({
      values: {},
      problems: [`${ORIGIN}: a policy must be an object of settings; none of it was applied.`],
    })
  })
})

describe('mergePolicies', () => {
  it('lets a later source win field by field, thresholds too', () => {
    expect(
      mergePolicies([
        { relayUrl: 'https://a.example.com', callerId: '+1555', thresholds: { longHoldSec: 60 } },
        { relayUrl: 'https://b.example.com', thresholds: { overtalkSec: 4 } },
      ]),
    ).toEqual({
      relayUrl: 'https://b.example.com',
      callerId: '+1555',
      thresholds: { longHoldSec: 60, overtalkSec: 4 },
    })
  })
})
