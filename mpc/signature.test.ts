import { createRequire } from 'node:module'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  computeSignatureV2,
  computeSignatureV3,
  signedUrlV3,
  validateSignatureV2,
  validateSignatureV3,
  type SignatureParams,
} from './signature'

const require = createRequire(import.meta.url)
// The official SDK is the oracle (a dev dependency, never used at runtime).
const plivoV3 = require('plivo/dist/utils/v3Security.js') as {
  validateV3Signature: (
    method: string,
    uri: string,
    nonce: string,
    authToken: string,
    signature: string,
    params?: Record<string, string | string[]>,
  ) => boolean
}
const plivoV2 = require('plivo/dist/utils/security.js') as {
  validateSignature: (uri: string, nonce: string, signature: string, authToken: string) => boolean
}

describe('signature V3: plivo-go published vectors', () => {
  const authToken = 'Y2Q2ZDgxZmY5YWRiOTI5YmQ1Njg0MTAxZWIyOTc4'
  const nonce = '31627761595286130198'
  const params = {
    Direction: 'outbound',
    From: '19792014278',
    ALegUUID: '3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36',
    CallStatus: 'in-progress',
    BillRate: '0.002',
    ParentAuthID: 'MANWVLYTK4ZWU1YTY4QA',
    To: 'sip:PlivoSignature382029104058171078704104@phone-qa.voice.plivodev.com',
    ALegRequestUUID: '3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36',
    CallUUID: '3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36',
    RequestUUID: '3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36',
    'SIP-H-To': '<sip:PlivoSignature382029104058171078704104@52.9.11.55;transport=udp>;tag=1',
    SessionStart: '2020-04-08 11:34:33.238707',
    Event: 'StartApp',
  }
  const withQuery = 'https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml/?a=b&c=d'
  const bare = 'https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml'
  const vectors = [
    { url: withQuery, method: 'POST', sig: 'k7Pusd4OxCIjR5IfA9iedDNu/h/gbdYqdzG/MiYtd1c=' },
    { url: withQuery, method: 'GET', sig: 'UBq8jAtd32wR8EK9VgxbBn4n5rpI/l1H9iN4WfSEHFQ=' },
    { url: bare, method: 'POST', sig: 'iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=' },
    { url: bare, method: 'GET', sig: 'i/MQsaQSAd6fiKhOh2qeeeLHZ9faldADSb3/7+Akfbc=' },
  ] as const

  for (const v of vectors) {
    it(`${v.method} ${v.url}`, () => {
      const input = { method: v.method, url: v.url, params, nonce, authToken }
      expect(computeSignatureV3(input)).toBe(v.sig)
      expect(validateSignatureV3({ ...input, signature: v.sig })).toBe(true)
      expect(validateSignatureV3({ ...input, authToken: authToken + 'x', signature: v.sig })).toBe(
        false,
      )
    })
  }

  it('signs the message layout of the documentation', () => {
    const message = signedUrlV3('POST', withQuery, params)
    expect(message.startsWith(`${withQuery}.ALegRequestUUID3e82`)).toBe(true)
    expect(message).toContain('EventStartApp')
  })
})

describe('signature V3: MPC vectors (plivo-mpc.md §3.3)', () => {
  const authToken = 'MY_TEST_AUTH_TOKEN'
  const nonce = '12345678901234567890'
  const params = {
    EventName: 'ParticipantJoin',
    EventTimestamp: '2024-05-01 10:00:00+00:00',
    MPCUUID: '8742d531-292a-46aa-8754-836be1092885',
    MPCName: 'room 1+a',
    MemberID: '355',
    ParticipantRole: 'Supervisor',
    ParticipantCallUUID: 'dd473c48-34a6-4d67-a033-af590b41c23f',
    ParticipantCoachMode: 'true',
  }

  it('POST with a configured query string', () => {
    const input = {
      method: 'POST' as const,
      url: 'https://example.com/mpc/events?tenant=acme',
      params,
      nonce,
      authToken,
    }
    expect(signedUrlV3(input.method, input.url, params)).toBe(
      'https://example.com/mpc/events?tenant=acme.EventNameParticipantJoinEventTimestamp2024-05-01 10:00:00+00:00MPCNameroom 1+aMPCUUID8742d531-292a-46aa-8754-836be1092885MemberID355ParticipantCallUUIDdd473c48-34a6-4d67-a033-af590b41c23fParticipantCoachModetrueParticipantRoleSupervisor',
    )
    expect(computeSignatureV3(input)).toBe('0qO3IO/BBzPdv8lxDZupUWE56nkS/X0BZP0oh5Q+iKw=')
  })

  it('GET with the params in the query string, passed either way', () => {
    const expected = 'K8Nxi/1IBF2ofyzGbAmY/pei2sAYkE2hGGzmDgmv0fw='
    const bare = 'https://example.com/mpc/events'
    const full = `${bare}?${new URLSearchParams(params).toString()}`
    const base = { method: 'GET' as const, nonce, authToken }
    expect(computeSignatureV3({ ...base, url: bare, params })).toBe(expected)
    expect(computeSignatureV3({ ...base, url: full, params: {} })).toBe(expected)
    // The relay may pass the full URL and its decoded query: the SDK pitfall of §3.2 is avoided.
    expect(computeSignatureV3({ ...base, url: full, params })).toBe(expected)
  })

  it('a still-percent-encoded value does not match (values are signed decoded)', () => {
    const input = {
      method: 'POST' as const,
      url: 'https://example.com/mpc/events?tenant=acme',
      params: { ...params, MPCName: 'room%201%2Ba' },
      nonce,
      authToken,
    }
    expect(
      validateSignatureV3({ ...input, signature: '0qO3IO/BBzPdv8lxDZupUWE56nkS/X0BZP0oh5Q+iKw=' }),
    ).toBe(false)
  })
})

