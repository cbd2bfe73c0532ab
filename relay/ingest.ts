/**
 * HTTP ingest of Plivo callbacks: `POST|GET /plivo/:authId/status`, `/recording` and
 * `/ai-stream` (the element's `aiAgentStreamStatusCallbackUrl`: AI agent stream status, mpc/events.ts
 * `AI_STREAM_EVENTS`). All three are signed, checked, ordered, stored and fanned out alike.
 *
 * Checks run cheapest first, and every refusal happens before anything is stored or sent:
 * 404 unknown route or account → 405 other methods → 403 no signature → 415 body type →
 * 413 body size (while streaming) → 400 unreadable body → 403 wrong signature → 400 not a
 * callback the parser understands. Then the event is appended (or found to be a redelivery) and
 * the answer is 200 `{ seq }`.
 *
 * Signatures are over `publicUrl` + the path and query as received, the URL Plivo called; the
 * request's own Host header is never trusted. Either `X-Plivo-Signature-V3` or
 * `X-Plivo-Signature-Ma-V3` may carry the valid signature (a sub-account's callbacks are signed
 * with its own token in the first and the main account's token in the second).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type pino from 'pino'
import type { CallbackKind } from '../mpc/events'
import { parseCallback } from '../mpc/parse'
import { BodyTooLargeError, readBody } from '../mpc/read-body'
import { validateSignatureV3 } from '../mpc/signature'
import type { EncodedEvent } from './encoded-event'
import { StoreUnavailableError, type EventStore } from './event-store'
import { sendJson } from './json-response'
import {
  BodyRejection,
  bodyKindOf,
  paramsFromBody,
  paramsFromSearch,
  singleValued,
  type CallbackParams,
} from './http-body'
import type { RejectReason, RelayMetrics } from './metrics'

const ROUTE = /^\/plivo\/([^/]+)\/(status|recording|ai-stream)\/?$/

export interface IngestOptions {
  accounts: ReadonlyMap<string, string>
  publicUrl: () => string
  maxBodyBytes: number
  store: EventStore
  /** `epoch`: the log the message was appended to. */
  publish: (authId: string, message: EncodedEvent, epoch: string) => void
  metrics: RelayMetrics
  log: pino.Logger
}

export interface IngestRoute {
  authId: string
  kind: CallbackKind
}

/** Matches an ingest path, or undefined for any other path. */
export function matchIngestRoute(pathname: string): IngestRoute | undefined {
  const m = ROUTE.exec(pathname)
  if (!m) return undefined
  let authId: string
  try {
    authId = decodeURIComponent(m[1] ?? '')
  } catch {
    return undefined
  }
  const kind = m[2] === 'recording' || m[2] === 'ai-stream' ? m[2] : 'status'
  return { authId, kind }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v.join(',') : v
}

