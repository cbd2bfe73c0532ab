/**
 * What the presence tracker (presence.ts) asks of its owner (desk-state.ts: the command runner
 * and the audit log behind it) and how it is tuned (tuning.ts). Apart from the tracker so the
 * contract can be read without the state machine, and so the tracker stays one job.
 */
import type { DeskErrorCode, MyPresence, SupervisorMode } from '../../preload/api'

export const DEFAULT_JOIN_TIMEOUT_MS = 45_000
export const DEFAULT_FAILED_TTL_MS = 30_000

/** The outcome of a pending join, for its audit entry. */
export type JoinOutcome = { ok: true } | { ok: false; code: DeskErrorCode; message: string }

export interface PresenceHooks {
  changed(): void
  /** The pending join resolved (ok) or failed, for its audit entry. */
  joinSettled(auditId: string, outcome: JoinOutcome): void
  /** A join completed whose wanted mode differs from the dialled one (`from`). */
  applyMode(presence: MyPresence, mode: SupervisorMode, from: SupervisorMode): void
  /** A join completed after the supervisor already chose to leave. */
  leaveNow(presence: MyPresence): void
  /**
   * A take-over's phone joined: take the AI member off the line now, finish the take-over's
   * audit entry `auditId` and report back with `takeOverSettled`.
   */
  takeOverJoined?(presence: MyPresence, auditId: string | undefined): void
}

export interface PresenceOptions {
  joinTimeoutMs?: number
  failedTtlMs?: number
  now?: () => number
}