describe('signature V3: validation', () => {
  const input = {
    method: 'POST' as const,
    url: 'https://relay.example.com/plivo/MA123/status',
    params: { EventName: 'MPCStart', MPCUUID: 'u-1' },
    nonce: '99',
    authToken: 'token',
  }
  const good = computeSignatureV3(input)

  it('accepts any one of several comma-separated signatures', () => {
    expect(validateSignatureV3({ ...input, signature: `AAAA,${good}` })).toBe(true)
    expect(validateSignatureV3({ ...input, signature: `${good}, AAAA` })).toBe(true)
    expect(validateSignatureV3({ ...input, signature: 'AAAA,BBBB' })).toBe(false)
  })

  it('rejects a changed param, nonce, method or URL', () => {
    expect(validateSignatureV3({ ...input, signature: good })).toBe(true)
    expect(
      validateSignatureV3({
        ...input,
        params: { ...input.params, MPCUUID: 'u-2' },
        signature: good,
      }),
    ).toBe(false)
    expect(validateSignatureV3({ ...input, nonce: '98', signature: good })).toBe(false)
    expect(validateSignatureV3({ ...input, method: 'GET', signature: good })).toBe(false)
    expect(validateSignatureV3({ ...input, url: `${input.url}/`, signature: good })).toBe(false)
  })

  it('returns false, never throws, on garbage', () => {
    const garbage: unknown[] = ['', ',', ' , ', 'é', '\u0000', good.slice(0, -1), `${good}x`]
    for (const signature of garbage) {
      expect(validateSignatureV3({ ...input, signature: signature as string })).toBe(false)
    }
    const loose = input as unknown as Record<string, unknown>
    const broken: Record<string, unknown>[] = [
      { ...loose, signature: undefined },
      { ...loose, signature: good, url: 'not a url' },
      { ...loose, signature: good, url: '/relative/path' },
      { ...loose, signature: good, method: 'PUT' },
      { ...loose, signature: good, authToken: '' },
      { ...loose, signature: good, nonce: undefined },
      { ...loose, signature: good, params: null },
    ]
    for (const b of broken) {
      expect(validateSignatureV3(b as unknown as Parameters<typeof validateSignatureV3>[0])).toBe(
        false,
      )
    }
  })

  it('throws a TypeError when asked to sign a URL that is not absolute', () => {
    expect(() => computeSignatureV3({ ...input, url: 'example.com/x' })).toThrow(TypeError)
  })
})

describe('signature V2', () => {
  it('matches the published vector', () => {
    const input = { url: 'https://answer.url', nonce: '12345', authToken: 'my_auth_token' }
    const sig = 'ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc='
    expect(computeSignatureV2(input)).toBe(sig)
    expect(validateSignatureV2({ ...input, signature: sig })).toBe(true)
    expect(validateSignatureV2({ ...input, signature: `x,${sig}` })).toBe(true)
    expect(validateSignatureV2({ ...input, nonce: '12346', signature: sig })).toBe(false)
    expect(validateSignatureV2({ ...input, url: 'nope', signature: sig })).toBe(false)
  })

  it('ignores the query string and fragment', () => {
    const input = { url: 'https://answer.url/a/b', nonce: '1', authToken: 't' }
    expect(computeSignatureV2({ ...input, url: `${input.url}?x=1#frag` })).toBe(
      computeSignatureV2(input),
    )
  })
})

