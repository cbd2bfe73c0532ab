/**
 * Alerts from the settings' thresholds (DESIGN §7): a customer waiting for an agent, a member
 * on hold too long, a long silence, overtalk. Computed from mpc/metrics over the live store.
 * And, with no threshold, an AI agent still on the call whose stream dropped or stopped ("AI
 * agent stream lost", from AI stream callbacks): the customer is talking to nobody.
 *
 * An alert's id is stable while its condition lasts (`${kind}:${mpcUuid}[:${memberId}]`) and so
 * are its `since` and `message` (the UI counts the live duration from `since`), so the list
 * only changes — and is only re-sent — when an alert starts or ends. `added` lists the alerts
 * that just started: the desk notifies once for each.
 *
 * When they are evaluated: every call on a timer (silence and waits grow without events), and a
 * call at once when its data changes (`refresh`), so the alerts in a patch always match the call
 * states in that same patch — a speech start ends the silence alert in the patch that shows the
 * speaker, not up to a tick later.
 *
 * Silence and overtalk need speech facts, which only live callbacks carry (REST has none). So
 * they are measured only over the time the desk has seen the call's callbacks live — from
 * `speechSince` (see live-coverage.ts): while the live feed is down they are suspended; a call
 * known only from REST never raises them; and after an outage a silence counts from the moment
 * live updates resumed, not from a speech stop before or during the outage (what happened
 * meanwhile may be lost), so the feed's return brings no burst of alerts. Waits and holds come
 * from membership and hold facts, which the REST read-back keeps current, so they go on.
 *
 * `message` does not repeat the call's name (the card and detail view already show it);
 * `callName` carries it for where the alert stands alone, such as a desktop notification.
 */
import type { Role } from '../../mpc/events'
import { mpcMetrics } from '../../mpc/metrics'
import type { MpcState } from '../../mpc/state'
import type { Alert, AlertThresholds } from '../../preload/api'

export interface AlertUpdate {
  alerts: Alert[]
  changed: boolean
  added: Alert[]
}

export interface AlertContext {
  /**
   * From when (wall clock) the call's speech is known from live callbacks; null when it is not
   * (the live feed is down, or the desk has the call only from REST).
   */
  speechSince(mpcUuid: string): number | null
}

/** Speech watched all along (tests and tools that have no live feed to lose). */
export const WATCHED_ALWAYS: AlertContext = { speechSince: () => Number.NEGATIVE_INFINITY }

export class AlertTracker {
  private current = new Map<string, Alert>()

  list(): Alert[] {
    return [...this.current.values()]
  }

  /** Re-evaluates every call (the timer). */
  update(
    mpcs: Iterable<MpcState>,
    thresholds: AlertThresholds,
    now: number,
    context: AlertContext = WATCHED_ALWAYS,
  ): AlertUpdate {
    const next = new Map<string, Alert>()
    this.collect(next, mpcs, thresholds, now, context)
    return this.commit(next)
  }

  /**
   * Re-evaluates only these calls, because their data just changed; a uuid `get` no longer
   * knows loses its alerts.
   */
  refresh(
    uuids: Iterable<string>,
    get: (mpcUuid: string) => MpcState | undefined,
    thresholds: AlertThresholds,
    now: number,
    context: AlertContext = WATCHED_ALWAYS,
  ): AlertUpdate {
    const touched = new Set(uuids)
    if (touched.size === 0) return { alerts: this.list(), changed: false, added: [] }
    const next = new Map<string, Alert>()
    for (const [id, alert] of this.current) if (!touched.has(alert.mpcUuid)) next.set(id, alert)
    const mpcs = [...touched].flatMap((uuid) => get(uuid) ?? [])
    this.collect(next, mpcs, thresholds, now, context)
    return this.commit(next)
  }

  clear(): boolean {
    const had = this.current.size > 0
    this.current = new Map()
    return had
  }

  private collect(
    into: Map<string, Alert>,
    mpcs: Iterable<MpcState>,
    thresholds: AlertThresholds,
    now: number,
    context: AlertContext,
  ): void {
    for (const mpc of mpcs) {
      for (const alert of alertsFor(mpc, thresholds, now, context.speechSince(mpc.mpcUuid))) {
        into.set(alert.id, this.current.get(alert.id) ?? alert)
      }
    }
  }

