/**
 * CPU time the hypervisor gave to other guests while this VM wanted it ("steal" in /proc/stat,
 * summed over the machine's cores). On a shared VM a burst of steal stalls every process at
 * once: a latency tail that coincides with it was set by the machine, not by the code measured.
 */
import { readFileSync } from 'node:fs'

/** Kernel clock ticks per second for /proc/stat (USER_HZ, 100 on every mainstream Linux). */
const USER_HZ = 100

/** The steal of /proc/stat's first line (all cores), in ms; NaN when the text has none. */
export function stealMsOf(procStat: string): number {
  const line = procStat.split('\n', 1)[0] ?? ''
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice
  const fields = line.trim().split(/\s+/)
  if (fields[0] !== 'cpu' || fields[8] === undefined) return NaN
  const steal = Number(fields[8])
  return Number.isFinite(steal) ? (steal * 1000) / USER_HZ : NaN
}

/** Steal so far, in ms since boot; NaN where /proc/stat cannot be read (not Linux). */
export function stolenMsSinceBoot(): number {
  try {
    return stealMsOf(readFileSync('/proc/stat', 'utf8'))
  } catch {
    return NaN
  }
}

/** Runs `work` and reports the CPU ms stolen from the machine meanwhile (NaN if unknown). */
export async function withStolenMs<T>(
  work: () => Promise<T>,
): Promise<{ value: T; stolenMs: number }> {
  const before = stolenMsSinceBoot()
  const value = await work()
  return { value, stolenMs: stolenMsSinceBoot() - before }
}
