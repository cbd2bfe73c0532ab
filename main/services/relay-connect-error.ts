/**
 * Why a connection to the relay failed, in a supervisor's words (relay-subscription.ts):
 * "Cannot reach the relay at https://relay.example.com: DNS name not found (relay.example.com)"
 * rather than socket.io's bare "websocket error" — connection refused, DNS name not found, TLS
 * error, timed out, connection reset, host unreachable, or not a relay (an HTTP answer that is
 * no socket.io handshake). Pure: it reads what engine.io hands over, nothing else.
 */
import { z } from 'zod'

/** An error's own message, without a class-name prefix. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * What engine.io hands over with a failed connection: `description` is the WebSocket's error
 * event, whose `error` is Node's (with its `code`); a timed-out attempt is a plain "timeout".
 */
const transportErrorSchema = z.object({
  message: z.string(),
  description: z
    .object({
      message: z.string().optional(),
      error: z.object({ code: z.string().optional(), message: z.string().optional() }).optional(),
    })
    .optional(),
})

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA'])
const TLS_CODE = /^(EPROTO|ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/

/** The relay's address as shown to the user: no credentials, query or fragment. */
export function displayRelayUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`
  } catch {
    return url
  }
}

/** Why a connection to the relay at `url` failed, naming the address and the cause. */
export function connectErrorText(error: unknown, url: string, timeoutMs: number): string {
  const where = `Cannot reach the relay at ${displayRelayUrl(url)}`
  const parsed = transportErrorSchema.safeParse(error)
  if (!parsed.success) return `${where}: ${errorText(error)}`
  const { message, description } = parsed.data
  const code = description?.error?.code ?? ''
  const detail = description?.error?.message ?? description?.message ?? message
  let host = url
  try {
    host = new URL(url).hostname
  } catch {
    // keep the url as given
  }
  if (message === 'timeout' || code === 'ETIMEDOUT') {
    const within = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`
    return `${where}: timed out (no answer within ${within})`
  }
  if (code === 'ECONNREFUSED') return `${where}: connection refused (nothing is listening there)`
  if (DNS_CODES.has(code)) return `${where}: DNS name not found (${host})`
  if (TLS_CODE.test(code)) {
    // OpenSSL's text is "…:SSL routines:<function>:<reason>:<file>:<line>:": keep the reason.
    const reason = /SSL routines:[^:]*:([^:]+)/.exec(detail)?.[1] ?? detail
    return `${where}: TLS error (${reason.trim()})`
  }
  if (code === 'ECONNRESET') return `${where}: connection reset by the server`
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${where}: host unreachable`
  const status = /Unexpected server response: (\d+)/.exec(detail)?.[1]
  if (status) return `${where}: not a relay (the server answered HTTP ${status})`
  return `${where}: ${detail}`
}
