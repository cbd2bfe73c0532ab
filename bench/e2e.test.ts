/**
 * The end-to-end benchmark, quick: the real chain and the built renderer in the system
 * Chromium, a handful of calls — event-to-screen samples and frame times still come out.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, it } from 'vitest'
import { runScreenBench } from './e2e/screen-bench'
import { expectPositive } from './support/assert-figures'
import { REPO_ROOT } from './support/child'

describe('end-to-end benchmark in Chromium (quick)', () => {
  beforeAll(() => {
    // The benchmark drives the built renderer, as the web host serves it.
    if (!existsSync(join(REPO_ROOT, 'out', 'renderer', 'index.html'))) {
      execFileSync('npx', ['electron-vite', 'build'], {
        cwd: REPO_ROOT,
        stdio: 'inherit',
        timeout: 300_000,
      })
    }
  }, 300_000)

  it('measures event-to-screen latency and frame times', { timeout: 300_000 }, async () => {
    const r = await runScreenBench({ quick: true })
    expectPositive({
      'probe samples': r.latency.painted.count,
      'DOM p50': r.latency.dom.p50,
      'painted p95': r.latency.painted.p95,
      'relay subscriber p95': r.latency.relaySubscriber.p95,
      'idle frame p50': r.scroll.idle.p50,
      'scroll frame p95': r.scroll.scrolling.p95,
      'scroll main-thread CPU per frame': r.scroll.cpu.scrolling.main,
      'board count': r.scroll.boardCount,
    })
  })
})
