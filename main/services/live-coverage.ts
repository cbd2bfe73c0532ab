/**
 * Which calls the desk is watching live, and since when: the facts only callbacks carry (who
 * is speaking, hence silence and overtalk) are known only for a call whose callbacks reach the
 * desk, and only while the live feed is up. The REST read-back has no speech data at all.
 *
 * `speechSince(uuid)` is the wall-clock time from which the call's speech is known: the later
 * of when the feed last became live and when the desk first had the call from the relay (an
 * event or a snapshot). Null while the feed is down, and for a call known only from REST.
 *
 * Choice where the design is silent: after an outage the clock restarts at the moment the feed
 * is live again, even when the relay replayed what was missed — a relay that lost its history
 * cannot replay, and the desk cannot tell a complete replay from a partial one by looking at
 * the calls. So a silence needs a full threshold of silence the desk has seen before it alerts.
 */
export class LiveCoverage {
  /** When the feed last became live; null while it is down. */
  private feedSince: number | null = null
  /** Per call: when the desk first had it from the relay. */
  private readonly firstLive = new Map<string, number>()

  /** The feed is live (`live` true) or not, as of `at`. Repeats change nothing. */
  setFeed(live: boolean, at: number): void {
    if (!live) this.feedSince = null
    else if (this.feedSince === null) this.feedSince = at
  }

  get feedLive(): boolean {
    return this.feedSince !== null
  }

  /** The relay told us about this call (an event or a snapshot) at `at`. */
  sawLive(mpcUuid: string, at: number): void {
    if (!this.firstLive.has(mpcUuid)) this.firstLive.set(mpcUuid, at)
  }

  speechSince(mpcUuid: string): number | null {
    if (this.feedSince === null) return null
    const first = this.firstLive.get(mpcUuid)
    return first === undefined ? null : Math.max(this.feedSince, first)
  }

  forget(mpcUuid: string): void {
    this.firstLive.delete(mpcUuid)
  }

  /** A different account: nothing seen yet. */
  clear(): void {
    this.firstLive.clear()
  }
}
