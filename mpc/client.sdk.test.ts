/**
 * Oracle check: the official `plivo` Node SDK (a dev dependency, never used at runtime) and our
 * client, pointed at the same local server, must send the same method, path and parameters.
 *
 * The SDK has no base-URL option: voice requests go to the hard-coded https://api.plivo.com
 * through axios instances it creates per request (plivo-mpc.md §4.1). We patch `create` of the
 * SDK's own axios module (resolved from the SDK's location, so it is the same instance) to add a
 * request interceptor that rewrites the origin, and assert the server really saw the SDK's
 * requests, or the comparison would prove nothing.
 *
 * Known, deliberate differences: the SDK sends booleans as strings and every default
 * explicitly (we send JSON booleans and only what the caller set); its get-MPC path lacks the
 * trailing slash the docs show; its add participant turns `coachMode: false` into "true"
 * (§4.4 defect 1), which the SDK side works around with the string 'false'.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createControlClient, type ControlClient } from './client'

const AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX'
const AUTH_TOKEN = 'oracle-token'
const ROOT = `/v1/Account/${AUTH_ID}/MultiPartyCall/`

interface AxiosConfigLike {
  url?: string
}
interface AxiosInstanceLike {
  interceptors: {
    request: {
      use(onFulfilled: (config: AxiosConfigLike) => AxiosConfigLike): number
      eject(id: number): void
    }
  }
}
interface AxiosModuleLike extends AxiosInstanceLike {
  create: (...args: unknown[]) => AxiosInstanceLike
}
type SdkCall = (...args: unknown[]) => Promise<unknown>
interface SdkModule {
  Client: new (authId: string, authToken: string) => { multiPartyCalls: Record<string, SdkCall> }
}

const requireHere = createRequire(import.meta.url)
const sdkEntry = requireHere.resolve('plivo')
const sdk = requireHere(sdkEntry) as SdkModule
const sdkAxios = createRequire(sdkEntry)('axios') as AxiosModuleLike

interface Seen {
  method: string
  path: string
  query: Record<string, string>
  body: Record<string, unknown>
  authorization: string | undefined
}

/** A reply that both the SDK and our schemas accept, chosen by method and path. */
function replyFor(method: string, path: string): { status: number; body?: unknown } {
  const mpc = {
    api_id: 'a',
    mpc_uuid: 'uuid-room',
    friendly_name: 'room',
    status: 'Active',
    recording: 'not-recording',
  }
  const participant = { api_id: 'a', member_id: '355', call_uuid: 'c', role: 'agent' }
  const meta = { count: 1, limit: 20, next: null, offset: 0, previous: null }
  const rest = path.slice(ROOT.length)
  if (method === 'GET' && rest === '')
    return { status: 200, body: { api_id: 'a', meta, objects: [mpc] } }
  if (method === 'GET' && /^name_[^/]+\/?$/.test(rest)) return { status: 200, body: mpc }
  if (method === 'GET' && rest.endsWith('/Participant/'))
    return { status: 200, body: { api_id: 'a', meta, objects: [participant] } }
  if (method === 'GET') return { status: 200, body: participant }
  if (method === 'POST' && rest.endsWith('/Participant/'))
    return {
      status: 201,
      body: {
        api_id: 'a',
        calls: [{ to: 't', from: 'f', call_uuid: 'c' }],
        message: 'ok',
        request_uuid: 'r',
      },
    }
  if (method === 'POST' && /\/Record\/?$/.test(rest))
    return {
      status: 202,
      body: { api_id: 'a', recording_id: 'r1', recording_url: 'https://m/r1.mp3' },
    }
  if (method === 'POST' && /\/Participant\/[^/]+\/?$/.test(rest))
    return { status: 202, body: { api_id: 'a', mute: 'ok' } }
  return { status: 204 }
}

let server: Server
let origin = ''
const seen: Seen[] = []
let restoreAxios: () => void = () => {}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://oracle')
      const raw = Buffer.concat(chunks).toString('utf8')
      const path = (req.url ?? '').split('?')[0] ?? ''
      seen.push({
        method: req.method ?? '',
        path,
        query: Object.fromEntries(url.searchParams),
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
        authorization: req.headers.authorization,
      })
      const reply = replyFor(req.method ?? '', path)
      res.writeHead(reply.status, { 'Content-Type': 'application/json' })
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const rewrite = (config: AxiosConfigLike): AxiosConfigLike => {
    if (config.url?.startsWith('https://api.plivo.com/')) {
      config.url = origin + config.url.slice('https://api.plivo.com'.length)
    }
    return config
  }
  const originalCreate = sdkAxios.create
  sdkAxios.create = (...args: unknown[]) => {
    const instance = originalCreate.apply(sdkAxios, args)
    instance.interceptors.request.use(rewrite)
    return instance
  }
  const defaultId = sdkAxios.interceptors.request.use(rewrite)
  restoreAxios = () => {
    sdkAxios.create = originalCreate
    sdkAxios.interceptors.request.eject(defaultId)
  }
})

