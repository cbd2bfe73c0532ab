/**
 * Whether electron-builder failed because it could not fetch the Electron zip (no network,
 * DNS, a proxy refusing), as opposed to a real packaging error, which must stay loud.
 */
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
])

export function isElectronDownloadFailure(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    if (typeof cause !== 'object') break
    const code = 'code' in cause ? String(cause.code) : ''
    const message = 'message' in cause ? String(cause.message) : ''
    if (NETWORK_CODES.has(code)) return true
    if (
      /getaddrinfo|electron-v[\d.]+-[a-z0-9]+-[a-z0-9]+\.zip|github\.com\/electron/i.test(message)
    )
      return true
    cause = 'cause' in cause ? cause.cause : undefined
  }
  return false
}
