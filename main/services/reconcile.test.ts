/**
 * The reconcile merge on its own: what REST says of a live call becomes the events that bring
 * the store in line — and facts the store learned more recently than the read are left alone.
 */
import { describe, expect, it } from 'vitest'
import { plivoMpcSchema, plivoParticipantSchema } from '../../mpc/plivo-types'
import { applyEvent } from '../../mpc/reducer'
import type { MpcEvent } from '../../mpc/events'
import type { MpcState } from '../../mpc/state'
import { diffLive, restFactTime } from './reconcile'

const READ_AT = Date.parse('2026-11-25T09:00:30Z')
const mpc = plivoMpcSchema.parse({
  mpc_uuid: 'mpc-1',
  friendly_name: 'support-1',
  status: 'Active',
  creation_time: '2026-11-25 09:00:00+00:00',
  start_time: '2026-11-25 09:00:01+00:00',
  end_time: null,
  recording: 'recording',
})
const participant = (memberId: string, extra: Record<string, unknown> = {}) =>
  plivoParticipantSchema.parse({
    member_id: memberId,
    call_uuid: `call-${memberId}`,
    role: 'agent',
    coach_mode: false,
    mute: false,
    hold: false,
    join_time: '2026-11-25 09:00:05+00:00',
    exit_time: null,
    ...extra,
  })

/** The events of a diff, for tests about what gets applied. */
const eventsOf = (...args: Parameters<typeof diffLive>): MpcEvent[] => diffLive(...args).events

const build = (events: MpcEvent[], from?: MpcState): MpcState | undefined =>
  events.reduce<MpcState | undefined>((state, event) => applyEvent(state, event), from)

/** The supervisor as REST showed them a minute ago, then their CoachModeStart callback at `at`. */
function coachStartedAt(supervisor: ReturnType<typeof participant>, at: number): MpcState {
  return applyEvent(build(eventsOf(undefined, mpc, [supervisor], READ_AT - 60_000, 3000)), {
    kind: 'participant',
    name: 'ParticipantCoachModeStart',
    mpcUuid: 'mpc-1',
    memberId: supervisor.member_id,
    at,
    raw: {},
  })
}