export function createIngestHandler(options: IngestOptions): (
  req: IncomingMessage,
  res: ServerResponse,
  route: IngestRoute,
  /** The request's query, parsed as `URL` parses it (read only for a GET). */
  query: () => URLSearchParams,
) => Promise<void> {
  const { metrics, log } = options
  // prom-client hashes a label set on every `inc`; one child per account and kind is found once.
  const acceptedCounters = new Map<string, { inc(): void }>()
  const countAccepted = (authId: string, kind: CallbackKind): void => {
    const key = `${kind}\n${authId}`
    let counter = acceptedCounters.get(key)
    if (!counter) {
      counter = metrics.accepted.labels({ account: authId, kind })
      acceptedCounters.set(key, counter)
    }
    counter.inc()
  }

  const reject = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    reason: RejectReason,
    error: string,
    extra: { field?: string; authId?: string } = {},
  ): void => {
    metrics.rejected.inc({ reason })
    log.warn(
      {
        reason,
        status,
        authId: extra.authId,
        field: extra.field,
        address: req.socket.remoteAddress,
      },
      `callback refused: ${error}`,
    )
    // Node drains what is left of the body after the answer (bounded by the server's request
    // timeout), so the client reads the refusal instead of a reset connection.
    sendJson(res, status, extra.field ? { error, field: extra.field } : { error })
  }

  return async (req, res, route, query) => {
    const { authId, kind } = route
    const authToken = options.accounts.get(authId)
    if (authToken === undefined) {
      reject(req, res, 404, 'unknown_account', 'unknown account')
      return
    }
    const method = req.method
    if (method !== 'GET' && method !== 'POST') {
      res.setHeader('allow', 'GET, POST')
      reject(req, res, 405, 'method_not_allowed', `method ${method ?? ''} not allowed`, { authId })
      return
    }
    const v3 = header(req, 'x-plivo-signature-v3')
    const ma = header(req, 'x-plivo-signature-ma-v3')
    const nonce = header(req, 'x-plivo-signature-v3-nonce')
    if ((!v3 && !ma) || !nonce) {
      reject(req, res, 403, 'unsigned', 'missing X-Plivo-Signature-V3 or its nonce', { authId })
      return
    }

    let bodyParams: CallbackParams
    try {
      if (method === 'POST') {
        const kindOfBody = bodyKindOf(req)
        bodyParams = paramsFromBody(kindOfBody, await readBody(req, options.maxBodyBytes))
      } else {
        bodyParams = {}
      }
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        reject(req, res, 413, 'too_large', err.message, { authId })
        return
      }
      if (err instanceof BodyRejection) {
        const r = err.rejection
        reject(req, res, r.status, r.reason, r.error, {
          authId,
          field: r.status === 400 ? r.field : undefined,
        })
        return
      }
      throw err
    }

    const signedUrl = options.publicUrl() + (req.url ?? '/')
    const signed = [v3, ma].some(
      (signature) =>
        signature !== undefined &&
        validateSignatureV3({
          method,
          url: signedUrl,
          params: bodyParams,
          nonce,
          authToken,
          signature,
        }),
    )
    if (!signed) {
      reject(req, res, 403, 'forged', 'invalid signature', { authId })
      return
    }

    let params: Record<string, string>
    try {
      params = singleValued(method === 'POST' ? bodyParams : paramsFromSearch(query()))
    } catch (err) {
      if (err instanceof BodyRejection && err.rejection.status === 400) {
        reject(req, res, 400, 'unparsable', err.rejection.error, {
          authId,
          field: err.rejection.field,
        })
        return
      }
      throw err
    }
    const parsed = parseCallback(params, kind)
    if (!parsed.ok) {
      reject(req, res, 400, 'unparsable', parsed.error.message, {
        authId,
        field: parsed.error.field,
      })
      return
    }

    // The nonce names this delivery: a later callback equal to an earlier one param for param
    // (Plivo stamps whole seconds) is a new event, not a redelivery (mpc/events.ts `delivery`).
    parsed.event.delivery = nonce
    const deliveryKey = `${nonce}\n${v3 ?? ''}\n${ma ?? ''}`
    try {
      const result = await options.store.append(authId, deliveryKey, parsed.event, Date.now())
      if (result.duplicate) {
        metrics.duplicates.inc({ account: authId })
        log.info({ authId, seq: result.seq }, 'redelivery acknowledged, not fanned out')
        sendJson(res, 200, { seq: result.seq, duplicate: true })
        return
      }
      const { message } = result
      options.publish(authId, message, result.epoch)
      countAccepted(authId, kind)
      if (log.isLevelEnabled('debug')) {
        log.debug(
          { authId, seq: message.seq, event: parsed.event.name, mpc: parsed.event.mpcUuid },
          'callback accepted',
        )
      }
      sendJson(res, 200, { seq: message.seq })
    } catch (err) {
      if (err instanceof StoreUnavailableError) {
        // Plivo retries on a 5xx, so nothing is lost while the store is away.
        reject(req, res, 503, 'unavailable', 'storage unavailable; retry', { authId })
        log.error({ err, authId }, 'cannot store callback')
        return
      }
      throw err
    }
  }
}
