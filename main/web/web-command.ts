/**
 * The web host as a command: parse the flags, start, print, and stop everything cleanly on
 * Ctrl-C or SIGTERM. Used by `npm run web` (cli.ts) and by `npm start` when it falls back from
 * the Electron window to the browser (scripts/start.ts).
 */
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { runWebDesk, WebDeskStartError, type RunningWebDesk } from './run-web-desk'
import { parseWebOptions, UsageError, WEB_USAGE } from './web-options'

/** out/renderer of this checkout, wherever the command is run from. */
export const BUILT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url))

/** A second Ctrl-C this long after the first exits without waiting for a clean stop. */
const FORCE_AFTER_MS = 1_000

/**
 * Runs until a signal stops it; resolves with the exit code. A second Ctrl-C while stopping
 * exits at once.
 */
export async function runWebCommand(argv: readonly string[]): Promise<number> {
  const print = (line: string): void => {
    process.stdout.write(`${line}\n`)
  }
  let options
  try {
    options = parseWebOptions(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${error.message}\n\n${WEB_USAGE}\n`)
    return 2
  }
  if (options.help) {
    print(WEB_USAGE)
    return 0
  }

  // Logs go to stderr as JSON, warnings and up unless DESK_LOG_LEVEL says otherwise; stdout
  // stays for the lines meant for the user.
  const log = pino(
    { name: 'desk-web', level: process.env.DESK_LOG_LEVEL ?? 'warn' },
    pino.destination(2),
  )
  // Listening before anything starts: a signal that lands while the URL is being printed must
  // not kill the process with the demo's servers half up (the default action would).
  const signals = captureStopSignals(print)
  let running: RunningWebDesk
  try {
    running = await runWebDesk(options, { rendererDir: BUILT_RENDERER_DIR, print, log })
  } catch (error) {
    signals.dispose()
    if (error instanceof WebDeskStartError) {
      process.stderr.write(`${error.message}\n`)
      return 1
    }
    throw error
  }
  await signals.requested
  try {
    await running.stop()
  } catch (error) {
    process.stderr.write(`Stopping failed: ${String(error)}\n`)
    return 1
  } finally {
    signals.dispose()
  }
  print('Stopped.')
  return 0
}

/** Resolves on the first SIGINT/SIGTERM; a later press (not the same one relayed) exits at once. */
function captureStopSignals(print: (line: string) => void): {
  requested: Promise<NodeJS.Signals>
  dispose(): void
} {
  let firstAt: number | undefined
  let resolveRequested: (signal: NodeJS.Signals) => void = () => undefined
  const requested = new Promise<NodeJS.Signals>((resolve) => (resolveRequested = resolve))
  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstAt !== undefined) {
      // One Ctrl-C reaches us several times: from the terminal to the whole process group,
      // and relayed again by npm. Only a later press means "don't wait".
      if (Date.now() - firstAt < FORCE_AFTER_MS) return
      print('Stopping at once.')
      process.exit(130)
    }
    firstAt = Date.now()
    print(`\n${signal}: stopping the desk…`)
    resolveRequested(signal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    requested,
    dispose() {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    },
  }
}
