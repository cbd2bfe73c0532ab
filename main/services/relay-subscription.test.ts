/**
 * The relay subscription's stream discipline, against a real socket.io server on loopback that
 * can misbehave on purpose: every event reaches the desk once and in seq order; a gap triggers
 * a re-subscribe from the last applied seq; a refused token stops retrying and says why. And
 * against the real relay: a relay restarted without its history is answered with a snapshot.
 */
import { createServer, type Server as HttpServer } from 'node:http'
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket as NetSocket,
} from 'node:net'
import { Server, type Socket } from 'socket.io'
import { afterEach, describe, expect, it } from 'vitest'
import type { MpcEvent } from '../../mpc/events'
import { parseCallback } from '../../mpc/parse'
import { applyEvent } from '../../mpc/reducer'
import type { MpcState } from '../../mpc/state'
import { MPC_EVENT, SUBSCRIBE, SUPERVISOR_NAMESPACE, type RelayEventMessage } from '../../mpc/wire'
import {
  subscribeToRelay,
  type RelaySubscription,
  type SubscriptionPhase,
} from './relay-subscription'
import { sendCallback } from '../../relay/testing/support'
import { mpcTraffic } from '../../relay/testing/traffic'
import { LiveStore } from './live-store'
import {
  startTcpProxy,
  startTestRelay,
  waitFor,
  type RelayHandle,
  type TcpProxy,
} from './testing/stack'

const TOKEN = 'test-token-123456'
let http: HttpServer | undefined
let io: Server | undefined
let subscription: RelaySubscription | undefined

afterEach(async () => {
  subscription?.stop()
  await io?.close()
  http?.closeAllConnections()
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()))
  io = undefined
  http = undefined
})

function message(seq: number): RelayEventMessage {
  const event: MpcEvent = {
    kind: 'participant',
    name: 'ParticipantDigitInput',
    mpcUuid: 'mpc-1',
    memberId: '1',
    at: 1_700_000_000_000 + seq,
    raw: { Digits: String(seq) },
  }
  return { seq, receivedAt: Date.now(), event }
}

