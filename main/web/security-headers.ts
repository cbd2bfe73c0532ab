/**
 * The headers every web-host response carries. The policy is the Electron window's: scripts,
 * styles and fonts from the app itself only, no eval, no framing, and the one socket back to
 * this host as the only connection the page may open.
 */
import type { ServerResponse } from 'node:http'

export function contentSecurityPolicy(origin: string): string {
  const socketOrigin = origin.replace(/^http/, 'ws')
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${socketOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
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
