import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  PlivoAbortedError,
  PlivoApiError,
  PlivoNetworkError,
  PlivoResponseError,
  PlivoTimeoutError,
  PlivoValidationError,
  type ControlApiError,
} from './client-errors'
import { createControlClient, type ControlClient, type ControlClientOptions } from './client'
import { RateLimiter } from './rate-limiter'
import { waitFor } from './testing/wait-for'

const AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX'
const AUTH_TOKEN = 'secret-token-Zz9'
const ROOT = `/v1/Account/${AUTH_ID}/MultiPartyCall/`
const EXPECTED_AUTH = `Basic ${Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64')}`

// ------------------------------------------------------------------------------------------
// A real HTTP server on 127.0.0.1:0 that records every request and answers as scripted.

interface Recorded {
  method: string
  path: string
  query: Record<string, string>
  headers: IncomingMessage['headers']
  rawBody: string
  json: unknown
  at: number
}

type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { hang: true }
  | { destroy: true }

type Script = Reply | ((req: Recorded) => Reply)

class PlivoStub {
  readonly requests: Recorded[] = []
  private readonly script: Script[] = []
  private fallback: Script = { status: 204 }
  private server: Server | undefined
  origin = ''

  /** Replies for the next requests, in order; after that `fallback` answers. */
  reply(...replies: Script[]): this {
    this.script.push(...replies)
    return this
  }

  otherwise(script: Script): this {
    this.fallback = script
    return this
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    const { port } = this.server.address() as AddressInfo
    this.origin = `http://127.0.0.1:${port}`
  }

  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const rawBody = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://stub')
    let json: unknown
    try {
      json = rawBody ? JSON.parse(rawBody) : undefined
    } catch {
      json = undefined
    }
    const recorded: Recorded = {
      method: req.method ?? '',
      // Raw path as sent: commas and percent-escapes must reach Plivo untouched.
      path: (req.url ?? '').split('?')[0] ?? '',
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      rawBody,
      json,
      at: Date.now(),
    }
    this.requests.push(recorded)
    const next = this.script.shift() ?? this.fallback
    const reply = typeof next === 'function' ? next(recorded) : next
    if ('hang' in reply) return
    if ('destroy' in reply) {
      req.socket.destroy()
      return
    }
    const body =
      reply.body === undefined
        ? ''
        : typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body)
    res.writeHead(reply.status, {
      ...(typeof reply.body === 'object' ? { 'Content-Type': 'application/json' } : {}),
      ...reply.headers,
    })
    res.end(body)
  }
}

// ------------------------------------------------------------------------------------------

const mpcObject = (name: string, extra: Record<string, unknown> = {}) => ({
  api_id: 'api-1',
  friendly_name: name,
  mpc_uuid: `uuid-${name}`,
  status: 'Active',
  creation_time: '2024-05-01 10:00:00+00:00',
  start_time: '2024-05-01 10:00:01+00:00',
  end_time: null,
  duration: null,
  billed_amount: null,
  recording: 'not-recording',
  stay_alone: false,
  ...extra,
})

const participantObject = (memberId: string) => ({
  api_id: 'api-2',
  member_id: memberId,
  call_uuid: `call-${memberId}`,
  mpc_uuid: 'uuid-room',
  role: 'Customer',
  coach_mode: false,
  mute: false,
  hold: false,
  join_time: '2024-05-01 10:00:01+00:00',
  exit_time: null,
  exit_cause: null,
})

/** Records `holdFor` instead of holding, so tests with a recorded sleep do not wait for real. */
class HoldRecordingLimiter extends RateLimiter {
  readonly holds: number[] = []
  override holdFor(ms: number): void {
    this.holds.push(ms)
  }
}

let stub: PlivoStub
let sleeps: number[]
let retries: string[]

beforeEach(async () => {
  stub = new PlivoStub()
  await stub.start()
  sleeps = []
  retries = []
})

afterEach(async () => {
  await stub.stop()
})

function makeClient(overrides: Partial<ControlClientOptions> = {}): ControlClient {
  return createControlClient({
    baseUrl: stub.origin,
    authId: AUTH_ID,
    authToken: AUTH_TOKEN,
    // Backoff waits are recorded, not slept: retry tests run at full speed and can assert the
    // exact delays asked for.
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    random: () => 0.5,
    onRetry: (info) => retries.push(`${info.attempt}:${info.reason}:${info.delayMs}`),
    ...overrides,
  })
}

