/**
 * The web host's command line (`npm run web -- …`, and `npm start -- …` when it falls back to
 * the browser). Parsing is pure so it is tested without starting anything.
 */
import { parseArgs } from 'node:util'
import { parseDemoCalls } from '../services/demo-size'

export interface WebOptions {
  host: string
  /** 0 picks a free port. */
  port: number
  allowRemote: boolean
  /** `real`: switch to the saved relay and Plivo account; `demo`: to the embedded demo; `saved`: as saved. */
  mode: 'saved' | 'real' | 'demo'
  dataDir?: string
  /** `--calls N`: the demo's size, saved like Settings → Demo calls. */
  calls?: number
  /** `--policy <file>`: this managed-policy JSON file instead of the OS's (to try one out). */
  policyFile?: string
  open: boolean
  help: boolean
}

export const WEB_USAGE = `Usage: npm run web -- [options]     (also: npm start -- --web [options])

Serves the desk to your browser from this machine and prints the URL to open.

  --host <address>   address to bind (default 127.0.0.1). Anything but loopback also
                     needs --allow-remote, and exposes the desk to your network.
  --port <n>         port to listen on (default: a free one)
  --allow-remote     allow binding a non-loopback address (read the warning it prints)
  --real             run against the saved real relay and Plivo account (Settings),
                     not the demo; fails, saying what is missing, if not configured
  --demo             run the embedded demo call center (simulator + relay) even if a
                     real account is saved
  --calls <n>        size of the demo call center: about n live calls, 1 to 2000
                     (default 16; saved, like Settings → Demo calls)
  --data-dir <dir>   where settings and the audit log live (default: the app's folder)
  --policy <file>    read the managed policy from this JSON file instead of the OS's
                     place (/etc/supervisor-desk/policy.json on Linux): to try one out
  --no-open          do not open a browser (never opened without a display or in CI)
  --web              accepted for symmetry with npm start; the web host is implied
  -h, --help         show this help

Secrets (relay token, Plivo auth token) go to the OS keyring when there is one, otherwise
they are kept in memory for this session only. Ctrl-C stops everything it started.`

export class UsageError extends Error {
  override name = 'UsageError'
}

export function parseWebOptions(argv: readonly string[]): WebOptions {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        web: { type: 'boolean' },
        host: { type: 'string' },
        port: { type: 'string' },
        'allow-remote': { type: 'boolean' },
        real: { type: 'boolean' },
        demo: { type: 'boolean' },
        'data-dir': { type: 'string' },
        calls: { type: 'string' },
        policy: { type: 'string' },
        'no-open': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  if (values.real && values.demo) throw new UsageError('--real and --demo exclude each other')
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port ?? ''}"`)
  }
  const host = values.host ?? '127.0.0.1'
  if (host.trim() === '') throw new UsageError('--host needs an address')
  let calls: number | undefined
  if (values.calls !== undefined) {
    try {
      calls = parseDemoCalls(values.calls)
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error))
    }
  }
  return {
    host,
    port,
    allowRemote: values['allow-remote'] ?? false,
    mode: values.real ? 'real' : values.demo ? 'demo' : 'saved',
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(calls !== undefined ? { calls } : {}),
    ...(values.policy ? { policyFile: values.policy } : {}),
    open: !values['no-open'],
    help: values.help ?? false,
  }
}
