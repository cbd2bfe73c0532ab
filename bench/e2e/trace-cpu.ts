/**
 * CPU time the page's threads spent per frame, from a Chromium trace (thread time, not wall
 * time). On a loaded machine a frame's wall time grows with everyone else's work; the CPU the
 * page itself used does not, so this is the figure to compare two builds by when the load
 * differs between their runs.
 */
import type { CDPSession } from 'playwright-core'
import { z } from 'zod'

/** CPU ms per frame of the page's own threads. */
export interface FrameCpu {
  frames: number
  /** The renderer's main thread: script, style, layout, paint, React. */
  main: number
  /** The compositor thread (scrolling, animations, frame submission). */
  compositor: number
  /** Raster and other pool workers of the renderer process. */
  workers: number
}

const traceEventSchema = z.object({
  name: z.string().optional(),
  ph: z.string().optional(),
  pid: z.number().optional(),
  tid: z.number().optional(),
  ts: z.number().optional(),
  dur: z.number().optional(),
  tdur: z.number().optional(),
  args: z.object({ name: z.string().optional() }).loose().optional(),
})
type TraceEvent = z.infer<typeof traceEventSchema>
const traceSchema = z.union([
  z.object({ traceEvents: z.array(traceEventSchema) }).loose(),
  z.array(traceEventSchema),
])

/**
 * Traces `run` (which returns how many frames it saw) with only the top-level task category,
 * which costs the page little, and attributes each thread's task CPU time to the frames.
 */
export async function measureFrameCpu(
  cdp: CDPSession,
  run: () => Promise<number>,
): Promise<FrameCpu> {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: ['toplevel'] },
  })
  let frames = 0
  let failure: unknown
  try {
    frames = await run()
  } catch (error) {
    failure = error
  }
  // Always end the trace, so a failed run does not leave Chromium tracing.
  const complete = new Promise<string | undefined>((resolve) =>
    cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream)),
  )
  await cdp.send('Tracing.end')
  const stream = await complete
  if (failure !== undefined) throw failure
  if (!stream) throw new Error('Chromium returned no trace stream')
  return frameCpu(parseTrace(await readStream(cdp, stream)), frames)
}

async function readStream(cdp: CDPSession, handle: string): Promise<string> {
  const chunks: string[] = []
  try {
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle })
      chunks.push(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data)
      if (chunk.eof) break
    }
  } finally {
    await cdp.send('IO.close', { handle })
  }
  return chunks.join('')
}

function parseTrace(text: string): TraceEvent[] {
  const parsed = traceSchema.parse(JSON.parse(text))
  return Array.isArray(parsed) ? parsed : parsed.traceEvents
}

/** Exported for tests: the attribution itself, on parsed events. */
export function frameCpu(events: TraceEvent[], frames: number): FrameCpu {
  const threadName = new Map<string, string>()
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name)
      threadName.set(`${e.pid}:${e.tid}`, e.args.name)
  }
  // Complete events per thread; nested ones are inside their parent's time already.
  const byThread = new Map<string, { ts: number; dur: number; cpu: number }[]>()
  for (const e of events) {
    if (e.ph !== 'X' || e.ts === undefined || e.dur === undefined) continue
    const key = `${e.pid}:${e.tid}`
    let list = byThread.get(key)
    if (!list) byThread.set(key, (list = []))
    list.push({ ts: e.ts, dur: e.dur, cpu: e.tdur ?? e.dur })
  }
  const topLevelCpuMs = (key: string): number => {
    const list = (byThread.get(key) ?? []).sort((a, b) => a.ts - b.ts || b.dur - a.dur)
    let end = -Infinity
    let cpu = 0
    for (const e of list) {
      if (e.ts < end) continue
      cpu += e.cpu
      end = e.ts + e.dur
    }
    return cpu / 1000
  }
  // The page's renderer: the process whose main thread ran the most tasks.
  let mainKey: string | undefined
  for (const [key, name] of threadName) {
    if (name !== 'CrRendererMain') continue
    if (!mainKey || (byThread.get(key)?.length ?? 0) > (byThread.get(mainKey)?.length ?? 0))
      mainKey = key
  }
  const perFrame = (ms: number): number => ms / Math.max(1, frames)
  if (!mainKey) return { frames, main: NaN, compositor: NaN, workers: NaN }
  const pid = mainKey.split(':')[0]
  let compositor = 0
  let workers = 0
  for (const [key, name] of threadName) {
    if (key.split(':')[0] !== pid || key === mainKey) continue
    if (name === 'Compositor') compositor += topLevelCpuMs(key)
    else if (name.startsWith('ThreadPool') || name.startsWith('CompositorTileWorker'))
      workers += topLevelCpuMs(key)
  }
  return {
    frames,
    main: perFrame(topLevelCpuMs(mainKey)),
    compositor: perFrame(compositor),
    workers: perFrame(workers),
  }
}
