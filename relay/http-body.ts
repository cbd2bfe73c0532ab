/**
 * Reading a callback's parameters from an HTTP request: the query string for GET, a
 * form-encoded or JSON body for POST. The bytes come from `mpc/read-body.ts` (shared with the
 * simulator), which enforces the size limit while streaming.
 */
import type { IncomingMessage } from 'node:http'

/**
 * Parameters as Plivo signs them: a key's one value, or the list of its values when it repeats
 * (the signature covers every value; `singleValued` then refuses the callback). Plivo sends each
 * key once, so the common case builds no lists.
 */
export type CallbackParams = Record<string, string | string[]>

export type BodyError =
  | { status: 400; reason: 'unparsable'; error: string; field?: string }
  | { status: 415; reason: 'unsupported_type'; error: string }

export class BodyRejection extends Error {
  constructor(readonly rejection: BodyError) {
    super(rejection.error)
    this.name = 'BodyRejection'
  }
}

export type BodyKind = 'form' | 'json'

/** Decides from the headers alone how to read a POST body (415 before reading a byte). */
export function bodyKindOf(req: IncomingMessage): BodyKind {
  const header = req.headers['content-type']
  if (!header) {
    throw new BodyRejection({
      status: 415,
      reason: 'unsupported_type',
      error: 'missing Content-Type: send application/x-www-form-urlencoded or application/json',
    })
  }
  const [type = '', ...paramParts] = header.split(';').map((s) => s.trim().toLowerCase())
  const charset = paramParts.find((p) => p.startsWith('charset='))?.slice('charset='.length)
  if (charset && !['utf-8', 'utf8', '"utf-8"'].includes(charset)) {
    throw new BodyRejection({
      status: 415,
      reason: 'unsupported_type',
      error: `unsupported charset ${charset}: send UTF-8`,
    })
  }
  if (type === 'application/x-www-form-urlencoded') return 'form'
  if (type === 'application/json') return 'json'
  throw new BodyRejection({
    status: 415,
    reason: 'unsupported_type',
    error: `unsupported Content-Type ${type}: send application/x-www-form-urlencoded or application/json`,
  })
}

function unparsable(error: string, field?: string): BodyRejection {
  return new BodyRejection({ status: 400, reason: 'unparsable', error, field })
}

export function paramsFromSearch(search: URLSearchParams): CallbackParams {
  const params: CallbackParams = Object.create(null) as CallbackParams
  for (const [key, value] of search) {
    const earlier = params[key]
    if (earlier === undefined) params[key] = value
    else if (typeof earlier === 'string') params[key] = [earlier, value]
    else earlier.push(value)
  }
  return params
}

/** One for all requests: a whole-buffer (non-streaming) decode keeps no state between calls. */
const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** Body bytes → params. A JSON body must be one flat object of strings, numbers or booleans. */
export function paramsFromBody(kind: BodyKind, body: Buffer): CallbackParams {
  let text: string
  try {
    text = UTF8.decode(body)
  } catch {
    throw unparsable('body is not valid UTF-8')
  }
  if (kind === 'form') return paramsFromSearch(new URLSearchParams(text))
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw unparsable(`body is not valid JSON: ${(err as Error).message}`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw unparsable('JSON body must be an object of callback parameters')
  }
  const params: CallbackParams = Object.create(null) as CallbackParams
  for (const [key, value] of Object.entries(json)) {
    const text = (v: unknown): string => {
      if (typeof v === 'string') return v
      if (typeof v === 'number' || typeof v === 'boolean') return String(v)
      throw unparsable(`parameter ${key} must be a string, number or boolean`, key)
    }
    params[key] = Array.isArray(value) ? (value as unknown[]).map(text) : text(value)
  }
  return params
}

/**
 * Plivo sends each parameter once; a repeated key has no single meaning for the parser, so it
 * is refused rather than guessed at.
 */
export function singleValued(params: CallbackParams): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string') flat[key] = value
    else if (value.length === 1) flat[key] = value[0] ?? ''
    else throw unparsable(`parameter ${key} is repeated`, key)
  }
  return flat
}
