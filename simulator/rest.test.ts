/**
 * The REST API over plain HTTP: status codes, `{api_id, error}` bodies, body formats, boolean
 * forms, path forms, auth, rate limit, and the element's rules as a client sees them.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator, type SimulatorOptions } from './index'
import { rawApi } from './testing/raw-api'
import { waitFor } from '../mpc/testing/wait-for'

let sim: Simulator | undefined

async function start(options: SimulatorOptions = {}) {
  sim = await startSimulator({ answerDelayMs: 5, ...options })
  return { sim, call: rawApi(sim) }
}

afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

const dial = (role: string, extra: Record<string, unknown> = {}) => ({
  role,
  from: '+14155550100',
  to: `sip:${role}-${Math.random().toString(36).slice(2, 8)}@x.example.com`,
  ...extra,
})

/** Adds a participant by dial-out and waits until it has joined; returns its member. */
async function joined(
  s: Simulator,
  call: ReturnType<typeof rawApi>,
  mpc: string,
  role: string,
  extra: Record<string, unknown> = {},
) {
  const reply = await call('POST', `name_${mpc}/Participant/`, dial(role, extra))
  expect(reply.status).toBe(201)
  const callUuid = (reply.body?.calls as { call_uuid: string }[])[0]?.call_uuid
  const member = await waitFor(`${role} ${callUuid} to join`, () =>
    Object.values(s.truth().participants)
      .flat()
      .find((p) => p.call_uuid === callUuid),
  )
  return member as { member_id: string; call_uuid: string; mpc_uuid: string }
}

function expectError(
  reply: { status: number; body?: Record<string, unknown> },
  status: number,
  text: RegExp,
) {
  expect(reply.status).toBe(status)
  expect(reply.body).toEqual({ api_id: expect.any(String), error: expect.stringMatching(text) })
}

describe('REST API: auth, paths, formats', () => {
  it('needs Basic auth for the account in the path', async () => {
    const { call, sim: s } = await start()
    expectError(await call('GET', '', undefined, { auth: false }), 401, /authentication/)
    expectError(
      await call('GET', '', undefined, { auth: 'Basic Zm9vOmJhcg==' }),
      401,
      /authentication/,
    )
    const other = `${s.baseUrl}/v1/Account/MAOTHERACCOUNT00000000/MultiPartyCall/`
    expectError(await call('GET', other), 401, /not valid for account/)
    expectError(
      await call('GET', `${s.baseUrl}/v1/Account/${s.authId}/Call/`),
      404,
      /no such resource/,
    )
    expectError(await call('PUT', 'name_x/'), 405, /not allowed/)
  })

  it('accepts ids with and without a trailing slash, by name while live and by uuid after', async () => {
    const { call, sim: s } = await start()
    const member = await joined(s, call, 'slash room', 'agent')
    for (const path of ['name_slash%20room', 'name_slash%20room/', `uuid_${member.mpc_uuid}`]) {
      const reply = await call('GET', path)
      expect(reply.status).toBe(200)
      expect(reply.body).toMatchObject({
        friendly_name: 'slash room',
        status: 'Active',
        api_id: expect.any(String),
      })
    }
    expect((await call('GET', `name_slash%20room/Participant/${member.member_id}`)).status).toBe(
      200,
    )
    expect((await call('DELETE', 'name_slash%20room')).status).toBe(204)
    expectError(await call('GET', 'name_slash%20room/'), 404, /not found/)
    expect((await call('GET', `uuid_${member.mpc_uuid}/`)).body).toMatchObject({
      status: 'Ended',
      termination_cause: 'Hangup API Triggered',
      termination_cause_code: 3000,
    })
    // Control on an ended MPC is refused; reading it still works.
    expectError(await call('DELETE', `uuid_${member.mpc_uuid}/`), 404, /has ended/)
    expectError(await call('GET', 'other_x/'), 400, /name_ or uuid_/)
  })

  it('takes JSON and form bodies, booleans as JSON or as strings in any case', async () => {
    const { call, sim: s } = await start()
    const form = await call(
      'POST',
      'name_fmt/Participant/',
      dial('supervisor', { mute: 'True', coach_mode: 'FALSE' }),
      {
        form: true,
      },
    )
    expect(form.status).toBe(201)
    const json = await call(
      'POST',
      'name_fmt/Participant/',
      dial('agent', { hold: true, mute: false }),
    )
    expect(json.status).toBe(201)
    await waitFor(
      'two members',
      () => (s.truth().participants[s.truth().mpcs[0]?.mpc_uuid ?? '']?.length ?? 0) === 2,
    )
    const list = await call('GET', 'name_fmt/Participant/')
    expect(list.body?.objects).toEqual([
      expect.objectContaining({ role: 'supervisor', mute: true, coach_mode: false, hold: false }),
      expect.objectContaining({ role: 'agent', mute: false, hold: true, coach_mode: false }),
    ])
    expectError(
      await call('POST', 'name_fmt/Participant/', dial('agent', { mute: 'yes' })),
      400,
      /^mute: must be true or false/,
    )
    const bad = await fetch(
      `${s.baseUrl}/v1/Account/${s.authId}/MultiPartyCall/name_fmt/Participant/`,
      {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${s.authId}:${s.authToken}`).toString('base64')}`,
          'Content-Type': 'application/json',
        },
        body: '{"role":',
      },
    )
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: 'request body is not valid JSON' })
  })

  it('answers 429 past the rate limit, with Retry-After', async () => {
    const { call } = await start({ rateLimit: { requests: 3, windowMs: 60_000 } })
    for (let i = 0; i < 3; i++) expect((await call('GET', '')).status).toBe(200)
    const limited = await call('GET', '')
    expectError(limited, 429, /too many requests/)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('serves recording media without credentials', async () => {
    const { sim: s } = await start()
    const mp3 = await fetch(`${s.baseUrl}/v1/Account/${s.authId}/Recording/abc.mp3`)
    expect(mp3.status).toBe(200)
    expect(mp3.headers.get('content-type')).toBe('audio/mpeg')
    const bytes = Buffer.from(await mp3.arrayBuffer())
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfb])
    expect(bytes.length).toBeGreaterThan(10_000)
    expect((await fetch(`${s.baseUrl}/v1/Account/${s.authId}/Recording/abc.ogg`)).status).toBe(404)
  })
})

