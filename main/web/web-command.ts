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
  let running: RunningWebDesk
  try {
    running = await runWebDesk(options, { rendererDir: BUILT_RENDERER_DIR, print, log })
  } catch (error) {
    if (error instanceof WebDeskStartError) {
      process.stderr.write(`${error.message}\n`)
      return 1
    }
    throw error
  }
  return waitForStopSignal(running, print)
}

function waitForStopSignal(
  running: RunningWebDesk,
  print: (line: string) => void,
): Promise<number> {
  return new Promise((resolve) => {
    let stoppingSince: number | undefined
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stoppingSince !== undefined) {
        // One Ctrl-C reaches us several times: from the terminal to the whole process group,
        // and relayed again by npm and tsx. Only a later press means "don't wait".
        if (Date.now() - stoppingSince < FORCE_AFTER_MS) return
        print('Stopping at once.')
        process.exit(130)
      }
      stoppingSince = Date.now()
      print(`\n${signal}: stopping the desk…`)
      running.stop().then(
        () => {
          process.off('SIGINT', onSignal)
          process.off('SIGTERM', onSignal)
          print('Stopped.')
          resolve(0)
        },
        (error: unknown) => {
          process.stderr.write(`Stopping failed: ${String(error)}\n`)
          resolve(1)
        },
      )
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}
