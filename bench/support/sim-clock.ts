/**
 * A time-scaled run is only coherent if every process agrees on the time. The simulator stamps
 * events with its simulated clock (`timeScale` times faster than real), so a relay or desk in a
 * child process that compares those stamps with the real `Date.now()` would see events from the
 * future: ended calls would never age out, waits would be negative. Installing the same
 * simulated clock as `Date.now` in those processes makes them live in simulated time, with their
 * production retention settings. Timers (setTimeout/setInterval) still run in real time.
 */
import { z } from 'zod'

export const simClockSchema = z.object({
  /** Simulated epoch ms at `realStart`. */
  simStart: z.number(),
  /** Real epoch ms when the simulated clock started. */
  realStart: z.number(),
  timeScale: z.number().positive(),
})
export type SimClock = z.infer<typeof simClockSchema>

export const SIM_CLOCK_ENV = 'BENCH_SIM_CLOCK'

export function simClockEnv(clock: SimClock): Record<string, string> {
  return { [SIM_CLOCK_ENV]: JSON.stringify(clock) }
}

/** Replaces `Date.now` when BENCH_SIM_CLOCK is set; returns the clock, or undefined. */
export function installSimClockFromEnv(): SimClock | undefined {
  const raw = process.env[SIM_CLOCK_ENV]
  if (!raw) return undefined
  const clock = simClockSchema.parse(JSON.parse(raw))
  installSimClock(clock)
  return clock
}

const realNow = Date.now.bind(Date)

/** Makes `Date.now` read the simulated clock. */
export function installSimClock(clock: SimClock): void {
  Date.now = () => Math.round(clock.simStart + (realNow() - clock.realStart) * clock.timeScale)
}
