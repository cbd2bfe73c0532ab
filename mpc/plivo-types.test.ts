import { describe, expect, it } from 'vitest'
import {
  addParticipantParamsSchema,
  addParticipantResponseSchema,
  listMpcQuerySchema,
  mpcListPageSchema,
  participantListPageSchema,
  plivoMpcSchema,
  plivoParticipantSchema,
  plivoTimeToMs,
  startRecordingResponseSchema,
  toWire,
  updateParticipantParamsSchema,
  updateParticipantResponseSchema,
  ADD_PARTICIPANT_WIRE_NAMES,
  LIST_MPC_WIRE_NAMES,
} from './plivo-types'

// Shapes as printed in Plivo's docs and SDK fixtures (plivo-mpc.md §1.1, §1.3).
const docsMpc = {
  api_id: 'd0e000c6-9ace-11ea-97d8-1094bbeb5c2c',
  billed_amount: '0.05000',
  billed_duration: 60,
  creation_time: '2020-12-24 09:20:03+00:00',
  duration: 47,
  end_time: '2020-12-24 09:20:50+00:00',
  friendly_name: 'mpc_name',
  mpc_uuid: 'ca7f9aa2-4d4d-4b4b-9f4b-1d1cfa1c1c1c',
  participants: '/v1/Account/MAXXXXXXXXXXXXXXXXXX/MultiPartyCall/name_mpc_name/Participant/',
  recording: 'not-recording',
  resource_uri: '/v1/Account/MAXXXXXXXXXXXXXXXXXX/MultiPartyCall/name_mpc_name/',
  start_time: '2020-12-24 09:20:03+00:00',
  status: 'Ended',
  stay_alone: false,
  sub_account: null,
  termination_cause: 'No Active Participants',
  termination_cause_code: 1000,
}

describe('plivoMpcSchema (lenient, §1.1)', () => {
  it('reads the documented MPC object and normalises status and amount', () => {
    const mpc = plivoMpcSchema.parse(docsMpc)
    expect(mpc.status).toBe('ended')
    expect(mpc.billed_amount).toBe(0.05)
    expect(mpc.termination_cause_code).toBe(1000)
    expect(mpc.end_time).toBe('2020-12-24 09:20:50+00:00')
    // Documented but missing from every example: absent becomes null, not an error.
    expect(mpc.max_participants).toBeNull()
    expect(mpc.max_duration).toBeNull()
  })

  it('accepts the Python fixture quirks: numeric billed_amount, recording "null", live nulls', () => {
    const mpc = plivoMpcSchema.parse({
      ...docsMpc,
      status: 'Active',
      billed_amount: 3.6,
      recording: 'null',
      end_time: null,
      duration: null,
      billed_duration: null,
      termination_cause: null,
      termination_cause_code: null,
    })
    expect(mpc).toMatchObject({
      status: 'active',
      billed_amount: 3.6,
      recording: null,
      end_time: null,
      duration: null,
      termination_cause_code: null,
    })
  })

  it('keeps fields Plivo adds later instead of failing or dropping them', () => {
    const mpc: Record<string, unknown> = plivoMpcSchema.parse({
      ...docsMpc,
      wait_for_agent: true,
      region: 'us-west',
    })
    expect(mpc['wait_for_agent']).toBe(true)
    expect(mpc['region']).toBe('us-west')
  })

  it('accepts booleans and numbers sent as text', () => {
    const mpc = plivoMpcSchema.parse({
      ...docsMpc,
      stay_alone: 'True',
      duration: '47',
      termination_cause_code: '3000',
    })
    expect(mpc.stay_alone).toBe(true)
    expect(mpc.duration).toBe(47)
    expect(mpc.termination_cause_code).toBe(3000)
  })

  it('names the field when something essential is wrong', () => {
    const result = plivoMpcSchema.safeParse({ ...docsMpc, mpc_uuid: undefined, duration: 'long' })
    expect(result.success).toBe(false)
    const paths = result.error?.issues.map((i) => i.path.join('.'))
    expect(paths).toContain('mpc_uuid')
    expect(paths).toContain('duration')
  })
})

