/**
 * A seeded call-center floor for the wallboard benchmark: `calls` MPCs in the state the desk
 * holds them in, built the way the desk builds them — Plivo callbacks (mpc/testing/scenario.ts)
 * through the reducer — plus the alerts main would raise on them and the supervisor's own
 * presence on a few.
 *
 * The mix, per call (shares of all calls): customers waiting alone 8 %, calls still starting
 * 2 %, human-agent calls 52 %, AI-agent calls 30 % (5 % of their streams dropped), AI calls taken
 * over by a supervisor 3 %, calls just ended and still on the board 5 %. Calls are spread over
 * six queues by name (`support-…`, …, one without a prefix). Talking calls last up to 30
 * minutes (mean 5) with a spurt of speech every few seconds, one in ten overlapping the other
 * side's; a sixth of them hold the customer once (half still on hold), three in five are
 * recorded (a tenth of those paused), one in sixteen human calls has a supervisor listening,
 * coaching or barging. Speech is what makes a call's figures cost: the metrics sweep every
 * speech edge of every member, and a long call has hundreds.
 */
import type { AiStreamEvent, MpcEvent } from '../../mpc/events'
import { applyEvent } from '../../mpc/reducer'
import type { MpcState } from '../../mpc/state'
import { CallScenario, SCENARIO_START } from '../../mpc/testing/scenario'
import { AlertTracker } from '../../main/services/alerts'
import { DEFAULT_THRESHOLDS, type Alert, type MyPresence } from '../../preload/api'
import { mulberry32, type Rng } from '../../simulator/prng'

export interface FloorPlan {
  calls: number
  seed: number
}

export interface Floor {
  /** In store order (the order calls arrived). */
  mpcs: MpcState[]
  /** What main's alert sweep raises on them at `now`. */
  alerts: Alert[]
  /** The desk's own supervisor on a few calls. */
  mine: MyPresence[]
  /** The instant the floor is built up to (epoch ms). */
  now: number
  /** Callbacks applied to build it. */
  events: number
  /** Calls of each shape. */
  mix: Record<CallShape, number>
}

export type CallShape = 'waiting' | 'starting' | 'human' | 'ai' | 'taken-over' | 'ended'

const SHAPES: readonly [CallShape, number][] = [
  ['waiting', 0.08],
  ['starting', 0.02],
  ['human', 0.52],
  ['ai', 0.3],
  ['taken-over', 0.03],
  ['ended', 0.05],
]

const QUEUES: readonly [string, number][] = [
  ['support', 0.4],
  ['sales', 0.25],
  ['billing', 0.15],
  ['claims', 0.1],
  ['retention', 0.07],
  ['vip line', 0.03],
]

/** The floor is seen at this instant: an hour into the scenario day. */
const NOW = SCENARIO_START + 3_600_000
const MAX_TALK_SEC = 1_800

function weighted<T>(rng: Rng, table: readonly [T, number][]): T {
  let r = rng.next()
  for (const [item, share] of table) {
    r -= share
    if (r < 0) return item
  }
  return (table[table.length - 1] as [T, number])[0]
}

/**
 * One call's callbacks, collected with their second and a tie order, then built in time order:
 * the reducer would converge on any order, but a real relay delivers them in this one.
 */
class Timed {
  private steps: { sec: number; order: number; seq: number; build: () => void }[] = []
  readonly aiStream: AiStreamEvent[] = []

  constructor(readonly call: CallScenario) {}

  /** Tie order within a second: 0 joins, 1 speech stops, 2 holds, 3 speech starts, 4 exits. */
  at(sec: number, order: number, build: (call: CallScenario) => void): void {
    this.steps.push({ sec, order, seq: this.steps.length, build: () => build(this.call) })
  }

  stream(sec: number, memberId: string, name: AiStreamEvent['name'], reason?: string): void {
    this.aiStream.push({
      kind: 'ai-stream',
      name,
      mpcUuid: this.call.mpcUuid,
      mpcName: this.call.mpcName,
      at: this.call.time(sec),
      memberId,
      streamId: `stream-${this.call.mpcUuid}-${memberId}`,
      ...(reason !== undefined ? { reason } : {}),
      raw: {},
      via: 'ai-stream',
    })
  }