afterAll(async () => {
  restoreAxios()
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  seen.length = 0
})

function ours(): ControlClient {
  return createControlClient({ baseUrl: origin, authId: AUTH_ID, authToken: AUTH_TOKEN })
}

function theirs(): Record<string, SdkCall> {
  return new sdk.Client(AUTH_ID, AUTH_TOKEN).multiPartyCalls
}

/** The SDK sends booleans as "true"/"false"; compare them as booleans. */
function unstring(value: unknown): unknown {
  if (value === 'true') return true
  if (value === 'false') return false
  return value
}

/**
 * Runs the SDK call, then ours, and checks: both reached the server; same method; same path
 * (ours always with the documented trailing slash); same query; and every parameter we send is
 * sent by the SDK with the same value.
 */
async function compare(
  sdkCall: (mpc: Record<string, SdkCall>) => Promise<unknown>,
  ourCall: (client: ControlClient) => Promise<unknown>,
): Promise<{ sdk: Seen; ours: Seen }> {
  await sdkCall(theirs())
  expect(seen, 'the SDK request must reach the local server (interceptor fired)').toHaveLength(1)
  await ourCall(ours())
  expect(seen).toHaveLength(2)
  const [fromSdk, fromUs] = seen as [Seen, Seen]
  expect(fromUs.method).toBe(fromSdk.method)
  expect(fromUs.path.endsWith('/')).toBe(true)
  expect(fromUs.path.replace(/\/$/, '')).toBe(fromSdk.path.replace(/\/$/, ''))
  expect(fromUs.query).toEqual(fromSdk.query)
  for (const [key, value] of Object.entries(fromUs.body)) {
    expect(unstring(fromSdk.body[key]), `parameter ${key}`).toEqual(value)
  }
  expect(fromUs.authorization).toBe(fromSdk.authorization)
  return { sdk: fromSdk, ours: fromUs }
}