// Characters the SDK sorts the same way we do: it sorts UTF-16 code units, we sort code points,
// and the two orders differ only between U+E000–U+FFFF and astral characters.
const textChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0xa0, max: 0x2ff }),
  fc.integer({ min: 0x4e00, max: 0x4e3f }),
  fc.integer({ min: 0x1f600, max: 0x1f64f }),
  fc.constantFrom(0x20, 0x2b, 0x25, 0x26, 0x3d, 0x2e),
)
const text = fc.array(textChar, { maxLength: 12 }).map((cs) => String.fromCodePoint(...cs))
const queryKey = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/)
const paramKey = fc.oneof(
  fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,10}$/),
  fc.constantFrom('SIP-H-To', 'X-PH-Header', 'EventName', 'MPCUUID'),
)
const pathSegment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/)

const urlArb = fc
  .record({
    scheme: fc.constantFrom('http', 'https'),
    host: fc.constantFrom('example.com', 'relay.example.com', '127.0.0.1', 'Host.Example.ORG'),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    segments: fc.array(pathSegment, { maxLength: 4 }),
    trailingSlash: fc.boolean(),
    query: fc.option(fc.array(fc.tuple(queryKey, text), { maxLength: 4 }), { nil: undefined }),
    plusForSpace: fc.boolean(),
  })
  .map((u) => {
    const path = u.segments.length === 0 && !u.trailingSlash ? '' : `/${u.segments.join('/')}`
    const slash = u.trailingSlash && u.segments.length > 0 ? '/' : ''
    const encode = (s: string) =>
      u.plusForSpace ? encodeURIComponent(s).replace(/%20/g, '+') : encodeURIComponent(s)
    const query =
      u.query === undefined ? '' : `?${u.query.map(([k, v]) => `${k}=${encode(v)}`).join('&')}`
    return `${u.scheme}://${u.host}${u.port === undefined ? '' : `:${u.port}`}${path}${slash}${query}`
  })

const paramsArb: fc.Arbitrary<SignatureParams> = fc.dictionary(
  paramKey,
  fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })),
  { maxKeys: 6 },
)

function copyParams(params: SignatureParams): SignatureParams {
  // The SDK sorts arrays in place; give it its own copy.
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]),
  )
}

describe('signature V3: random inputs agree with the official plivo SDK', () => {
  it('computes what the SDK accepts, and a wrong signature is refused by both', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET' as const, 'POST' as const),
        urlArb,
        paramsArb,
        fc.stringMatching(/^[0-9]{1,20}$/),
        fc.stringMatching(/^[A-Za-z0-9]{1,40}$/),
        (method, url, params, nonce, authToken) => {
          const signature = computeSignatureV3({ method, url, params, nonce, authToken })
          expect(
            plivoV3.validateV3Signature(
              method,
              url,
              nonce,
              authToken,
              signature,
              copyParams(params),
            ),
          ).toBe(true)
          expect(validateSignatureV3({ method, url, params, nonce, authToken, signature })).toBe(
            true,
          )
          const wrong = computeSignatureV3({ method, url, params, nonce: `${nonce}0`, authToken })
          expect(
            plivoV3.validateV3Signature(method, url, nonce, authToken, wrong, copyParams(params)),
          ).toBe(false)
          expect(
            validateSignatureV3({ method, url, params, nonce, authToken, signature: wrong }),
          ).toBe(false)
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('GET: the URL query plus params signs like the full URL alone', () => {
    fc.assert(
      fc.property(urlArb, paramsArb, (url, params) => {
        const flat = Object.entries(params).flatMap(([k, v]) =>
          (Array.isArray(v) ? v : [v]).map((x) => [k, x] as [string, string]),
        )
        const sep = url.includes('?') ? (url.endsWith('?') ? '' : '&') : '?'
        const full = flat.length === 0 ? url : `${url}${sep}${new URLSearchParams(flat).toString()}`
        const input = { method: 'GET' as const, nonce: '1', authToken: 'tok' }
        expect(computeSignatureV3({ ...input, url, params })).toBe(
          computeSignatureV3({ ...input, url: full, params: {} }),
        )
      }),
      { numRuns: 300 },
    )
  })
})

describe('signature V2: random inputs agree with the official plivo SDK', () => {
  it('computes what the SDK accepts', () => {
    fc.assert(
      fc.property(
        urlArb,
        fc.stringMatching(/^[0-9]{1,20}$/),
        fc.stringMatching(/^[A-Za-z0-9]{1,40}$/),
        (url, nonce, authToken) => {
          const signature = computeSignatureV2({ url, nonce, authToken })
          expect(plivoV2.validateSignature(url, nonce, signature, authToken)).toBe(true)
          expect(validateSignatureV2({ url, nonce, authToken, signature })).toBe(true)
        },
      ),
      { numRuns: 300 },
    )
  })
})