describe('plivoParticipantSchema', () => {
  const goFixture = {
    billed_amount: '0.00500',
    billed_duration: 60,
    call_uuid: '6c5bc4f2-2a37-4c4d-8e54-2e0b7e6cb1d7',
    coach_mode: false,
    duration: 30,
    end_mpc_on_exit: false,
    exit_cause: null,
    exit_time: null,
    hold: false,
    join_time: '2020-12-24 09:20:03+00:00',
    member_address: 'sip:agent@phone.plivo.com',
    member_id: '355',
    mpc_uuid: 'ca7f9aa2-4d4d-4b4b-9f4b-1d1cfa1c1c1c',
    mute: false,
    resource_uri: '/v1/Account/MAXXXXXXXXXXXXXXXXXX/MultiPartyCall/name_x/Participant/355/',
    role: 'Agent',
    start_mpc_on_enter: true,
  }

  it('reads the full object, lower-casing the role', () => {
    const p = plivoParticipantSchema.parse(goFixture)
    expect(p).toMatchObject({ member_id: '355', role: 'agent', mute: false, billed_amount: 0.005 })
  })

  it('takes the exit cause from exit_cause or, failing that, participant_exit_cause', () => {
    const fromDocsTable = plivoParticipantSchema.parse({
      ...goFixture,
      exit_cause: undefined,
      participant_exit_cause: 'Kicked Out of Multiparty Call',
      mute: null,
      hold: null,
    })
    expect(fromDocsTable.exit_cause).toBe('Kicked Out of Multiparty Call')
    expect(fromDocsTable.mute).toBeNull()
    expect('participant_exit_cause' in fromDocsTable).toBe(false)

    const fromExamples = plivoParticipantSchema.parse({
      ...goFixture,
      exit_cause: 'Participant Call Hangup',
    })
    expect(fromExamples.exit_cause).toBe('Participant Call Hangup')
  })

  it('reads the trimmed list-participants objects of the docs, and numeric member ids', () => {
    const page = participantListPageSchema.parse({
      api_id: 'x',
      objects: [
        {
          call_uuid: 'c1',
          coach_mode: 'false',
          hold: false,
          member_id: 355,
          mpc_uuid: 'm',
          mute: 'true',
          role: 'supervisor',
        },
      ],
    })
    expect(page.meta).toBeUndefined()
    expect(page.objects[0]).toMatchObject({
      member_id: '355',
      coach_mode: false,
      mute: true,
      join_time: null,
    })
  })
})

describe('list, add, update and recording responses', () => {
  it('reads a list page with its meta', () => {
    const page = mpcListPageSchema.parse({
      api_id: 'x',
      meta: {
        count: 45,
        limit: 20,
        next: '/v1/Account/MAX/MultiPartyCall/?limit=20&offset=20',
        offset: 0,
        previous: null,
      },
      objects: [docsMpc],
    })
    expect(page.meta).toEqual({
      count: 45,
      limit: 20,
      next: '/v1/Account/MAX/MultiPartyCall/?limit=20&offset=20',
      offset: 0,
      previous: null,
    })
    expect(page.objects).toHaveLength(1)
  })

  it('reads add participant (no member_id, one call per destination)', () => {
    const res = addParticipantResponseSchema.parse({
      api_id: 'a',
      calls: [
        { to: '14156667777', from: '14155550000', call_uuid: 'u1' },
        { to: 'sip:john1234@phone.plivo.com', from: '14155550000', call_uuid: 'u2' },
      ],
      message: 'add participant action initiated',
      request_uuid: 'r',
    })
    expect(res.calls.map((c) => c.call_uuid)).toEqual(['u1', 'u2'])
    expect('member_id' in res).toBe(false)
  })

  it('reads both update-participant forms (docs: flat keys; Python fixture: nested message)', () => {
    expect(
      updateParticipantResponseSchema.parse({
        api_id: 'a',
        mute: 'MPC: test_mpc_1 mute/unmute member(s) succeeded',
      }).mute,
    ).toContain('succeeded')
    expect(
      updateParticipantResponseSchema.parse({ api_id: 'a', message: { mute: 'ok' } }).message,
    ).toEqual({ mute: 'ok' })
  })

  it('requires recording_id and recording_url on start recording', () => {
    expect(
      startRecordingResponseSchema.parse({
        api_id: 'a',
        message: 'MPC: test_mpc_1 record started',
        recording_id: 'rec1',
        recording_url: 'https://media.plivo.com/v1/Account/MAX/Recording/rec1.mp3',
      }).recording_id,
    ).toBe('rec1')
    expect(startRecordingResponseSchema.safeParse({ api_id: 'a' }).success).toBe(false)
  })
})

describe('plivoTimeToMs', () => {
  it('reads Plivo timestamps with an offset, and treats a bare one as UTC', () => {
    expect(plivoTimeToMs('2020-12-24 09:20:03+00:00')).toBe(Date.UTC(2020, 11, 24, 9, 20, 3))
    expect(plivoTimeToMs('2020-12-24 11:20:03+02:00')).toBe(Date.UTC(2020, 11, 24, 9, 20, 3))
    expect(plivoTimeToMs('2020-12-24 09:20:03')).toBe(Date.UTC(2020, 11, 24, 9, 20, 3))
    expect(plivoTimeToMs(null)).toBeNull()
    expect(plivoTimeToMs('soon')).toBeNull()
  })
})

