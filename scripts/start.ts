/**
 * `npm start` (after `npm run build`): the desk in its Electron window where that can run, in
 * the browser otherwise (DESIGN §6; the decision is launch-decision.ts). Flags:
 *   --web    the web host even where Electron could run
 *   --real   (web host) the saved real relay and Plivo account instead of the demo
 *   --calls N  the demo's size (about N live calls), in the window and in the web host
 *   and every other web-host flag (see `npm run web -- --help`).
 */
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { hasDisplay } from '../main/web/open-browser'
import { runWebCommand } from '../main/web/web-command'
import { parseWebOptions, UsageError, WEB_USAGE } from '../main/web/web-options'
import {
  decideLaunch,
  downloadAllowed,
  probeElectronBinary,
  type LaunchDecision,
} from './launch-decision'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron')
/** Electron is ~100 MB; past this the download is abandoned and the browser used. */
const DOWNLOAD_TIMEOUT_MS = 120_000
/** An Electron that exits with an error this soon never showed a window (missing libraries, no sandbox…). */
const EARLY_EXIT_MS = 10_000

const START_USAGE = `Usage: npm start [-- options]

Builds the desk, then opens it in its desktop window (Electron) when the Electron binary is
installed and there is a display; otherwise starts the web host and prints a URL to open in
your browser. The first start downloads Electron's binary (~100 MB) if it can.

  --web    always use the browser (web host), even where the window could open
  --real   (web host) use the saved real relay and Plivo account, not the demo
  --demo   (web host) use the embedded demo call center even if an account is saved
  --calls <n>  the demo's size: about n live calls, 1 to 2000 (window and web host; saved)
  Web host options (--host, --port, --allow-remote, --data-dir, --no-open) are accepted too.
  Set ELECTRON_SKIP_BINARY_DOWNLOAD=1 to never download Electron.

${WEB_USAGE}`

async function main(argv: string[]): Promise<number> {
  try {
    if (parseWebOptions(argv).help) {
      process.stdout.write(`${START_USAGE}\n`)
      return 0
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${error.message}\n\n${START_USAGE}\n`)
    return 2
  }

  const inputs = {
    argv,
    display: hasDisplay(),
    downloadAllowed: downloadAllowed(),
  }
  let decision: LaunchDecision = decideLaunch({
    ...inputs,
    binary: probeElectronBinary(ELECTRON_DIR),
  })
  if (decision.kind === 'download') {
    const failure = downloadElectron()
    decision = decideLaunch({
      ...inputs,
      binary: probeElectronBinary(ELECTRON_DIR),
      ...(failure ? { downloadFailed: failure } : {}),
    })
  }
  if (decision.kind === 'electron') {
    const outcome = await runElectron(decision.binaryPath, argv)
    if (outcome.kind === 'exited') return outcome.code
    decision = { kind: 'web', reason: outcome.reason }
  }
  if (decision.kind !== 'web') throw new Error(`unexpected launch decision ${decision.kind}`)
  process.stdout.write(
    `Opening the desk in your browser instead of its window: ${decision.reason}.\n`,
  )
  return runWebCommand(argv)
}

/** Runs Electron's own installer once; returns why it failed, or undefined. */
function downloadElectron(): string | undefined {
  process.stdout.write(
    "Electron's binary is not downloaded yet: fetching it once (about 100 MB; --web skips this)…\n",
  )
  const result = spawnSync(process.execPath, [join(ELECTRON_DIR, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    timeout: DOWNLOAD_TIMEOUT_MS,
    encoding: 'utf8',
  })
  if (result.error) return result.error.message
  if (result.signal) return `stopped after ${DOWNLOAD_TIMEOUT_MS / 1000} s`
  if (result.status !== 0) {
    // The installer prints a stack; its first line says what went wrong (e.g. no network).
    const firstLine = result.stderr.split('\n').find((line) => line.trim() !== '')
    return firstLine?.trim() ?? `installer exit code ${String(result.status)}`
  }
  return undefined
}

type ElectronOutcome = { kind: 'exited'; code: number } | { kind: 'failed'; reason: string }

/** Runs the window until it closes; signals go to Electron, which quits cleanly. */
function runElectron(binaryPath: string, argv: string[]): Promise<ElectronOutcome> {
  // The window takes the demo's size from its own command line (main/index.ts).
  const calls = parseWebOptions(argv).calls
  const forWindow = calls !== undefined ? [`--calls=${calls}`] : []
  const webOnly = argv.filter((arg, i) => {
    if (arg === '--web' || arg.startsWith('--calls=') || arg === '--calls') return false
    return argv[i - 1] !== '--calls'
  })
  if (webOnly.length > 0) {
    process.stdout.write(
      `(${webOnly.join(' ')}: web host options; the window uses its own Settings)\n`,
    )
  }
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(binaryPath, [ROOT, ...forWindow], { stdio: 'inherit' })
    let signalled = false
    const forward = (signal: NodeJS.Signals): void => {
      signalled = true
      child.kill(signal)
    }
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    const done = (outcome: ElectronOutcome): void => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      resolve(outcome)
    }
    child.once('error', (error) =>
      done({ kind: 'failed', reason: `Electron did not start (${error.message})` }),
    )
    child.once('exit', (code, signal) => {
      const failedEarly = !signalled && code !== 0 && Date.now() - started < EARLY_EXIT_MS
      if (failedEarly) {
        done({
          kind: 'failed',
          reason: `the desktop window failed to start (exit ${code ?? signal})`,
        })
      } else {
        // Closed by a signal we passed on (Ctrl-C): a normal end.
        done({ kind: 'exited', code: code ?? (signalled ? 0 : 1) })
      }
    })
  })
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exit(1)
  },
)
