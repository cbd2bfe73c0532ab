/**
 * Benchmark 3 — end to end, in Chromium, over the real chain in separate processes: simulator
 * (Plivo, seeded traffic) → relay → desk services + web host → the built renderer.
 *
 * Event to screen. Under background traffic from the simulator (~200 events/s across 500 live
 * calls), probe calls of our own — created through the simulator's REST API, so they are real
 * simulated calls — get their customer muted and unmuted through that API, a few times a second.
 * The clock starts just before the REST request; it stops when the page's MutationObserver sees
 * the card's "muted" mark change (and, for "painted", at the next animation frame). The baseline
 * is the same probe seen by a bare relay subscriber (a Node socket.io client): the part of the
 * latency that is the simulator and relay, not the desk and the renderer.
 *
 * Scrolling. A board of 2,000 live calls (a second stack), scrolled programmatically every frame;
 * frame times from requestAnimationFrame deltas, against the idle page's frames as the baseline.
 */
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { io, type Socket } from 'socket.io-client'
import { MPC_EVENT, SUBSCRIBE, SUPERVISOR_NAMESPACE, type RelayEventMessage } from '../../mpc/wire'
import { REPO_ROOT } from '../support/child'
import {
  distribution,
  ratio,
  renderTable,
  Samples,
  verdict,
  wallNow,
  type Distribution,
} from '../support/stats'
import { startStack, type Stack } from '../stack/stack'
import { launchChromium } from './browser'
import {
  boardCountInPage,
  boardHasAtLeast,
  drainPatchLog,
  drainProbeLog,
  installProbeObserver,
  installSocketTap,
  sampleFrames,
  watchPatches,
  type PatchSighting,
  type ProbeTarget,
} from './page-probes'
import { dialCustomer, liveMembers, mpcUuid, setMute, type RestTarget } from './plivo-rest'
import { measureFrameCpu, type FrameCpu } from './trace-cpu'

export interface ScreenBenchOptions {
  quick: boolean
  progress?: (line: string) => void
}

export const SCREEN_PLAN = {
  full: {
    latency: {
      calls: 500,
      timeScale: 0.6,
      probes: 6,
      probeEveryMs: 250,
      durationMs: 30_000,
      settleMs: 5000,
    },
    scroll: {
      calls: 2000,
      timeScale: 0.15,
      rampSeconds: 3,
      idleMs: 3000,
      scrollMs: 6000,
      pxPerFrame: 60,
    },
  },
  // One small stack serves both phases.
  quick: {
    latency: {
      calls: 24,
      timeScale: 1,
      probes: 2,
      probeEveryMs: 200,
      durationMs: 2000,
      settleMs: 0,
    },
    scroll: { calls: 24, timeScale: 1, rampSeconds: 1, idleMs: 400, scrollMs: 600, pxPerFrame: 60 },
  },
}
type Plan = (typeof SCREEN_PLAN)['full']

/** No alert fires during a run: the board's order is then "waiting longest first", stable. */
const QUIET_THRESHOLDS = {
  customerWaitSec: 3600,
  longHoldSec: 3600,
  longSilenceSec: 3600,
  overtalkSec: 600,
}
const VIEWPORT = { width: 1280, height: 1000 }
const RENDERER_INDEX = join(REPO_ROOT, 'out', 'renderer', 'index.html')

export interface ScreenBenchResult {
  setup: Record<string, unknown>
  latency: {
    liveCalls: number
    backgroundEventsPerSec: number
    probes: number
    toggles: number
    lost: number
    dom: Distribution
    painted: Distribution
    relaySubscriber: Distribution
    /** painted p95 ÷ relay-subscriber p95. */
    p95Ratio: number
    /**
     * Where the time goes, per probe change: each checkpoint as ms since the control-API request
     * (`cumulative`) and as ms since the previous checkpoint on the desk's path (`stage`).
     */
    stages: { checkpoint: string; cumulative: Distribution; stage: Distribution }[]
  }
  scroll: {
    boardCount: number
    idle: Distribution
    scrolling: Distribution
    scrolledPx: number
    /** scrolling p95 ÷ idle p95. */
    p95Ratio: number
    backgroundEventsPerSec: number
    /** Where the page's main thread spent each frame, on average (Chromium's own counters). */
    mainThread: { idle: MainThreadMs; scrolling: MainThreadMs }
    /**
     * CPU (thread time) the page's threads used per frame, from a traced second pass of the same
     * idle and scrolling runs: unlike frame times, it does not grow with the machine's load.
     */
    cpu: { idle: FrameCpu; scrolling: FrameCpu }
  }
  goals: { name: string; value: number; target: string; met: boolean }[]
  tables: string[]
}

