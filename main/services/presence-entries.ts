/**
 * The presence tracker's book (presence.ts): one entry per call the supervisor is on or being
 * dialled into, with its timer and the join's open audit entry, and how entries are read and
 * forgotten. Apart from the tracker's state machine (ringing → joined → failed) so each reads as
 * one job; the tracker extends it.
 */
import type { MyPresence, SupervisorMode } from '../../preload/api'
import type { JoinOutcome, PresenceHooks } from './presence-hooks'

export interface PresenceEntry {
  presence: MyPresence
  /** The audit entry of the join that dialled, finished when the join resolves. */
  auditId?: string
  /** The mode the dial-out carried; a switch while ringing is applied after the join. */
  dialledMode: SupervisorMode
  /** The supervisor clicked leave while it was still ringing: hang up on join. */
  leaveOnJoin: boolean
  timer?: ReturnType<typeof setTimeout>
}

export class PresenceEntries {
  protected readonly entries = new Map<string, PresenceEntry>()

  constructor(protected readonly hooks: PresenceHooks) {}

  list(): MyPresence[] {
    return [...this.entries.values()].filter((e) => !e.leaveOnJoin).map((e) => e.presence)
  }

  get(mpcUuid: string): MyPresence | undefined {
    const entry = this.entries.get(mpcUuid)
    return entry && !entry.leaveOnJoin ? entry.presence : undefined
  }

  /** Forget the MPC (it left the store) or everything (account change). */
  drop(mpcUuid: string, reason = 'The call left the desk before you joined.'): void {
    const entry = this.entries.get(mpcUuid)
    if (!entry) return
    if (entry.timer) clearTimeout(entry.timer)
    this.entries.delete(mpcUuid)
    this.settleJoin(entry, { ok: false, code: 'not-found', message: reason })
    this.hooks.changed()
  }

  clear(): void {
    for (const uuid of [...this.entries.keys()]) this.drop(uuid)
  }

  stop(): void {
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer)
    this.entries.clear()
  }

  /** Finishes the audit entry of the join that dialled, once. */
  protected settleJoin(entry: PresenceEntry, outcome: JoinOutcome): void {
    if (entry.auditId) this.hooks.joinSettled(entry.auditId, outcome)
    delete entry.auditId
  }
}
