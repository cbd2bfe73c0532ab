/**
 * End-to-end suite (DESIGN §9): the built desk over the real stack — simulator, relay, main
 * services — started per test on loopback by the fixtures in e2e/support/.
 *
 * Projects:
 * - `browser`: the system Chromium opens the web host (DESIGN §6).
 * - `electron`: the same scenarios through `_electron.launch` on the built app, only where the
 *   Electron binary exists. Where it does not, the run says so once and leaves the project out;
 *   nothing is downloaded.
 */
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumPath, electronBinary } from './e2e/support/binaries'
import type { DeskOptions } from './e2e/support/fixtures'

type Project = NonNullable<PlaywrightTestConfig<object, DeskOptions>['projects']>[number]

const chromium = {
  browserName: 'chromium' as const,
  launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
}

const projects: Project[] = [{ name: 'browser', use: { ...chromium, deskHost: 'browser' } }]

const electron = electronBinary()
if ('path' in electron) {
  // The fixtures still give every test a `page`, so Chromium must be launchable here too.
  projects.push({
    name: 'electron',
    use: { ...chromium, deskHost: 'electron', electronPath: electron.path },
  })
} else if (!process.env.TEST_WORKER_INDEX) {
  // The config is loaded by the runner and again by every worker; only the runner speaks.
  console.log(`e2e: electron project skipped — no Electron binary (${electron.missing})`)
}

export default defineConfig<object, DeskOptions>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/support/global-setup.ts',
  outputDir: 'test-results',
  // Every test starts its own simulator, relay, services and web host; two at a time is what
  // this two-core machine carries without starving the servers the test is timing.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // Flaky is broken: a failure is reported, never retried away.
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['github']] : [['list']],
  use: {
    viewport: { width: 1280, height: 720 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    actionTimeout: 10_000,
  },
  projects,
})
