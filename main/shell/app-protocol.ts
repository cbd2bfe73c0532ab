/**
 * Serves the built renderer (out/renderer) under `app://desk/`, with the CSP and hardening
 * headers on every response. A custom standard scheme instead of file:// gives the page a real
 * origin to check IPC senders against, keeps Vite's absolute asset paths working, and leaves
 * no way to read any other file of the disk: paths are resolved inside the renderer folder and
 * anything that escapes it is a 404.
 */
import { stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { net, protocol } from 'electron'
import { contentSecurityPolicy } from '../hosts/csp'
import { APP_HOST, APP_SCHEME } from './app-origin'

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false },
    },
  ])
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
}

export function handleAppProtocol(rendererRoot: string): void {
  const root = resolve(rendererRoot)
  const csp = contentSecurityPolicy()
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST || request.method !== 'GET') {
      return new Response('Not found', { status: 404 })
    }
    const path = decodeURIComponent(url.pathname)
    const file = resolve(root, `.${path === '/' ? '/index.html' : path}`)
    if (file !== root && !file.startsWith(root + sep)) {
      return new Response('Not found', { status: 404 })
    }
    try {
      if (!(await stat(file)).isFile()) return new Response('Not found', { status: 404 })
    } catch {
      return new Response('Not found', { status: 404 })
    }
    const response = await net.fetch(pathToFileURL(file).href)
    const headers = new Headers({
      'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    })
    return new Response(response.body, { status: 200, headers })
  })
}