describe('request parameter schemas', () => {
  const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
    result.error?.issues.map((i) => i.path.join('.'))

  it('requires exactly one add-participant mode', () => {
    expect(
      addParticipantParamsSchema.safeParse({ role: 'agent', from: '1', to: '2' }).success,
    ).toBe(true)
    expect(addParticipantParamsSchema.safeParse({ role: 'agent', callUuid: 'c' }).success).toBe(
      true,
    )
    expect(
      issues(
        addParticipantParamsSchema.safeParse({ role: 'agent', from: '1', to: '2', callUuid: 'c' }),
      ),
    ).toEqual(['callUuid'])
    expect(issues(addParticipantParamsSchema.safeParse({ role: 'agent' }))).toEqual(['callUuid'])
    expect(issues(addParticipantParamsSchema.safeParse({ role: 'agent', from: '1' }))).toEqual([
      'to',
    ])
    // Node SDK defect 6: `from` alone plus callUuid slips through there; not here.
    expect(
      issues(addParticipantParamsSchema.safeParse({ role: 'agent', from: '1', callUuid: 'c' })),
    ).toEqual(['callUuid'])
  })

  it('accepts ai-agent and refuses unknown roles, ranges and typos', () => {
    expect(addParticipantParamsSchema.safeParse({ role: 'ai-agent', callUuid: 'c' }).success).toBe(
      true,
    )
    expect(
      issues(
        addParticipantParamsSchema.safeParse({
          role: 'boss',
          callUuid: 'c',
          maxParticipants: 11,
          statusCallbackUrl: 'ftp://x',
          coachmode: false,
        }),
      ),
    ).toEqual(expect.arrayContaining(['role', 'maxParticipants', 'statusCallbackUrl', '']))
  })

  it('allows several destinations only for agents, and per-destination timeouts to match', () => {
    expect(
      addParticipantParamsSchema.safeParse({
        role: 'agent',
        from: '1',
        to: '2<3',
        ringTimeout: '20<30',
      }).success,
    ).toBe(true)
    expect(
      issues(addParticipantParamsSchema.safeParse({ role: 'supervisor', from: '1', to: '2<3' })),
    ).toEqual(['to'])
    expect(
      issues(
        addParticipantParamsSchema.safeParse({
          role: 'agent',
          from: '1',
          to: '2<3',
          delayDial: '1<2<3',
        }),
      ),
    ).toEqual(['delayDial'])
  })

  it('maps to the documented wire names, with the event groups as Plivo’s comma list', () => {
    const parsed = addParticipantParamsSchema.parse({
      role: 'supervisor',
      from: '+14155550000',
      to: 'sip:sup@phone.plivo.com',
      coachMode: false,
      relayDtmfInputs: true,
      statusCallbackEvents: ['mpc-state-changes', 'participant-audio-events'],
    })
    expect(toWire(parsed, ADD_PARTICIPANT_WIRE_NAMES)).toEqual({
      role: 'supervisor',
      from: '+14155550000',
      to: 'sip:sup@phone.plivo.com',
      coach_mode: false,
      relay_dtmf_inputs: true,
      status_callback_events: 'mpc-state-changes,participant-audio-events',
    })
  })

  it('keeps the double underscore of time filters (Node SDK defect 3) and formats Dates as UTC', () => {
    const parsed = listMpcQuerySchema.parse({
      creationTimeGte: new Date(Date.UTC(2024, 4, 1, 10, 0, 0)),
      endTimeLt: '2024-05-02 00:00',
      status: 'active',
    })
    expect(toWire(parsed, LIST_MPC_WIRE_NAMES)).toEqual({
      creation_time__gte: '2024-05-01 10:00:00',
      end_time__lt: '2024-05-02 00:00',
      status: 'active',
    })
    expect(listMpcQuerySchema.safeParse({ limit: 21 }).success).toBe(false)
    expect(listMpcQuerySchema.safeParse({ endTimeGt: '2024-05-02T00:00' }).success).toBe(false)
  })

  it('refuses an update that changes nothing', () => {
    expect(updateParticipantParamsSchema.safeParse({}).success).toBe(false)
    expect(updateParticipantParamsSchema.safeParse({ disableStateChangeSound: true }).success).toBe(
      false,
    )
    expect(updateParticipantParamsSchema.safeParse({ hold: false }).success).toBe(true)
  })
})
