/**
 * The simulator logs through pino like the relay and the desk: `startSimulator({ logger })`
 * takes the host's logger (the desk passes a child), the CLI makes its own.
 */
import pino from 'pino'

let fallback: pino.Logger | undefined

/**
 * For a simulator (or one of its parts, in tests) started without a logger: errors still go to
 * stderr, where they always went, instead of vanishing.
 */
export function fallbackLogger(): pino.Logger {
  fallback ??= pino({ name: 'simulator' }, pino.destination(2))
  return fallback
}

/** `false` silences, `undefined` falls back to stderr (the relay's `logger` option reads alike). */
export function simulatorLogger(logger: pino.Logger | false | undefined): pino.Logger {
  if (logger === false) return pino({ enabled: false })
  return logger ?? fallbackLogger()
}
