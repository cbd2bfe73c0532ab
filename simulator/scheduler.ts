/**
 * The simulated clock and the one scheduler every timed thing in the simulator goes through.
 *
 * Simulated time runs `timeScale` times faster than real time. Tasks live in one binary heap
 * keyed by (simulated time, insertion order) and a single real timer is armed for the earliest,
 * so 2,000 live MPCs cost one `setTimeout`, not thousands.
 *
 * While a task runs, "now" is that task's own scheduled time, not the wall clock: follow-up work
 * it schedules is placed relative to it. That makes a seeded scenario's event order and times a
 * pure function of the seed, however late the process gets to run each task.
 */
import { fallbackLogger } from './log'

export interface TaskHandle {
  readonly at: number
  /** Set by `Scheduler.cancel` (and for a task scheduled after `stop`): it will not run. */
  readonly cancelled: boolean
}

const NOTHING = (): void => undefined

class Task implements TaskHandle {
  cancelled = false
  /** In the heap: not yet run, and not yet dropped or compacted away. */
  queued = false
  constructor(
    readonly at: number,
    readonly seq: number,
    public run: () => void,
  ) {}
}

/** Most tasks run per turn before yielding to I/O, so HTTP keeps flowing under load. */
const BATCH = 256

/**
 * Cancelled tasks leave the heap lazily (when they reach its head), which costs nothing per
 * cancel; but a call's 4-hour max-duration task, cancelled when the call ends after minutes,
 * would sit there for hours. Once they are more than half the heap (and more than this many),
 * the heap is rebuilt without them, so it stays within twice the live tasks.
 */
const COMPACT_AT_LEAST = 1024

export class Scheduler {
  private heap: Task[] = []
  /** Cancelled tasks still in the heap. */
  private cancelledQueued = 0
  private seq = 0
  private timer: NodeJS.Timeout | undefined
  private armedAt = Infinity
  private current: number | undefined
  private immediate: NodeJS.Immediate | undefined
  private stopped = false
  private readonly realStart = performance.now()

  constructor(
    readonly timeScale: number,
    private readonly simStart: number = Date.now(),
    private readonly onError: (error: unknown) => void = (error) => {
      fallbackLogger().error({ err: error }, 'simulator task failed')
    },
  ) {
    if (!(timeScale > 0)) throw new Error('timeScale must be > 0')
  }

  /** Simulated wall-clock time (epoch ms), ignoring the task in progress. */
  clockNow(): number {
    return this.simStart + (performance.now() - this.realStart) * this.timeScale
  }

  /** "Now" for the world: the running task's time, else the simulated clock. */
  now(): number {
    return this.current ?? this.clockNow()
  }

  /**
   * The real wall-clock time (epoch ms, sub-ms) at which the simulated instant `simAt` is due:
   * what "behind schedule" is measured against.
   */
  realTimeOf(simAt: number): number {
    return performance.timeOrigin + this.realStart + (simAt - this.simStart) / this.timeScale
  }

  /** Converts a real-time delay (e.g. a phone answering after 1.5 s) to simulated ms. */
  realToSim(realMs: number): number {
    return realMs * this.timeScale
  }

  get pending(): number {
    return this.heap.length
  }

  /** Runs `run` after `delayMs` of simulated time. */
  after(delayMs: number, run: () => void): TaskHandle {
    return this.at(this.now() + Math.max(0, delayMs), run)
  }

  at(at: number, run: () => void): TaskHandle {
    const task = new Task(at, this.seq++, run)
    if (this.stopped) {
      task.cancelled = true
      return task
    }
    this.push(task)
    if (this.current === undefined && this.immediate === undefined) this.arm()
    return task
  }

  /**
   * Runs `fn` with "now" pinned to one instant, so everything it schedules shares one base
   * (outside a task, each `after` would otherwise read the moving clock).
   */
  pinned<T>(fn: () => T): T {
    if (this.current !== undefined) return fn()
    this.current = this.clockNow()
    try {
      return fn()
    } finally {
      this.current = undefined
      if (this.immediate === undefined) this.arm()
    }
  }

