/**
 * The timeline entries the live store (live-store.ts) wrote for facts it learned from REST, per
 * MPC, until the real callback for the same fact replaces them. A REST read races the callbacks
 * it reads about, so without this the timeline would show the fact twice (the callback has
 * another event key than the synthetic event the reconcile made).
 */
import type { MpcEvent } from '../../mpc/events'
import type { MpcState, TimelineEntry } from '../../mpc/state'

/**
 * How much later than a REST-derived entry the real callback for the same fact may be stamped:
 * Plivo stamps whole seconds on its own clock, the desk stamps REST reads on its clock.
 */
export const REST_ENTRY_SKEW_MS = 5000

export class RestEntries {
  private readonly entries = new Map<string, TimelineEntry[]>()

  /** Remembers the timeline entry a REST-derived event added, so its callback can replace it. */
  note(before: MpcState | undefined, after: MpcState): MpcState {
    if (after.timeline === before?.timeline) return after
    const old = new Set(before?.timeline)
    const added = after.timeline.find((entry) => !old.has(entry))
    if (added) {
      const entries = this.entries.get(after.mpcUuid) ?? []
      entries.push(added)
      this.entries.set(after.mpcUuid, entries)
    }
    return after
  }

  /**
   * A callback from the relay states a fact REST may already have told us: its entry (Plivo's
   * time, Plivo's details) takes the place of the one the store wrote from REST.
   */
  replace(after: MpcState, event: MpcEvent): MpcState {
    const entries = this.entries.get(after.mpcUuid)
    if (!entries) return after
    const memberId = 'memberId' in event ? event.memberId : undefined
    const index = entries.findIndex(
      (entry) =>
        entry.name === event.name &&
        entry.memberId === memberId &&
        event.at <= entry.at + REST_ENTRY_SKEW_MS,
    )
    if (index < 0) return after
    const [replaced] = entries.splice(index, 1)
    if (entries.length === 0) this.entries.delete(after.mpcUuid)
    const timeline = after.timeline.filter((entry) => entry !== replaced)
    return timeline.length === after.timeline.length ? after : { ...after, timeline }
  }

  forget(mpcUuid: string): void {
    this.entries.delete(mpcUuid)
  }

  clear(): void {
    this.entries.clear()
  }
}
