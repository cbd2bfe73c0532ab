/**
 * The official plivo npm SDK, aimed at the simulator, drives every MultiPartyCall method it has;
 * results must be Plivo-shaped and every callback must pass the SDK's own V3 validator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mpcListPageSchema, plivoMpcSchema, plivoParticipantSchema } from '../mpc/plivo-types'
import { startSimulator, type Simulator } from './index'
import { startCallbackReceiver, type CallbackReceiver } from './testing/callback-receiver'
import { plivo, pointPlivoSdkAt } from './testing/plivo-sdk'
import { rawApi } from './testing/raw-api'
import { mpcSdk, type MpcSdk } from './testing/sdk-types'
import { waitFor } from '../mpc/testing/wait-for'

const FAIL_NUMBER = '+15550009999'

let sim: Simulator
let receiver: CallbackReceiver
let sdk: MpcSdk
let restoreSdk: () => void

beforeEach(async () => {
  sim = await startSimulator({ answerDelayMs: 30, failNumbers: [FAIL_NUMBER] })
  receiver = await startCallbackReceiver(sim.authToken)
  restoreSdk = pointPlivoSdkAt(sim.baseUrl)
  sdk = mpcSdk(plivo, sim.authId, sim.authToken)
})

afterEach(async () => {
  restoreSdk()
  await sim.stop()
  await receiver.close()
})

const names = (r: CallbackReceiver, mpcName?: string) =>
  r.received.filter((c) => !mpcName || c.params.MPCName === mpcName).map((c) => c.params.EventName)

const joinOf = (r: CallbackReceiver, role: string, mpcName: string) =>
  r.received.find(
    (c) =>
      c.params.EventName === 'ParticipantJoin' &&
      c.params.ParticipantRole?.toLowerCase() === role &&
      c.params.MPCName === mpcName,
  )

function statusParams(
  events = 'mpc-state-changes,participant-state-changes,add-participant-api-events',
) {
  return {
    statusCallbackUrl: `${receiver.url}/hooks/status.json?tenant=acme`,
    statusCallbackMethod: 'POST',
    statusCallbackEvents: events,
  }
}

describe('the plivo SDK against the simulator', () => {
  it('adds a participant: the MPC is created, the call is dialled and joins, no member_id in the reply', async () => {
    const before = sim.requestCount
    const reply = await sdk.addParticipant('agent', {
      friendlyName: 'room 1+a',
      from: '+14155550100',
      to: 'sip:agent1@desk.example.com',
      ...statusParams(),
    })
    // The interceptor really sent the SDK to the simulator.
    expect(sim.requestCount).toBe(before + 1)
    expect(reply).toMatchObject({
      apiId: expect.any(String),
      message: 'add participant action initiated',
      requestUuid: expect.any(String),
      calls: [
        { to: 'sip:agent1@desk.example.com', from: '+14155550100', callUuid: expect.any(String) },
      ],
    })
    expect(JSON.stringify(reply)).not.toMatch(/member/i)

    await receiver.waitFor((r) =>
      r.some((c) => c.params.EventName === 'AddParticipantByAPIActionCompleted'),
    )
    expect(names(receiver)).toEqual([
      'MPCInitialized',
      'AddParticipantByAPIActionInitiated',
      'ParticipantJoin',
      'MPCStart',
      'AddParticipantByAPIActionCompleted',
    ])
    expect(receiver.received.every((c) => c.valid)).toBe(true)
    expect(receiver.received.every((c) => c.method === 'POST')).toBe(true)
    expect(receiver.received[0]?.contentType).toBe('application/x-www-form-urlencoded')
    const join = joinOf(receiver, 'agent', 'room 1+a')
    expect(join?.params).toMatchObject({
      MPCName: 'room 1+a',
      ParticipantRole: 'Agent',
      ParticipantCallUUID: (reply.calls as { callUuid: string }[])[0]?.callUuid,
      ParticipantCoachMode: 'false',
      EventTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00$/),
    })
    const completed = receiver.received.at(-1)?.params
    expect(completed).toMatchObject({ CallStatus: 'success', MemberID: join?.params.MemberID })

    const mpc = await sdk.get({ friendlyName: 'room 1+a' })
    expect(mpc).toMatchObject({
      friendlyName: 'room 1+a',
      status: 'Active',
      recording: 'not-recording',
    })
    const participants = await sdk.listParticipants({ friendlyName: 'room 1+a' })
    expect(participants.objects).toEqual([
      expect.objectContaining({
        memberId: join?.params.MemberID,
        role: 'agent',
        mute: false,
        hold: false,
      }),
    ])
  })

  it('drives every MultiPartyCall method the SDK has, end to end', async () => {
    // The SDK deletes uuid/friendlyName from the params object it is given: pass a fresh one.
    const ref = () => ({ friendlyName: 'support-42' })
    const recordingUrl = `${receiver.url}/hooks/recording.json`
    // Customer first, not starting the MPC: it stays Initialized until the Start API.
    await sdk.addParticipant('customer', {
      ...ref(),
      from: '+14155550100',
      to: '+14155550101',
      startMpcOnEnter: false,
      recordingCallbackUrl: recordingUrl,
      recordingCallbackMethod: 'POST',
      ...statusParams(),
    })
    await receiver.waitFor(() => joinOf(receiver, 'customer', 'support-42') !== undefined)
    expect((await sdk.get(ref())).status).toBe('Initialized')
    expect(await sdk.start({ ...ref(), status: 'active' })).toBeDefined()
    const mpc = await sdk.get(ref())
    expect(mpc.status).toBe('Active')
    const uuidRef = () => ({ uuid: String(mpc.mpcUuid) })

    await sdk.addParticipant('agent', { ...ref(), from: '+14155550100', to: 'sip:a@x.example.com' })
    // Node SDK defect (plivo-mpc.md §4.4 #1): coachMode false must be passed as the string.
    await sdk.addParticipant('supervisor', {
      ...ref(),
      from: '+14155550100',
      to: 'sip:sup@x.example.com',
      coachMode: 'false',
      mute: 'true',
    })
    await receiver.waitFor(() => joinOf(receiver, 'supervisor', 'support-42') !== undefined)
    const customerId = String(joinOf(receiver, 'customer', 'support-42')?.params.MemberID)
    const agentId = String(joinOf(receiver, 'agent', 'support-42')?.params.MemberID)
    const supervisorId = String(joinOf(receiver, 'supervisor', 'support-42')?.params.MemberID)

    const supervisor = await sdk.getParticipant(supervisorId, uuidRef())
    expect(supervisor).toMatchObject({
      role: 'supervisor',
      coachMode: false,
      mute: true,
      memberId: supervisorId,
    })

    expect(
      await sdk.updateParticipant(supervisorId, { ...ref(), coachMode: true, mute: false }),
    ).toMatchObject({
      coachMode: 'MPC: support-42 coach_mode enable/disable succeeded',
      mute: 'MPC: support-42 mute/unmute member(s) succeeded',
    })
    expect(await sdk.updateParticipant(customerId, { ...ref(), hold: true })).toMatchObject({
      hold: 'MPC: support-42 hold/unhold member(s) succeeded',
    })
    await sdk.updateParticipant(`${customerId},${agentId}`, { ...ref(), mute: 'true' })
    await receiver.waitFor(
      (r) => r.filter((c) => c.params.EventName === 'ParticipantMute').length >= 3,
    )

    const started = await sdk.startRecording({
      ...uuidRef(),
      fileFormat: 'wav',
      recordingCallbackUrl: recordingUrl,
    })
    expect(started).toMatchObject({
      message: 'MPC: support-42 record started',
      recordingId: expect.any(String),
      recordingUrl: expect.stringMatching(
        new RegExp(`^${sim.baseUrl}/v1/Account/${sim.authId}/Recording/.+\\.wav$`),
      ),
    })
    expect((await sdk.get(ref())).recording).toBe('recording')
    await sdk.pauseRecording(ref())
    expect((await sdk.get(ref())).recording).toBe('paused')
    await sdk.resumeRecording(ref())
    await sdk.stopRecording(ref())
    expect((await sdk.get(ref())).recording).toBe('not-recording')

    await sdk.startParticipantRecording(agentId, { ...ref(), recordTrackType: 'participant' })
    await sdk.pauseParticipantRecording(agentId, ref())
    await sdk.resumeParticipantRecording(agentId, ref())
    await sdk.stopParticipantRecording(agentId, ref())

    expect(
      await sdk.startPlayAudio('all', 'https://cdn.example.com/hold.mp3', ref()),
    ).toMatchObject({
      message: 'play queued into MPC',
      mpcMemberId: [customerId, agentId, supervisorId],
      mpcName: 'support-42',
    })
    await sdk.stopPlayAudio('all', ref())

    await receiver.waitFor((r) =>
      r.some((c) => c.params.EventName === 'ParticipantRecordingCompleted'),
    )
    const recordingEvents = receiver.received.filter((c) => c.path === '/hooks/recording.json')
    expect(recordingEvents.map((c) => c.params.EventName)).toEqual([
      'MPCRecordingInitiated',
      'MPCRecordingPaused',
      'MPCRecordingResumed',
      'MPCRecordingCompleted',
      'ParticipantRecordingInitiated',
      'ParticipantRecordingPaused',
      'ParticipantRecordingResumed',
      'ParticipantRecordingCompleted',
    ])
    const completed = recordingEvents[3]?.params
    expect(completed).toMatchObject({
      MPCName: 'support-42',
      RecordingFormat: 'wav',
      RecordingUUID: started.recordingId,
      RecordingURL: started.recordingUrl,
      RecordingDuration: expect.stringMatching(/^\d+$/),
      RecordingStartTime: expect.any(String),
      RecordingEndTime: expect.any(String),
      SequenceNumber: '4',
    })
    expect(recordingEvents[7]?.params.MemberID).toBe(agentId)
    // The recording link works.
    const audio = await fetch(String(completed?.RecordingURL))
    expect(audio.status).toBe(200)
    expect(audio.headers.get('content-type')).toBe('audio/wav')
    expect(
      Buffer.from(await audio.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('RIFF')

    await sdk.kickParticipant(supervisorId, ref())
    await receiver.waitFor((r) =>
      r.some((c) => c.params.EventName === 'ParticipantExit' && c.params.MemberID === supervisorId),
    )
    expect((await sdk.getParticipant(supervisorId, ref())).exitCause).toBe(
      'Kicked Out of Multiparty Call',
    )

    await sdk.stop(ref())
    await receiver.waitFor((r) => r.some((c) => c.params.EventName === 'MPCEnd'))
    const ended = await sdk.get(uuidRef())
    expect(ended).toMatchObject({
      status: 'Ended',
      terminationCause: 'Hangup API Triggered',
      terminationCauseCode: 3000,
    })
    const end = receiver.received.find((c) => c.params.EventName === 'MPCEnd')?.params
    expect(end).toMatchObject({ MPCTerminationCauseCode: '3000', MPCDuration: expect.any(String) })
    const all = await sdk.listParticipants(uuidRef())
    expect((all.objects as { exitCause: string }[]).map((p) => p.exitCause)).toEqual([
      'Multiparty Call Ended',
      'Multiparty Call Ended',
      'Kicked Out of Multiparty Call',
    ])
    // The state events in the order they happened, every one signed.
    expect(names(receiver, 'support-42').filter((n) => !n?.startsWith('AddParticipant'))).toEqual([
      'MPCInitialized',
      'ParticipantJoin',
      'MPCStart',
      'ParticipantJoin',
      'ParticipantJoin',
      'ParticipantMute',
      'ParticipantUnmute',
      'ParticipantCoachModeStart',
      'ParticipantHold',
      'ParticipantMute',
      'ParticipantMute',
      'MPCRecordingInitiated',
      'MPCRecordingPaused',
      'MPCRecordingResumed',
      'MPCRecordingCompleted',
      'ParticipantRecordingInitiated',
      'ParticipantRecordingPaused',
      'ParticipantRecordingResumed',
      'ParticipantRecordingCompleted',
      'ParticipantExit',
      'ParticipantExit',
      'ParticipantExit',
      'MPCEnd',
    ])
    expect(receiver.received.every((c) => c.valid)).toBe(true)
  })

  it('lists MPCs with filters and pagination, in shapes the mpc/ schemas accept', async () => {
    const call = rawApi(sim)
    for (let i = 0; i < 23; i++) {
      const r = await call('POST', `name_list-${i}/Participant/`, {
        role: 'customer',
        from: '+14155550100',
        to: `+1415555${String(i).padStart(4, '0')}`,
      })
      expect(r.status).toBe(201)
    }
    const first = await sdk.list()
    expect(first).toHaveLength(20)
    expect(first.meta).toMatchObject({ count: 23, limit: 20, offset: 0, previous: null })
    expect(first.meta.next).toBe(`/v1/Account/${sim.authId}/MultiPartyCall/?limit=20&offset=20`)
    // Node SDK defect: its offset check passes a lower bound of 0, which it treats as missing,
    // so any offset throws before sending. Pages past the first go over plain HTTP.
    expect(() => sdk.list({ offset: 20 })).toThrow(/bound/)
    const second = await call('GET', '', { limit: '20', offset: '20' })
    expect(second.body?.objects).toHaveLength(3)
    expect(second.body?.meta).toMatchObject({
      count: 23,
      next: null,
      previous: expect.stringContaining('offset=0'),
    })
    expect(await sdk.list({ limit: 5 })).toHaveLength(5)
    const byName = await sdk.list({ friendlyName: 'list-7' })
    expect(byName.map((m) => m.friendlyName)).toEqual(['list-7'])

    await waitFor('every MPC Active', () => sim.truth().mpcs.every((m) => m.status === 'Active'))
    const raw = await call('GET', '', { status: 'active', limit: '5' })
    expect(raw.status).toBe(200)
    const page = mpcListPageSchema.parse(raw.body)
    expect(page.objects).toHaveLength(5)
    expect(page.meta.count).toBe(23)

    // End one; filters by status and termination cause find it, and only it.
    await sdk.stop({ friendlyName: 'list-3' })
    const ended = await call('GET', '', { status: 'ended', termination_cause_code: '3000' })
    expect(
      (ended.body?.objects as { friendly_name: string }[]).map((m) => m.friendly_name),
    ).toEqual(['list-3'])
    const future = await call('GET', '', { end_time__gt: '2999-01-01 00:00' })
    expect(future.body?.meta).toMatchObject({ count: 0 })
    const past = await call('GET', '', { end_time__gte: '2000-01-01 00:00:00' })
    expect(past.body?.meta).toMatchObject({ count: 1 })
    const created = await call('GET', '', { creation_time__lt: '2000-01-01 00:00' })
    expect(created.body?.meta).toMatchObject({ count: 0 })
    const subaccount = await call('GET', '', { sub_account: 'SA0123456789ABCDEFGH' })
    expect(subaccount.body?.meta).toMatchObject({ count: 0 })

    for (const object of (await call('GET', '', { limit: '20' })).body?.objects as unknown[]) {
      expect(() => plivoMpcSchema.parse(object)).not.toThrow()
    }
    const members = await call('GET', 'name_list-1/Participant/')
    for (const object of members.body?.objects as unknown[]) {
      expect(() => plivoParticipantSchema.parse(object)).not.toThrow()
    }
  })

  it('sends status callbacks by GET when asked, signed over the exact URL with its query', async () => {
    await sdk.addParticipant('agent', {
      friendlyName: 'get-room',
      from: '+14155550100',
      to: 'sip:a@x.example.com',
      statusCallbackUrl: `${receiver.url}/hooks/events.json?tenant=acme&x=1`,
      statusCallbackMethod: 'GET',
    })
    await receiver.waitFor((r) => r.some((c) => c.params.EventName === 'MPCStart'))
    expect(names(receiver)).toEqual(['MPCInitialized', 'ParticipantJoin', 'MPCStart'])
    for (const c of receiver.received) {
      expect(c.method).toBe('GET')
      expect(c.params).toMatchObject({ tenant: 'acme', x: '1', MPCName: 'get-room' })
      expect(c.valid).toBe(true)
    }
  })

  it('a dial to a failing number completes with its failure and the empty MPC ends', async () => {
    await sdk.addParticipant('supervisor', {
      friendlyName: 'fail-room',
      from: '+14155550100',
      to: FAIL_NUMBER,
      ...statusParams(),
    })
    await receiver.waitFor((r) => r.some((c) => c.params.EventName === 'MPCEnd'))
    expect(names(receiver)).toEqual([
      'MPCInitialized',
      'AddParticipantByAPIActionInitiated',
      'AddParticipantByAPIActionCompleted',
      'MPCEnd',
    ])
    expect(receiver.received[2]?.params).toMatchObject({
      CallStatus: 'no-answer',
      ParticipantRole: 'Supervisor',
    })
    expect(receiver.received[2]?.params.MemberID).toBeUndefined()
    expect(receiver.received[3]?.params).toMatchObject({
      MPCTerminationCause: 'No Active Participants',
    })
  })

  it('rejects bad input with the right error class and status', async () => {
    const ref = () => ({ friendlyName: 'errors' })
    // The SDK's error classes lose their identity (Babel-compiled subclasses of Error), but keep
    // the HTTP status and Plivo's `error` text.
    await expect(sdk.get({ friendlyName: 'nope' })).rejects.toMatchObject({
      status: 404,
      message: 'multi party call name_nope not found',
      apiID: expect.any(String),
    })

    await sdk.addParticipant('agent', {
      ...ref(),
      from: '+14155550100',
      to: 'sip:a@x.example.com',
      ...statusParams(),
    })
    await receiver.waitFor(() => joinOf(receiver, 'agent', 'errors') !== undefined)
    await expect(sdk.getParticipant('999999', ref())).rejects.toMatchObject({
      status: 404,
      message: 'member 999999 not found in MPC errors',
    })
    await expect(sdk.updateParticipant('all', { ...ref(), coachMode: true })).rejects.toMatchObject(
      {
        status: 400,
        message: expect.stringMatching(/coach_mode .* single member_id/),
      },
    )
    // Node SDK defect (§4.4 #6): `from` with `callUuid` passes its check; the server refuses.
    await expect(
      sdk.addParticipant('agent', { ...ref(), from: '+14155550100', callUuid: 'x' }),
    ).rejects.toMatchObject({
      status: 400,
      message: 'cannot specify call_uuid when (from, to) is provided',
    })

    const wrong = mpcSdk(plivo, sim.authId, 'not-the-token')
    await expect(wrong.get(ref())).rejects.toMatchObject({ status: 401 })
  })
})
