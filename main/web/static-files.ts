/**
 * Serves the built renderer (out/renderer) to the browser: files by path with their MIME
 * type, `index.html` for app routes (paths without an extension), 404 for a missing asset, and
 * never anything outside the renderer's folder.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

export function mimeType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

export type StaticTarget =
  { kind: 'file'; path: string; index: boolean } | { kind: 'not-found' } | { kind: 'bad-path' }

/** Maps a URL path to a file under `root`, or says why not. Never leaves `root`. */
export async function resolveStatic(root: string, urlPath: string): Promise<StaticTarget> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return { kind: 'bad-path' }
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'bad-path' }
  const base = resolve(root)
  const candidate = resolve(base, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`)
  if (candidate !== base && !candidate.startsWith(base + sep)) return { kind: 'bad-path' }

  const file = await statFile(candidate === base ? join(base, 'index.html') : candidate)
  if (file) return { kind: 'file', path: file, index: file === join(base, 'index.html') }
  // An app route (no extension) gets the app; a missing asset must not come back as HTML.
  if (extname(decoded) === '') {
    const index = await statFile(join(base, 'index.html'))
    if (index) return { kind: 'file', path: index, index: true }
  }
  return { kind: 'not-found' }
}

async function statFile(path: string): Promise<string | undefined> {
  try {
    return (await stat(path)).isFile() ? path : undefined
  } catch {
    return undefined
  }
}

/** Streams a resolved file; HEAD gets the headers only. */
export async function sendFile(
  res: ServerResponse,
  target: { path: string; index: boolean },
  method: string,
): Promise<void> {
  const info = await stat(target.path)
  res.statusCode = 200
  res.setHeader('Content-Type', mimeType(target.path))
  res.setHeader('Content-Length', info.size)
  // Vite fingerprints assets, so they may be cached for good; the page itself never is, so a
  // rebuild is picked up on reload.
  res.setHeader(
    'Cache-Control',
    target.index || !target.path.includes(`${sep}assets${sep}`)
      ? 'no-store'
      : 'public, max-age=31536000, immutable',
  )
  if (method === 'HEAD') {
    res.end()
    return
  }
  await new Promise<void>((done) => {
    const stream = createReadStream(target.path)
    stream.on('error', () => {
      res.destroy()
      done()
    })
    stream.on('end', done)
    stream.pipe(res)
  })
}
