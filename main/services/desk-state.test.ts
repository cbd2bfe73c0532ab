/**
 * The desk state: what arrives becomes one patch that carries the calls and their alerts
 * together, a call that leaves takes the supervisor's presence on it along, and a switch to
 * another account forgets everything, down to which calls were heard live.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { CallScenario } from '../../mpc/testing/scenario'
import { DEFAULT_THRESHOLDS, type Alert, type DeskPatch } from '../../preload/api'
import { createDeskState, type DeskState, type EventOrigin } from './desk-state'
import { DEFAULT_TUNING } from './tuning'

const NOW = Date.UTC(2026, 0, 5, 9, 0, 0)
let patches: DeskPatch[]
let notified: Alert[]
let state: DeskState

beforeEach(() => {
  vi.useFakeTimers({ now: NOW })
  patches = []
  notified = []
  state = createDeskState({
    tuning: DEFAULT_TUNING,
    thresholds: () => DEFAULT_THRESHOLDS,
    staleAfterMs: () => undefined,
    emit: (patch) => patches.push(patch),
    notify: (alert) => notified.push(alert),
    presence: { joinSettled: () => {}, applyMode: () => {}, leaveNow: () => {} },
    warn: () => {},
  })
})

afterEach(() => {
  state.stop()
  vi.useRealTimers()
})

/** A call that started a minute ago. */
const aMinuteAgo = (mpcUuid: string): CallScenario =>
  new CallScenario({ mpcUuid, start: NOW - 60_000 })

function feed(call: CallScenario, origin: EventOrigin): void {
  let seq = origin.from === 'relay' ? origin.seq : 0
  for (const event of call.events()) {
    state.apply(event, origin.from === 'relay' ? { from: 'relay', seq: seq++ } : origin)
  }
}

const kinds = (patch: DeskPatch | undefined): string[] | undefined =>
  patch?.alerts?.map((a) => a.kind)

it('sends a call and the alert it raises in the same patch, and notifies once', () => {
  // A customer alone on the call for a minute: over the 30 s wait threshold.
  feed(aMinuteAgo('mpc-wait').mpcInitialized(0).join(0, '1', 'customer'), {
    from: 'relay',
    seq: 1,
  })
  vi.advanceTimersByTime(DEFAULT_TUNING.patchIntervalMs)
  expect(patches).toHaveLength(1)
  expect(patches[0]?.upserts.map((m) => m.mpcUuid)).toEqual(['mpc-wait'])
  expect(kinds(patches[0])).toEqual(['customer-waiting'])
  expect(patches[0]?.sources?.['mpc-wait']?.from).toBe('relay')
  expect(notified.map((a) => a.kind)).toEqual(['customer-waiting'])

  // The alert timer re-evaluates without news: nothing new to say, nothing notified again.
  state.start()
  vi.advanceTimersByTime(DEFAULT_TUNING.alertIntervalMs * 3)
  expect(patches).toHaveLength(1)
  expect(notified).toHaveLength(1)
})

it('a removed call takes my presence and its alerts with it, in one patch', () => {
  feed(aMinuteAgo('mpc-gone').mpcInitialized(0).join(0, '1', 'customer'), {
    from: 'relay',
    seq: 1,
  })
  state.presence.adopt('mpc-gone', 'listen', '9', 'call-9')
  vi.advanceTimersByTime(DEFAULT_TUNING.patchIntervalMs)
  expect(patches.at(-1)?.mine?.map((p) => p.mpcUuid)).toEqual(['mpc-gone'])
  expect(state.snapshot().alerts).toHaveLength(1)

  state.remove('mpc-gone')
  vi.advanceTimersByTime(DEFAULT_TUNING.patchIntervalMs)
  const last = patches.at(-1)
  expect(last?.removed).toEqual(['mpc-gone'])
  expect(last?.mine).toEqual([])
  expect(last?.alerts).toEqual([])
  expect(state.snapshot()).toMatchObject({ mpcs: [], mine: [], alerts: [] })
})

it('while held, changes go out as one patch on release', () => {
  state.hold()
  feed(aMinuteAgo('mpc-a').mpcStart(0).join(0, '1', 'customer'), { from: 'rest' })
  feed(aMinuteAgo('mpc-b').mpcStart(0).join(0, '2', 'customer'), { from: 'rest' })
  vi.advanceTimersByTime(DEFAULT_TUNING.patchIntervalMs * 10)
  expect(patches).toHaveLength(0)
  state.release()
  vi.advanceTimersByTime(DEFAULT_TUNING.patchIntervalMs)
  expect(patches).toHaveLength(1)
  expect(patches[0]?.upserts.map((m) => m.mpcUuid).sort()).toEqual(['mpc-a', 'mpc-b'])
  expect(patches[0]?.sources?.['mpc-a']?.from).toBe('rest')
})

it('another account forgets every call, alert and which calls were heard live', () => {
  // Dead air on a call heard live: a silence alert once the desk has heard 20 s of it.
  const deadAir = (): CallScenario =>
    aMinuteAgo('mpc-quiet').mpcStart(0).join(0, '1', 'customer').join(0, '2', 'agent')
  const silence = (DEFAULT_THRESHOLDS.longSilenceSec + 1) * 1000
  state.start()
  state.setFeedLive(true)
  feed(deadAir(), { from: 'relay', seq: 1 })
  vi.advanceTimersByTime(silence)
  expect(kinds(patches.at(-1))).toEqual(['long-silence'])

  state.clear()
  vi.advanceTimersByTime(DEFAULT_TUNING.patchIntervalMs)
  expect(patches.at(-1)).toMatchObject({ removed: ['mpc-quiet'], alerts: [] })

  // The same call known only from REST (the feed still up): its speech was never heard live,
  // so however long the silence, no alert.
  feed(deadAir(), { from: 'rest' })
  vi.advanceTimersByTime(silence)
  expect(state.snapshot().mpcs.map((m) => m.mpcUuid)).toEqual(['mpc-quiet'])
  expect(state.snapshot().alerts).toEqual([])
})
