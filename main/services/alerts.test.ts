/**
 * Which alerts a live call raises: a waiting customer is one alert (not also "silence"), dead air
 * on a connected call is another, and each says since when.
 */
import { describe, expect, it } from 'vitest'
import { applyEvent } from '../../mpc/reducer'
import type { MpcState } from '../../mpc/state'
import { CallScenario } from '../../mpc/testing/scenario'
import type { AlertThresholds } from '../../preload/api'
import { alertsFor } from './alerts'

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
