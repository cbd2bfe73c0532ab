/** The renderer's CSP: strict in production, never unsafe-eval, dev allowances only in dev. */
import { expect, it } from 'vitest'
import { contentSecurityPolicy } from './csp'

const directives = (policy: string) =>
  new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const))

it('is strict in production', () => {
  const policy = contentSecurityPolicy()
  const d = directives(policy)
  expect(d.get('default-src')).toEqual(["'self'"])
  expect(d.get('script-src')).toEqual(["'self'"])
  expect(d.get('connect-src')).toEqual(["'self'"])
  expect(d.get('object-src')).toEqual(["'none'"])
  expect(d.get('frame-ancestors')).toEqual(["'none'"])
  expect(d.get('base-uri')).toEqual(["'none'"])
  expect(policy).not.toContain('unsafe-eval')
})

it('allows the dev server (and its websocket) only when one is given, still without eval', () => {
  const policy = contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' })
  const d = directives(policy)
  expect(d.get('script-src')).toEqual(["'self'", "'unsafe-inline'", 'http://localhost:5173'])
  expect(d.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173'])
  expect(policy).not.toContain('unsafe-eval')
})