  events(): MpcEvent[] {
    this.steps.sort((a, b) => a.sec - b.sec || a.order - b.order || a.seq - b.seq)
    for (const step of this.steps) step.build()
    return [...this.call.events(), ...this.aiStream].sort((a, b) => a.at - b.at)
  }
}

/**
 * Two members talking from `from` to `to` (scenario seconds): spurts of 1–10 s, turns
 * alternating, gaps of 0–3 s, one turn in ten starting before the other side stopped. A spurt
 * running at `to` is left open (someone speaking now) one time in three.
 */
function converse(t: Timed, rng: Rng, a: string, b: string, from: number, to: number): void {
  let sec = from
  let speaker = rng.chance(0.5) ? a : b
  while (sec < to) {
    const length = 1 + Math.min(9, Math.floor(rng.exp(3)))
    const start = sec
    const who = speaker
    if (start + length >= to) {
      t.at(start, 3, (c) => c.speakStart(start, who))
      if (!rng.chance(1 / 3)) t.at(to, 1, (c) => c.speakStop(to, who))
      return
    }
    const stop = start + length
    t.at(start, 3, (c) => c.speakStart(start, who))
    t.at(stop, 1, (c) => c.speakStop(stop, who))
    speaker = speaker === a ? b : a
    // An overlap starts the next turn a second or two before this one ends.
    sec = rng.chance(0.1) ? Math.max(start + 1, stop - rng.int(1, 2)) : stop + rng.int(0, 3)
  }
}

/** A conversation with the customer held once in it, maybe still on hold at `to`. */
function talkWithHold(
  t: Timed,
  rng: Rng,
  customer: string,
  agent: string,
  from: number,
  to: number,
) {
  if (to - from < 60 || !rng.chance(1 / 6)) return converse(t, rng, customer, agent, from, to)
  const holdAt = rng.int(from + 20, to - 30)
  const stillHeld = rng.chance(0.5)
  const unholdAt = stillHeld ? to : Math.min(to - 5, holdAt + rng.int(15, 240))
  converse(t, rng, customer, agent, from, holdAt - 1)
  t.at(holdAt, 2, (c) => c.hold(holdAt, customer))
  if (stillHeld) return
  t.at(unholdAt, 2, (c) => c.unhold(unholdAt, customer))
  converse(t, rng, customer, agent, unholdAt + 1, to)
}

function record(t: Timed, rng: Rng, to: number): void {
  if (!rng.chance(0.6)) return
  t.at(0, 0, (c) => c.recording(0, 'Initiated'))
  if (rng.chance(0.1)) {
    const at = rng.int(0, Math.max(0, to - 1))
    t.at(at, 2, (c) => c.recording(at, 'Paused'))
  }
}

interface Built {
  events: MpcEvent[]
  /** A supervisor member on the call (for the desk's own presence), if one joined. */
  supervisor?: string
}