async function failure(promise: Promise<unknown>): Promise<ControlApiError> {
  try {
    await promise
  } catch (error) {
    return error as ControlApiError
  }
  throw new Error('expected the call to fail')
}

describe('wire format of every endpoint', () => {
  interface Case {
    name: string
    call: (c: ControlClient) => Promise<unknown>
    method: string
    path: string
    query?: Record<string, string>
    body?: unknown
    reply: Reply
    check?: (result: unknown) => void
  }

  const cases: Case[] = [
    {
      name: 'listMpcs',
      call: (c) =>
        c.listMpcs({ status: 'active', limit: 5, offset: 10, creationTimeGt: '2024-05-01 00:00' }),
      method: 'GET',
      path: ROOT,
      query: { status: 'active', limit: '5', offset: '10', creation_time__gt: '2024-05-01 00:00' },
      reply: {
        status: 200,
        body: {
          api_id: 'l',
          meta: { count: 1, limit: 5, next: null, offset: 10, previous: null },
          objects: [mpcObject('room')],
        },
      },
      check: (r) =>
        expect(r).toMatchObject({ objects: [{ friendly_name: 'room', status: 'active' }] }),
    },
    {
      name: 'getMpc by name',
      call: (c) => c.getMpc({ name: 'room' }),
      method: 'GET',
      path: `${ROOT}name_room/`,
      reply: { status: 200, body: mpcObject('room') },
      check: (r) => expect(r).toMatchObject({ mpc_uuid: 'uuid-room' }),
    },
    {
      name: 'getMpc by uuid',
      call: (c) => c.getMpc({ uuid: 'ca7f-1' }),
      method: 'GET',
      path: `${ROOT}uuid_ca7f-1/`,
      reply: { status: 200, body: mpcObject('room') },
    },
    {
      name: 'startMpc',
      call: (c) => c.startMpc({ name: 'room' }),
      method: 'POST',
      path: `${ROOT}name_room/`,
      body: { status: 'active' },
      reply: { status: 204 },
      check: (r) => expect(r).toBeUndefined(),
    },
    {
      name: 'endMpc',
      call: (c) => c.endMpc({ uuid: 'u1' }),
      method: 'DELETE',
      path: `${ROOT}uuid_u1/`,
      reply: { status: 204 },
    },
    {
      name: 'addParticipant (dial out, supervisor in barge mode)',
      call: (c) =>
        c.addParticipant(
          { name: 'room' },
          {
            role: 'supervisor',
            from: '+14155550000',
            to: 'sip:sup@phone.plivo.com',
            coachMode: false,
            mute: false,
            startMpcOnEnter: true,
            endMpcOnExit: false,
            statusCallbackUrl: 'https://relay.example/plivo/MAX/status',
            statusCallbackMethod: 'POST',
            statusCallbackEvents: ['mpc-state-changes', 'participant-state-changes'],
            ringTimeout: 30,
          },
        ),
      method: 'POST',
      path: `${ROOT}name_room/Participant/`,
      body: {
        role: 'supervisor',
        from: '+14155550000',
        to: 'sip:sup@phone.plivo.com',
        coach_mode: false,
        mute: false,
        start_mpc_on_enter: true,
        end_mpc_on_exit: false,
        status_callback_url: 'https://relay.example/plivo/MAX/status',
        status_callback_method: 'POST',
        status_callback_events: 'mpc-state-changes,participant-state-changes',
        ring_timeout: 30,
      },
      reply: {
        status: 201,
        body: {
          api_id: 'a',
          calls: [{ to: 'sip:sup@phone.plivo.com', from: '+14155550000', call_uuid: 'c-9' }],
          message: 'add participant action initiated',
          request_uuid: 'r-1',
        },
      },
      check: (r) => expect(r).toMatchObject({ calls: [{ call_uuid: 'c-9' }], request_uuid: 'r-1' }),
    },
    {
      name: 'addParticipant (move a live call in, ai-agent)',
      call: (c) => c.addParticipant({ uuid: 'u1' }, { role: 'ai-agent', callUuid: 'live-1' }),
      method: 'POST',
      path: `${ROOT}uuid_u1/Participant/`,
      body: { role: 'ai-agent', call_uuid: 'live-1' },
      reply: { status: 201, body: { api_id: 'a', calls: [], message: 'ok', request_uuid: 'r' } },
    },
    {
      name: 'listParticipants with call_uuid filter',
      call: (c) => c.listParticipants({ name: 'room' }, { callUuid: 'call-1' }),
      method: 'GET',
      path: `${ROOT}name_room/Participant/`,
      query: { call_uuid: 'call-1' },
      reply: {
        status: 200,
        body: {
          api_id: 'p',
          meta: { count: 1, limit: 20, next: null, offset: 0, previous: null },
          objects: [participantObject('1')],
        },
      },
      check: (r) => expect(r).toMatchObject({ objects: [{ member_id: '1', role: 'customer' }] }),
    },
    {
      name: 'getParticipant',
      call: (c) => c.getParticipant({ name: 'room' }, '355'),
      method: 'GET',
      path: `${ROOT}name_room/Participant/355/`,
      reply: { status: 200, body: participantObject('355') },
      check: (r) => expect(r).toMatchObject({ member_id: '355', call_uuid: 'call-355' }),
    },
    {
      name: 'updateParticipant (coach mode of one member)',
      call: (c) => c.updateParticipant({ name: 'room' }, '355', { coachMode: false, mute: false }),
      method: 'POST',
      path: `${ROOT}name_room/Participant/355/`,
      body: { coach_mode: false, mute: false },
      reply: {
        status: 202,
        body: {
          api_id: 'u',
          coach_mode: 'MPC: room coach_mode enable/disable succeeded',
          mute: 'MPC: room mute/unmute member(s) succeeded',
        },
      },
      check: (r) => expect(r).toMatchObject({ mute: 'MPC: room mute/unmute member(s) succeeded' }),
    },
    {
      name: 'updateParticipant (hold a list; commas stay literal)',
      call: (c) => c.updateParticipant({ name: 'room' }, ['1', '2', '2', '3'], { hold: true }),
      method: 'POST',
      path: `${ROOT}name_room/Participant/1,2,3/`,
      body: { hold: true },
      reply: { status: 202, body: { api_id: 'u', hold: 'ok' } },
    },
    {
      name: 'updateParticipant (mute all)',
      call: (c) => c.updateParticipant({ name: 'room' }, 'all', { mute: true }),
      method: 'POST',
      path: `${ROOT}name_room/Participant/all/`,
      body: { mute: true },
      reply: { status: 202, body: { api_id: 'u', mute: 'ok' } },
    },
    {
      name: 'kickParticipant',
      call: (c) => c.kickParticipant({ name: 'room' }, '355'),
      method: 'DELETE',
      path: `${ROOT}name_room/Participant/355/`,
      reply: { status: 204 },
    },
    {
      name: 'startRecording',
      call: (c) =>
        c.startRecording(
          { name: 'room' },
          { fileFormat: 'wav', recordingCallbackUrl: 'https://relay.example/rec' },
        ),
      method: 'POST',
      path: `${ROOT}name_room/Record/`,
      body: { file_format: 'wav', recording_callback_url: 'https://relay.example/rec' },
      reply: {
        status: 202,
        body: {
          api_id: 'r',
          message: 'MPC: room record started',
          recording_id: 'rec-1',
          recording_url: 'https://media.plivo.com/v1/Account/MAX/Recording/rec-1.wav',
        },
      },
      check: (r) => expect(r).toMatchObject({ recording_id: 'rec-1' }),
    },
    {
      name: 'stopRecording',
      call: (c) => c.stopRecording({ name: 'room' }),
      method: 'DELETE',
      path: `${ROOT}name_room/Record/`,
      reply: { status: 204 },
    },
    {
      name: 'pauseRecording',
      call: (c) => c.pauseRecording({ name: 'room' }),
      method: 'POST',
      path: `${ROOT}name_room/Record/Pause/`,
      body: {},
      reply: { status: 204 },
    },
    {
      name: 'resumeRecording',
      call: (c) => c.resumeRecording({ name: 'room' }),
      method: 'POST',
      path: `${ROOT}name_room/Record/Resume/`,
      body: {},
      reply: { status: 204 },
    },
    {
      name: 'startParticipantRecording',
      call: (c) =>
        c.startParticipantRecording({ name: 'room' }, '355', { recordTrackType: 'participant' }),
      method: 'POST',
      path: `${ROOT}name_room/Participant/355/Record/`,
      body: { record_track_type: 'participant' },
      reply: {
        status: 202,
        body: { api_id: 'r', recording_id: 'rec-2', recording_url: 'https://m/rec-2.mp3' },
      },
    },
    {
      name: 'stopParticipantRecording',
      call: (c) => c.stopParticipantRecording({ name: 'room' }, '355'),
      method: 'DELETE',
      path: `${ROOT}name_room/Participant/355/Record/`,
      reply: { status: 204 },
    },
    {
      name: 'pauseParticipantRecording',
      call: (c) => c.pauseParticipantRecording({ name: 'room' }, '355', { recordTrackType: 'all' }),
      method: 'POST',
      path: `${ROOT}name_room/Participant/355/Record/Pause/`,
      body: { record_track_type: 'all' },
      reply: { status: 204 },
    },
    {
      name: 'resumeParticipantRecording',
      call: (c) => c.resumeParticipantRecording({ name: 'room' }, '355'),
      method: 'POST',
      path: `${ROOT}name_room/Participant/355/Record/Resume/`,
      body: {},
      reply: { status: 204 },
    },
  ]

  it.each(cases)('$name', async ({ call, method, path, query, body, reply, check }) => {
    stub.reply(reply)
    const result = await call(makeClient({ userAgent: 'desk-test/1' }))
    check?.(result)
    expect(stub.requests).toHaveLength(1)
    const seen = stub.requests[0]
    expect(seen?.method).toBe(method)
    expect(seen?.path).toBe(path)
    expect(seen?.query).toEqual(query ?? {})
    expect(seen?.headers.authorization).toBe(EXPECTED_AUTH)
    expect(seen?.headers['user-agent']).toBe('desk-test/1')
    if (body === undefined) {
      expect(seen?.rawBody).toBe('')
    } else {
      expect(seen?.headers['content-type']).toBe('application/json')
      expect(seen?.json).toEqual(body)
    }
  })

  it('url-encodes MPC names in the path', async () => {
    stub.reply({ status: 200, body: mpcObject('room 1/a+b') })
    await makeClient().getMpc({ name: 'room 1/a+b' })
    expect(stub.requests[0]?.path).toBe(`${ROOT}name_room%201%2Fa%2Bb/`)
  })

  it('accepts a base URL with a path prefix and a trailing slash', async () => {
    stub.reply({ status: 204 })
    await makeClient({ baseUrl: `${stub.origin}/plivo/` }).endMpc({ name: 'x' })
    expect(stub.requests[0]?.path).toBe(`/plivo${ROOT}name_x/`)
  })

  it('follows pagination in listAllMpcs, 20 at a time, until Plivo says there is no next page', async () => {
    const all = Array.from({ length: 45 }, (_, i) => mpcObject(`room-${i}`))
    stub.otherwise((req) => {
      const offset = Number(req.query['offset'])
      const limit = Number(req.query['limit'])
      const objects = all.slice(offset, offset + limit)
      const hasNext = offset + limit < all.length
      return {
        status: 200,
        body: {
          api_id: 'l',
          meta: {
            count: all.length,
            limit,
            offset,
            previous: null,
            next: hasNext ? `${ROOT}?limit=${limit}&offset=${offset + limit}` : null,
          },
          objects,
        },
      }
    })
    const names: string[] = []
    for await (const mpc of makeClient().listAllMpcs({ status: 'active' })) {
      names.push(mpc.friendly_name)
    }
    expect(names).toEqual(all.map((m) => m.friendly_name))
    expect(stub.requests.map((r) => r.query)).toEqual([
      { status: 'active', limit: '20', offset: '0' },
      { status: 'active', limit: '20', offset: '20' },
      { status: 'active', limit: '20', offset: '40' },
    ])
  })
})

