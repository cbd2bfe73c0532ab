/**
 * Which addresses count as "this machine only". Anything else exposes the desk to the network
 * and needs the explicit `--allow-remote` (DESIGN §6).
 */
import { isIP } from 'node:net'

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (bare === 'localhost' || bare === '::1') return true
  return isIP(bare) === 4 && bare.startsWith('127.')
}

/** Wildcard binds are reached locally over loopback: that is the address the printed URL uses. */
export function urlHost(host: string): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1')
  if (bare === '0.0.0.0' || bare === '::') return '127.0.0.1'
  return isIP(bare) === 6 ? `[${bare}]` : bare
}