describe('REST API: add participant', () => {
  it('refuses both or neither of call_uuid and from/to, and out-of-range values, naming the field', async () => {
    const { call } = await start()
    const p = 'name_bad/Participant/'
    expectError(
      await call('POST', p, { role: 'agent' }),
      400,
      /specify either call_uuid or \(from, to\)/,
    )
    expectError(
      await call('POST', p, dial('agent', { call_uuid: 'abc' })),
      400,
      /cannot specify call_uuid/,
    )
    expectError(await call('POST', p, { role: 'agent', to: '+1' }), 400, /specify \(from, to\)/)
    expectError(
      await call('POST', p, dial('boss')),
      400,
      /^role: must be one of customer, agent, supervisor, ai-agent/,
    )
    expectError(await call('POST', p, { ...dial('agent'), role: undefined }), 400, /^role:/)
    expectError(
      await call('POST', p, dial('agent', { max_participants: 11 })),
      400,
      /^max_participants: must be between 2 and 10/,
    )
    expectError(
      await call('POST', p, dial('agent', { max_duration: '100' })),
      400,
      /^max_duration: must be between 300 and 28800/,
    )
    expectError(
      await call('POST', p, dial('agent', { record_min_member_count: 3 })),
      400,
      /^record_min_member_count/,
    )
    expectError(
      await call('POST', p, dial('agent', { caller_name: 'x'.repeat(51) })),
      400,
      /^caller_name: must be 1 to 50/,
    )
    expectError(
      await call('POST', p, dial('agent', { status_callback_events: 'mpc-state-changes,bogus' })),
      400,
      /unknown event group bogus/,
    )
    expectError(
      await call('POST', p, dial('agent', { status_callback_url: 'ftp://x' })),
      400,
      /^status_callback_url: must be an http/,
    )
    expectError(
      await call('POST', p, dial('agent', { record_file_format: 'ogg' })),
      400,
      /^record_file_format/,
    )
    expectError(await call('POST', p, dial('agent', { confirm_key: 'x' })), 400, /^confirm_key/)
    expectError(
      await call('POST', p, dial('customer', { to: '+1<+2' })),
      400,
      /only for role agent/,
    )
    expectError(
      await call('POST', p, dial('agent', { to: '+1<+2', ring_timeout: '10<20<30' })),
      400,
      /ring_timeout: at most one value per destination/,
    )
    expectError(await call('POST', 'uuid_nope/Participant/', dial('agent')), 404, /not found/)
    expectError(
      await call('POST', p, { role: 'agent', call_uuid: 'no-such-call' }),
      404,
      /call no-such-call not found/,
    )
    // Nothing was created by any refused request.
    expect((await call('GET', '')).body?.meta).toMatchObject({ count: 0 })
  })

  it('refuses a participant beyond max_participants', async () => {
    const { call, sim: s } = await start()
    await joined(s, call, 'small', 'customer', { max_participants: 2 })
    await joined(s, call, 'small', 'agent')
    expectError(
      await call('POST', 'name_small/Participant/', dial('supervisor')),
      400,
      /maximum of 2 participants/,
    )
  })

  it('rings every destination and the first to answer joins; failing numbers never answer', async () => {
    const { call, sim: s } = await start({ failNumbers: ['+15550001', '+15550002'] })
    const reply = await call(
      'POST',
      'name_race/Participant/',
      dial('agent', { to: '+15550001<+15550003<+15550004' }),
    )
    expect(reply.status).toBe(201)
    expect(reply.body).toMatchObject({
      message: 'add participant action initiated',
      request_uuid: expect.any(String),
    })
    const calls = reply.body?.calls as { to: string; call_uuid: string }[]
    expect(calls.map((c) => c.to)).toEqual(['+15550001', '+15550003', '+15550004'])
    expect(reply.body).not.toHaveProperty('member_id')
    await waitFor('the MPC to be Active', () => s.truth().mpcs[0]?.status === 'Active')
    const [member] = Object.values(s.truth().participants).flat()
    expect(member).toMatchObject({ call_uuid: calls[1]?.call_uuid, member_address: '+15550003' })
  })

  it('moves a live call into another MPC (call_uuid): it leaves the first as transferred', async () => {
    const { call, sim: s } = await start()
    const customer = await joined(s, call, 'from-room', 'customer')
    const moved = await call('POST', 'name_to-room/Participant/', {
      role: 'customer',
      call_uuid: customer.call_uuid,
    })
    expect(moved.status).toBe(201)
    const from = (await call('GET', `uuid_${customer.mpc_uuid}/Participant/${customer.member_id}/`))
      .body
    expect(from).toMatchObject({
      exit_cause: 'Participant Call Transferred',
      mute: null,
      hold: null,
    })
    expect((await call('GET', `uuid_${customer.mpc_uuid}`)).body).toMatchObject({
      status: 'Ended',
      termination_cause_code: 1000,
    })
    const to = await call('GET', 'name_to-room/Participant/', { call_uuid: customer.call_uuid })
    expect(to.body?.objects).toEqual([
      expect.objectContaining({ call_uuid: customer.call_uuid, exit_time: null }),
    ])
  })
})

