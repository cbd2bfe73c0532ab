/**
 * The renderer's Content-Security-Policy, one definition for both hosts (DESIGN §5–6): the
 * Electron shell sends it with every app:// response, the web host with every HTTP response.
 *
 * `default-src 'self'`, no `unsafe-eval` anywhere, no plugins, no framing, no base-URI or form
 * tricks. Inline styles are allowed (React style props and component libraries set them;
 * styles cannot run code); inline scripts only in development, where Vite's React refresh
 * preamble needs them, together with the dev server's websocket.
 *
 * Lives in main/hosts/, what both hosts share, rather than in main/services/ (the desk's state,
 * which knows nothing of windows or HTTP) or in one host's folder (neither host imports the
 * other). No `electron` here: the web host runs it in plain Node.
 */
export interface CspOptions {
  /** The Vite dev server's origin (http://localhost:5173), in development only. */
  devServerOrigin?: string
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServerOrigin
  const devWs = dev ? dev.replace(/^http/, 'ws') : undefined
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'", dev] : ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'", ...(dev ? [dev] : [])],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(dev && devWs ? [dev, devWs] : [])],
    'media-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'worker-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ')
}
