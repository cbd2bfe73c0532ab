import { describe, expect, it } from 'vitest'
import { frameCpu } from './trace-cpu'

const thread = (pid: number, tid: number, name: string) => ({
  ph: 'M',
  name: 'thread_name',
  pid,
  tid,
  args: { name },
})
const task = (pid: number, tid: number, ts: number, dur: number, tdur: number) => ({
  ph: 'X',
  name: 'ThreadControllerImpl::RunTask',
  pid,
  tid,
  ts,
  dur,
  tdur,
})

describe('CPU per frame from a trace', () => {
  it("counts the page's thread time once per task, per frame, by thread", () => {
    const events = [
      thread(1, 1, 'CrRendererMain'),
      thread(1, 2, 'Compositor'),
      thread(1, 3, 'ThreadPoolForegroundWorker'),
      thread(9, 1, 'CrBrowserMain'),
      // Two main-thread tasks (thread time 4 ms and 6 ms); the nested one is inside the first.
      task(1, 1, 0, 10_000, 4_000),
      task(1, 1, 1_000, 2_000, 1_500),
      task(1, 1, 20_000, 8_000, 6_000),
      task(1, 2, 0, 3_000, 2_000),
      task(1, 3, 0, 5_000, 4_000),
      // Another process's work is not the page's.
      task(9, 1, 0, 50_000, 50_000),
    ]
    expect(frameCpu(events, 2)).toEqual({ frames: 2, main: 5, compositor: 1, workers: 2 })
  })

  it('picks the renderer that ran the page when several are traced', () => {
    const events = [
      thread(1, 1, 'CrRendererMain'),
      thread(2, 1, 'CrRendererMain'),
      task(1, 1, 0, 1_000, 1_000),
      task(2, 1, 0, 1_000, 3_000),
      task(2, 1, 5_000, 1_000, 3_000),
    ]
    expect(frameCpu(events, 3).main).toBe(2)
  })

  it('has no figure when the trace holds no renderer', () => {
    expect(frameCpu([], 10).main).toBeNaN()
  })
})
