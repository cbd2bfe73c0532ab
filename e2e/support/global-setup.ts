/**
 * Runs once before the suite: checks the build is there and serves a private copy of it.
 * `npm run build` empties out/renderer before writing it again, so a build started elsewhere
 * while the suite runs would leave the web host serving a half-written renderer; every test
 * of this run serves the copy taken here instead.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RENDERER_DIR } from './binaries'

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`e2e: no built renderer in ${RENDERER_DIR}; run \`npm run build\` first`)
  }
  const copy = await mkdtemp(join(tmpdir(), 'desk-e2e-renderer-'))
  await cp(RENDERER_DIR, copy, { recursive: true })
  // Workers start after global setup and inherit the runner's environment.
  process.env.E2E_RENDERER_DIR = copy
  return async () => {
    await rm(copy, { recursive: true, force: true })
  }
}
