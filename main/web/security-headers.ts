/**
 * The headers every web-host response carries. The Content-Security-Policy is the Electron
 * window's (main/hosts/csp.ts, one definition for both hosts), with the socket back to this
 * host named in connect-src: `'self'` covers ws: only in newer browsers.
 */
import type { ServerResponse } from 'node:http'
import { contentSecurityPolicy as appPolicy } from '../hosts/csp'

export function contentSecurityPolicy(origin: string): string {
  const socketOrigin = origin.replace(/^http/, 'ws')
  return appPolicy()
    .split('; ')
    .map((directive) =>
      directive.startsWith('connect-src ') ? `${directive} ${socketOrigin}` : directive,
    )
    .join('; ')
}

export function setSecurityHeaders(res: ServerResponse, origin: string): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(origin))
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('X-Frame-Options', 'DENY')
  // The first URL carries the launch token: never hand it on as a referrer.
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()')
}