describe('diffLive', () => {
  it('rebuilds a call the relay never told us about, with its members and flags', () => {
    const events = eventsOf(
      undefined,
      mpc,
      [participant('10', { role: 'customer', mute: true }), participant('11', { hold: true })],
      READ_AT,
      3000,
    )
    const state = build(events)
    expect(state).toMatchObject({ mpcUuid: 'mpc-1', name: 'support-1', status: 'active' })
    expect(state?.recording.status).toBe('recording')
    expect(state?.participants['10']).toMatchObject({ role: 'customer', mute: { value: true } })
    expect(state?.participants['11']).toMatchObject({ role: 'agent', hold: { value: true } })
    expect(state?.participants['11']?.joinedAt).toBe(Date.parse('2026-11-25T09:00:05Z'))
    // Once merged, the same read changes nothing more.
    expect(
      eventsOf(
        state,
        mpc,
        [participant('10', { role: 'customer', mute: true }), participant('11', { hold: true })],
        READ_AT,
        3000,
      ),
    ).toEqual([])
  })

  it('closes members REST no longer lists, or lists as exited', () => {
    const known = build(
      eventsOf(
        undefined,
        mpc,
        [participant('10'), participant('11'), participant('12')],
        READ_AT - 60_000,
        3000,
      ),
    )
    const events = eventsOf(
      known,
      mpc,
      [
        participant('10'),
        participant('11', {
          exit_time: '2026-11-25 09:00:20+00:00',
          exit_cause: 'Participant Call Hangup',
        }),
      ],
      READ_AT,
      3000,
    )
    const state = build(events, known)
    expect(state?.participants['10']?.leftAt).toBeUndefined()
    expect(state?.participants['11']).toMatchObject({ exitCause: 'Participant Call Hangup' })
    expect(state?.participants['11']?.leftAt).toBe(Date.parse('2026-11-25T09:00:20Z'))
    expect(state?.participants['12']?.leftAt).toBe(restFactTime(READ_AT))
  })

  it('leaves alone a fact the store learned after the read began', () => {
    const known = build(eventsOf(undefined, mpc, [participant('10')], READ_AT - 60_000, 3000))
    // A ParticipantMute callback that arrived 1 s before the (older) REST answer.
    const muted = applyEvent(known, {
      kind: 'participant',
      name: 'ParticipantMute',
      mpcUuid: 'mpc-1',
      memberId: '10',
      at: READ_AT - 1000,
      raw: {},
    })
    expect(eventsOf(muted, mpc, [participant('10', { mute: false })], READ_AT, 3000)).toEqual([])
    // An old fact that REST contradicts is corrected.
    expect(
      eventsOf(muted, mpc, [participant('10', { mute: false })], READ_AT + 10_000, 3000),
    ).toMatchObject([{ name: 'ParticipantUnmute', memberId: '10' }])
  })

  it('ranks a fact read from REST below a callback stamped in the second it was read in', () => {
    // The supervisor has been barging for a while; the desk reads the call 188 ms into a second
    // in which the supervisor switches to listen. The read saw barge; Plivo stamps the switch
    // with the whole second, and its callback lands after the read's answer.
    const supervisor = participant('20', { role: 'supervisor', coach_mode: true })
    const known = build(eventsOf(undefined, mpc, [supervisor], READ_AT - 60_000, 3000))
    expect(known?.participants['20']?.coachMode.value).toBe(true)
    const readAt = READ_AT + 188
    const read = eventsOf(known, mpc, [{ ...supervisor, coach_mode: false }], readAt, 3000)
    expect(read).toMatchObject([{ name: 'ParticipantCoachModeStop', at: READ_AT - 1 }])
    const afterRead = build(read, known)
    expect(afterRead?.participants['20']?.coachMode.value).toBe(false)

    const switched = applyEvent(afterRead, {
      kind: 'participant',
      name: 'ParticipantCoachModeStart',
      mpcUuid: 'mpc-1',
      memberId: '20',
      role: 'supervisor',
      at: READ_AT,
      raw: {},
    })
    expect(switched.participants['20']?.coachMode.value).toBe(true)
  })

  it('does not let a read carry coach mode on other facts, past the freshness check', () => {
    // Coach mode was switched on 1 s ago (fresh); a read from before the switch says it is off
    // and also that the supervisor is muted. The mute is news; the coach mode is not.
    const supervisor = participant('20', { role: 'supervisor', coach_mode: false })
    const known = coachStartedAt(supervisor, READ_AT - 1000)
    const read = eventsOf(known, mpc, [{ ...supervisor, mute: true }], READ_AT + 500, 3000)
    expect(read.map((e) => e.name)).toEqual(['ParticipantMute'])
    const state = build(read, known)
    expect(state?.participants['20']?.mute.value).toBe(true)
    expect(state?.participants['20']?.coachMode.value).toBe(true)
  })

  it('says which contradicted facts are too fresh to overrule, so they are read again later', () => {
    const supervisor = participant('20', { role: 'supervisor', coach_mode: true })
    const known = coachStartedAt(supervisor, READ_AT - 1000)
    const fresh = diffLive(known, mpc, [{ ...supervisor, coach_mode: false }], READ_AT, 3000)
    expect(fresh).toEqual({ events: [], waiting: ['20 ParticipantCoachModeStart'] })
    // Agreement is not waiting on anything.
    expect(diffLive(known, mpc, [supervisor], READ_AT, 3000).waiting).toEqual([])
    // Once the fact has aged, REST overrules it.
    const aged = diffLive(known, mpc, [{ ...supervisor, coach_mode: false }], READ_AT + 5000, 3000)
    expect(aged.waiting).toEqual([])
    expect(aged.events).toMatchObject([{ name: 'ParticipantCoachModeStop', memberId: '20' }])
  })
})