  /** The task will not run; what its closure holds (often a whole call) is let go at once. */
  cancel(handle: TaskHandle | undefined): void {
    if (!(handle instanceof Task) || handle.cancelled) return
    handle.cancelled = true
    handle.run = NOTHING
    if (!handle.queued) return
    this.cancelledQueued++
    if (this.cancelledQueued >= COMPACT_AT_LEAST && this.cancelledQueued * 2 > this.heap.length) {
      this.compact()
    }
  }

  /** Rebuilds the heap without its cancelled tasks (Floyd's bottom-up heapify, O(n)). */
  private compact(): void {
    const kept: Task[] = []
    for (const task of this.heap) {
      if (task.cancelled) task.queued = false
      else kept.push(task)
    }
    this.heap = kept
    this.cancelledQueued = 0
    for (let i = (kept.length >> 1) - 1; i >= 0; i--) this.siftDown(i, kept[i] as Task)
    // The earliest task may have changed: the timer must follow it.
    if (this.current === undefined && this.immediate === undefined) this.arm()
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    if (this.immediate) clearImmediate(this.immediate)
    this.timer = undefined
    this.immediate = undefined
    for (const task of this.heap) {
      task.cancelled = true
      task.queued = false
      task.run = NOTHING
    }
    this.heap.length = 0
    this.cancelledQueued = 0
  }

  private arm(): void {
    if (this.stopped) return
    this.dropCancelledHead()
    const head = this.heap[0]
    if (!head) {
      if (this.timer) clearTimeout(this.timer)
      this.timer = undefined
      this.armedAt = Infinity
      return
    }
    if (this.timer && head.at >= this.armedAt) return
    if (this.timer) clearTimeout(this.timer)
    const realDelay = Math.max(0, (head.at - this.clockNow()) / this.timeScale)
    this.armedAt = head.at
    // setTimeout caps at ~24.8 days; re-arming on wake-up covers anything longer.
    this.timer = setTimeout(() => this.drain(), Math.min(realDelay, 2_147_000_000))
    this.timer.unref()
  }

  private drain(): void {
    this.timer = undefined
    this.immediate = undefined
    this.armedAt = Infinity
    if (this.stopped) return
    const now = this.clockNow()
    let ran = 0
    while (ran < BATCH) {
      this.dropCancelledHead()
      const head = this.heap[0]
      if (!head || head.at > now) break
      this.pop()
      ran++
      this.current = head.at
      try {
        head.run()
      } catch (error) {
        this.onError(error)
      } finally {
        this.current = undefined
      }
      if (this.stopped) return
    }
    const head = this.heap[0]
    if (ran >= BATCH && head && head.at <= now) {
      this.immediate = setImmediate(() => this.drain())
      this.immediate.unref()
    } else {
      this.arm()
    }
  }

  private dropCancelledHead(): void {
    while (this.heap[0]?.cancelled) {
      this.pop()
      this.cancelledQueued--
    }
  }

  private less(a: Task, b: Task): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq)
  }

  private push(task: Task): void {
    const heap = this.heap
    task.queued = true
    heap.push(task)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = heap[parent] as Task
      if (!this.less(task, p)) break
      heap[i] = p
      i = parent
    }
    heap[i] = task
  }

  private pop(): Task | undefined {
    const heap = this.heap
    const top = heap[0]
    if (top) top.queued = false
    const last = heap.pop()
    if (heap.length > 0 && last) this.siftDown(0, last)
    return top
  }

  /** Places `task` at slot `i` or below it, moving smaller children up. */
  private siftDown(i: number, task: Task): void {
    const heap = this.heap
    const n = heap.length
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      let child = l
      if (r < n && this.less(heap[r] as Task, heap[l] as Task)) child = r
      if (!this.less(heap[child] as Task, task)) break
      heap[i] = heap[child] as Task
      i = child
    }
    heap[i] = task
  }
}