export function rendererBuildInfo(): { path: string; builtAt: string } {
  if (!existsSync(RENDERER_INDEX)) {
    throw new Error(
      `the renderer is not built (${RENDERER_INDEX} is missing): run \`npm run build\` first`,
    )
  }
  return { path: RENDERER_INDEX, builtAt: statSync(RENDERER_INDEX).mtime.toISOString() }
}

export async function runScreenBench(options: ScreenBenchOptions): Promise<ScreenBenchResult> {
  const plan = options.quick ? SCREEN_PLAN.quick : SCREEN_PLAN.full
  const say = options.progress ?? (() => undefined)
  const build = rendererBuildInfo()
  const browser = await launchChromium()
  try {
    say('e2e: event-to-screen latency')
    let stack = await latencyStack(plan.latency)
    let latency: ScreenBenchResult['latency']
    let scroll: ScreenBenchResult['scroll']
    try {
      latency = await latencyPhase(browser, stack, plan.latency, say)
      if (!options.quick) {
        await stack.stop()
        stack = await scrollStack(plan.scroll)
      }
      say('e2e: scrolling the board')
      scroll = await scrollPhase(browser, stack, plan.scroll, say)
    } finally {
      await stack.stop()
    }
    const goals = [
      {
        name: 'event → screen p95 (ms), painted',
        value: latency.painted.p95,
        target: '≤ 150',
        met: latency.painted.p95 <= 150,
      },
      {
        name: `frame time p95 while scrolling ${plan.scroll.calls} calls (ms)`,
        value: scroll.scrolling.p95,
        target: '≤ 20',
        met: scroll.scrolling.p95 <= 20,
      },
    ]
    const tables = [
      renderTable(
        `End to end: event → screen (ms), ${latency.liveCalls} live calls, background ${Math.round(latency.backgroundEventsPerSec)} events/s`,
        ['measured at', 'samples', 'p50', 'p95', 'p99', 'max'],
        [
          [
            'relay subscriber (baseline)',
            latency.relaySubscriber.count,
            latency.relaySubscriber.p50,
            latency.relaySubscriber.p95,
            latency.relaySubscriber.p99,
            latency.relaySubscriber.max,
          ],
          [
            'DOM changed',
            latency.dom.count,
            latency.dom.p50,
            latency.dom.p95,
            latency.dom.p99,
            latency.dom.max,
          ],
          [
            'next frame (painted)',
            latency.painted.count,
            latency.painted.p50,
            latency.painted.p95,
            latency.painted.p99,
            latency.painted.max,
          ],
          [
            'painted p95 ÷ baseline p95',
            undefined,
            undefined,
            latency.p95Ratio,
            undefined,
            undefined,
          ],
        ],
      ),
      renderTable(
        'Event → screen by stage (ms): since the control-API request, and since the previous checkpoint',
        ['checkpoint', 'samples', 'total p50', 'total p95', 'stage p50', 'stage p95', 'stage max'],
        latency.stages.map((st) => [
          st.checkpoint,
          st.cumulative.count,
          st.cumulative.p50,
          st.cumulative.p95,
          st.stage.p50,
          st.stage.p95,
          st.stage.max,
        ]),
      ),
      renderTable(
        `End to end: frame times (ms), board of ${scroll.boardCount} calls, background ${Math.round(scroll.backgroundEventsPerSec)} events/s`,
        ['page', 'frames', 'p50', 'p95', 'p99', 'max'],
        [
          [
            'idle (baseline)',
            scroll.idle.count,
            scroll.idle.p50,
            scroll.idle.p95,
            scroll.idle.p99,
            scroll.idle.max,
          ],
          [
            `scrolling ${plan.scroll.pxPerFrame}px/frame`,
            scroll.scrolling.count,
            scroll.scrolling.p50,
            scroll.scrolling.p95,
            scroll.scrolling.p99,
            scroll.scrolling.max,
          ],
          ['scrolling p95 ÷ idle p95', undefined, undefined, scroll.p95Ratio, undefined, undefined],
        ],
      ),
      renderTable(
        'End to end: the page main thread per frame (ms, mean; Chromium Performance metrics)',
        ['page', 'busy', 'script', 'style', 'layout', 'layouts/frame'],
        (['idle', 'scrolling'] as const).map((k) => {
          const m = scroll.mainThread[k]
          return [k, m.task, m.script, m.style, m.layout, m.layoutsPerFrame]
        }),
      ),
      renderTable(
        'End to end: CPU per frame (ms of thread time; a traced second pass, load-independent)',
        ['page', 'frames', 'main thread', 'compositor', 'raster + workers'],
        (['idle', 'scrolling'] as const).map((k) => {
          const c = scroll.cpu[k]
          return [k, c.frames, c.main, c.compositor, c.workers]
        }),
      ),
      renderTable(
        'End-to-end goals',
        ['goal', 'measured', 'target', 'verdict'],
        goals.map((g) => [g.name, g.value, g.target, verdict(g.met)]),
      ),
    ]
    if (latency.lost > 0)
      tables.push(
        `  (${latency.lost} of ${latency.toggles} probe changes never reached the screen within 10 s)`,
      )
    return {
      setup: {
        ...plan,
        quick: options.quick,
        renderer: build,
        viewport: VIEWPORT,
        processes:
          'simulator, relay, desk+web host: one child process each; Chromium; this process drives',
      },
      latency,
      scroll,
      goals,
      tables,
    }
  } finally {
    await browser.close()
  }
}

