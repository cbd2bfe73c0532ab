/**
 * Which URLs are the app's own. The renderer is served from `app://desk/` (a privileged custom
 * scheme, see app-protocol.ts) or, in development, from the Vite dev server's origin.
 * Everything else — file://, other hosts, about:blank, data: — is foreign.
 *
 * Origins are compared exactly after parsing, never by substring or regex (a prefix check
 * would trust `app://desk.evil/` or `http://localhost:5173.evil.com`).
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'desk'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

export interface AppOrigins {
  /** The dev server's origin, only when running `electron-vite dev`. */
  devServerUrl?: string
}

export function isAppUrl(url: string, origins: AppOrigins = {}): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol === `${APP_SCHEME}:`) {
    return parsed.host === APP_HOST && parsed.username === '' && parsed.password === ''
  }
  if (!origins.devServerUrl) return false
  let dev: URL
  try {
    dev = new URL(origins.devServerUrl)
  } catch {
    return false
  }
  return parsed.origin === dev.origin && parsed.username === '' && parsed.password === ''
}