describe('client-side refusals (nothing is sent)', () => {
  const refusals: [string, (c: ControlClient) => Promise<unknown>, string][] = [
    [
      'both call_uuid and from/to',
      (c) =>
        c.addParticipant(
          { name: 'room' },
          // A JavaScript caller (or a cast) can get past the types; the runtime check holds.
          { role: 'agent', from: '1', to: '2', callUuid: 'c' } as never,
        ),
      'callUuid',
    ],
    [
      'neither call_uuid nor from/to',
      (c) => c.addParticipant({ name: 'room' }, { role: 'agent' } as never),
      'callUuid',
    ],
    [
      'coach mode for all',
      (c) => c.updateParticipant({ name: 'room' }, 'all', { coachMode: true }),
      'coachMode',
    ],
    [
      'coach mode for a list',
      (c) => c.updateParticipant({ name: 'room' }, ['1', '2'], { coachMode: true }),
      'coachMode',
    ],
    ['an update with no field', (c) => c.updateParticipant({ name: 'room' }, '1', {}), ''],
    ['an empty member list', (c) => c.kickParticipant({ name: 'room' }, []), 'members'],
    ['a member id with a comma', (c) => c.kickParticipant({ name: 'room' }, '1,2'), 'members'],
    ['an MPC ref with neither', (c) => c.getMpc({} as never), 'ref'],
    ['an MPC ref with both', (c) => c.getMpc({ uuid: 'u', name: 'n' } as never), 'ref'],
    ['a list limit above 20', (c) => c.listMpcs({ limit: 50 }), 'limit'],
    [
      'an unknown parameter',
      (c) => c.startRecording({ name: 'room' }, { fileformat: 'mp3' } as never),
      '',
    ],
  ]

  it.each(refusals)('refuses %s', async (_label, call, field) => {
    const error = await failure(call(makeClient()))
    expect(error).toBeInstanceOf(PlivoValidationError)
    expect(error.code).toBe('plivo_validation')
    expect((error as PlivoValidationError).issues.map((i) => i.field)).toContain(field)
    expect(stub.requests).toHaveLength(0)
  })

  it('explains the refusal in words', async () => {
    const error = await failure(
      makeClient().addParticipant({ name: 'room' }, {
        role: 'agent',
        from: '1',
        to: '2',
        callUuid: 'c',
      } as never),
    )
    expect(error.message).toBe(
      'Invalid add participant request: callUuid: give either callUuid (move a live call in) ' +
        'or from + to (dial out), not both',
    )
  })

  it('refuses a client without credentials or with a bad base URL', () => {
    expect(() => createControlClient({ authId: '', authToken: 't' })).toThrow(PlivoValidationError)
    expect(() => createControlClient({ authId: 'a', authToken: '' })).toThrow(PlivoValidationError)
    expect(() =>
      createControlClient({ authId: 'a', authToken: 't', baseUrl: 'ftp://plivo' }),
    ).toThrow(/baseUrl/)
  })
})

