/**
 * Derived numbers (DESIGN §3), computed from the reducer's facts at a given `now`, never stored.
 * Pure and DOM/Node free: main (alerts) and the renderer (board, detail) both call it.
 *
 * Choices where the design is silent:
 * - "Agent" means a human `agent` or an `ai-agent`: a customer talking to an AI agent is being
 *   served, not waiting, and talking over an AI agent is overtalk too. So does a supervisor who
 *   barges (coach mode off, heard by the customer): after a take-over from an AI agent they are
 *   the one serving the customer. Their current coach mode counts for the whole stay: the
 *   reducer keeps no history of it.
 * - A member whose join we never saw counts as present from the MPC's first event (the best we
 *   know) until their exit.
 * - Spans are measured up to `now`, or to the MPC's end once it has ended; the "current" spans
 *   (wait, silence, overtalk) are null on an ended MPC.
 * - Times are event times (Plivo's clock, whole seconds), `now` is the caller's clock. A fact
 *   stamped after `now` (Plivo's clock ahead of ours, or a whole second rounded up) is known
 *   now, so it counts as of `now`: the *current* state — who is present, who is speaking, whether
 *   there is silence, overtalk or a wait — is always the latest facts, whatever the two clocks
 *   say. Only durations depend on `now`, and they never go negative. This is what keeps the
 *   alerts main computes and the marks the renderer draws (each at its own `now`) in agreement:
 *   a member whose join or speech Plivo stamped a moment "in the future" is on the call and
 *   speaking for both, never "speaking" on the card while the alert says nobody speaks.
 * - A wait is only claimed from membership the desk knows: while a present member's join was
 *   never seen (the member is known only from a later event, e.g. after a relay lost its
 *   history), the desk cannot tell whether an agent is there, so `customerWaitMs` is null until
 *   the join is known (the REST reconcile supplies it).
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
  /**
   * A customer present and no agent present: ms since that began, else null (also while the
   * membership is partial: a present member whose join was never seen).
   */
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

/**
 * Total "on" time of sorted edges up to `end`, and whether the last edge left it on. An edge
 * stamped after `end` counts as at `end` (see the header: the latest fact is the current one).
 */
function edgeTime(edges: readonly Edge[], end: number): { totalMs: number; on: boolean } {
  let on = false
  let since = 0
  let totalMs = 0
  for (const edge of edges) {
    const at = Math.min(edge.at, end)
    if (edge.on && !on) {
      on = true
      since = at
    } else if (!edge.on && on) {
      on = false
      totalMs += at - since
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
const isAgent = (p: ParticipantState) =>
  p.role === 'agent' || p.role === 'ai-agent' || (p.role === 'supervisor' && !p.coachMode.value)

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
  // A change stamped after `end` is known already: it counts as at `end` (see the header).
  const points: Point[] = []
  const push = (at: number, index: number, kind: Point['kind'], on: boolean) =>
    points.push({ at: Math.min(at, end), index, kind, on })
  members.forEach((p, index) => {
    const joined = p.joinedAt ?? start
    if (p.leftAt === undefined || p.leftAt > joined) {
      push(joined, index, 'present', true)
      if (p.leftAt !== undefined) push(p.leftAt, index, 'present', false)
    }
    for (const edge of p.speech) push(edge.at, index, 'speaking', edge.on)
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
  // Someone is on the call whose join we never saw: membership is partial, so no wait claim.
  const membershipKnown = members.every((p) => p.leftAt !== undefined || p.joinedAt !== undefined)

  const talk = members.map((p) => participantMetrics(p, now).talkMs)
  const totalTalk = talk.reduce((sum, ms) => sum + ms, 0)
  const talkShare: Record<string, number> = {}
  members.forEach((p, index) => {
    talkShare[p.memberId] = totalTalk === 0 ? 0 : (talk[index] ?? 0) / totalTalk
  })

  return {
    ageMs: end - start,
    present: members.filter((p) => p.leftAt === undefined).length,
    customerWaitMs: membershipKnown ? current(wait) : null,
    silenceMs: current(silence),
    overtalkMs: current(overtalk),
    totalSilenceMs: silence.totalMs,
    totalOvertalkMs: overtalk.totalMs,
    talkShare,
  }
}
