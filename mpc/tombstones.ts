/**
 * MPCs dropped from a live state after they ended — the relay's and each desk's. A callback for
 * one of them that arrives later (a Plivo retry, a slow recording callback, a replay) must not
 * bring the call back: applied to no state, the reducer would open a fresh MPC that never ends —
 * a ghost on every supervisor's board.
 *
 * Bounded by count (oldest forgotten first) and by age. An hour outlasts Plivo's retries by far,
 * and keeps memory flat over days: a 500-seat center ends ~10,000 calls an hour.
 */
export const TOMBSTONE_CAP = 50_000
export const TOMBSTONE_TTL_MS = 60 * 60_000

export class Tombstones {
  /** uuid → when it was dropped; insertion-ordered, so expiry walks from the front. */
  private readonly buried = new Map<string, number>()

  constructor(
    private readonly cap = TOMBSTONE_CAP,
    private readonly ttlMs = TOMBSTONE_TTL_MS,
  ) {}

  bury(uuids: Iterable<string>, now: number): void {
    for (const uuid of uuids) {
      this.buried.delete(uuid)
      this.buried.set(uuid, now)
    }
    this.expire(now)
  }

  /** The MPC is live again (a relay snapshot has it): stop refusing its events. */
  forget(uuid: string): void {
    this.buried.delete(uuid)
  }

  clear(): void {
    this.buried.clear()
  }

  has(uuid: string): boolean {
    return this.buried.has(uuid)
  }

  get size(): number {
    return this.buried.size
  }

  expire(now: number): void {
    for (const [uuid, at] of this.buried) {
      if (this.buried.size <= this.cap && now - at < this.ttlMs) break
      this.buried.delete(uuid)
    }
  }
}
