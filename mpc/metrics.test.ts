import { describe, expect, it } from 'vitest'
import { mpcMetrics, participantMetrics } from './metrics'
import { applyEvent } from './reducer'
import type { MpcState } from './state'
import { CallScenario, realisticCall } from './testing/scenario'

function state(call: CallScenario): MpcState {
  let mpc: MpcState | undefined
  for (const event of call.events()) mpc = applyEvent(mpc, event)
  if (!mpc) throw new Error('no events')
  return mpc
}

const S = 1000

describe('metrics of the realistic supervised call, after it ended', () => {
  const call = realisticCall()
  const mpc = state(call)
  const later = call.time(500)

  it('per participant', () => {
    expect(participantMetrics(mpc.participants['10']!, later)).toEqual({
      present: false,
      durationMs: 100 * S,
      talkMs: 7 * S, // 25–30 and 91–93
      holdMs: 30 * S, // 40–70
      speakingNow: false,
      onHold: false,
      muted: false,
      coachMode: false,
    })
    expect(participantMetrics(mpc.participants['11']!, later)).toMatchObject({
      durationMs: 81 * S,
      talkMs: 5 * S,
      holdMs: 0,
    })
    expect(participantMetrics(mpc.participants['12']!, later)).toMatchObject({
      durationMs: 27 * S,
      talkMs: 3 * S,
      coachMode: false, // barged at 90
    })
  })

  it('per MPC', () => {
    expect(mpcMetrics(mpc, later)).toEqual({
      ageMs: 102 * S,
      present: 0,
      customerWaitMs: null,
      silenceMs: null,
      overtalkMs: null,
      // 0–21, 30–80, 83–91, 93–102: someone present, nobody speaking
      totalSilenceMs: (21 + 50 + 8 + 9) * S,
      totalOvertalkMs: 1 * S, // 25–26
      talkShare: { '10': 7 / 15, '11': 5 / 15, '12': 3 / 15 },
    })
  })
})

describe('mpcMetrics while the call is live', () => {
  it('a customer alone waits, and the wait restarts when the agent leaves', () => {
    const call = new CallScenario().mpcStart(0).join(0, '1', 'customer')
    expect(mpcMetrics(state(call), call.time(45))).toMatchObject({
      ageMs: 45 * S,
      present: 1,
      customerWaitMs: 45 * S,
      silenceMs: 45 * S,
      overtalkMs: null,
      totalSilenceMs: 45 * S,
    })
    call.join(30, '2', 'agent')
    expect(mpcMetrics(state(call), call.time(45))).toMatchObject({
      present: 2,
      customerWaitMs: null,
      silenceMs: 45 * S, // nobody has spoken since 0
    })
    call.exit(50, '2')
    expect(mpcMetrics(state(call), call.time(60))).toMatchObject({
      present: 1,
      customerWaitMs: 10 * S,
    })
  })

  it('an AI agent serves the customer: no wait', () => {
    const call = new CallScenario().join(0, '1', 'customer').join(5, '2', 'ai-agent')
    expect(mpcMetrics(state(call), call.time(30)).customerWaitMs).toBeNull()
  })

  it('a supervisor alone with the customer does not end the wait', () => {
    const call = new CallScenario().join(0, '1', 'customer').join(5, '2', 'supervisor')
    expect(mpcMetrics(state(call), call.time(30)).customerWaitMs).toBe(30 * S)
  })

  it('a supervisor who took over from the AI agent (barging) serves the customer: no wait', () => {
    const call = new CallScenario()
      .join(0, '1', 'customer')
      .join(1, '2', 'ai-agent')
      .join(10, '3', 'supervisor', { coachMode: false })
      .exit(12, '2', 'Kicked Out of Multiparty Call')
    expect(mpcMetrics(state(call), call.time(60)).customerWaitMs).toBeNull()
  })

  it('overtalk is the span where customer and agent speak at once', () => {
    const call = new CallScenario()
      .join(0, '1', 'customer')
      .join(0, '2', 'agent')
      .speakStart(10, '1')
      .speakStart(12, '2')
    expect(mpcMetrics(state(call), call.time(15))).toMatchObject({
      overtalkMs: 3 * S,
      totalOvertalkMs: 3 * S,
      silenceMs: null,
      totalSilenceMs: 10 * S,
    })
    call.speakStop(16, '2')
    expect(mpcMetrics(state(call), call.time(20))).toMatchObject({
      overtalkMs: null,
      totalOvertalkMs: 4 * S,
      silenceMs: null,
    })
    call.speakStop(21, '1')
    expect(mpcMetrics(state(call), call.time(30))).toMatchObject({
      silenceMs: 9 * S,
      totalSilenceMs: 19 * S,
      talkShare: { '1': 11 / 15, '2': 4 / 15 },
    })
  })

  it('two agents talking together is not overtalk', () => {
    const call = new CallScenario()
      .join(0, '1', 'agent')
      .join(0, '2', 'agent')
      .speakStart(1, '1')
      .speakStart(1, '2')
    expect(mpcMetrics(state(call), call.time(9)).overtalkMs).toBeNull()
  })

  it('a speaker who leaves stops speaking', () => {
    const call = new CallScenario()
      .join(0, '1', 'customer')
      .join(0, '2', 'agent')
      .speakStart(2, '2')
      .exit(6, '2')
    const mpc = state(call)
    expect(participantMetrics(mpc.participants['2']!, call.time(20))).toMatchObject({
      present: false,
      talkMs: 4 * S,
      speakingNow: false,
      durationMs: 6 * S,
    })
    expect(mpcMetrics(mpc, call.time(20))).toMatchObject({
      silenceMs: 14 * S,
      customerWaitMs: 14 * S,
    })
  })

  it('nobody present is not silence', () => {
    const call = new CallScenario().mpcInitialized(0).join(10, '1', 'agent').exit(20, '1')
    expect(mpcMetrics(state(call), call.time(40))).toMatchObject({
      present: 0,
      silenceMs: null,
      totalSilenceMs: 10 * S,
      talkShare: { '1': 0 },
    })
  })

  it('a member whose join was never seen counts as present from the first event', () => {
    const call = new CallScenario().mpcStart(0).mute(5, '1')
    const mpc = state(call)
    expect(participantMetrics(mpc.participants['1']!, call.time(9))).toMatchObject({
      present: true,
      durationMs: 0,
      muted: true,
    })
    expect(mpcMetrics(mpc, call.time(9))).toMatchObject({ present: 1, silenceMs: 9 * S })
  })
})

