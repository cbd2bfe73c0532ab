/**
 * `whenLive`: who waits for the desk to be live (connected, subscribed, reconciled) — hosts at
 * start-up, tests before they act. Each waiter resolves when the source says it became live,
 * or rejects after its timeout naming the status and reason it was stuck on.
 */
import type { ConnectionTracker } from './connection-state'

export interface LiveWaiters {
  wait(timeoutMs?: number): Promise<void>
  /** The source became live: every waiter resolves. */
  resolveAll(): void
}

export function createLiveWaiters(connection: ConnectionTracker): LiveWaiters {
  let waiters: (() => void)[] = []
  return {
    wait(timeoutMs = 15_000) {
      if (connection.current().status === 'live') return Promise.resolve()
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done)
          const state = connection.current()
          reject(
            new Error(`desk not live after ${timeoutMs} ms: ${state.status} ${state.reason ?? ''}`),
          )
        }, timeoutMs)
        const done = (): void => {
          clearTimeout(timer)
          resolve()
        }
        waiters.push(done)
      })
    },
    resolveAll() {
      for (const resolve of waiters.splice(0)) resolve()
    },
  }
}
