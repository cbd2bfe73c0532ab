/**
 * Plivo webhook signatures, V3 and the deprecated V2 (plivo-mpc.md §3).
 *
 * The message layout follows the official SDKs (Python `signature_v3.py`, Node `v3Security.js`,
 * Go `ComputeSignatureV3`), which agree on every published vector. Where they disagree on edge
 * cases, this module takes the documented behaviour and says so:
 * - The base URL is `scheme://host[:port]` + the path exactly as written (no decoding, trailing
 *   slash kept). User info (`user:pass@`) is not part of it, as in Node and Go.
 * - Keys and values sort by Unicode code point (Python and Go; Node sorts UTF-16 code units,
 *   which differs only for characters outside the Basic Multilingual Plane).
 * - Query values are percent-decoded with `+` as a space; a query key without `=` has the value
 *   `""` (Node and Go keep it; Python drops blank values).
 * - GET: `params` are merged into the URL's query, replacing the URL's values for the same key.
 *   Node concatenates instead, so there passing the full URL *and* its query as params fails;
 *   here both ways of calling work.
 *
 * Server-side only (relay, simulator): it uses `node:crypto`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export type SignatureMethod = 'GET' | 'POST'
export type SignatureParams = Record<string, string | string[]>

export interface SignatureV3Input {
  method: SignatureMethod
  /** The exact public URL Plivo requested, with its query string. */
  url: string
  /** The decoded form/body params (POST) or extra query params (GET). */
  params: SignatureParams
  /** `X-Plivo-Signature-V3-Nonce`. */
  nonce: string
  authToken: string
}

export interface SignatureV2Input {
  url: string
  nonce: string
  authToken: string
}

interface SplitUrl {
  /** `scheme://host[:port]/path`, path as written. */
  base: string
  /** The raw query string after `?` (without the fragment), or undefined when there is none. */
  query: string | undefined
}

const URL_PATTERN = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/

function splitUrl(url: string): SplitUrl {
  const match = URL_PATTERN.exec(url.trim())
  if (!match) throw new TypeError(`not an absolute URL: ${JSON.stringify(url)}`)
  const [, scheme = '', authority = '', path = '', query] = match
  const host = authority.slice(authority.lastIndexOf('@') + 1)
  if (host === '') throw new TypeError(`URL has no host: ${JSON.stringify(url)}`)
  return { base: `${scheme}://${host}${path}`, query }
}

/**
 * Percent-decoding as form decoders do it: `+` is a space, `%XX` is a byte, the bytes are read as
 * UTF-8 (invalid sequences become U+FFFD) and a `%` not followed by two hex digits stays as is.
 */
function decodeQueryComponent(text: string): string {
  const plain = text.replace(/\+/g, ' ')
  if (!plain.includes('%')) return plain
  const bytes: number[] = []
  for (let i = 0; i < plain.length;) {
    const code = plain.charCodeAt(i)
    if (code === 0x25 && /^[0-9A-Fa-f]{2}$/.test(plain.slice(i + 1, i + 3))) {
      bytes.push(parseInt(plain.slice(i + 1, i + 3), 16))
      i += 3
      continue
    }
    const char = String.fromCodePoint(plain.codePointAt(i) ?? code)
    for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte)
    i += char.length
  }
  return Buffer.from(bytes).toString('utf8')
}

function parseQuery(query: string | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>()
  if (query === undefined || query === '') return map
  for (const part of query.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const key = decodeQueryComponent(eq < 0 ? part : part.slice(0, eq))
    const value = eq < 0 ? '' : decodeQueryComponent(part.slice(eq + 1))
    const values = map.get(key)
    if (values) values.push(value)
    else map.set(key, [value])
  }
  return map
}

function toValues(value: string | string[]): string[] {
  return Array.isArray(value) ? [...value] : [value]
}

/** Sort by Unicode code point, the order Python and Go use. */
function byCodePoint(a: string, b: string): number {
  // Hot path (every callback's params are sorted): compare UTF-16 code units, which order the
  // same as code points until a surrogate is involved; only then walk the code points.
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    if (x < 0xd800 && y < 0xd800) return x - y
    return byCodePointSlow(a, b)
  }
  // One is a prefix of the other in code units: the shorter sorts first in code points too.
  return a.length - b.length
}