async function openBoard(
  browser: Browser,
  stack: Stack,
  minCount: number,
  timeoutMs: number,
): Promise<{ page: Page; count: number }> {
  if (!stack.deskUrl) throw new Error('the stack has no web host')
  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  // tsx compiles with keepNames, which wraps functions passed to page.evaluate in `__name(...)`.
  await page.addInitScript('globalThis.__name = (f) => f')
  await page.addInitScript(installSocketTap)
  await page.goto(stack.deskUrl)
  await page.waitForSelector('[data-testid="board"][data-ready="true"]', { timeout: 60_000 })
  await page
    .waitForFunction(boardHasAtLeast, minCount, {
      timeout: timeoutMs,
      polling: 250,
    })
    .catch(() => undefined)
  const count = await boardCount(page)
  return { page, count }
}

async function boardCount(page: Page): Promise<number> {
  return page.evaluate(boardCountInPage)
}

async function simSent(stack: Stack): Promise<number> {
  return (await stack.sim.call<{ callbacksSent: number }>('stats')).callbacksSent
}

async function pollUntil<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function latencyStack(plan: Plan['latency']): Promise<Stack> {
  return startStack({
    concurrentCalls: plan.calls,
    timeScale: plan.timeScale,
    seed: 20_240_501,
    webHost: true,
    thresholds: QUIET_THRESHOLDS,
  })
}

function scrollStack(plan: Plan['scroll']): Promise<Stack> {
  return startStack({
    concurrentCalls: plan.calls,
    timeScale: plan.timeScale,
    rampSeconds: plan.rampSeconds,
    seed: 20_240_502,
    webHost: true,
    thresholds: QUIET_THRESHOLDS,
  })
}