/** A relay stand-in: `onSubscribe` decides how to answer each subscribe. */
async function fakeRelay(
  onSubscribe: (socket: Socket, since: number | undefined, ack: (a: unknown) => void) => void,
  requests: unknown[] = [],
): Promise<string> {
  http = createServer()
  io = new Server(http)
  io.of(SUPERVISOR_NAMESPACE).use((socket, next) => {
    if (socket.handshake.auth.token === TOKEN) next()
    else next(new Error('unauthorized'))
  })
  io.of(SUPERVISOR_NAMESPACE).on('connection', (socket) => {
    socket.on(SUBSCRIBE, (request: { since?: number }, ack: (a: unknown) => void) => {
      requests.push(request)
      onSubscribe(socket, request.since, ack)
    })
  })
  await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`
}

function client(url: string, token = TOKEN) {
  let last: number | undefined
  const applied: number[] = []
  const events: MpcEvent[] = []
  const phases: SubscriptionPhase[] = []
  const reasons: string[] = []
  subscription = subscribeToRelay({
    url,
    token,
    reconnectDelayMs: 50,
    reconnectDelayMaxMs: 100,
    handlers: {
      lastSeq: () => last,
      onSnapshot: (head) => {
        last = head
      },
      onEvent: (m) => {
        applied.push(m.seq)
        events.push(m.event)
        last = m.seq
      },
      onPhase: (phase, reason) => {
        phases.push(phase)
        if (reason) reasons.push(reason)
      },
    },
  })
  return { applied, events, phases, reasons }
}

it('applies events once and in order, re-subscribing from the last seq across a gap', async () => {
  const sinces: (number | undefined)[] = []
  const url = await fakeRelay((socket, since, ack) => {
    sinces.push(since)
    if (since === undefined) {
      ack({ ok: true, head: 2, snapshot: { mpcs: {} } })
      // 3, 4, a duplicate 4, then 7: 5 and 6 were lost on the way.
      for (const seq of [3, 4, 4, 7, 8]) socket.emit(MPC_EVENT, message(seq))
    } else {
      // The replay of everything after `since`, then the ack.
      for (let seq = since + 1; seq <= 9; seq++) socket.emit(MPC_EVENT, message(seq))
      ack({ ok: true, head: 9 })
    }
  })
  const rig = client(url)
  await waitFor('all events', () => rig.applied.at(-1) === 9)
  expect(rig.applied).toEqual([3, 4, 5, 6, 7, 8, 9])
  expect(sinces).toEqual([undefined, 4])
  expect(rig.reasons.join(' | ')).toContain('gap: expected seq 5, got 7')
  expect(rig.phases.at(-1)).toBe('live')
})

it('resubscribes with the epoch of its seq, and asks for a snapshot when a replay is of another log', async () => {
  const requests: unknown[] = []
  let subscribes = 0
  const url = await fakeRelay((socket, _since, ack) => {
    subscribes++
    if (subscribes === 1) {
      ack({ ok: true, head: 2, epoch: 'log-a', snapshot: { mpcs: {} } })
      socket.emit(MPC_EVENT, message(4)) // 3 was lost: resubscribe from 2
    } else if (subscribes === 2) {
      // A relay answering with a replay from another log: not to be trusted.
      ack({ ok: true, head: 9, epoch: 'log-b' })
    } else {
      ack({ ok: true, head: 9, epoch: 'log-b', snapshot: { mpcs: {} } })
      socket.emit(MPC_EVENT, message(10))
    }
  }, requests)
  const rig = client(url)
  await waitFor('the event after the snapshot', () => rig.applied.includes(10))
  expect(requests).toEqual([{}, { since: 2, epoch: 'log-a' }, {}])
  expect(rig.applied).toEqual([10])
  expect(rig.reasons.join(' | ')).toContain('relay replayed log log-b, ours is log-a')
})

it('drops a malformed event instead of applying it', async () => {
  const url = await fakeRelay((socket, _since, ack) => {
    ack({ ok: true, head: 0, snapshot: { mpcs: {} } })
    socket.emit(MPC_EVENT, { seq: 1, receivedAt: 1, event: { kind: 'participant', name: 'X' } })
    socket.emit(MPC_EVENT, message(1))
  })
  const rig = client(url)
  await waitFor('the good event', () => rig.applied.length === 1)
  expect(rig.applied).toEqual([1])
})

it('drops an event whose name does not belong to its kind, or whose fields have the wrong type', async () => {
  const good = message(1)
  const url = await fakeRelay((socket, _since, ack) => {
    ack({ ok: true, head: 0, snapshot: { mpcs: {} } })
    // Each would reach the reducer as something it never handles.
    socket.emit(MPC_EVENT, { ...good, event: { ...good.event, name: 'MPCStart' } })
    socket.emit(MPC_EVENT, { ...good, event: { ...good.event, coachMode: 'yes' } })
    socket.emit(MPC_EVENT, { ...good, event: { ...good.event, role: 'manager' } })
    socket.emit(MPC_EVENT, good)
    socket.emit(MPC_EVENT, message(2))
  })
  const rig = client(url)
  await waitFor('the last event', () => rig.applied.includes(2))
  expect(rig.events).toEqual([good.event, message(2).event])
})

it('refuses a snapshot holding a malformed call, says why, and takes the next good one', async () => {
  let subscribes = 0
  const call = applyEvent(undefined, {
    kind: 'participant',
    name: 'ParticipantJoin',
    mpcUuid: 'mpc-1',
    memberId: '1',
    at: 1_700_000_000_000,
    raw: {},
  })
  const { mute: _mute, ...noMute } = call.participants['1'] ?? { mute: undefined }
  const broken = { ...call, participants: { '1': noMute } }
  const url = await fakeRelay((_socket, _since, ack) => {
    subscribes++
    ack({
      ok: true,
      head: 5,
      snapshot: { mpcs: { [call.mpcUuid]: subscribes === 1 ? broken : call } },
    })
  })
  let snapshot: Record<string, MpcState> | undefined
  const reasons: string[] = []
  subscription = subscribeToRelay({
    url,
    token: TOKEN,
    handlers: {
      lastSeq: () => (snapshot ? 5 : undefined),
      onSnapshot: (_head, s) => {
        snapshot = s.mpcs
      },
      onEvent: () => undefined,
      onPhase: (_phase, reason) => {
        if (reason) reasons.push(reason)
      },
    },
  })
  await waitFor('the good snapshot', () => snapshot !== undefined)
  expect(subscribes).toBe(2)
  expect(snapshot).toEqual({ [call.mpcUuid]: call })
  expect(reasons.find((r) => r.includes('malformed subscribe ack'))).toMatch(/mute/)
})

it('stops retrying and says why when the relay refuses the token', async () => {
  const url = await fakeRelay(() => undefined)
  const rig = client(url, 'wrong-token-000000')
  await waitFor('refused', () => rig.phases.includes('refused'))
  expect(rig.reasons).toContain('unauthorized')
})

describe('a relay it cannot reach is named, with the cause', () => {
  const servers: { close(done: () => void): void }[] = []
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise<void>((r) => server.close(() => r()))
  })
  const listen = async (server: HttpServer | NetServer): Promise<number> => {
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return (server.address() as AddressInfo).port
  }
  const reasonFor = async (url: string): Promise<string> => {
    const reasons: string[] = []
    subscription = subscribeToRelay({
      url,
      token: TOKEN,
      connectTimeoutMs: 400,
      reconnectDelayMs: 50,
      reconnectDelayMaxMs: 100,
      handlers: {
        lastSeq: () => undefined,
        onSnapshot: () => undefined,
        onEvent: () => undefined,
        onPhase: (phase, reason) => {
          if (phase === 'reconnecting' && reason) reasons.push(reason)
        },
      },
    })
    await waitFor('a reason', () => reasons.length > 0)
    subscription.stop()
    return reasons[0] ?? ''
  }

  it('connection refused', async () => {
    const port = await listen(createNetServer())
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()))
    expect(await reasonFor(`http://127.0.0.1:${port}`)).toBe(
      `Cannot reach the relay at http://127.0.0.1:${port}: connection refused (nothing is listening there)`,
    )
  })

  it('DNS name not found', async () => {
    expect(await reasonFor('http://relay.no-such-host.invalid:8080')).toBe(
      'Cannot reach the relay at http://relay.no-such-host.invalid:8080: DNS name not found (relay.no-such-host.invalid)',
    )
  })

  it('TLS error (https to a server that speaks plain HTTP)', async () => {
    const port = await listen(createServer((_req, res) => res.end()))
    expect(await reasonFor(`https://127.0.0.1:${port}`)).toMatch(
      new RegExp(`^Cannot reach the relay at https://127\\.0\\.0\\.1:${port}: TLS error \\(.+\\)$`),
    )
  })

  it('timed out (a server that accepts and never answers)', async () => {
    const held: NetSocket[] = []
    const port = await listen(createNetServer((socket) => held.push(socket)))
    const reason = await reasonFor(`http://127.0.0.1:${port}/`)
    // close() waits for open connections: these never end by themselves.
    for (const socket of held) socket.destroy()
    expect(reason).toBe(
      `Cannot reach the relay at http://127.0.0.1:${port}: timed out (no answer within 400 ms)`,
    )
  })

  it('not a relay (an HTTP server that is no socket.io), without credentials in the address', async () => {
    const port = await listen(
      createServer((_req, res) => {
        res.writeHead(404)
        res.end()
      }),
    )
    expect(await reasonFor(`http://user:secret@127.0.0.1:${port}/?x=1`)).toBe(
      `Cannot reach the relay at http://127.0.0.1:${port}: not a relay (the server answered HTTP 404)`,
    )
  })
})

