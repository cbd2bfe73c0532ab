/**
 * Starts the desk for a browser: the secret store, the desk's services (createDesk, demo mode
 * with no saved settings), and the web host over them; prints the URL. The caller (cli.ts, or
 * scripts/start.ts falling back from Electron) owns the process: signals and exit.
 */
import { existsSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import pino, { type Logger } from 'pino'
import { createDesk, type Desk } from '../services/index'
import { policyLines, readPolicy, type Policy } from '../policy/read-policy'
import { openSettingsStore } from '../services/settings'
import type { SecretStore } from '../services/secret-store'
import { isLoopbackHost, urlHost } from './bind-address'
import { defaultDataDir } from './data-dir'
import { openKeyringSecretStore } from './keyring-secret-store'
import { hasDisplay, openInBrowser } from './open-browser'
import { startWebHost, type WebHost } from './server'
import type { WebOptions } from './web-options'

export interface RunningWebDesk {
  url: string
  desk: Desk
  host: WebHost
  /** Stops the web host, then the services (and the demo's simulator and relay). Idempotent. */
  stop(): Promise<void>
}

export interface WebDeskDeps {
  /** The built renderer; default out/renderer of this checkout. */
  rendererDir: string
  /** Lines for the user (stdout). */
  print: (line: string) => void
  log?: Logger
  /** Default: the OS keyring, or memory with a notice. */
  secrets?: SecretStore
  env?: NodeJS.ProcessEnv
  /** Opens the URL (default: the system browser). */
  openUrl?: (url: string) => Promise<boolean>
}

/** A start-up problem the user can fix; printed as is, without a stack. */
export class WebDeskStartError extends Error {
  override name = 'WebDeskStartError'
}

export async function runWebDesk(options: WebOptions, deps: WebDeskDeps): Promise<RunningWebDesk> {
  const { print } = deps
  const env = deps.env ?? process.env
  const log = deps.log ?? pino({ level: 'silent' })
  const dataDir = options.dataDir ?? defaultDataDir(env)

  if (!isLoopbackHost(options.host) && !options.allowRemote) {
    throw new WebDeskStartError(
      `Refusing to bind ${options.host}: it would expose the desk to the network. ` +
        'Add --allow-remote if that is what you want.',
    )
  }

  let secrets = deps.secrets
  if (!secrets) {
    const choice = await openKeyringSecretStore()
    if (choice.notice) print(choice.notice)
    secrets = choice.store
  }

  const policy = await readPolicy(options.policyFile ? { file: options.policyFile } : {})
  for (const line of policyLines(policy)) print(line)

  if (options.mode !== 'saved') await switchMode(options.mode, dataDir, secrets, policy)

  if (!existsSync(join(deps.rendererDir, 'index.html'))) {
    print(`The desk UI is not built (${deps.rendererDir} is missing): run \`npm run build\`.`)
  }

  const desk = await createDesk({
    secrets,
    dataDir,
    log,
    policy,
    ...(options.calls !== undefined ? { demoCalls: options.calls } : {}),
  })
  let host: WebHost
  try {
    host = await startWebHost({
      services: desk,
      rendererDir: deps.rendererDir,
      host: options.host,
      port: options.port,
      allowRemote: options.allowRemote,
      log,
    })
  } catch (error) {
    await desk.stop()
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw new WebDeskStartError(
        `Port ${options.port} is already in use: pick another with --port.`,
      )
    }
    throw error
  }

  const settings = await desk.invoke['settings:get'](undefined)
  print(
    settings.demo
      ? `Demo mode: a simulated call center of about ${settings.demoCalls} live calls (embedded simulator and relay on 127.0.0.1; --calls N to change).`
      : settings.plivoAuthId
        ? `Live: relay ${settings.relayUrl}, Plivo account ${settings.plivoAuthId}.`
        : 'Not configured yet: enter the relay and the Plivo account in Settings.',
  )
  if (!isLoopbackHost(options.host)) printExposure(print, options.host, host)
  print(`Supervisor Desk is running at ${host.url}`)
  print(
    'Open that URL in your browser (it carries this launch’s sign-in token). Ctrl-C stops the desk.',
  )

  if (options.open && hasDisplay(env)) {
    const opened = await (deps.openUrl ?? openInBrowser)(host.url)
    if (!opened) print('Could not open a browser here: open the URL above yourself.')
  }

  let stopping: Promise<void> | undefined
  return {
    url: host.url,
    desk,
    host,
    stop: () => {
      stopping ??= (async () => {
        // The host first, so no browser request reaches services that are shutting down.
        await host.stop()
        await desk.stop()
      })()
      return stopping
    },
  }
}

/**
 * `--real` / `--demo`: persist the switch through the settings store itself, so its rules apply
 * (leaving demo mode needs the relay and account settings and both secrets).
 */
async function switchMode(
  mode: 'real' | 'demo',
  dataDir: string,
  secrets: SecretStore,
  policy: Policy,
): Promise<void> {
  const store = await openSettingsStore({ dataDir, secrets, policy })
  const result = await store.update({ demo: mode === 'demo' })
  if (result.ok) return
  // The only refusal of demo mode is a policy's.
  if (mode === 'demo') throw new WebDeskStartError(`Cannot start --demo: ${result.error.message}`)
  const where =
    secrets.kind === 'memory'
      ? ' Secrets are kept in memory only on this machine, so enter them in Settings after starting without --real.'
      : ' Start without --real and enter them in Settings.'
  throw new WebDeskStartError(
    `Cannot start against a real relay and Plivo account: ${result.error.message}${where}`,
  )
}

function printExposure(print: (line: string) => void, bound: string, host: WebHost): void {
  const port = new URL(host.origin).port
  const query = new URL(host.url).search
  // 0.0.0.0 listens on IPv4 only, `::` on both; link-local addresses need a zone to be used.
  const addresses = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((info) => !info.internal && !info.address.startsWith('fe80:'))
    .filter((info) => bound === '::' || info.family === 'IPv4')
    .map((info) => (info.family === 'IPv6' ? `[${info.address}]` : info.address))
  const reachable =
    bound === '0.0.0.0' || bound === '::'
      ? addresses.map((address) => `http://${address}:${port}/${query}`)
      : [`http://${urlHost(bound)}:${port}/${query}`]
  const bar = '!'.repeat(78)
  print(bar)
  print(`WARNING: the desk is listening on ${bound}, not only on this machine.`)
  if (reachable.length > 0) print('Reachable from the network at:')
  for (const url of reachable) print(`  ${url}`)
  print('Anyone who can reach it and has the URL with its token can watch every live call and')
  print('listen, coach, barge, mute, hold, kick, record and end calls as you.')
  print('It is plain HTTP: the token and everything on the board cross the network unencrypted.')
  print('Use it only on a network you trust, or put it behind TLS (a reverse proxy or a VPN).')
  print(bar)
}