describe('participantMetrics while live', () => {
  it('counts open hold and speech up to now', () => {
    const call = new CallScenario()
      .join(0, '1', 'customer')
      .hold(10, '1')
      .speakStart(12, '1')
      .mute(13, '1')
    expect(participantMetrics(state(call).participants['1']!, call.time(25))).toEqual({
      present: true,
      durationMs: 25 * S,
      talkMs: 13 * S,
      holdMs: 15 * S,
      speakingNow: true,
      onHold: true,
      muted: true,
      coachMode: false,
    })
  })

  it('a supervisor listening in coach mode', () => {
    const call = new CallScenario().join(0, '9', 'supervisor', { coachMode: true })
    expect(participantMetrics(state(call).participants['9']!, call.time(1)).coachMode).toBe(true)
  })

  it('never reports negative time when now is behind the event clock', () => {
    const call = new CallScenario().join(10, '1', 'customer').speakStart(12, '1')
    const mpc = state(call)
    const early = call.time(0)
    // The speech is known, so the member is speaking now; only the durations are clamped.
    expect(participantMetrics(mpc.participants['1']!, early)).toMatchObject({
      durationMs: 0,
      talkMs: 0,
      speakingNow: true,
    })
    const m = mpcMetrics(mpc, early)
    expect(m.ageMs).toBe(0)
    expect(m.totalSilenceMs).toBe(0)
  })
})

describe('facts stamped after now (Plivo clock ahead, whole seconds)', () => {
  // Main computes alerts at its `now`, the renderer draws marks at its own: the current state
  // must be the same for both, so it cannot depend on where `now` falls against event times.
  const call = new CallScenario()
    .mpcStart(0)
    .join(0, '1', 'customer')
    .join(0, '2', 'agent')
    .speak(1, '2', 2)
    .join(40, '3', 'agent')
    .speakStart(41, '3')
  const mpc = state(call)

  it('a join stamped after now is on the call: no wait, whatever the clock says', () => {
    const solo = state(
      new CallScenario().mpcStart(0).join(0, '1', 'customer').join(31, '2', 'agent'),
    )
    expect(mpcMetrics(solo, call.time(30))).toMatchObject({ present: 2, customerWaitMs: null })
  })

  it('a speech start stamped after now is speaking and ends the silence at once', () => {
    for (const sec of [38, 39.5, 40, 40.5, 41, 45]) {
      const now = call.time(sec)
      const speaking = Object.values(mpc.participants).filter(
        (p) => participantMetrics(p, now).speakingNow,
      )
      expect(
        speaking.map((p) => p.memberId),
        `at ${sec} s`,
      ).toEqual(['3'])
      expect(mpcMetrics(mpc, now).silenceMs, `at ${sec} s`).toBeNull()
    }
  })
})

describe('a wait is claimed only from membership the desk knows', () => {
  it('no wait while a present member is known only from a later event (join never seen)', () => {
    // e.g. a relay that lost its history: its state has the customer from a hold callback.
    const partial = new CallScenario()
      .mpcStart(0)
      .raw('ParticipantHold', 5, '1', { ParticipantRole: 'Customer' })
    expect(mpcMetrics(state(partial), partial.time(60)).customerWaitMs).toBeNull()
    // Once the join is known (the REST reconcile supplies it), the wait is real again.
    partial.join(2, '1', 'customer')
    expect(mpcMetrics(state(partial), partial.time(60)).customerWaitMs).toBe(58 * S)
  })
})
