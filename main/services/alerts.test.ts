/**
 * Which alerts a live call raises: a waiting customer is one alert (not also "silence"), dead air
 * on a connected call is another, and each says since when.
 */
import { describe, expect, it } from 'vitest'
import { applyEvent } from '../../mpc/reducer'
import type { MpcState } from '../../mpc/state'
import { CallScenario } from '../../mpc/testing/scenario'
import type { AlertThresholds } from '../../preload/api'
import { AlertTracker, alertsFor, alertText } from './alerts'

const thresholds: AlertThresholds = {
  customerWaitSec: 30,
  longHoldSec: 60,
  longSilenceSec: 20,
  overtalkSec: 5,
}

function state(call: CallScenario): MpcState {
  let mpc: MpcState | undefined
  for (const event of call.events()) mpc = applyEvent(mpc, event)
  if (!mpc) throw new Error('no events')
  return mpc
}

const kinds = (call: CallScenario, sec: number) =>
  alertsFor(state(call), thresholds, call.time(sec)).map((a) => [a.kind, a.since])

describe('alertsFor', () => {
  it('a customer waiting alone raises the wait alert only, not a silence alert too', () => {
    const call = new CallScenario().mpcInitialized(0).join(0, '1', 'customer')
    expect(kinds(call, 25)).toEqual([])
    expect(kinds(call, 45)).toEqual([['customer-waiting', call.time(0)]])
  })

  it('dead air once an agent is there raises the silence alert, from when nobody last spoke', () => {
    const call = new CallScenario()
      .mpcStart(0)
      .join(0, '1', 'customer')
      .join(10, '2', 'agent')
      .speak(11, '2', 4)
    expect(kinds(call, 30)).toEqual([])
    expect(kinds(call, 40)).toEqual([['long-silence', call.time(15)]])
  })

  it('an ended call raises nothing', () => {
    const call = new CallScenario().mpcStart(0).join(0, '1', 'customer').mpcEnd(100)
    expect(kinds(call, 200)).toEqual([])
  })
})

describe('what an alert says', () => {
  it('its message leaves out the call name (the card shows it); a notification puts it first', () => {
    const call = new CallScenario({ mpcName: 'queue-7' })
      .mpcStart(0)
      .join(0, '1', 'customer')
      .join(0, '2', 'ai-agent')
      .hold(0, '2')
    const hold = alertsFor(state(call), thresholds, call.time(61)).find(
      (a) => a.kind === 'long-hold',
    )
    expect(hold).toMatchObject({
      kind: 'long-hold',
      callName: 'queue-7',
      message: 'AI agent 2 on hold for over 60 s',
    })
    expect(alertText(hold!)).toBe('queue-7: AI agent 2 on hold for over 60 s')
  })
})

describe('alerts that need live callbacks', () => {
  // Dead air since 15 s and a customer talking over the agent since 30 s.
  const call = new CallScenario()
    .mpcStart(0)
    .join(0, '1', 'customer')
    .join(0, '2', 'agent')
    .speak(11, '2', 4)
    .join(0, '3', 'customer')
    .hold(0, '3')
  const speechOf = (sinceSec: number | null) => (sinceSec === null ? null : call.time(sinceSec))
  const at = (sec: number, watchedSinceSec: number | null) =>
    alertsFor(state(call), thresholds, call.time(sec), speechOf(watchedSinceSec)).map((a) => [
      a.kind,
      a.since,
    ])

  it('are suspended while the live feed is down; waits and holds go on from REST facts', () => {
    expect(at(100, 0).map(([kind]) => kind)).toEqual(['long-silence', 'long-hold'])
    expect(at(100, null)).toEqual([['long-hold', call.time(0)]])
  })

  it('resume without a burst: a silence counts only from when live updates resumed', () => {
    // The feed came back at 90 s; nobody has spoken since 15 s, but the desk saw only 90→now.
    expect(at(91, 90)).toEqual([['long-hold', call.time(0)]])
    expect(at(109, 90)).toEqual([['long-hold', call.time(0)]])
    expect(at(110, 90)).toEqual([
      ['long-silence', call.time(90)],
      ['long-hold', call.time(0)],
    ])
  })

  it('overtalk is measured over watched time too', () => {
    const talk = new CallScenario()
      .mpcStart(0)
      .join(0, '1', 'customer')
      .join(0, '2', 'agent')
      .speakStart(10, '1')
      .speakStart(10, '2')
    const kindsAt = (sec: number, since: number | null) =>
      alertsFor(
        state(talk),
        thresholds,
        talk.time(sec),
        since === null ? null : talk.time(since),
      ).map((a) => a.kind)
    expect(kindsAt(16, 0)).toEqual(['overtalk'])
    expect(kindsAt(16, null)).toEqual([])
    expect(kindsAt(16, 14)).toEqual([])
    expect(kindsAt(19, 14)).toEqual(['overtalk'])
  })
})

describe('AlertTracker', () => {
  it('re-evaluates a call the moment its data changes, so a speech start ends the silence alert in the same patch', () => {
    const call = new CallScenario().mpcStart(0).join(0, '1', 'customer').join(0, '2', 'agent')
    const tracker = new AlertTracker()
    const silent = state(call)
    const first = tracker.update([silent], thresholds, call.time(30))
    expect(first.added.map((a) => a.kind)).toEqual(['long-silence'])

    // The agent starts speaking (Plivo stamps the next whole second, ahead of our clock).
    const speaking = state(call.speakStart(31, '2'))
    const now = call.time(30.4)
    const refreshed = tracker.refresh([speaking.mpcUuid], () => speaking, thresholds, now)
    expect(refreshed).toMatchObject({ changed: true, alerts: [], added: [] })

    // Another call's alerts are left as they were; a call that is gone loses its alerts.
    const other = new CallScenario({ mpcUuid: 'other-call' }).mpcStart(0).join(0, '1', 'customer')
    tracker.update([speaking, state(other)], thresholds, call.time(40))
    expect(tracker.list().map((a) => a.mpcUuid)).toEqual(['other-call'])
    expect(tracker.refresh([speaking.mpcUuid], () => speaking, thresholds, now).changed).toBe(false)
    expect(tracker.refresh(['other-call'], () => undefined, thresholds, now)).toMatchObject({
      changed: true,
      alerts: [],
    })
  })
})