describe('Plivo errors', () => {
  it('keeps Plivo’s error text verbatim, with status, api_id, method and path', async () => {
    stub.reply({
      status: 400,
      body: { api_id: 'err-1', error: 'coach_mode can only be set for a single member' },
    })
    const error = await failure(
      makeClient().updateParticipant({ name: 'room' }, '7', { mute: true }),
    )
    expect(error).toBeInstanceOf(PlivoApiError)
    expect(error).toMatchObject({
      code: 'plivo_api_error',
      status: 400,
      plivoError: 'coach_mode can only be set for a single member',
      apiId: 'err-1',
      method: 'POST',
      path: `${ROOT}name_room/Participant/7/`,
      attempts: 1,
    })
    expect(error.message).toBe(
      `Plivo refused POST ${ROOT}name_room/Participant/7/ with HTTP 400: ` +
        'coach_mode can only be set for a single member',
    )
    expect(error.message).not.toContain(AUTH_TOKEN)
    expect(stub.requests).toHaveLength(1)
  })

  it('keeps a non-JSON error body (e.g. a proxy page) as the reason', async () => {
    stub.reply({ status: 404, body: 'Not Found' })
    const error = await failure(makeClient().getMpc({ name: 'gone' }))
    expect(error).toMatchObject({ status: 404, plivoError: 'Not Found' })
  })

  it('turns a 2xx body of the wrong shape into a typed error that says Plivo accepted it', async () => {
    stub.reply({ status: 200, body: { api_id: 'x', objects: 'nope' } })
    const error = await failure(makeClient().listMpcs())
    expect(error).toBeInstanceOf(PlivoResponseError)
    expect((error as PlivoResponseError).problems.join(' ')).toMatch(/meta|objects/)
    expect(error.message).toMatch(/^Plivo accepted GET .* \(HTTP 200\) but its response/)
  })

  it('turns a 2xx non-JSON body into a typed error', async () => {
    stub.reply({ status: 200, body: '<html>' })
    const error = await failure(makeClient().getMpc({ name: 'room' }))
    expect(error).toBeInstanceOf(PlivoResponseError)
    expect((error as PlivoResponseError).body).toBe('<html>')
  })
})

