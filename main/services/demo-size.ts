/**
 * `--calls N`: the demo's size on the command line (`npm start -- --calls 1000`, `npm run web --
 * --calls 1000`, and the Electron window, which gets it from `npm start`). Pure parsing, shared
 * by both hosts so they accept and refuse the same values as Settings → Demo calls (1 to 2,000).
 */
import { DEMO_CALLS_MAX, DEMO_CALLS_MIN } from '../../preload/api'

/** The number in `--calls <n>`, or a RangeError saying what is accepted. */
export function parseDemoCalls(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN
  if (!Number.isInteger(n) || n < DEMO_CALLS_MIN || n > DEMO_CALLS_MAX) {
    throw new RangeError(
      `--calls must be a whole number from ${DEMO_CALLS_MIN} to ${DEMO_CALLS_MAX}, not "${text}"`,
    )
  }
  return n
}

/**
 * `--calls N` or `--calls=N` anywhere in a process's arguments (Electron's `process.argv` also
 * holds the binary, the app path and Chromium's own switches), or undefined when absent.
 */
export function demoCallsFromArgv(argv: readonly string[]): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg.startsWith('--calls=')) return parseDemoCalls(arg.slice('--calls='.length))
    if (arg === '--calls') return parseDemoCalls(argv[i + 1] ?? '')
  }
  return undefined
}
