/**
 * One callback on the wire: its form encoding, its V3 signature and the request options — made
 * cheap, because at 1,000+ callbacks a second every microsecond here is paid a thousand times.
 *
 * What is per target URL (the signed-URL prefix, the parsed request options) is worked out once
 * and kept; what is per callback (the params, the nonce) is all that is computed each time. The
 * results are byte for byte those of `URLSearchParams` and `computeSignatureV3` (tested against
 * both); anything the fast paths do not cover goes the general way.
 */
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import type { RequestOptions } from 'node:http'
import { urlToHttpOptions } from 'node:url'
import { computeSignatureV3, signedUrlV3 } from '../mpc/signature'
import type { CallbackTarget } from './types'

/** A callback ready to go on the wire: the exact URL, headers (signed) and body. */
export interface PreparedRequest {
  url: string
  /** Request options without method, headers, agent or timeout. */
  options: RequestOptions
  headers: Record<string, string>
  body: string | undefined
}

interface TargetInfo {
  /** Throws later, at send time, so a bad URL fails its callbacks and nothing else. */
  options: RequestOptions | Error
  /** `signedUrlV3('POST', url, params)` is this prefix + the sorted `key+value` pairs. */
  postPrefix: string | undefined
}

/** Form-safe as is (WHATWG application/x-www-form-urlencoded leaves exactly these alone). */
const FORM_SAFE = /^[A-Za-z0-9*\-._]*$/
/** What encodeURIComponent leaves alone but the form serializer escapes, and the space. */
const FORM_DIFFERENT = /%20|[!'()~]/g
/** Code points above U+FFFF sort differently by UTF-16 unit than by code point (signature.ts). */
const SURROGATE = /[\uD800-\uDFFF]/

/** `new URLSearchParams(params).toString()`, without building the object. */
export function formEncode(params: Record<string, string>): string {
  let out = ''
  for (const key in params) {
    if (out !== '') out += '&'
    out += `${formComponent(key)}=${formComponent(params[key] as string)}`
  }
  return out
}

function formComponent(text: string): string {
  if (FORM_SAFE.test(text)) return text
  let escaped: string
  try {
    escaped = encodeURIComponent(text)
  } catch {
    // A lone surrogate: the form serializer writes U+FFFD for it; let it.
    return new URLSearchParams([['', text]]).toString().slice(1)
  }
  return escaped.replace(FORM_DIFFERENT, (c) =>
    c === '%20' ? '+' : `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/** Encodes and signs callbacks for one account. */
export class CallbackEncoder {
  private readonly targets = new Map<string, TargetInfo>()
  private key: { token: string; object: KeyObject } | undefined

  constructor(private readonly authToken: () => string) {}

  /**
   * Encodes and signs one callback, with a fresh nonce. Throws for a URL no request can go to
   * (the caller fails that callback).
   */
  prepare(target: CallbackTarget, params: Record<string, string>): PreparedRequest {
    const info = this.target(target.url)
    if (info.options instanceof Error) throw info.options
    const nonce = makeNonce()
    const encoded = formEncode(params)
    const headers: Record<string, string> = { 'User-Agent': 'PlivoHTTP/1.0 (simulator)' }
    let url = target.url
    let body: string | undefined
    let options = info.options
    if (target.method === 'GET') {
      if (encoded) {
        url = `${url}${url.includes('?') ? '&' : '?'}${encoded}`
        const path = options.path ?? '/'
        options = { ...options, path: `${path}${path.includes('?') ? '&' : '?'}${encoded}` }
      }
    } else {
      body = encoded
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
      headers['Content-Length'] = String(Buffer.byteLength(body))
    }
    const signature = this.sign(target, info, params, nonce)
    headers['X-Plivo-Signature-V3'] = signature
    // One main account and no subaccounts: both signatures use the same token.
    headers['X-Plivo-Signature-Ma-V3'] = signature
    headers['X-Plivo-Signature-V3-Nonce'] = nonce
    return { url, options, headers, body }
  }

  private sign(
    target: CallbackTarget,
    info: TargetInfo,
    params: Record<string, string>,
    nonce: string,
  ): string {
    const token = this.authToken()
    const keys = Object.keys(params)
    // GET, no params, odd keys or a URL the signer cannot read: the general path.
    if (target.method !== 'POST' || info.postPrefix === undefined || keys.length === 0) {
      return computeSignatureV3({
        method: target.method,
        url: target.url,
        params,
        nonce,
        authToken: token,
      })
    }
    for (const key of keys) {
      if (SURROGATE.test(key)) {
        return computeSignatureV3({
          method: 'POST',
          url: target.url,
          params,
          nonce,
          authToken: token,
        })
      }
    }
    // Keys of a record are distinct, so sorting keys is sorting pairs; without surrogates,
    // UTF-16 order is code-point order.
    keys.sort()
    let message = info.postPrefix
    for (const key of keys) message += key + (params[key] as string)
    message += `.${nonce}`
    return createHmac('sha256', this.keyFor(token)).update(message, 'utf8').digest('base64')
  }

  private keyFor(token: string): KeyObject {
    if (this.key?.token !== token) {
      this.key = { token, object: createSecretKey(Buffer.from(token, 'utf8')) }
    }
    return this.key.object
  }

  private target(url: string): TargetInfo {
    let info = this.targets.get(url)
    if (info) return info
    let options: RequestOptions | Error
    try {
      options = urlToHttpOptions(new URL(url))
    } catch (error) {
      options = error instanceof Error ? error : new Error(String(error))
    }
    let postPrefix: string | undefined
    try {
      // One param with empty key and value adds nothing after the prefix: what is left is it.
      postPrefix = signedUrlV3('POST', url, { '': '' })
    } catch {
      postPrefix = undefined
    }
    info = { options, postPrefix }
    // Targets are a handful of configured URLs; the bound only guards against a test that
    // makes a new one per call.
    if (this.targets.size >= 1_000) this.targets.clear()
    this.targets.set(url, info)
    return info
  }
}

/** Random bytes drawn in blocks: one syscall per 200 nonces instead of one each. */
let pool = Buffer.alloc(0)
let poolAt = 0

/** 20 random decimal digits, like Plivo's nonces. */
function makeNonce(): string {
  let out = ''
  // 250 = the largest multiple of 10 ≤ 256; rejecting above it keeps the digits uniform.
  while (out.length < 20) {
    if (poolAt >= pool.length) {
      pool = randomBytes(4_000)
      poolAt = 0
    }
    const byte = pool[poolAt++] ?? 0
    if (byte < 250) out += String(byte % 10)
  }
  return out
}
