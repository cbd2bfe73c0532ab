/**
 * What `npm start` opens (DESIGN §6): the Electron window when its binary is there and a
 * display can show it, the web host otherwise — and the web host whenever asked (`--web`).
 *
 * Electron 45 has no install script: `npm ci` never downloads the binary, and loading the
 * `electron` package would try to download it on the spot and throw offline. So the binary is
 * found the way node_modules/electron/index.js finds it (path.txt names the executable under
 * dist/, ELECTRON_OVERRIDE_DIST_PATH replaces dist/) without loading that package. When it is
 * missing and a window could be shown, the start script runs Electron's own installer once
 * (see start.ts); when that fails, or downloads are off, the web host starts instead.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

export type ElectronBinary = { present: true; path: string } | { present: false; reason: string }

/** Finds the Electron executable under `electronDir` (node_modules/electron) without loading it. */
export function probeElectronBinary(
  electronDir: string,
  env: NodeJS.ProcessEnv = process.env,
): ElectronBinary {
  if (!existsSync(join(electronDir, 'package.json'))) {
    return { present: false, reason: 'the electron package is not installed' }
  }
  const pathFile = join(electronDir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  if (!relative && !override) {
    return { present: false, reason: "Electron's binary has not been downloaded" }
  }
  const path = override
    ? join(override, relative || 'electron')
    : join(electronDir, 'dist', relative ?? '')
  if (!isFile(path)) {
    return { present: false, reason: `Electron's binary is missing (${path})` }
  }
  return { present: true, path }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** Whether the start script may fetch Electron's binary when it is missing. */
export function downloadAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  const on = (value: string | undefined): boolean =>
    value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
  return !on(env.ELECTRON_SKIP_BINARY_DOWNLOAD) && !on(env.npm_config_offline)
}

export interface LaunchInputs {
  /** The start command's own arguments (after `npm start --`). */
  argv: readonly string[]
  binary: ElectronBinary
  /** Whether a window can be shown here (see hasDisplay). */
  display: boolean
  /** Whether fetching the binary is allowed (not offline, not ELECTRON_SKIP_BINARY_DOWNLOAD). */
  downloadAllowed: boolean
  /** Set once a download was tried and failed: why. */
  downloadFailed?: string
}

export type LaunchDecision =
  | { kind: 'electron'; binaryPath: string }
  /** Fetch the binary with Electron's installer, then decide again. */
  | { kind: 'download' }
  | { kind: 'web'; reason: string }

export function decideLaunch(inputs: LaunchInputs): LaunchDecision {
  const { argv, binary, display } = inputs
  if (argv.includes('--web')) return { kind: 'web', reason: 'the web host was asked for (--web)' }
  if (!display) {
    return { kind: 'web', reason: 'there is no display here for the desktop window' }
  }
  if (binary.present) return { kind: 'electron', binaryPath: binary.path }
  if (inputs.downloadFailed !== undefined) {
    return {
      kind: 'web',
      reason: `${binary.reason} and could not be downloaded (${inputs.downloadFailed})`,
    }
  }
  if (!inputs.downloadAllowed) {
    return { kind: 'web', reason: `${binary.reason} (downloads are off)` }
  }
  return { kind: 'download' }
}
