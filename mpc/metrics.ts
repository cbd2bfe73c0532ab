/**
 * Derived numbers (DESIGN §3), computed from the reducer's facts at a given `now`, never stored.
 * Pure and DOM/Node free: main (alerts) and the renderer (board, detail) both call it.
 *
 * Choices where the design is silent:
 * - "Agent" means a human `agent` or an `ai-agent`: a customer talking to an AI agent is being
 *   served, not waiting, and talking over an AI agent is overtalk too.
 * - A member whose join we never saw counts as present from the MPC's first event (the best we
 *   know) until their exit.
 * - Spans are measured up to `now`, or to the MPC's end once it has ended; the "current" spans
 *   (wait, silence, overtalk) are null on an ended MPC.
 * - Times are event times (Plivo's clock, whole seconds); a `now` behind them counts as zero.
 */
import type { Edge, MpcState, ParticipantState } from './state'

export interface ParticipantMetrics {
  /** Not (yet) seen leaving. */
  present: boolean
  /** From join to exit (or now). 0 when the join was never seen. */
  durationMs: number
  talkMs: number
  holdMs: number
  speakingNow: boolean
  onHold: boolean
  muted: boolean
  coachMode: boolean
}

export interface MpcMetrics {
  /** From the MPC's first event to its end (or now). */
  ageMs: number
  /** Members present now. */
  present: number
  /** A customer present and no agent present: ms since that began, else null. */
  customerWaitMs: number | null
  /** Current span with members present and nobody speaking, else null. */
  silenceMs: number | null
  /** Current span where a customer and an agent speak at once, else null. */
  overtalkMs: number | null
  totalSilenceMs: number
  totalOvertalkMs: number
  /** memberId → share (0..1) of all talk time in the MPC; all 0 while nobody has talked. */
  talkShare: Record<string, number>
}

/** Total "on" time of sorted edges up to `end`, and whether the last edge left it on. */
function edgeTime(edges: readonly Edge[], end: number): { totalMs: number; on: boolean } {
  let on = false
  let since = 0
  let totalMs = 0
  for (const edge of edges) {
    if (edge.at > end) break
    if (edge.on && !on) {
      on = true
      since = edge.at
    } else if (!edge.on && on) {
      on = false
      totalMs += edge.at - since
    }
  }
  if (on) totalMs += Math.max(0, end - since)
  return { totalMs, on }
}

export function participantMetrics(p: ParticipantState, now: number): ParticipantMetrics {
  const present = p.leftAt === undefined
  const end = Math.min(now, p.leftAt ?? now)
  const talk = edgeTime(p.speech, end)
  const hold = edgeTime(p.holds, end)
  return {
    present,
    durationMs: p.joinedAt === undefined ? 0 : Math.max(0, end - p.joinedAt),
    talkMs: talk.totalMs,
    holdMs: hold.totalMs,
    speakingNow: present && talk.on,
    onHold: present && p.hold.value,
    muted: p.mute.value,
    coachMode: p.coachMode.value,
  }
}

const isCustomer = (p: ParticipantState) => p.role === 'customer'
const isAgent = (p: ParticipantState) => p.role === 'agent' || p.role === 'ai-agent'

interface Point {
  at: number
  index: number
  kind: 'present' | 'speaking'
  on: boolean
}

/** A condition over the members' state, with its running span and total time. */
interface Span {
  holds: boolean
  since: number
  totalMs: number
}

export function mpcMetrics(mpc: MpcState, now: number): MpcMetrics {
  const members = Object.values(mpc.participants)
  const start = mpc.createdAt
  const end = Math.max(start, Math.min(now, mpc.endedAt ?? now))
  const live = mpc.status !== 'ended'

  // Every change of presence or speech, in time order; ties keep each member's own edge order.
  const points: Point[] = []
  members.forEach((p, index) => {
    const joined = p.joinedAt ?? start
    if (p.leftAt === undefined || p.leftAt > joined) {
      points.push({ at: joined, index, kind: 'present', on: true })
      if (p.leftAt !== undefined) points.push({ at: p.leftAt, index, kind: 'present', on: false })
    }
    for (const edge of p.speech) points.push({ at: edge.at, index, kind: 'speaking', on: edge.on })
  })
  points.sort((a, b) => a.at - b.at)

  const present = members.map(() => false)
  const speaking = members.map(() => false)
  const wait: Span = { holds: false, since: start, totalMs: 0 }
  const silence: Span = { holds: false, since: start, totalMs: 0 }
  const overtalk: Span = { holds: false, since: start, totalMs: 0 }

  const evaluate = (t: number) => {
    let anyPresent = false
    let anySpeaking = false
    let customerPresent = false
    let agentPresent = false
    let customerSpeaking = false
    let agentSpeaking = false
    members.forEach((p, i) => {
      if (!present[i]) return
      const talking = speaking[i] === true
      anyPresent = true
      anySpeaking ||= talking
      if (isCustomer(p)) {
        customerPresent = true
        customerSpeaking ||= talking
      } else if (isAgent(p)) {
        agentPresent = true
        agentSpeaking ||= talking
      }
    })
    const update = (span: Span, holds: boolean) => {
      if (holds && !span.holds) span.since = t
      span.holds = holds
    }
    update(wait, customerPresent && !agentPresent)
    update(silence, anyPresent && !anySpeaking)
    update(overtalk, customerSpeaking && agentSpeaking)
  }
  const accrue = (from: number, to: number) => {
    for (const span of [wait, silence, overtalk]) if (span.holds) span.totalMs += to - from
  }

  const applyPoint = (point: Point) => {
    if (point.kind === 'present') present[point.index] = point.on
    else speaking[point.index] = point.on
  }

  let t = start
  let i = 0
  while (i < points.length && (points[i] as Point).at <= t) applyPoint(points[i++] as Point)
  evaluate(t)
  while (i < points.length && (points[i] as Point).at <= end) {
    const at = (points[i] as Point).at
    accrue(t, at)
    t = at
    while (i < points.length && (points[i] as Point).at === at) applyPoint(points[i++] as Point)
    evaluate(t)
  }
  accrue(t, end)

  const current = (span: Span) => (live && span.holds ? end - span.since : null)

  const talk = members.map((p) => participantMetrics(p, now).talkMs)
  const totalTalk = talk.reduce((sum, ms) => sum + ms, 0)
  const talkShare: Record<string, number> = {}
  members.forEach((p, index) => {
    talkShare[p.memberId] = totalTalk === 0 ? 0 : (talk[index] ?? 0) / totalTalk
  })

  return {
    ageMs: end - start,
    present: members.filter((p) => p.leftAt === undefined).length,
    customerWaitMs: current(wait),
    silenceMs: current(silence),
    overtalkMs: current(overtalk),
    totalSilenceMs: silence.totalMs,
    totalOvertalkMs: overtalk.totalMs,
    talkShare,
  }
}
