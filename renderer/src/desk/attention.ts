/**
 * What the board needs to order and filter calls without reading every call on every render.
 *
 * One `BoardEntry` per MPC, computed when that MPC or its alerts change. The board subscribes to
 * the ordered entry list; each card subscribes to its own MPC. Entries hold only what ordering
 * and filtering use, so a speaking-state event leaves the entry equal and the list untouched.
 */
import type { Alert, AlertKind } from '../../../preload/api'
import { mpcMetrics } from '../../../preload/domain'
import type { MpcState, MpcStatus, Role } from '../../../preload/domain'
import { mpcLabel } from '../lib/format'

export interface BoardEntry {
  mpcUuid: string
  name: string
  status: MpcStatus
  createdAt: number
  alertCount: number
  /** When the longest-standing alert began; null without alerts. */
  alertSince: number | null
  alertKinds: AlertKind[]
  /** When the customer began waiting for an agent; null when nobody waits. */
  waitingSince: number | null
  /** Roles of the members present now, in ROLES order, without repeats. */
  roles: Role[]
  /** Member ids of the agents present now. */
  agents: string[]
  /** Every member id ever seen on the call (search matches them). */
  memberIds: string[]
}

const ROLE_ORDER: Role[] = ['customer', 'agent', 'supervisor', 'ai-agent']

export function boardEntry(mpc: MpcState, alerts: readonly Alert[], now: number): BoardEntry {
  const roles = new Set<Role>()
  const agents: string[] = []
  const memberIds: string[] = []
  for (const p of Object.values(mpc.participants)) {
    memberIds.push(p.memberId)
    // Present = not seen leaving (as in metrics), checked directly: this runs for every call.
    if (p.leftAt !== undefined || !p.role) continue
    roles.add(p.role)
    if (p.role === 'agent') agents.push(p.memberId)
  }
  // The full metrics walk only where a customer may be waiting (customer present, no agent).
  const mayWait =
    mpc.status !== 'ended' && roles.has('customer') && !roles.has('agent') && !roles.has('ai-agent')
  // Taken at the later of this clock and the call's last event: a join stamped a moment ahead
  // of this clock (another machine's clock, whole-second stamps) would otherwise not count as
  // waiting yet, and the entry — recomputed only when the call changes — would rank the waiting
  // customer last until something else happened on the call.
  const at = Math.max(now, mpc.lastEventAt)
  const wait = mayWait ? mpcMetrics(mpc, at).customerWaitMs : null
  let alertSince: number | null = null
  const kinds = new Set<AlertKind>()
  for (const a of alerts) {
    kinds.add(a.kind)
    alertSince = alertSince === null ? a.since : Math.min(alertSince, a.since)
  }
  return {
    mpcUuid: mpc.mpcUuid,
    name: mpcLabel(mpc),
    status: mpc.status,
    createdAt: mpc.createdAt,
    alertCount: alerts.length,
    alertSince,
    alertKinds: [...kinds].sort(),
    waitingSince: wait === null ? null : at - wait,
    roles: ROLE_ORDER.filter((r) => roles.has(r)),
    agents: agents.sort(),
    memberIds: memberIds.sort(),
  }
}

/**
 * Need of attention, most urgent first: live calls before ended ones; calls with alerts first
 * (the longest-standing alert first, then the most alerts); then a customer waiting for an agent
 * (longest wait first); then the oldest call. Ties fall back to the uuid so the order is stable.
 */
export function compareAttention(a: BoardEntry, b: BoardEntry): number {
  const ended = Number(a.status === 'ended') - Number(b.status === 'ended')
  if (ended !== 0) return ended
  const byAlert = compareNullableAsc(a.alertSince, b.alertSince)
  if (byAlert !== 0) return byAlert
  if (a.alertCount !== b.alertCount) return b.alertCount - a.alertCount
  const byWait = compareNullableAsc(a.waitingSince, b.waitingSince)
  if (byWait !== 0) return byWait
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt
  return a.mpcUuid < b.mpcUuid ? -1 : a.mpcUuid > b.mpcUuid ? 1 : 0
}

/** Present values first (smallest first), nulls last. */
function compareNullableAsc(a: number | null, b: number | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a - b
}

export function orderByAttention(entries: Iterable<BoardEntry>): BoardEntry[] {
  return [...entries].sort(compareAttention)
}

export function groupAlerts(alerts: readonly Alert[]): Map<string, Alert[]> {
  const byMpc = new Map<string, Alert[]>()
  for (const a of alerts) {
    const list = byMpc.get(a.mpcUuid)
    if (list) list.push(a)
    else byMpc.set(a.mpcUuid, [a])
  }
  return byMpc
}

export function sameEntry(a: BoardEntry, b: BoardEntry): boolean {
  return (
    a.mpcUuid === b.mpcUuid &&
    a.name === b.name &&
    a.status === b.status &&
    a.createdAt === b.createdAt &&
    a.alertCount === b.alertCount &&
    a.alertSince === b.alertSince &&
    sameList(a.alertKinds, b.alertKinds) &&
    a.waitingSince === b.waitingSince &&
    sameList(a.roles, b.roles) &&
    sameList(a.agents, b.agents) &&
    sameList(a.memberIds, b.memberIds)
  )
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