describe('against a real relay that restarts without its history', () => {
  let relay: RelayHandle | undefined
  let proxy: TcpProxy | undefined

  afterEach(async () => {
    subscription?.stop()
    subscription = undefined
    await proxy?.stop()
    await relay?.relay.stop()
    proxy = undefined
    relay = undefined
  })

  /** The signature nonce each test callback is sent with (the relay names its delivery by it). */
  const nonceOf = (params: Record<string, string>): string =>
    `${params.EventTimestamp ?? ''}-${params.EventName ?? ''}`

  /** What a fresh reducer makes of these callbacks, through JSON as the socket carries it. */
  function reduceAll(callbacks: Record<string, string>[]): Record<string, MpcState> {
    let mpcs: Record<string, MpcState> = {}
    for (const params of callbacks) {
      const parsed = parseCallback(params, 'status')
      if (!parsed.ok) throw new Error(parsed.error.message)
      // As the relay does: the event carries the delivery it came in (mpc/events.ts).
      parsed.event.delivery = nonceOf(params)
      mpcs = {
        ...mpcs,
        [parsed.event.mpcUuid]: applyEvent(mpcs[parsed.event.mpcUuid], parsed.event),
      }
    }
    return JSON.parse(JSON.stringify(mpcs)) as Record<string, MpcState>
  }

  it('takes a snapshot of the new log even when it has already passed the seq the desk had', async () => {
    const account = { authId: 'MAEPOCHTEST000000001', authToken: 'epoch-test-auth-token' }
    relay = await startTestRelay(account)
    proxy = await startTcpProxy(relay.port)
    const post = async (params: Record<string, string>): Promise<void> => {
      const send = () =>
        sendCallback({
          relayUrl: relay?.url ?? '',
          authId: account.authId,
          authToken: account.authToken,
          params,
          nonce: nonceOf(params),
        })
      // fetch may first pick a kept-alive connection the old relay closed: retry the same
      // signed delivery once, as Plivo would (the relay stores a delivery once).
      const res = await send().catch(send)
      expect(res.status).toBe(200)
    }

    // The desk's own store and cursor, fed as main feeds them.
    const store = new LiveStore()
    let seeded = false
    const snapshots: number[] = []
    const phases: SubscriptionPhase[] = []
    subscription = subscribeToRelay({
      url: proxy.url,
      token: relay.token,
      reconnectDelayMs: 50,
      reconnectDelayMaxMs: 100,
      handlers: {
        lastSeq: () => (seeded ? store.seq : undefined),
        onSnapshot: (head, snapshot) => {
          store.applySnapshot(head, snapshot)
          seeded = true
          snapshots.push(head)
        },
        onEvent: (m) => store.apply(m.event, 'relay', m.seq),
        onPhase: (phase) => phases.push(phase),
      },
    })
    await waitFor('first snapshot', () => snapshots.length === 1)

    const before = mpcTraffic(10)
    for (const p of before) await post(p)
    await waitFor('the first relay’s events', () => store.seq === 10)
    const oldMpc = before[0]?.MPCUUID ?? ''
    expect(store.get(oldMpc)).toBeDefined()

    // The desk loses the relay; the relay restarts on the same port without its history and
    // takes more callbacks than the desk had seen before the desk gets back.
    proxy.block(true)
    proxy.cut()
    await waitFor('reconnecting', () => phases.at(-1) === 'reconnecting')
    const port = relay.port
    await relay.relay.stop()
    relay = await startTestRelay(account, port, relay.token)
    const after = mpcTraffic(25)
    for (const p of after) await post(p)
    proxy.block(false)

    await waitFor(
      'back to live at the new relay’s head',
      () => phases.at(-1) === 'live' && store.seq === 25,
    )
    // A snapshot, not a replay of 11..25 as if they followed the old 10.
    expect(snapshots).toEqual([0, 25])
    expect(store.seq).toBe(25)
    // Every MPC the new relay knows equals a fresh reducer over its events; the one only the
    // old relay knew is kept but marked for the REST reconcile to confirm or drop.
    const confirmed = Object.fromEntries(
      store
        .list()
        .filter((m) => store.metaOf(m.mpcUuid)?.unconfirmed !== true)
        .map((m) => [m.mpcUuid, m]),
    )
    expect(JSON.parse(JSON.stringify(confirmed))).toEqual(reduceAll(after))
    expect(store.metaOf(oldMpc)?.unconfirmed).toBe(true)

    // Live events after the resync follow on in order.
    const more = mpcTraffic(3)
    for (const p of more) await post(p)
    await waitFor('live events after the resync', () => store.seq === 28)
    expect(JSON.parse(JSON.stringify(store.get(more[0]?.MPCUUID ?? '')))).toEqual(
      reduceAll(more)[more[0]?.MPCUUID ?? ''],
    )
  })
})
