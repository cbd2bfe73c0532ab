/**
 * The wallboard's figures (issue #18 item 3), computed from the same live state the board shows,
 * at one instant `now`. Pure: the view only lays them out.
 *
 * Definitions, where a floor could read a figure more than one way:
 * - Active calls: every call not ended. A call is a *human agent* call while a human agent is
 *   on it (a human who took over from an AI counts as human), an *AI agent* call while an AI
 *   agent is on it and no human is, and *no agent* otherwise (the customer still waiting, or a
 *   call still starting).
 * - Calls waiting: calls whose customer waits for an agent, by the same rule as the card's
 *   "Customer waiting" badge (mpc/metrics `customerWaitMs`); the longest wait is the largest.
 * - Customers on hold: customers on the call now and on hold.
 * - Calls with each alert: distinct calls raising at least one alert of that kind.
 * - Recording share: active calls whose recording is running now (paused does not count), over
 *   all active calls.
 * - Average talk share: per active call where someone has talked, the share of its talk time by
 *   agents (human and AI) and by customers (supervisors' talk counts in neither); averaged over
 *   those calls, so each call weighs the same whatever its length.
 * - Calls per queue: the name's prefix before the first '-' (board/grouping.ts `queueOf`).
 * - Supervisors on calls: every supervisor member on an active call, with the mode their
 *   coach-mode and mute facts say; the desk's own leg is marked as you.
 *
 * Cost (bench/wallboard): the tab recomputes every second over every call. The card's full
 * metrics sort every speech edge of a call to sweep silence and overtalk, which the wallboard
 * does not show; at 2,000 calls that was a quarter to half of each second. So each member's
 * facts are read once per tick (`participantMetrics`: one pass over its own edges), and the wait
 * comes from `mpcMetrics` over the call's presence alone — the wait rule only looks at who is
 * present, so it is the card's wait, without the speech.
 */
import { ALERT_KINDS, type Alert, type AlertKind, type MyPresence } from '../../../preload/api'
import type { SupervisorMode } from '../../../preload/api'
import { mpcMetrics, participantMetrics } from '../../../preload/domain'
import type { Edge, MpcState, ParticipantMetrics } from '../../../preload/domain'
import { supervisorMode } from '../board/supervisor-mode'
import { queueOf } from '../board/grouping'
import { mpcLabel } from '../lib/format'

export type CallKind = 'human' | 'ai' | 'none'

export interface QueueFigure {
  queue: string
  calls: number
  waiting: number
}

export interface SupervisorOnCall {
  mpcUuid: string
  callName: string
  memberId: string
  mode: SupervisorMode
  you: boolean
}

export interface WallboardFigures {
  activeCalls: number
  byKind: Record<CallKind, number>
  waiting: number
  /** The longest current wait; null when nobody waits. */
  longestWaitMs: number | null
  customersOnHold: number
  /** Calls with at least one alert of each kind, in ALERT_KINDS order. */
  alertCalls: Record<AlertKind, number>
  recordingCalls: number
  /** recordingCalls / activeCalls; null without active calls. */
  recordingShare: number | null
  /** Averages over `calls` calls that have had talk; null when none has. */
  talkShare: { agents: number; customers: number; calls: number } | null
  /** Most calls first, then by name. */
  queues: QueueFigure[]
  /** By call name, then member id. */
  supervisors: SupervisorOnCall[]
}

const NO_SPEECH: Edge[] = []
/** Per call state (the reducer copies a call on every change, so a state never goes stale). */
const presenceViews = new WeakMap<MpcState, MpcState>()

/** The call with its members' speech left out: what the wait depends on, and nothing more. */
function presenceOnly(mpc: MpcState): MpcState {
  let view = presenceViews.get(mpc)
  if (!view) {
    const participants: MpcState['participants'] = {}
    for (const [id, p] of Object.entries(mpc.participants)) {
      participants[id] = { ...p, speech: NO_SPEECH }
    }
    view = { ...mpc, participants }
    presenceViews.set(mpc, view)
  }
  return view
}

