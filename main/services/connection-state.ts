/**
 * The connection state the UI's banner shows (DESIGN §5/§7): live / reconnecting / resyncing /
 * offline, why, and how old the newest data is. Always available; every status change is
 * pushed at once, while a mere "newer data arrived" is pushed at most once a second (the
 * patches already carry the data; this only keeps the age display honest).
 *
 * It also carries how the REST read-back is doing (`restAt`, `restError`): while the live feed
 * is down the reconcile still refreshes the board from Plivo's API, and the banner must say so
 * (with its age) rather than call the board frozen — or say plainly when that fails too.
 */
import type { ConnectionState, ConnectionStatus, Unsubscribe } from '../../preload/api'

export const DATA_AT_PUSH_INTERVAL_MS = 1000

export interface ConnectionTracker {
  current(): ConnectionState
  /** Sets the status; `reason` is cleared when omitted. */
  set(status: ConnectionStatus, reason?: string): void
  /** Newer data was applied (an event, a snapshot or a reconcile). */
  dataApplied(): void
  setDemo(demo: boolean): void
  /** A different account: no data and no REST read-back yet. */
  resetData(): void
  /** A full REST read-back pass finished: `at` of the last good one (null: none), and why the last failed. */
  setRest(rest: { at: number | null; error?: string }): void
  onChange(listener: (state: ConnectionState) => void): Unsubscribe
  stop(): void
}

export function createConnectionTracker(options: {
  demo: boolean
  now?: () => number
}): ConnectionTracker {
  const now = options.now ?? Date.now
  let state: ConnectionState = {
    status: 'offline',
    dataAt: null,
    since: now(),
    reason: 'starting',
    demo: options.demo,
  }
  const listeners = new Set<(state: ConnectionState) => void>()
  let lastPush = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const push = (): void => {
    if (timer) clearTimeout(timer)
    timer = undefined
    lastPush = now()
    for (const listener of listeners) listener(state)
  }

  return {
    current: () => state,
    set(status, reason) {
      if (status === state.status && reason === state.reason) return
      const { reason: _previous, ...rest } = state
      state = {
        ...rest,
        status,
        since: status === state.status ? state.since : now(),
        ...(reason !== undefined ? { reason } : {}),
      }
      push()
    },
    resetData() {
      const { restError: _error, ...rest } = state
      state = { ...rest, dataAt: null, restAt: null }
      push()
    },
    setRest({ at, error }) {
      if (at === (state.restAt ?? null) && error === state.restError) return
      const { restError: _previous, ...rest } = state
      state = { ...rest, restAt: at, ...(error !== undefined ? { restError: error } : {}) }
      push()
    },
    dataApplied() {
      state = { ...state, dataAt: now() }
      if (timer) return
      const wait = lastPush + DATA_AT_PUSH_INTERVAL_MS - now()
      if (wait <= 0) push()
      else timer = setTimeout(push, wait)
    },
    setDemo(demo) {
      if (demo === state.demo) return
      state = { ...state, demo }
      push()
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    stop() {
      if (timer) clearTimeout(timer)
      timer = undefined
      listeners.clear()
    },
  }
}