describe('same wire format as the official plivo SDK', () => {
  it('list MPCs with filters', async () => {
    await compare(
      (m) => m.list!({ status: 'active', limit: 5, friendlyName: 'room' }),
      (c) => c.listMpcs({ status: 'active', limit: 5, friendlyName: 'room' }),
    )
  })

  it('the SDK cannot page: any offset is refused by its own validator (range lower bound 0)', async () => {
    // It throws synchronously, before any request.
    expect(() => theirs().list!({ offset: 20 })).toThrow(/lower and upper bound/)
    await ours().listMpcs({ offset: 20, limit: 20 })
    expect(seen.map((r) => r.query)).toEqual([{ offset: '20', limit: '20' }])
  })

  it('get MPC (the SDK omits the trailing slash the docs show)', async () => {
    const { sdk: s, ours: o } = await compare(
      (m) => m.get!({ friendlyName: 'room' }),
      (c) => c.getMpc({ name: 'room' }),
    )
    expect(s.path).toBe(`${ROOT}name_room`)
    expect(o.path).toBe(`${ROOT}name_room/`)
  })

  it('start and end an MPC', async () => {
    const started = await compare(
      (m) => m.start!({ uuid: 'u-1', status: 'active' }),
      (c) => c.startMpc({ uuid: 'u-1' }),
    )
    expect(started.ours.body).toEqual({ status: 'active' })
    seen.length = 0
    await compare(
      (m) => m.stop!({ uuid: 'u-1' }),
      (c) => c.endMpc({ uuid: 'u-1' }),
    )
  })

  it('add a supervisor in barge mode (SDK needs the string "false", defect 1)', async () => {
    const { ours: o } = await compare(
      (m) =>
        m.addParticipant!('supervisor', {
          friendlyName: 'room',
          from: '+14155550000',
          to: 'sip:sup@phone.plivo.com',
          coachMode: 'false',
          mute: 'true',
          statusCallbackUrl: 'https://relay.example.com/plivo/MAX/status',
          statusCallbackMethod: 'POST',
          statusCallbackEvents: 'mpc-state-changes,participant-state-changes',
          ringTimeout: 30,
          endMpcOnExit: false,
        }),
      (c) =>
        c.addParticipant(
          { name: 'room' },
          {
            role: 'supervisor',
            from: '+14155550000',
            to: 'sip:sup@phone.plivo.com',
            coachMode: false,
            mute: true,
            statusCallbackUrl: 'https://relay.example.com/plivo/MAX/status',
            statusCallbackMethod: 'POST',
            statusCallbackEvents: ['mpc-state-changes', 'participant-state-changes'],
            ringTimeout: 30,
            endMpcOnExit: false,
          },
        ),
    )
    expect(o.body['coach_mode']).toBe(false)
  })

  it('the SDK defect we avoid is real: its coachMode:false goes out as "true"', async () => {
    await theirs().addParticipant!('supervisor', {
      friendlyName: 'room',
      from: '1',
      to: '2',
      coachMode: false,
    })
    expect(seen[0]?.body['coach_mode']).toBe('true')
  })

  it('move a live call in', async () => {
    await compare(
      (m) => m.addParticipant!('agent', { uuid: 'u-1', callUuid: 'live-1' }),
      (c) => c.addParticipant({ uuid: 'u-1' }, { role: 'agent', callUuid: 'live-1' }),
    )
  })

  it('list participants filtered by call uuid, and get one', async () => {
    await compare(
      (m) => m.listParticipants!({ friendlyName: 'room', callUuid: 'c-1' }),
      (c) => c.listParticipants({ name: 'room' }, { callUuid: 'c-1' }),
    )
    seen.length = 0
    await compare(
      (m) => m.getParticipant!('355', { friendlyName: 'room' }),
      (c) => c.getParticipant({ name: 'room' }, '355'),
    )
  })

  it('update participants: one member, a list, all', async () => {
    await compare(
      (m) => m.updateParticipant!('355', { friendlyName: 'room', coachMode: false, mute: true }),
      (c) => c.updateParticipant({ name: 'room' }, '355', { coachMode: false, mute: true }),
    )
    seen.length = 0
    await compare(
      (m) => m.updateParticipant!('1,2', { friendlyName: 'room', hold: true }),
      (c) => c.updateParticipant({ name: 'room' }, ['1', '2'], { hold: true }),
    )
    seen.length = 0
    await compare(
      (m) => m.updateParticipant!('all', { friendlyName: 'room', mute: false }),
      (c) => c.updateParticipant({ name: 'room' }, 'all', { mute: false }),
    )
  })

  it('kick a participant', async () => {
    await compare(
      (m) => m.kickParticipant!('355', { friendlyName: 'room' }),
      (c) => c.kickParticipant({ name: 'room' }, '355'),
    )
  })

  it('MPC recording: start, pause, resume, stop', async () => {
    await compare(
      (m) =>
        m.startRecording!({
          friendlyName: 'room',
          fileFormat: 'wav',
          recordingCallbackUrl: 'https://relay.example.com/rec',
          recordingCallbackMethod: 'POST',
        }),
      (c) =>
        c.startRecording(
          { name: 'room' },
          {
            fileFormat: 'wav',
            recordingCallbackUrl: 'https://relay.example.com/rec',
            recordingCallbackMethod: 'POST',
          },
        ),
    )
    for (const [sdkName, run] of [
      ['pauseRecording', (c: ControlClient) => c.pauseRecording({ name: 'room' })],
      ['resumeRecording', (c: ControlClient) => c.resumeRecording({ name: 'room' })],
      ['stopRecording', (c: ControlClient) => c.stopRecording({ name: 'room' })],
    ] as const) {
      seen.length = 0
      await compare((m) => m[sdkName]!({ friendlyName: 'room' }), run)
    }
  })

  it('participant recording: start, pause, resume, stop', async () => {
    await compare(
      (m) =>
        m.startParticipantRecording!('355', {
          friendlyName: 'room',
          recordTrackType: 'participant',
        }),
      (c) =>
        c.startParticipantRecording({ name: 'room' }, '355', { recordTrackType: 'participant' }),
    )
    for (const [sdkName, run] of [
      [
        'pauseParticipantRecording',
        (c: ControlClient) =>
          c.pauseParticipantRecording({ name: 'room' }, '355', { recordTrackType: 'all' }),
      ],
      [
        'resumeParticipantRecording',
        (c: ControlClient) =>
          c.resumeParticipantRecording({ name: 'room' }, '355', { recordTrackType: 'all' }),
      ],
      [
        'stopParticipantRecording',
        (c: ControlClient) =>
          c.stopParticipantRecording({ name: 'room' }, '355', { recordTrackType: 'all' }),
      ],
    ] as const) {
      seen.length = 0
      await compare(
        (m) => m[sdkName]!('355', { friendlyName: 'room', recordTrackType: 'all' }),
        run,
      )
    }
  })
})
