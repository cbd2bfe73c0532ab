/**
 * Benchmarks run their servers and load generators in child processes, so the process being
 * measured is not also the one producing its load (on a 2-core machine this is the fairest
 * split we have). Parent and child talk over Node's IPC channel with a tiny request/reply
 * protocol: `{ id, type, payload }` → `{ id, ok, value | error }`, plus unsolicited
 * `{ event, payload }` notices (e.g. "ready").
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

const requestSchema = z.object({
  id: z.number(),
  type: z.string(),
  payload: z.unknown().optional(),
})
const replySchema = z.union([
  z.object({ id: z.number(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: z.number(), ok: z.literal(false), error: z.string() }),
])
const noticeSchema = z.object({ event: z.string(), payload: z.unknown() })

export interface ChildHandle {
  readonly pid: number
  /** Sends a request and resolves with the child's reply value. */
  call<T>(type: string, payload?: unknown, timeoutMs?: number): Promise<T>
  /** Resolves with the payload of the next notice with this name. */
  notice<T>(event: string, timeoutMs?: number): Promise<T>
  /** Asks the child to exit (its `stop` handler runs first), killing it after a grace period. */
  stop(): Promise<void>
}

export interface ForkOptions {
  /** Run with `--expose-gc` (memory benchmarks). */
  exposeGc?: boolean
  /** More Node flags, e.g. `--cpu-prof` to profile the child. */
  nodeArgs?: string[]
  env?: Record<string, string>
}

/** Forks `node --import tsx <module>` (a path relative to the repo root). */
export function forkChild(modulePath: string, options: ForkOptions = {}): ChildHandle {
  const child: ChildProcess = fork(modulePath, [], {
    cwd: REPO_ROOT,
    execArgv: [
      '--import',
      'tsx',
      ...(options.exposeGc ? ['--expose-gc'] : []),
      ...(options.nodeArgs ?? []),
    ],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let nextId = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const noticeWaiters = new Map<string, ((payload: unknown) => void)[]>()
  const early = new Map<string, unknown[]>()
  let exitError: Error | undefined

  child.on('message', (raw: unknown) => {
    const reply = replySchema.safeParse(raw)
    if (reply.success) {
      const waiter = pending.get(reply.data.id)
      if (!waiter) return
      pending.delete(reply.data.id)
      if (reply.data.ok) waiter.resolve(reply.data.value)
      else waiter.reject(new Error(`${modulePath}: ${reply.data.error}`))
      return
    }
    const notice = noticeSchema.safeParse(raw)
    if (!notice.success) return
    const waiters = noticeWaiters.get(notice.data.event)
    const first = waiters?.shift()
    if (first) first(notice.data.payload)
    else
      early.set(notice.data.event, [...(early.get(notice.data.event) ?? []), notice.data.payload])
  })
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitError = new Error(`${modulePath} exited (code ${code}, signal ${signal})`)
      for (const w of pending.values()) w.reject(exitError)
      pending.clear()
      resolve()
    })
  })

  const withTimeout = <T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${modulePath}: ${what} timed out after ${timeoutMs} ms`)),
        timeoutMs,
      )
    })
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
  }

  return {
    pid: child.pid ?? -1,
    call<T>(type: string, payload?: unknown, timeoutMs = 120_000): Promise<T> {
      if (exitError) return Promise.reject(exitError)
      const id = nextId++
      const result = new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: (v) => resolve(v as T), reject })
      })
      child.send({ id, type, payload: payload ?? null })
      return withTimeout(type, result, timeoutMs).finally(() => pending.delete(id))
    },
    notice<T>(event: string, timeoutMs = 30_000): Promise<T> {
      const queued = early.get(event)
      if (queued && queued.length > 0) return Promise.resolve(queued.shift() as T)
      if (exitError) return Promise.reject(exitError)
      const got = new Promise<T>((resolve, reject) => {
        noticeWaiters.set(event, [...(noticeWaiters.get(event) ?? []), (p) => resolve(p as T)])
        void exited.then(() => reject(exitError))
      })
      return withTimeout(`notice ${event}`, got, timeoutMs)
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const id = nextId++
      child.send({ id, type: 'stop', payload: null })
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

export type Handler = (payload: unknown) => unknown
/**
 * The child side: answers requests with `handlers[type]`, announces `ready`, and exits after
 * `stop` (running `handlers.stop` first, if any).
 */
export function serveParent(handlers: Record<string, Handler>, ready: unknown = {}): void {
  const send = (message: unknown): void => {
    if (process.send) process.send(message)
  }
  process.on('message', (raw: unknown) => {
    const parsed = requestSchema.safeParse(raw)
    if (!parsed.success) return
    const { id, type, payload } = parsed.data
    const handler = handlers[type]
    Promise.resolve()
      .then(() => {
        if (!handler && type !== 'stop') throw new Error(`unknown request ${type}`)
        return handler?.(payload)
      })
      .then(
        (value: unknown) => {
          send({ id, ok: true, value: value ?? null })
          if (type === 'stop') setImmediate(() => process.exit(0))
        },
        (error: unknown) => {
          send({
            id,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          })
          if (type === 'stop') setImmediate(() => process.exit(1))
        },
      )
  })
  // The parent went away: do not linger.
  process.on('disconnect', () => process.exit(0))
  send({ event: 'ready', payload: ready })
}

/** Sends an unsolicited notice to the parent. */
export function notifyParent(event: string, payload: unknown): void {
  if (process.send) process.send({ event, payload })
}
