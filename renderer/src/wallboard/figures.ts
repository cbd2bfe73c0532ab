/**
 * The wallboard's figures (issue #18 item 3), computed from the same live state the board shows,
 * at one instant `now`. Pure: the view only lays them out.
 *
 * Definitions, where a floor could read a figure more than one way:
 * - Active calls: every call not ended. A call is a *human agent* call while a human agent is
 *   on it (a human who took over from an AI counts as human: an agent, or a supervisor barging
 *   with the AI gone or held), an *AI agent* call while an AI agent is on it and no human is,
 *   and *no agent* otherwise (the customer still waiting, or a
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
 * does not show; at 2,000 calls that was a quarter to half of each second. So the wait comes
 * from `mpcMetrics` over the call's presence alone — the wait rule only looks at who is present,
 * so it is the card's wait, without the speech — once per change of the call, then grows with
 * the clock; and a member's talk time is swept once per speech list (`participantMetrics` up to
 * its last edge), then only grows while they speak.
 * Both are kept per state object: the reducer copies a call, and a member's speech list, on
 * every change, so a kept value never goes stale.
 */
import { ALERT_KINDS, type Alert, type AlertKind, type MyPresence } from '../../../preload/api'
import type { SupervisorMode } from '../../../preload/api'
import { mpcMetrics, participantMetrics } from '../../../preload/domain'
import type { Edge, MpcState, ParticipantState } from '../../../preload/domain'
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

/** The call with its members' speech left out: what the wait depends on, and nothing more. */
function presenceOnly(mpc: MpcState): MpcState {
  const participants: MpcState['participants'] = {}
  for (const [id, p] of Object.entries(mpc.participants)) {
    participants[id] = { ...p, speech: NO_SPEECH }
  }
  return { ...mpc, participants }
}

/** A call's wait as of its last change of presence, and that instant. */
interface WaitSoFar {
  at: number
  view: MpcState
  waitMs: number | null
}
const waitSoFar = new WeakMap<MpcState, WaitSoFar>()

/**
 * `mpcMetrics(mpc, now).customerWaitMs`. Once `now` is past every join and exit, nothing but the
 * clock changes the wait: it is the one measured at the last of them, plus the time since.
 */
function customerWaitMs(mpc: MpcState, now: number): number | null {
  let known = waitSoFar.get(mpc)
  if (!known) {
    let at = mpc.createdAt
    for (const p of Object.values(mpc.participants)) {
      at = Math.max(at, p.joinedAt ?? at, p.leftAt ?? at)
    }
    const view = presenceOnly(mpc)
    known = { at, view, waitMs: mpcMetrics(view, at).customerWaitMs }
    waitSoFar.set(mpc, known)
  }
  if (now < known.at) return mpcMetrics(known.view, now).customerWaitMs
  return known.waitMs === null ? null : known.waitMs + (now - known.at)
}

/** A member's talk up to their last speech edge, and whether they were speaking from then. */
interface TalkSoFar {
  at: number
  talkMs: number
  speaking: boolean
}
const talkSoFar = new WeakMap<Edge[], TalkSoFar>()

/** `participantMetrics(p, now).talkMs`, without sweeping the speech again every tick. */
function talkMs(p: ParticipantState, now: number): number {
  const last = p.speech[p.speech.length - 1]
  if (last === undefined) return 0
  // A member who left, or an edge stamped after `now`: measured as the card measures it.
  if (p.leftAt !== undefined || now < last.at) return participantMetrics(p, now).talkMs
  let known = talkSoFar.get(p.speech)
  if (!known) {
    const m = participantMetrics(p, last.at)
    known = { at: last.at, talkMs: m.talkMs, speaking: m.speakingNow }
    talkSoFar.set(p.speech, known)
  }
  return known.talkMs + (known.speaking ? now - known.at : 0)
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
    const talk = members.map((p) => talkMs(p, now))

    let human = false
    let ai = false
    let aiTalking = false
    let barging = false
    let totalTalk = 0
    members.forEach((p, i) => {
      totalTalk += talk[i] ?? 0
      // Present and on hold as participantMetrics has them: not seen leaving; the hold fact.
      if (p.leftAt !== undefined) return
      if (p.role === 'agent') human = true
      else if (p.role === 'ai-agent') {
        ai = true
        if (!p.hold.value) aiTalking = true
      }
      if (p.role === 'customer' && p.hold.value) customersOnHold += 1
      if (p.role === 'supervisor') {
        supervisors.push({
          mpcUuid: mpc.mpcUuid,
          callName: name,
          memberId: p.memberId,
          mode: supervisorMode(p),
          you: myMember.get(mpc.mpcUuid) === p.memberId,
        })
        if (!p.coachMode.value) barging = true
      }
    })
    // A supervisor who took over (barging, the AI gone or held) serves the customer, as in
    // mpc/metrics; one barging beside a live AI is helping an AI call.
    if (barging && !aiTalking) human = true
    byKind[human ? 'human' : ai ? 'ai' : 'none'] += 1

    const queue = queueOf(name)
    const q = queues.get(queue) ?? { queue, calls: 0, waiting: 0 }
    q.calls += 1
    const waitMs = customerWaitMs(mpc, now)
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
        const share = (talk[i] ?? 0) / totalTalk
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
