/**
 * A small seeded PRNG (mulberry32) and the draws the simulator needs. Separate streams (traffic,
 * ids, faults) keep one part's draws from shifting another's, so a seeded scenario replays the
 * same way whatever the REST API or the fault injector does meanwhile.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** Exponentially distributed with the given mean. */
  exp(mean: number): number
  pick<T>(items: readonly T[]): T
  /** RFC 4122-shaped v4 uuid from this stream (not cryptographic: ids only). */
  uuid(): string
  /** A child stream whose draws do not disturb this one's after the fork. */
  fork(): Rng
}

export function mulberry32(seed: number): Rng {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const hex = (n: number): string => {
    let out = ''
    for (let i = 0; i < n; i++) out += Math.floor(next() * 16).toString(16)
    return out
  }
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    exp: (mean) => -Math.log(1 - next()) * mean,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)] as T
    },
    uuid: () => {
      const variant = (8 + Math.floor(next() * 4)).toString(16)
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`
    },
    fork: () => mulberry32(Math.floor(next() * 4294967296)),
  }
  return rng
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296)
}
