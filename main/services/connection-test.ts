/**
 * "Test connection" (Settings) and the check a real-mode save runs: can the desk reach the
 * relay with this token, and will Plivo answer a read with these credentials? Nothing is saved
 * and nothing of the running desk is touched: each check opens its own short-lived connection.
 *
 * - Relay: a socket.io handshake on `/supervisor` with the token, exactly as the desk's
 *   subscription does it, closed as soon as it is answered. The relay refuses a wrong token
 *   with the connect error `unauthorized` (DESIGN §4).
 * - Plivo: one `GET …/MultiPartyCall/?limit=1` through the desk's own control client, with no
 *   retries (a person is waiting for the answer). 401/403 means the credentials are wrong.
 *
 * A failure to connect names its cause the way a supervisor can act on it: connection refused,
 * host not found (DNS), TLS, timeout.
 */
import { io } from 'socket.io-client'
import { createControlClient } from '../../mpc/client'
import {
  ControlApiError,
  PlivoApiError,
  PlivoNetworkError,
  PlivoTimeoutError,
} from '../../mpc/client-errors'
import { RateLimiter } from '../../mpc/rate-limiter'
import { SUPERVISOR_NAMESPACE } from '../../mpc/wire'
import type { CheckResult, ConnectionTestReport } from '../../preload/api'

export const DEFAULT_CHECK_TIMEOUT_MS = 5000

export interface RelayTarget {
  relayUrl: string
  relayToken: string
}

export interface PlivoTarget {
  apiBaseUrl: string
  plivoAuthId: string
  plivoAuthToken: string
}

export interface CheckOptions {
  timeoutMs?: number
}

/** Both checks at once (they are independent). */
export async function testConnection(
  target: RelayTarget & PlivoTarget,
  options: CheckOptions = {},
): Promise<ConnectionTestReport> {
  const [relay, plivo] = await Promise.all([
    checkRelay(target, options),
    checkPlivo(target, options),
  ])
  return { relay, plivo }
}

/** A socket.io handshake on the relay's supervisor namespace with the token. */
export function checkRelay(target: RelayTarget, options: CheckOptions = {}): Promise<CheckResult> {
  const missing = [!target.relayUrl && 'relay URL', !target.relayToken && 'relay token'].filter(
    (x): x is string => typeof x === 'string',
  )
  if (missing.length > 0) {
    return Promise.resolve({ status: 'missing', message: `Enter the ${missing.join(' and ')}.` })
  }
  let endpoint: string
  try {
    endpoint = new URL(SUPERVISOR_NAMESPACE, target.relayUrl).href
  } catch {
    return Promise.resolve({ status: 'failed', message: `"${target.relayUrl}" is not a URL.` })
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS
  return new Promise((resolve) => {
    const socket = io(endpoint, {
      auth: { token: target.relayToken },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    })
    const done = (result: CheckResult): void => {
      socket.removeAllListeners()
      socket.close()
      resolve(result)
    }
    socket.on('connect', () =>
      done({
        status: 'ok',
        message: `Connected to the relay at ${target.relayUrl}; token accepted.`,
      }),
    )
    socket.on('connect_error', (error: Error & { description?: unknown }) => {
      if (error.message === 'unauthorized') {
        done({
          status: 'unauthorized',
          message: `The relay at ${target.relayUrl} refused the token (unauthorized).`,
        })
        return
      }
      const cause = error.message === 'timeout' ? 'timed out' : describeCause(error.description)
      done({
        status: 'unreachable',
        message: `Could not reach the relay at ${target.relayUrl}: ${cause ?? error.message}.`,
      })
    })
  })
}

/** One read of the MPC list (limit 1) with the credentials. */
export async function checkPlivo(
  target: PlivoTarget,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const missing = [
    !target.plivoAuthId && 'auth ID',
    !target.plivoAuthToken && 'auth token',
    !target.apiBaseUrl && 'API base URL',
  ].filter((x): x is string => typeof x === 'string')
  if (missing.length > 0) {
    return { status: 'missing', message: `Enter the Plivo ${missing.join(' and ')}.` }
  }
  const limiter = new RateLimiter()
  try {
    const client = createControlClient({
      baseUrl: target.apiBaseUrl,
      authId: target.plivoAuthId,
      authToken: target.plivoAuthToken,
      timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
      retries: 0,
      limiter,
    })
    await client.listMpcs({ limit: 1 })
    return {
      status: 'ok',
      message: `Plivo accepted the credentials of ${target.plivoAuthId} (${target.apiBaseUrl}).`,
    }
  } catch (error) {
    return plivoFailure(error, target.apiBaseUrl)
  } finally {
    limiter.stop('connection test done')
  }
}

function plivoFailure(error: unknown, baseUrl: string): CheckResult {
  if (error instanceof PlivoApiError) {
    if (error.status === 401 || error.status === 403) {
      return {
        status: 'unauthorized',
        message: `Plivo refused these credentials (${error.status}).`,
      }
    }
    return {
      status: 'failed',
      message: `Plivo at ${baseUrl} answered ${error.status}${error.plivoError ? `: ${error.plivoError}` : ''}.`,
    }
  }
  if (error instanceof PlivoTimeoutError) {
    return { status: 'unreachable', message: `Could not reach Plivo at ${baseUrl}: timed out.` }
  }
  if (error instanceof PlivoNetworkError) {
    const cause = describeCause(error.cause) ?? error.systemCode ?? error.message
    return { status: 'unreachable', message: `Could not reach Plivo at ${baseUrl}: ${cause}.` }
  }
  if (error instanceof ControlApiError) return { status: 'failed', message: error.message }
  return { status: 'failed', message: `The Plivo check failed: ${String(error)}` }
}

/** The system error under a socket or fetch failure, in words a supervisor can act on. */
export function describeCause(error: unknown): string | undefined {
  const found = systemError(error, 0)
  if (!found) return undefined
  const { code, message } = found
  if (code === 'ECONNREFUSED') return `connection refused (${message})`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host not found (DNS: ${message})`
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return `timed out (${message})`
  if (code === 'ECONNRESET') return `connection reset (${message})`
  if (/CERT|SSL|TLS|EPROTO|SELF_SIGNED/i.test(code)) return `TLS failed (${message})`
  return message
}

/** Digs for `{ code, message }` through `cause`, `error` (ws ErrorEvent) and AggregateErrors. */
function systemError(error: unknown, depth: number): { code: string; message: string } | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined
  const record = error as { code?: unknown; message?: unknown; cause?: unknown; error?: unknown }
  if (typeof record.code === 'string' && typeof record.message === 'string') {
    return { code: record.code, message: record.message }
  }
  const errors = (error as { errors?: unknown }).errors
  return (
    systemError(record.cause, depth + 1) ??
    systemError(record.error, depth + 1) ??
    (Array.isArray(errors) ? systemError(errors[0], depth + 1) : undefined)
  )
}
