/**
 * Where the browsers the suite drives live on this machine. Nothing here downloads anything:
 * the browser project uses the system Chromium, the Electron project the binary that
 * `npm install` may or may not have fetched into node_modules/electron.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// The Chromium lookup and flags live in ./chromium (the screen benchmark shares them).
export { CHROMIUM_ARGS, chromiumPath } from './chromium'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * The Electron binary `npm install` placed in node_modules/electron/dist, or why there is none.
 * Reads path.txt the way the electron package's index.js does, without requiring it: requiring
 * `electron` outside Electron tries to download the binary when it is missing.
 */
export function electronBinary(): { path: string } | { missing: string } {
  const pkg = join(ROOT, 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  if (!existsSync(pathFile)) return { missing: `${pathFile} not found` }
  const relative = readFileSync(pathFile, 'utf8').trim()
  const path = join(pkg, 'dist', relative)
  if (!existsSync(path)) return { missing: `${path} not found` }
  return { path }
}

/** The built Electron main entry (`npm run build`). */
export const ELECTRON_MAIN = join(ROOT, 'out', 'main', 'index.js')
/** The built renderer the web host serves (`npm run build`; overridable to try another build). */
export const RENDERER_DIR = process.env.E2E_RENDERER_DIR ?? join(ROOT, 'out', 'renderer')
