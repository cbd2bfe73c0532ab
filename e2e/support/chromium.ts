/**
 * The system Chromium and the flags it runs with, shared by the Playwright browser project and
 * the screen benchmark (bench/e2e/browser.ts). Only `node:` imports, so both the e2e and the
 * node typecheck targets can load it. Nothing here downloads anything: Playwright's own Chromium
 * cannot be fetched on this machine.
 */
import { existsSync } from 'node:fs'

/** The Chromium to launch: PLAYWRIGHT_CHROMIUM_PATH, else the distribution's package. */
export function chromiumPath(): string {
  const path = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(path)) {
    throw new Error(
      `e2e: no Chromium at ${path}. Install it with \`apt-get install chromium\`, ` +
        'or point PLAYWRIGHT_CHROMIUM_PATH at a Chromium binary.',
    )
  }
  return path
}

/** Flags that keep the system Chromium quiet and offline in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]