function byCodePointSlow(a: string, b: string): number {
  const ia = a[Symbol.iterator]()
  const ib = b[Symbol.iterator]()
  for (;;) {
    const ca = ia.next()
    const cb = ib.next()
    if (ca.done || cb.done) return ca.done === cb.done ? 0 : ca.done ? -1 : 1
    const d = (ca.value.codePointAt(0) ?? 0) - (cb.value.codePointAt(0) ?? 0)
    if (d !== 0) return d
  }
}

function sortedPairs(map: Map<string, string[]>): [string, string][] {
  const pairs: [string, string][] = []
  for (const key of [...map.keys()].sort(byCodePoint)) {
    const values = map.get(key) ?? []
    if (values.length === 1) pairs.push([key, values[0] as string])
    else for (const value of [...values].sort(byCodePoint)) pairs.push([key, value])
  }
  return pairs
}

function paramsMap(params: SignatureParams): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const [key, value] of Object.entries(params)) map.set(key, toValues(value))
  return map
}

/** The URL part of the signed message (everything before `.nonce`), per plivo-mpc.md §3.2. */
export function signedUrlV3(method: SignatureMethod, url: string, params: SignatureParams): string {
  const { base, query } = splitUrl(url)
  const queryMap = parseQuery(query)
  if (method === 'GET') {
    for (const [key, values] of paramsMap(params)) queryMap.set(key, values)
    const q = sortedPairs(queryMap)
      .map(([k, v]) => `${k}=${v}`)
      .join('&')
    return q === '' ? base : `${base}?${q}`
  }
  if (method !== 'POST') throw new TypeError(`unsupported method ${String(method)}`)
  const q = sortedPairs(queryMap)
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  if (Object.keys(params).length === 0) return q === '' ? base : `${base}?${q}`
  const body = sortedPairs(paramsMap(params))
    .map(([k, v]) => `${k}${v}`)
    .join('')
  return `${base}?${q === '' ? '' : `${q}.`}${body}`
}

function hmacBase64(authToken: string, message: string): string {
  return createHmac('sha256', authToken).update(message, 'utf8').digest('base64')
}

/** True when `header` (one or several comma-separated signatures) holds `expected`. */
function headerHolds(header: string, expected: string): boolean {
  const want = Buffer.from(expected, 'utf8')
  let found = false
  // Compare every candidate (no early exit) so timing says nothing about which one matched.
  for (const candidate of header.split(',')) {
    const got = Buffer.from(candidate.trim(), 'utf8')
    if (got.length === want.length && timingSafeEqual(got, want)) found = true
  }
  return found
}

/** `X-Plivo-Signature-V3` for a request. Throws TypeError on a URL that is not absolute. */
export function computeSignatureV3(input: SignatureV3Input): string {
  const message = `${signedUrlV3(input.method, input.url, input.params)}.${input.nonce}`
  return hmacBase64(input.authToken, message)
}

/**
 * Whether `signature` (the header value, possibly several comma-separated signatures) is valid
 * for the request. Never throws: any malformed input is simply not valid.
 */
export function validateSignatureV3(input: SignatureV3Input & { signature: string }): boolean {
  try {
    if (typeof input.signature !== 'string' || input.signature === '') return false
    if (typeof input.authToken !== 'string' || input.authToken === '') return false
    if (typeof input.nonce !== 'string') return false
    return headerHolds(input.signature, computeSignatureV3(input))
  } catch {
    return false
  }
}

/** Deprecated V2: `base64(HMAC_SHA256(authToken, scheme://host/path + nonce))`; no query, no params. */
export function computeSignatureV2(input: SignatureV2Input): string {
  return hmacBase64(input.authToken, splitUrl(input.url).base + input.nonce)
}

export function validateSignatureV2(input: SignatureV2Input & { signature: string }): boolean {
  try {
    if (typeof input.signature !== 'string' || input.signature === '') return false
    if (typeof input.authToken !== 'string' || input.authToken === '') return false
    if (typeof input.nonce !== 'string') return false
    return headerHolds(input.signature, computeSignatureV2(input))
  } catch {
    return false
  }
}