  private commit(next: Map<string, Alert>): AlertUpdate {
    const added = [...next.values()].filter((a) => !this.current.has(a.id))
    const changed = added.length > 0 || [...this.current.keys()].some((id) => !next.has(id))
    this.current = next
    return { alerts: this.list(), changed, added }
  }
}

const WHO: Record<Role, string> = {
  customer: 'Customer',
  agent: 'Agent',
  'ai-agent': 'AI agent',
  supervisor: 'Supervisor',
}

/**
 * The alerts one call raises at `now`. `speechSince` (wall clock) is from when its speech is
 * known live, null when it is not: silence and overtalk count only from then (header).
 */
export function alertsFor(
  mpc: MpcState,
  thresholds: AlertThresholds,
  now: number,
  speechSince: number | null = Number.NEGATIVE_INFINITY,
): Alert[] {
  if (mpc.status === 'ended') return []
  const alerts: Alert[] = []
  const callName = mpc.name ?? mpc.mpcUuid.slice(0, 8)
  const metrics = mpcMetrics(mpc, now)
  /** When a speech-based span began as far as the desk saw it, or null if it has not seen it. */
  const watchedSince = (spanMs: number | null): number | null =>
    spanMs === null || speechSince === null ? null : Math.max(now - spanMs, speechSince)
  const lasted = (since: number | null, thresholdSec: number): since is number =>
    since !== null && now - since >= thresholdSec * 1000

  const waitMs = metrics.customerWaitMs
  if (waitMs !== null && waitMs >= thresholds.customerWaitSec * 1000) {
    alerts.push({
      id: `customer-waiting:${mpc.mpcUuid}`,
      kind: 'customer-waiting',
      mpcUuid: mpc.mpcUuid,
      callName,
      since: now - waitMs,
      message: `Customer waiting for an agent over ${thresholds.customerWaitSec} s`,
    })
  }
  // A customer alone in the queue is silent by nature: the wait alert speaks for that call.
  // Dead air is a long silence with someone there to answer.
  const silenceSince = waitMs === null ? watchedSince(metrics.silenceMs) : null
  if (lasted(silenceSince, thresholds.longSilenceSec)) {
    alerts.push({
      id: `long-silence:${mpc.mpcUuid}`,
      kind: 'long-silence',
      mpcUuid: mpc.mpcUuid,
      callName,
      since: silenceSince,
      message: `Nobody has spoken for over ${thresholds.longSilenceSec} s`,
    })
  }
  const overtalkSince = watchedSince(metrics.overtalkMs)
  if (lasted(overtalkSince, thresholds.overtalkSec)) {
    alerts.push({
      id: `overtalk:${mpc.mpcUuid}`,
      kind: 'overtalk',
      mpcUuid: mpc.mpcUuid,
      callName,
      since: overtalkSince,
      message: `Customer and agent talking over each other for over ${thresholds.overtalkSec} s`,
    })
  }
  for (const p of Object.values(mpc.participants)) {
    if (p.leftAt !== undefined || p.joinedAt === undefined || !p.hold.value) continue
    const heldMs = now - p.hold.at
    if (heldMs < thresholds.longHoldSec * 1000) continue
    const who = p.role ? WHO[p.role] : 'Participant'
    alerts.push({
      id: `long-hold:${mpc.mpcUuid}:${p.memberId}`,
      kind: 'long-hold',
      mpcUuid: mpc.mpcUuid,
      memberId: p.memberId,
      callName,
      since: p.hold.at,
      message: `${who} ${p.memberId} on hold for over ${thresholds.longHoldSec} s`,
    })
  }
  for (const p of Object.values(mpc.participants)) {
    const stream = p.aiStream
    if (p.leftAt !== undefined || stream === undefined) continue
    if (stream.status !== 'dropped' && stream.status !== 'stopped') continue
    const how = stream.status === 'dropped' ? 'disconnected' : 'stopped'
    const why = stream.reason ? ` (${stream.reason})` : ''
    alerts.push({
      id: `ai-stream-lost:${mpc.mpcUuid}:${p.memberId}`,
      kind: 'ai-stream-lost',
      mpcUuid: mpc.mpcUuid,
      memberId: p.memberId,
      callName,
      since: stream.at,
      message: `AI agent stream lost: AI agent ${p.memberId} ${how}${why}`,
    })
  }
  return alerts
}

/** An alert as a line of its own (a desktop notification): the call's name, then what. */
export function alertText(alert: Alert): string {
  return `${alert.callName}: ${alert.message}`
}