describe('retries', () => {
  it('retries a 429, waiting the Retry-After seconds, and holds the shared limiter meanwhile', async () => {
    const limiter = new HoldRecordingLimiter()
    stub.reply(
      {
        status: 429,
        body: { api_id: 'x', error: 'too many requests' },
        headers: { 'Retry-After': '2' },
      },
      { status: 200, body: mpcObject('room') },
    )
    const mpc = await makeClient({ limiter }).getMpc({ name: 'room' })
    expect(mpc.friendly_name).toBe('room')
    expect(stub.requests).toHaveLength(2)
    expect(sleeps).toEqual([2000])
    expect(limiter.holds).toEqual([2000])
    expect(retries).toEqual(['1:HTTP 429:2000'])
  })

  it('reads Retry-After as an HTTP date against the injected clock', async () => {
    const now = Date.UTC(2024, 4, 1, 10, 0, 0)
    stub.reply(
      { status: 429, headers: { 'Retry-After': new Date(now + 3000).toUTCString() } },
      { status: 204 },
    )
    await makeClient({ now: () => now, limiter: new HoldRecordingLimiter() }).endMpc({
      name: 'room',
    })
    expect(sleeps).toEqual([3000])
  })

  it('honours Retry-After in real time end to end (default sleep and limiter)', async () => {
    stub.reply({ status: 429, headers: { 'Retry-After': '1' } }, { status: 204 })
    const client = makeClient({ sleep: undefined })
    const started = Date.now()
    await client.kickParticipant({ name: 'room' }, '1')
    const gap = (stub.requests[1]?.at ?? 0) - (stub.requests[0]?.at ?? 0)
    expect(gap).toBeGreaterThanOrEqual(990)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('retries even a non-idempotent add participant on 429: Plivo refused it before acting', async () => {
    stub.reply(
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 201, body: { api_id: 'a', calls: [], message: 'ok', request_uuid: 'r' } },
    )
    await makeClient().addParticipant({ name: 'room' }, { role: 'agent', callUuid: 'c' })
    expect(stub.requests).toHaveLength(2)
  })

  it('surfaces a Retry-After longer than the policy allows instead of hanging', async () => {
    stub.reply({ status: 429, headers: { 'Retry-After': '120' }, body: { error: 'slow down' } })
    const limiter = new HoldRecordingLimiter()
    const error = await failure(makeClient({ limiter }).getMpc({ name: 'room' }))
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, plivoError: 'slow down' })
    expect(stub.requests).toHaveLength(1)
    // The shared hold is capped too, so other commands are not frozen for two minutes.
    expect(limiter.holds).toEqual([30_000])
  })

  it('retries 5xx with exponential backoff and jitter, then surfaces the last error', async () => {
    stub.otherwise({ status: 500, body: { api_id: 'x', error: 'internal error' } })
    const error = await failure(
      makeClient({ retries: 3, retry: { baseDelayMs: 100 } }).listParticipants({ name: 'room' }),
    )
    expect(stub.requests).toHaveLength(4)
    // random() = 0.5 → half the step fixed plus a quarter: 0.75 × 100 × 2^(n-1)
    expect(sleeps).toEqual([75, 150, 300])
    expect(error).toBeInstanceOf(PlivoApiError)
    expect(error).toMatchObject({ status: 500, attempts: 4, plivoError: 'internal error' })
    expect(error.message).toContain('(after 4 attempts)')
  })

  it('retries: 0 means one attempt only', async () => {
    stub.otherwise({ status: 503 })
    const error = await failure(makeClient({ retries: 0 }).getMpc({ name: 'room' }))
    expect(error).toMatchObject({ status: 503, attempts: 1 })
    expect(stub.requests).toHaveLength(1)
    expect(() =>
      createControlClient({ authId: AUTH_ID, authToken: AUTH_TOKEN, retries: -1 }),
    ).toThrow(/retries/)
  })

  it('recovers when a 5xx is followed by success', async () => {
    stub.reply({ status: 503 }, { status: 502 }, { status: 200, body: participantObject('9') })
    const p = await makeClient().getParticipant({ name: 'room' }, '9')
    expect(p.member_id).toBe('9')
    expect(stub.requests).toHaveLength(3)
  })

  it('does not retry a 5xx on add participant or start recording (Plivo may have acted)', async () => {
    stub.otherwise({ status: 500, body: { error: 'boom' } })
    const client = makeClient()
    const add = await failure(
      client.addParticipant({ name: 'room' }, { role: 'agent', from: '1', to: '2' }),
    )
    const rec = await failure(client.startRecording({ name: 'room' }))
    expect(add).toMatchObject({ status: 500, attempts: 1 })
    expect(rec).toMatchObject({ status: 500, attempts: 1 })
    expect(stub.requests).toHaveLength(2)
  })

  it('does not retry 4xx other than 429', async () => {
    stub.otherwise({ status: 404, body: { error: 'not found' } })
    await failure(makeClient().getMpc({ name: 'room' }))
    expect(stub.requests).toHaveLength(1)
  })

  it('times out an attempt that gets no answer, and retries it when idempotent', async () => {
    stub.otherwise({ hang: true })
    const started = Date.now()
    const error = await failure(makeClient({ timeoutMs: 80, retries: 1 }).getMpc({ name: 'room' }))
    const elapsed = Date.now() - started
    expect(error).toBeInstanceOf(PlivoTimeoutError)
    expect(error).toMatchObject({ code: 'plivo_timeout', timeoutMs: 80, attempts: 2 })
    expect(stub.requests).toHaveLength(2)
    expect(elapsed).toBeGreaterThanOrEqual(150)
    expect(elapsed).toBeLessThan(2000)
  })

  it('times out a stalled body too, not only a missing status line', async () => {
    const slowBody = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{"api_id":')
    })
    await new Promise<void>((resolve) => slowBody.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = slowBody.address() as AddressInfo
      const error = await failure(
        makeClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 80, retries: 0 }).getMpc({
          name: 'room',
        }),
      )
      expect(error).toBeInstanceOf(PlivoTimeoutError)
    } finally {
      slowBody.closeAllConnections()
      await new Promise<void>((resolve) => slowBody.close(() => resolve()))
    }
  })

  it('never retries add participant after a timeout', async () => {
    stub.otherwise({ hang: true })
    const error = await failure(
      makeClient({ timeoutMs: 80 }).addParticipant(
        { name: 'room' },
        { role: 'supervisor', from: '1', to: 'sip:sup@x', mute: true },
      ),
    )
    expect(error).toBeInstanceOf(PlivoTimeoutError)
    expect((error as PlivoTimeoutError).mayHaveReachedPlivo).toBe(true)
    expect(stub.requests).toHaveLength(1)
  })

  it('never retries add participant or start recording when the connection drops after sending', async () => {
    stub.otherwise({ destroy: true })
    const client = makeClient()
    const add = await failure(
      client.addParticipant({ name: 'room' }, { role: 'agent', from: '1', to: '2' }),
    )
    expect(add).toBeInstanceOf(PlivoNetworkError)
    expect((add as PlivoNetworkError).mayHaveReachedPlivo).toBe(true)
    expect(stub.requests).toHaveLength(1)
    const rec = await failure(client.startParticipantRecording({ name: 'room' }, '7'))
    expect(rec).toBeInstanceOf(PlivoNetworkError)
    expect(stub.requests).toHaveLength(2)
    expect(retries).toEqual([])
  })

  it('retries an idempotent request when the connection drops', async () => {
    stub.reply(
      { destroy: true },
      { destroy: true },
      { status: 202, body: { api_id: 'u', mute: 'ok' } },
    )
    await makeClient().updateParticipant({ name: 'room' }, '4', { mute: true })
    expect(stub.requests).toHaveLength(3)
    // undici reports a peer that hung up mid-request as UND_ERR_SOCKET (or ECONNRESET).
    expect(retries).toHaveLength(2)
    for (const retry of retries) expect(retry).toMatch(/^\d:network (UND_ERR_SOCKET|ECONNRESET):/)
  })

  it('retries even add participant when the connection was refused (nothing reached Plivo)', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise<void>((resolve) => closed.close(() => resolve()))

    const error = await failure(
      makeClient({ baseUrl: `http://127.0.0.1:${port}` }).addParticipant(
        { name: 'room' },
        { role: 'agent', from: '1', to: '2' },
      ),
    )
    expect(error).toBeInstanceOf(PlivoNetworkError)
    expect(error).toMatchObject({
      systemCode: 'ECONNREFUSED',
      mayHaveReachedPlivo: false,
      attempts: 3,
    })
    expect(error.message).toContain('ECONNREFUSED')
    expect(retries).toHaveLength(2)
  })
})