async function latencyPhase(
  browser: Browser,
  stack: Stack,
  plan: Plan['latency'],
  say: (line: string) => void,
): Promise<ScreenBenchResult['latency']> {
  let subscriber: Socket | undefined
  try {
    const rest: RestTarget = {
      baseUrl: stack.simBaseUrl,
      authId: stack.account.authId,
      authToken: stack.account.authToken,
    }
    const statusUrl = `${stack.relay.url}/plivo/${stack.account.authId}/status`
    // Probe calls first, so theirs are the longest waits: the top of the board.
    const probes: (ProbeTarget & { name: string; muted: boolean })[] = []
    for (let i = 1; i <= plan.probes; i++) {
      const name = `probe-${i}`
      await dialCustomer(rest, name, statusUrl)
      const memberId = await pollUntil(
        `${name} to answer`,
        30_000,
        async () => (await liveMembers(rest, name))[0],
      )
      probes.push({ name, memberId, mpcUuid: await mpcUuid(rest, name), muted: false })
    }

    // The baseline observer: a bare relay subscriber.
    const relaySeen: { mpcUuid: string; muted: boolean; at: number; receivedAt: number }[] = []
    const probeUuids = new Set(probes.map((p) => p.mpcUuid))
    subscriber = io(new URL(SUPERVISOR_NAMESPACE, stack.relay.url).href, {
      auth: { token: stack.account.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    })
    subscriber.on(MPC_EVENT, (m: RelayEventMessage) => {
      const e = m.event
      if (!probeUuids.has(e.mpcUuid)) return
      if (e.name !== 'ParticipantMute' && e.name !== 'ParticipantUnmute') return
      relaySeen.push({
        mpcUuid: e.mpcUuid,
        muted: e.name === 'ParticipantMute',
        at: wallNow(),
        receivedAt: m.receivedAt,
      })
    })
    await subscriber.timeout(30_000).emitWithAck(SUBSCRIBE, {})

    say(`e2e: waiting for ${plan.calls} live calls on the board`)
    const { page, count: boardBefore } = await openBoard(
      browser,
      stack,
      Math.floor(plan.calls * 0.9),
      120_000,
    )
    await page.waitForTimeout(plan.settleMs)
    // Only the probe calls on screen: where 500 calls sort depends on their waits and alerts,
    // and a probe scrolled out of the virtualised board cannot be seen changing. Every call's
    // patches still reach the page, its store and its filter.
    await page.getByTestId('search').fill('probe-')
    const visible = await pollUntil('the probe cards on screen', 60_000, async () => {
      const found = await page.evaluate(
        installProbeObserver,
        probes.map(({ mpcUuid, memberId }) => ({ mpcUuid, memberId })),
      )
      return found === probes.length ? found : undefined
    })

    await page.evaluate(
      watchPatches,
      probes.map(({ mpcUuid, memberId }) => ({ mpcUuid, memberId })),
    )

    say(`e2e: probing ${visible} calls for ${plan.durationMs / 1000} s`)
    const dom = new Samples()
    const painted = new Samples()
    const viaRelay = new Samples()
    const stages = new StageSamples()
    const patchSeen: PatchSighting[] = []
    type Toggle = {
      probe: (typeof probes)[number]
      muted: boolean
      sentAt: number
      answeredAt: number
    }
    const outstanding = new Map<string, Toggle>()
    let toggles = 0
    let lost = 0
    const sentBefore = await simSent(stack)
    const started = wallNow()
    let next = 0
    let lastProbe = 0
    while (wallNow() - started < plan.durationMs || outstanding.size > 0) {
      const now = wallNow()
      if (now - started < plan.durationMs && now - lastProbe >= plan.probeEveryMs) {
        lastProbe = now
        const probe = probes[next++ % probes.length]
        if (probe && !outstanding.has(probe.mpcUuid)) {
          const muted = !probe.muted
          const toggle: Toggle = { probe, muted, sentAt: wallNow(), answeredAt: NaN }
          outstanding.set(probe.mpcUuid, toggle)
          toggles++
          await setMute(rest, probe.name, probe.memberId, muted)
          toggle.answeredAt = wallNow()
          probe.muted = muted
        }
      }
      patchSeen.push(...(await page.evaluate(drainPatchLog)))
      for (const s of await page.evaluate(drainProbeLog)) {
        const t = outstanding.get(s.mpcUuid)
        if (!t || t.muted !== s.muted || s.at < t.sentAt) continue
        outstanding.delete(s.mpcUuid)
        dom.push(s.at - t.sentAt)
        painted.push(s.frameAt - t.sentAt)
        const seen = (x: { mpcUuid: string; muted: boolean; at: number }): boolean =>
          x.mpcUuid === s.mpcUuid && x.muted === s.muted && x.at >= t.sentAt
        const r = relaySeen.find(seen)
        if (r) viaRelay.push(r.at - t.sentAt)
        const patch = patchSeen.find(seen)
        if (r && patch) {
          stages.add(t.sentAt, [
            ['control API answered', t.answeredAt],
            ['relay accepted the callback', r.receivedAt],
            ['desk store applied it', patch.appliedAt ?? NaN],
            ['desk emitted the patch', patch.patchAt],
            ['page socket received the patch', patch.at],
            ['DOM changed', s.at],
            ['next frame (painted)', s.frameAt],
          ])
          stages.addSide('bare relay subscriber received', t.sentAt, r.receivedAt, r.at)
        }
      }
      patchSeen.splice(0, Math.max(0, patchSeen.length - 200))
      for (const [uuid, t] of outstanding) {
        if (wallNow() - t.sentAt > 10_000) {
          outstanding.delete(uuid)
          lost++
        }
      }
      relaySeen.splice(0, Math.max(0, relaySeen.length - 200))
      await new Promise((r) => setTimeout(r, 20))
    }
    const backgroundEventsPerSec =
      ((await simSent(stack)) - sentBefore) / ((wallNow() - started) / 1000)
    const liveCalls = Math.max(boardBefore, await boardCount(page))
    await page.context().close()
    const d = distribution(dom.values())
    const p = distribution(painted.values())
    const r = distribution(viaRelay.values())
    return {
      liveCalls,
      backgroundEventsPerSec,
      probes: probes.length,
      toggles,
      lost,
      dom: d,
      painted: p,
      relaySubscriber: r,
      p95Ratio: ratio(p.p95, r.p95),
      stages: stages.result(),
    }
  } finally {
    subscriber?.close()
  }
}

/**
 * Per-checkpoint samples of a probe change's path. The desk's path is a chain (each stage from
 * the previous checkpoint); the bare relay subscriber is a side branch from "relay accepted",
 * shown for comparison with the desk's own receipt. All times are wall-clock ms on one machine
 * (Node's and Chromium's clocks agree to well under a millisecond).
 */
class StageSamples {
  private readonly rows = new Map<string, { cumulative: Samples; stage: Samples }>()

  private row(name: string): { cumulative: Samples; stage: Samples } {
    let row = this.rows.get(name)
    if (!row) {
      row = { cumulative: new Samples(), stage: new Samples() }
      this.rows.set(name, row)
    }
    return row
  }

  add(start: number, checkpoints: [string, number][]): void {
    let previous = start
    for (const [name, at] of checkpoints) {
      if (!Number.isFinite(at)) continue
      const row = this.row(name)
      row.cumulative.push(at - start)
      row.stage.push(at - previous)
      previous = at
    }
  }

  addSide(name: string, start: number, from: number, at: number): void {
    const row = this.row(name)
    row.cumulative.push(at - start)
    row.stage.push(at - from)
  }

  result(): { checkpoint: string; cumulative: Distribution; stage: Distribution }[] {
    return [...this.rows].map(([checkpoint, row]) => ({
      checkpoint,
      cumulative: distribution(row.cumulative.values()),
      stage: distribution(row.stage.values()),
    }))
  }
}

async function scrollPhase(
  browser: Browser,
  stack: Stack,
  plan: Plan['scroll'],
  say: (line: string) => void,
): Promise<ScreenBenchResult['scroll']> {
  {
    say(`e2e: waiting for ${plan.calls} live calls on the board`)
    const { page, count } = await openBoard(browser, stack, Math.floor(plan.calls * 0.9), 180_000)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    const counters = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
      )
    const sentBefore = await simSent(stack)
    const started = wallNow()
    let before = await counters()
    const idle = await page.evaluate(sampleFrames, {
      durationMs: plan.idleMs,
      scrollSelector: null,
      pxPerFrame: 0,
    })
    const idleCounters = await counters()
    const idleMain = perFrame(before, idleCounters, idle.deltas.length)
    before = await counters()
    const scrolling = await page.evaluate(sampleFrames, {
      durationMs: plan.scrollMs,
      scrollSelector: '[data-testid="board-scroll"]',
      pxPerFrame: plan.pxPerFrame,
    })
    const scrollingMain = perFrame(before, await counters(), scrolling.deltas.length)
    // The same two runs again, traced: CPU per frame for comparing builds across unequal loads.
    // Apart from the measured runs above, so tracing costs the goal's frames nothing.
    const idleCpu = await measureFrameCpu(cdp, async () => {
      const r = await page.evaluate(sampleFrames, {
        durationMs: plan.idleMs,
        scrollSelector: null,
        pxPerFrame: 0,
      })
      return r.deltas.length
    })
    const scrollingCpu = await measureFrameCpu(cdp, async () => {
      const r = await page.evaluate(sampleFrames, {
        durationMs: plan.scrollMs,
        scrollSelector: '[data-testid="board-scroll"]',
        pxPerFrame: plan.pxPerFrame,
      })
      return r.deltas.length
    })
    const backgroundEventsPerSec =
      ((await simSent(stack)) - sentBefore) / ((wallNow() - started) / 1000)
    const boardCountNow = Math.max(count, await boardCount(page))
    await page.context().close()
    const i = distribution(idle.deltas)
    const s = distribution(scrolling.deltas)
    return {
      boardCount: boardCountNow,
      idle: i,
      scrolling: s,
      scrolledPx: scrolling.scrolledPx,
      p95Ratio: ratio(s.p95, i.p95),
      backgroundEventsPerSec,
      mainThread: { idle: idleMain, scrolling: scrollingMain },
      cpu: { idle: idleCpu, scrolling: scrollingCpu },
    }
  }
}

export interface MainThreadMs {
  /** Every task on the main thread (script, style, layout, paint and the rest). */
  task: number
  script: number
  style: number
  layout: number
  layoutsPerFrame: number
}

/** Chromium's cumulative counters (seconds, counts) between two readings, per frame, in ms. */
function perFrame(
  a: Record<string, number>,
  b: Record<string, number>,
  frames: number,
): MainThreadMs {
  const delta = (name: string): number => ((b[name] ?? 0) - (a[name] ?? 0)) / Math.max(1, frames)
  return {
    task: delta('TaskDuration') * 1000,
    script: delta('ScriptDuration') * 1000,
    style: delta('RecalcStyleDuration') * 1000,
    layout: delta('LayoutDuration') * 1000,
    layoutsPerFrame: delta('LayoutCount'),
  }
}