export function wallboardFigures(
  mpcs: Iterable<MpcState>,
  alerts: readonly Alert[],
  mine: readonly MyPresence[],
  now: number,
): WallboardFigures {
  const byKind: Record<CallKind, number> = { human: 0, ai: 0, none: 0 }
  const queues = new Map<string, QueueFigure>()
  const supervisors: SupervisorOnCall[] = []
  const active = new Set<string>()
  let waiting = 0
  let longestWaitMs: number | null = null
  let customersOnHold = 0
  let recordingCalls = 0
  let agentShares = 0
  let customerShares = 0
  let talkCalls = 0
  const myMember = new Map<string, string>()
  for (const p of mine) if (p.status === 'joined' && p.memberId) myMember.set(p.mpcUuid, p.memberId)

  for (const mpc of mpcs) {
    if (mpc.status === 'ended') continue
    active.add(mpc.mpcUuid)
    const name = mpcLabel(mpc)
    const members = Object.values(mpc.participants)
    const facts: ParticipantMetrics[] = members.map((p) => participantMetrics(p, now))

    let human = false
    let ai = false
    let totalTalk = 0
    members.forEach((p, i) => {
      const m = facts[i] as ParticipantMetrics
      totalTalk += m.talkMs
      if (!m.present) return
      if (p.role === 'agent') human = true
      else if (p.role === 'ai-agent') ai = true
      if (p.role === 'customer' && m.onHold) customersOnHold += 1
      if (p.role === 'supervisor') {
        supervisors.push({
          mpcUuid: mpc.mpcUuid,
          callName: name,
          memberId: p.memberId,
          mode: supervisorMode(p),
          you: myMember.get(mpc.mpcUuid) === p.memberId,
        })
      }
    })
    byKind[human ? 'human' : ai ? 'ai' : 'none'] += 1

    const queue = queueOf(name)
    const q = queues.get(queue) ?? { queue, calls: 0, waiting: 0 }
    q.calls += 1
    const waitMs = mpcMetrics(presenceOnly(mpc), now).customerWaitMs
    if (waitMs !== null) {
      waiting += 1
      q.waiting += 1
      longestWaitMs = Math.max(longestWaitMs ?? 0, waitMs)
    }
    queues.set(queue, q)
    if (mpc.recording.status === 'recording') recordingCalls += 1

    // Each member's share of the call's talk, summed by side as mpcMetrics' talkShare would be.
    if (totalTalk > 0) {
      let agentShare = 0
      let customerShare = 0
      members.forEach((p, i) => {
        const share = (facts[i] as ParticipantMetrics).talkMs / totalTalk
        if (share <= 0) return
        if (p.role === 'agent' || p.role === 'ai-agent') agentShare += share
        else if (p.role === 'customer') customerShare += share
      })
      talkCalls += 1
      agentShares += agentShare
      customerShares += customerShare
    }
  }

  const alertCalls = Object.fromEntries(ALERT_KINDS.map((k) => [k, 0])) as Record<AlertKind, number>
  const counted = new Set<string>()
  for (const a of alerts) {
    const key = `${a.kind}\n${a.mpcUuid}`
    if (!active.has(a.mpcUuid) || counted.has(key)) continue
    counted.add(key)
    alertCalls[a.kind] += 1
  }

  const activeCalls = active.size
  return {
    activeCalls,
    byKind,
    waiting,
    longestWaitMs,
    customersOnHold,
    alertCalls,
    recordingCalls,
    recordingShare: activeCalls === 0 ? null : recordingCalls / activeCalls,
    talkShare:
      talkCalls === 0
        ? null
        : {
            agents: agentShares / talkCalls,
            customers: customerShares / talkCalls,
            calls: talkCalls,
          },
    queues: [...queues.values()].sort(
      (a, b) => b.calls - a.calls || (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0),
    ),
    supervisors: supervisors.sort(
      (a, b) => a.callName.localeCompare(b.callName) || a.memberId.localeCompare(b.memberId),
    ),
  }
}