function buildCall(rng: Rng, shape: CallShape, mpcUuid: string, mpcName: string): Built {
  const talkSec = Math.min(MAX_TALK_SEC, 5 + Math.floor(rng.exp(300)))
  const waitSec = shape === 'waiting' ? 5 + Math.floor(rng.exp(60)) : Math.floor(rng.exp(20))
  const ageSec =
    shape === 'starting'
      ? rng.int(0, 3)
      : shape === 'waiting'
        ? waitSec
        : shape === 'ended'
          ? waitSec + talkSec + rng.int(5, 60)
          : waitSec + talkSec
  const call = new CallScenario({ mpcUuid, mpcName, start: NOW - ageSec * 1000 })
  const t = new Timed(call)
  const age = ageSec
  const built: Built = { events: [] }
  t.at(0, 0, (c) => c.mpcInitialized(0))
  if (shape === 'starting') {
    built.events = t.events()
    return built
  }
  t.at(0, 0, (c) => c.join(0, '10', 'customer').mpcStart(0))
  if (shape === 'waiting') {
    built.events = t.events()
    return built
  }

  const answered = waitSec
  if (shape === 'ai' || shape === 'taken-over') {
    t.at(answered, 0, (c) => c.join(answered, '11', 'ai-agent'))
    t.stream(answered, '11', 'StartStream')
  } else {
    t.at(answered, 0, (c) => c.join(answered, '11', 'agent'))
  }
  record(t, rng, age)

  if (shape === 'ai') {
    talkWithHold(t, rng, '10', '11', answered + 1, age)
    if (rng.chance(0.05)) {
      const at = rng.int(answered + 1, age)
      t.stream(at, '11', 'DroppedStream', 'Connection error')
    }
  } else if (shape === 'taken-over') {
    const takeOver = rng.int(answered + 1, Math.max(answered + 1, age - 10))
    converse(t, rng, '10', '11', answered + 1, takeOver - 1)
    t.at(takeOver, 0, (c) => c.join(takeOver, '12', 'supervisor', { coachMode: false }))
    if (rng.chance(0.7)) {
      t.at(takeOver + 1, 4, (c) => c.exit(takeOver + 1, '11', 'Kicked Out'))
      t.stream(takeOver + 1, '11', 'StopStream')
    } else {
      t.at(takeOver + 1, 2, (c) => c.mute(takeOver + 1, '11').hold(takeOver + 1, '11'))
    }
    converse(t, rng, '10', '12', takeOver + 2, age)
    built.supervisor = '12'
  } else {
    const end = shape === 'ended' ? answered + talkSec : age
    talkWithHold(t, rng, '10', '11', answered + 1, end)
    if (rng.chance(1 / 16) && end - answered > 30) {
      const joinAt = rng.int(answered + 5, end - 10)
      const mode = weighted(rng, [
        ['listen', 0.5],
        ['coach', 0.3],
        ['barge', 0.2],
      ] as const)
      t.at(joinAt, 0, (c) => c.join(joinAt, '12', 'supervisor', { coachMode: true }))
      if (mode === 'listen') t.at(joinAt, 2, (c) => c.mute(joinAt, '12'))
      if (mode === 'barge') t.at(joinAt + 1, 2, (c) => c.coachStop(joinAt + 1, '12'))
      built.supervisor = '12'
    }
    if (shape === 'ended') {
      t.at(end, 4, (c) => c.exit(end, '10').exit(end, '11'))
      if (built.supervisor) t.at(end, 4, (c) => c.exit(end, '12'))
      t.at(end, 5, (c) => c.mpcEnd(end))
      built.supervisor = undefined
    }
  }
  built.events = t.events()
  return built
}

export function buildFloor(plan: FloorPlan): Floor {
  const rng = mulberry32(plan.seed)
  const mpcs: MpcState[] = []
  const mine: MyPresence[] = []
  const mix = Object.fromEntries(SHAPES.map(([s]) => [s, 0])) as Record<CallShape, number>
  let events = 0
  for (let i = 0; i < plan.calls; i++) {
    const shape = weighted(rng, SHAPES)
    const queue = weighted(rng, QUEUES)
    const name =
      queue === 'vip line' ? `vip line ${i + 1}` : `${queue}-${String(i + 1).padStart(6, '0')}`
    const mpcUuid = rng.uuid()
    const built = buildCall(rng.fork(), shape, mpcUuid, name)
    let state: MpcState | undefined
    for (const event of built.events) state = applyEvent(state, event)
    if (!state) throw new Error(`call ${name} built no events`)
    mpcs.push(state)
    mix[shape] += 1
    events += built.events.length
    // The desk's own supervisor is the one on the first few supervised calls.
    if (built.supervisor !== undefined && mine.length < 3) {
      mine.push({
        mpcUuid,
        mode: 'listen',
        status: 'joined',
        memberId: built.supervisor,
        since: NOW,
      })
    }
  }
  const alerts = new AlertTracker().update(mpcs, DEFAULT_THRESHOLDS, NOW).alerts
  return { mpcs, alerts, mine, now: NOW, events, mix }
}
