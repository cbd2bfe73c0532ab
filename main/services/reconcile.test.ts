/**
 * The reconcile merge on its own: what REST says of a live call becomes the events that bring
 * the store in line — and facts the store learned more recently than the read are left alone.
 */
import { describe, expect, it } from 'vitest'
import { plivoMpcSchema, plivoParticipantSchema } from '../../mpc/plivo-types'
import { applyEvent } from '../../mpc/reducer'
import type { MpcState } from '../../mpc/state'
import { diffLive } from './reconcile'

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

const build = (events: ReturnType<typeof diffLive>, from?: MpcState): MpcState | undefined =>
  events.reduce<MpcState | undefined>((state, event) => applyEvent(state, event), from)

describe('diffLive', () => {
  it('rebuilds a call the relay never told us about, with its members and flags', () => {
    const events = diffLive(
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
      diffLive(
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
      diffLive(
        undefined,
        mpc,
        [participant('10'), participant('11'), participant('12')],
        READ_AT - 60_000,
        3000,
      ),
    )
    const events = diffLive(
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
    expect(state?.participants['12']?.leftAt).toBe(READ_AT)
  })

  it('leaves alone a fact the store learned after the read began', () => {
    const known = build(diffLive(undefined, mpc, [participant('10')], READ_AT - 60_000, 3000))
    // A ParticipantMute callback that arrived 1 s before the (older) REST answer.
    const muted = applyEvent(known, {
      kind: 'participant',
      name: 'ParticipantMute',
      mpcUuid: 'mpc-1',
      memberId: '10',
      at: READ_AT - 1000,
      raw: {},
    })
    expect(diffLive(muted, mpc, [participant('10', { mute: false })], READ_AT, 3000)).toEqual([])
    // An old fact that REST contradicts is corrected.
    expect(
      diffLive(muted, mpc, [participant('10', { mute: false })], READ_AT + 10_000, 3000),
    ).toMatchObject([{ name: 'ParticipantUnmute', memberId: '10' }])
  })
})
