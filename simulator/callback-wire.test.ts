/**
 * The fast encoding and signing must be exactly what URLSearchParams and the shared V3 signer
 * produce, for any params and any callback URL — the relay and the SDK validate these bytes.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeSignatureV3 } from '../mpc/signature'
import { CallbackEncoder, formEncode } from './callback-wire'

const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', ' ', "!'()~*-._", 'a+b=c&d', '\uD800', 'x\uDC00y', '😀', 'é ü'),
)
const paramsArb = fc.dictionary(
  fc.oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1 }), anyText),
  anyText,
)
const urlArb = fc.constantFrom(
  'http://127.0.0.1:8080/plivo/MA123/status',
  'http://127.0.0.1:8080/plivo/MA123/status/',
  'http://user:pw@example.com/cb?b=2&a=1&a=0',
  'https://example.com/cb?x=%20y+z&empty&k=',
  'http://[::1]:9000/p?q=1#frag',
)

describe('callback wire encoding', () => {
  it('form-encodes exactly as URLSearchParams does', () => {
    fc.assert(
      fc.property(paramsArb, (params) => {
        expect(formEncode(params)).toBe(new URLSearchParams(params).toString())
      }),
      { numRuns: 500 },
    )
  })

  it('signs exactly as computeSignatureV3 does, POST and GET, any URL and params', () => {
    const token = 'tok-en/+=é'
    const encoder = new CallbackEncoder(() => token)
    fc.assert(
      fc.property(
        urlArb,
        fc.constantFrom('GET', 'POST') as fc.Arbitrary<'GET' | 'POST'>,
        paramsArb,
        (url, method, params) => {
          const prepared = encoder.prepare({ url, method }, params)
          const nonce = prepared.headers['X-Plivo-Signature-V3-Nonce'] ?? ''
          expect(nonce).toMatch(/^\d{20}$/)
          const expected = computeSignatureV3({ method, url, params, nonce, authToken: token })
          expect(prepared.headers['X-Plivo-Signature-V3']).toBe(expected)
          expect(prepared.headers['X-Plivo-Signature-Ma-V3']).toBe(expected)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('POSTs the form as the body to the URL as configured; GET carries it in the query', () => {
    const encoder = new CallbackEncoder(() => 'token')
    const params = { EventName: 'ParticipantJoin', MPCName: 'a b&c' }
    const post = encoder.prepare({ url: 'http://127.0.0.1:81/cb?k=1', method: 'POST' }, params)
    expect(post).toMatchObject({
      url: 'http://127.0.0.1:81/cb?k=1',
      options: { protocol: 'http:', hostname: '127.0.0.1', port: 81, path: '/cb?k=1' },
      body: 'EventName=ParticipantJoin&MPCName=a+b%26c',
    })
    expect(post.headers['Content-Length']).toBe(String(post.body?.length))
    const get = encoder.prepare({ url: 'http://127.0.0.1:81/cb?k=1', method: 'GET' }, params)
    expect(get.body).toBeUndefined()
    expect(get.url).toBe('http://127.0.0.1:81/cb?k=1&EventName=ParticipantJoin&MPCName=a+b%26c')
    expect(get.options.path).toBe('/cb?k=1&EventName=ParticipantJoin&MPCName=a+b%26c')
  })

  it('refuses a URL no request can go to, so that callback fails alone', () => {
    const encoder = new CallbackEncoder(() => 'token')
    expect(() => encoder.prepare({ url: 'not a url', method: 'POST' }, { A: '1' })).toThrow()
  })
})