describe('REST API: control', () => {
  it('updates mute/hold for a list or all, coach_mode for one supervisor only', async () => {
    const { call, sim: s } = await start()
    const customer = await joined(s, call, 'ctl', 'customer')
    const agent = await joined(s, call, 'ctl', 'agent')
    const supervisor = await joined(s, call, 'ctl', 'supervisor')
    const list = `name_ctl/Participant/${customer.member_id},${agent.member_id}/`
    const muted = await call('POST', list, { mute: true })
    expect(muted.status).toBe(202)
    expect(muted.body).toEqual({
      api_id: expect.any(String),
      mute: 'MPC: ctl mute/unmute member(s) succeeded',
    })
    expect((await call('POST', 'name_ctl/Participant/all/', { hold: 'true' })).status).toBe(202)
    const members = (await call('GET', 'name_ctl/Participant/')).body?.objects as {
      mute: boolean
      hold: boolean
    }[]
    expect(members.map((m) => [m.mute, m.hold])).toEqual([
      [true, true],
      [true, true],
      [false, true],
    ])
    expectError(
      await call('POST', 'name_ctl/Participant/all/', { coach_mode: false }),
      400,
      /single member_id/,
    )
    expectError(await call('POST', list, { coach_mode: false }), 400, /single member_id/)
    expectError(
      await call('POST', `name_ctl/Participant/${agent.member_id}/`, { coach_mode: false }),
      400,
      /supervisors only/,
    )
    expectError(
      await call('POST', `name_ctl/Participant/${agent.member_id}/`, {}),
      400,
      /at least one of/,
    )
    expectError(
      await call('POST', 'name_ctl/Participant/424242/', { mute: true }),
      404,
      /member\(s\) 424242 not found/,
    )
    const coach = await call('POST', `name_ctl/Participant/${supervisor.member_id}/`, {
      coach_mode: false,
    })
    expect(coach.body).toMatchObject({ coach_mode: 'MPC: ctl coach_mode enable/disable succeeded' })
    expect((await call('GET', `name_ctl/Participant/${supervisor.member_id}/`)).body).toMatchObject(
      { coach_mode: false },
    )
  })

  it('starts an Initialized MPC only with status=active (also Python’s ["active"])', async () => {
    const { call, sim: s } = await start()
    await joined(s, call, 'init', 'customer', { start_mpc_on_enter: false })
    expect((await call('GET', 'name_init')).body).toMatchObject({
      status: 'Initialized',
      start_time: null,
    })
    expectError(await call('POST', 'name_init/', {}), 400, /^status: is required/)
    expectError(await call('POST', 'name_init/', { status: 'paused' }), 400, /^status:/)
    expectError(await call('POST', 'name_init/Record/', {}), 400, /has not started/)
    expect((await call('POST', 'name_init/', { status: ['active'] })).status).toBe(204)
    expect((await call('GET', 'name_init')).body).toMatchObject({
      status: 'Active',
      start_time: expect.any(String),
    })
  })

  it('walks the recording state machine and refuses impossible moves', async () => {
    const { call, sim: s } = await start()
    const agent = await joined(s, call, 'rec', 'agent')
    expectError(await call('POST', 'name_rec/Record/Pause/'), 400, /not being recorded/)
    expectError(await call('DELETE', 'name_rec/Record/'), 400, /not being recorded/)
    const started = await call('POST', 'name_rec/Record/', { file_format: 'mp3' })
    expect(started.status).toBe(202)
    expect(started.body).toMatchObject({
      message: 'MPC: rec record started',
      recording_id: expect.any(String),
      recording_url: `${s.baseUrl}/v1/Account/${s.authId}/Recording/${String(started.body?.recording_id)}.mp3`,
    })
    expectError(await call('POST', 'name_rec/Record/'), 400, /already being recorded/)
    expectError(await call('POST', 'name_rec/Record/Resume/'), 400, /not paused/)
    expect((await call('POST', 'name_rec/Record/Pause/')).status).toBe(204)
    expectError(await call('POST', 'name_rec/Record/Pause/'), 400, /not running/)
    expect((await call('GET', 'name_rec')).body).toMatchObject({ recording: 'paused' })
    expect((await call('POST', 'name_rec/Record/Resume/')).status).toBe(204)
    expect((await call('DELETE', 'name_rec/Record/')).status).toBe(204)
    const p = `name_rec/Participant/${agent.member_id}/Record/`
    expectError(await call('POST', p, { record_track_type: 'left' }), 400, /^record_track_type/)
    expect((await call('POST', p, { record_track_type: 'BOTH' })).status).toBe(202)
    expect((await call('POST', `${p}Pause/`)).status).toBe(204)
    expect((await call('POST', `${p}Resume/`)).status).toBe(204)
    expect((await call('DELETE', p)).status).toBe(204)
    expectError(await call('POST', 'name_rec/Participant/all/Record/'), 400, /single member id/)
  })

  it('plays and speaks to members (url or urls; .mp3/.wav only)', async () => {
    const { call, sim: s } = await start()
    const agent = await joined(s, call, 'media', 'agent')
    const play = await call('POST', `name_media/Member/${agent.member_id}/Play/`, {
      urls: 'https://cdn.example.com/a.wav',
    })
    expect(play.status).toBe(202)
    expect(play.body).toEqual({
      api_id: expect.any(String),
      message: 'play queued into MPC',
      mpcMemberId: [agent.member_id],
      mpcName: 'media',
    })
    expectError(
      await call('POST', 'name_media/Member/all/Play/', { url: 'https://cdn.example.com/a.ogg' }),
      400,
      /^url: must be http/,
    )
    expectError(await call('POST', 'name_media/Member/all/Play/', {}), 400, /^url: url is required/)
    expect((await call('DELETE', `name_media/Member/${agent.member_id}/Play/`)).status).toBe(204)
    const speak = await call('POST', 'name_media/Member/all/Speak/', {
      text: 'Your call matters',
      voice: 'WOMAN',
    })
    expect(speak.body).toMatchObject({
      message: 'speak queued into MPC',
      mpcMemberId: [agent.member_id],
    })
    expectError(await call('POST', 'name_media/Member/all/Speak/', {}), 400, /^text:/)
    expect((await call('DELETE', 'name_media/Member/all/Speak/')).status).toBe(204)
  })

  it('kicks a list of members; the MPC ends when the one left may not stay alone', async () => {
    const { call, sim: s } = await start()
    const customer = await joined(s, call, 'kick', 'customer')
    const agent = await joined(s, call, 'kick', 'agent')
    const supervisor = await joined(s, call, 'kick', 'supervisor')
    expectError(await call('DELETE', 'name_kick/Participant/1,424242/'), 404, /424242/)
    expect((await call('DELETE', `name_kick/Participant/${supervisor.member_id}/`)).status).toBe(
      204,
    )
    expect((await call('GET', 'name_kick')).body).toMatchObject({ status: 'Active' })
    // The phone network: the customer hangs up; the agent alone may not stay.
    s.hangup(customer.call_uuid)
    const mpc = (await call('GET', `uuid_${customer.mpc_uuid}`)).body
    expect(mpc).toMatchObject({
      status: 'Ended',
      termination_cause: 'Stay Alone Not Permitted',
      termination_cause_code: 1010,
      duration: expect.any(Number),
      billed_amount: expect.stringMatching(/^\d+\.\d{5}$/),
    })
    const exits = (await call('GET', `uuid_${customer.mpc_uuid}/Participant/`)).body?.objects as {
      member_id: string
      exit_cause: string
    }[]
    expect(Object.fromEntries(exits.map((p) => [p.member_id, p.exit_cause]))).toEqual({
      [customer.member_id]: 'Participant Call Hangup',
      [agent.member_id]: 'Multiparty Call Ended',
      [supervisor.member_id]: 'Kicked Out of Multiparty Call',
    })
  })

  it('honours stay_alone and end_mpc_on_exit', async () => {
    const { call, sim: s } = await start()
    await joined(s, call, 'alone', 'customer')
    const agent = await joined(s, call, 'alone', 'agent', { stay_alone: true })
    const supervisor = await joined(s, call, 'alone', 'supervisor', { end_mpc_on_exit: 'true' })
    expect((await call('DELETE', `name_alone/Participant/${supervisor.member_id}/`)).status).toBe(
      204,
    )
    expect((await call('GET', `uuid_${agent.mpc_uuid}`)).body).toMatchObject({ status: 'Ended' })

    const c2 = await joined(s, call, 'alone2', 'customer')
    const a2 = await joined(s, call, 'alone2', 'agent', { stay_alone: true })
    s.hangup(c2.call_uuid)
    expect((await call('GET', 'name_alone2')).body).toMatchObject({ status: 'Active' })
    s.hangup(a2.call_uuid)
    expect((await call('GET', `uuid_${a2.mpc_uuid}`)).body).toMatchObject({
      status: 'Ended',
      termination_cause: 'No Active Participants',
    })
  })

  it('ends an MPC at max_duration (simulated time)', async () => {
    const { call, sim: s } = await start({ timeScale: 2_000, answerDelayMs: 1 })
    const agent = await joined(s, call, 'long', 'agent', { max_duration: 300 })
    await waitFor('the MPC to be Ended', () => s.truth().mpcs[0]?.status === 'Ended')
    expect((await call('GET', `uuid_${agent.mpc_uuid}`)).body).toMatchObject({
      termination_cause: 'Max Duration Reached',
      termination_cause_code: 2000,
    })
  })
})