describe('cancellation and the rate limiter', () => {
  it('cancels a request in flight with the caller’s signal', async () => {
    stub.otherwise({ hang: true })
    const controller = new AbortController()
    const pending = failure(makeClient().getMpc({ name: 'room' }, { signal: controller.signal }))
    await waitFor('the request to reach Plivo', () => stub.requests.length === 1, 2_000)
    controller.abort(new Error('supervisor closed the panel'))
    const error = await pending
    expect(error).toBeInstanceOf(PlivoAbortedError)
    expect(error.message).toContain('supervisor closed the panel')
  })

  it('cancels a request still queued in the limiter; it never reaches Plivo', async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 })
    const client = makeClient({ limiter })
    await client.endMpc({ name: 'a' })
    const controller = new AbortController()
    const queued = failure(client.endMpc({ name: 'b' }, { signal: controller.signal }))
    await waitFor('the request queued in the limiter', () => limiter.pending === 1, 2_000)
    controller.abort(new Error('not needed any more'))
    expect(await queued).toBeInstanceOf(PlivoAbortedError)
    expect(stub.requests.map((r) => r.path)).toEqual([`${ROOT}name_a/`])
    limiter.stop()
  })

  /**
   * A limiter that notes when it let each request go. The note is taken just after the grant,
   * so an early note can lag its grant by a millisecond or two: gaps are checked with that slack.
   */
  class GrantLog extends RateLimiter {
    readonly grantTimes: number[] = []
    override async acquire(signal?: AbortSignal): Promise<void> {
      await super.acquire(signal)
      this.grantTimes.push(Date.now())
    }
  }

  /** A fetch that notes the order in which the client sent its requests. */
  function sendLog() {
    const sent: string[] = []
    const recordingFetch: typeof fetch = (input, init) => {
      sent.push(new URL(String(input)).pathname)
      return fetch(input, init)
    }
    return { sent, fetch: recordingFetch }
  }

  it('queues requests over the budget (FIFO) instead of sending them or dropping them', async () => {
    const limiter = new GrantLog({ limit: 2, windowMs: 250 })
    const log = sendLog()
    const client = makeClient({ limiter, fetch: log.fetch })
    stub.otherwise({ status: 204 })
    const names = ['a', 'b', 'c', 'd', 'e']
    await Promise.all(names.map((name) => client.endMpc({ name })))
    const paths = names.map((n) => `${ROOT}name_${n}/`)
    expect(log.sent).toEqual(paths)
    expect(stub.requests.map((r) => r.path).sort()).toEqual(paths)
    // Never more than 2 requests let go in any 250 ms window.
    const at = limiter.grantTimes
    expect(at).toHaveLength(5)
    for (let i = 2; i < at.length; i++) {
      expect((at[i] ?? 0) - (at[i - 2] ?? 0)).toBeGreaterThanOrEqual(248)
    }
    expect((at[4] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(498)
  })

  it('two clients of one account sharing a limiter stay inside the budget together', async () => {
    const limiter = new GrantLog({ limit: 2, windowMs: 300 })
    const log = sendLog()
    const main = makeClient({ limiter, fetch: log.fetch })
    const reconcile = makeClient({ limiter, fetch: log.fetch })
    stub.otherwise({ status: 204 })
    await Promise.all([
      main.endMpc({ name: 'm1' }),
      reconcile.endMpc({ name: 'r1' }),
      main.endMpc({ name: 'm2' }),
      reconcile.endMpc({ name: 'r2' }),
    ])
    expect(log.sent).toEqual(['m1', 'r1', 'm2', 'r2'].map((n) => `${ROOT}name_${n}/`))
    const at = limiter.grantTimes
    expect((at[2] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(298)
    expect((at[3] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(298)
    expect(stub.requests).toHaveLength(4)
  })
})
