/**
 * Alerts from the settings' thresholds (DESIGN §7): a customer waiting for an agent, a member
 * on hold too long, a long silence, overtalk. Computed from mpc/metrics over the live store.
 *
 * An alert's id is stable while its condition lasts (`${kind}:${mpcUuid}[:${memberId}]`) and so
 * are its `since` and `message` (the UI counts the live duration from `since`), so the list
 * only changes — and is only re-sent — when an alert starts or ends. `added` lists the alerts
 * that just started: the desk notifies once for each.
 */
import { mpcMetrics } from '../../mpc/metrics'
import type { MpcState } from '../../mpc/state'
import type { Alert, AlertThresholds } from '../../preload/api'

export interface AlertUpdate {
  alerts: Alert[]
  changed: boolean
  added: Alert[]
}

export class AlertTracker {
  private current = new Map<string, Alert>()

  list(): Alert[] {
    return [...this.current.values()]
  }

  update(mpcs: Iterable<MpcState>, thresholds: AlertThresholds, now: number): AlertUpdate {
    const next = new Map<string, Alert>()
    for (const mpc of mpcs) {
      for (const alert of alertsFor(mpc, thresholds, now)) {
        const previous = this.current.get(alert.id)
        next.set(alert.id, previous ?? alert)
      }
    }
    const added = [...next.values()].filter((a) => !this.current.has(a.id))
    const changed = added.length > 0 || [...this.current.keys()].some((id) => !next.has(id))
    this.current = next
    return { alerts: this.list(), changed, added }
  }

  clear(): boolean {
    const had = this.current.size > 0
    this.current = new Map()
    return had
  }
}

export function alertsFor(mpc: MpcState, thresholds: AlertThresholds, now: number): Alert[] {
  if (mpc.status === 'ended') return []
  const alerts: Alert[] = []
  const name = mpc.name ?? mpc.mpcUuid.slice(0, 8)
  const metrics = mpcMetrics(mpc, now)

  const waitMs = metrics.customerWaitMs
  if (waitMs !== null && waitMs >= thresholds.customerWaitSec * 1000) {
    alerts.push({
      id: `customer-waiting:${mpc.mpcUuid}`,
      kind: 'customer-waiting',
      mpcUuid: mpc.mpcUuid,
      since: now - waitMs,
      message: `${name}: customer waiting for an agent over ${thresholds.customerWaitSec} s`,
    })
  }
  const silenceMs = metrics.silenceMs
  // A customer alone in the queue is silent by nature: the wait alert speaks for that call.
  // Dead air is a long silence with someone there to answer.
  if (waitMs === null && silenceMs !== null && silenceMs >= thresholds.longSilenceSec * 1000) {
    alerts.push({
      id: `long-silence:${mpc.mpcUuid}`,
      kind: 'long-silence',
      mpcUuid: mpc.mpcUuid,
      since: now - silenceMs,
      message: `${name}: nobody has spoken for over ${thresholds.longSilenceSec} s`,
    })
  }
  const overtalkMs = metrics.overtalkMs
  if (overtalkMs !== null && overtalkMs >= thresholds.overtalkSec * 1000) {
    alerts.push({
      id: `overtalk:${mpc.mpcUuid}`,
      kind: 'overtalk',
      mpcUuid: mpc.mpcUuid,
      since: now - overtalkMs,
      message: `${name}: customer and agent talking over each other for over ${thresholds.overtalkSec} s`,
    })
  }
  for (const p of Object.values(mpc.participants)) {
    if (p.leftAt !== undefined || p.joinedAt === undefined || !p.hold.value) continue
    const heldMs = now - p.hold.at
    if (heldMs < thresholds.longHoldSec * 1000) continue
    const who = p.role ?? 'participant'
    alerts.push({
      id: `long-hold:${mpc.mpcUuid}:${p.memberId}`,
      kind: 'long-hold',
      mpcUuid: mpc.mpcUuid,
      memberId: p.memberId,
      since: p.hold.at,
      message: `${name}: ${who} ${p.memberId} on hold for over ${thresholds.longHoldSec} s`,
    })
  }
  return alerts
}
