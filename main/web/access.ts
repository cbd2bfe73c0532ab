/**
 * Who may talk to the web host (DESIGN §6): the browser that opened the URL the desk printed.
 *
 * The printed URL carries a random per-launch token; the first request with it is answered with
 * an HttpOnly SameSite=Strict session cookie, and from then on every HTTP request and the
 * socket handshake must carry that cookie. Independently, the Host header must name this host
 * (so a DNS-rebinding page cannot reach it under a foreign name) and an Origin header, when
 * present, must be this host's own origin. All secrets are compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** 32 random bytes, URL-safe: enough that guessing one is hopeless. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** Constant time whatever the lengths: both sides are hashed to the same size first. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

/** Reads one cookie; a malformed Cookie header simply yields nothing. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export type Refusal = { status: 401 | 403 | 421; message: string }

export interface AccessPolicy {
  /**
   * Cookie names are not scoped by port, so two desks on one machine would overwrite each
   * other's cookie under a shared name: the port is part of the name.
   */
  readonly cookieName: string
  /** The token the printed URL carries. */
  readonly token: string
  /** The Set-Cookie value that grants a session. */
  sessionCookie(): string
  /** Is this Host header one this host answers to? */
  hostAllowed(host: string | undefined): boolean
  /** Host and Origin: is this request addressed to us, from our own page? */
  checkPlace(req: IncomingMessage, options: { requireOrigin: boolean }): Refusal | undefined
  /** Host, Origin and the session cookie; undefined when the request may proceed. */
  checkRequest(req: IncomingMessage, options: { requireOrigin: boolean }): Refusal | undefined
  /** Whether a token offered in a URL is this launch's token. */
  tokenMatches(given: string): boolean
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]']

export function createAccessPolicy(options: {
  port: number
  token: string
  /** When false, only loopback host names are answered (DNS-rebinding guard). */
  allowRemote: boolean
}): AccessPolicy {
  const { port, token, allowRemote } = options
  // The cookie holds a separate session secret, so the cookie never equals the URL's token.
  const session = randomSecret()
  const cookieName = `desk_session_${port}`
  const loopbackHosts = new Set(LOOPBACK_NAMES.map((name) => `${name}:${port}`))

  const hostAllowed = (host: string | undefined): boolean => {
    if (!host) return false
    if (loopbackHosts.has(host.toLowerCase())) return true
    // Bound to another interface on purpose: any name that reaches us is ours, but it must
    // still name our port, and the Origin check below pins requests to it.
    return allowRemote && host.endsWith(`:${port}`)
  }

  const checkPlace = (
    req: IncomingMessage,
    { requireOrigin }: { requireOrigin: boolean },
  ): Refusal | undefined => {
    const host = req.headers.host
    if (!hostAllowed(host)) {
      return {
        status: 421,
        message: `This desk does not answer to the host name "${host ?? ''}". Open the URL it printed.`,
      }
    }
    const origin = req.headers.origin
    if (origin === undefined && requireOrigin) {
      return {
        status: 403,
        message: 'Refused: the connection did not say where it came from (no Origin).',
      }
    }
    if (origin !== undefined && origin.toLowerCase() !== `http://${host}`.toLowerCase()) {
      return { status: 403, message: `Refused: pages from ${origin} may not use this desk.` }
    }
    return undefined
  }

  return {
    cookieName,
    token,
    sessionCookie: () => `${cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`,
    hostAllowed,
    tokenMatches: (given) => secretsEqual(given, token),
    checkPlace,
    checkRequest(req, options) {
      const misplaced = checkPlace(req, options)
      if (misplaced) return misplaced
      const cookie = readCookie(req.headers.cookie, cookieName)
      if (cookie === undefined) {
        return {
          status: 401,
          message:
            'Not signed in to this desk. Open the URL the desk printed when it started (it carries this launch’s token).',
        }
      }
      if (!secretsEqual(cookie, session)) {
        return {
          status: 401,
          message:
            'This session is not valid for this desk (it may have been restarted). Open the URL it printed when it started.',
        }
      }
      return undefined
    },
  }
}
