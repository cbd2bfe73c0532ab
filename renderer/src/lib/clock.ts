/**
 * One ticking clock for the whole UI (ages, durations, data age), read through
 * `useSyncExternalStore` so every reader sees the same instant and only readers re-render.
 * Tests pass a manual clock to drive time without timers.
 */
import { createContext, useContext, useSyncExternalStore } from 'react'

export interface Clock {
  now(): number
  subscribe(listener: () => void): () => void
}

/** A clock that ticks every `intervalMs` while anyone listens. */
export function createTickingClock(intervalMs = 1000): Clock {
  let current = Date.now()
  const listeners = new Set<() => void>()
  let timer: ReturnType<typeof setInterval> | undefined
  const tick = () => {
    current = Date.now()
    for (const l of listeners) l()
  }
  return {
    now: () => current,
    subscribe(listener) {
      listeners.add(listener)
      if (!timer) {
        current = Date.now()
        timer = setInterval(tick, intervalMs)
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && timer) {
          clearInterval(timer)
          timer = undefined
        }
      }
    },
  }
}

/** A clock that moves only when told to (tests). */
export function createManualClock(start: number): Clock & { set(at: number): void } {
  let current = start
  const listeners = new Set<() => void>()
  return {
    now: () => current,
    set(at) {
      current = at
      for (const l of listeners) l()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

export const ClockContext = createContext<Clock>(createTickingClock())

export function useClock(): Clock {
  return useContext(ClockContext)
}

/** The current time, re-rendering the caller on every tick. */
export function useNow(): number {
  const clock = useClock()
  return useSyncExternalStore(clock.subscribe, clock.now)
}
