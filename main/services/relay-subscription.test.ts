/**
 * The relay subscription's stream discipline, against a real socket.io server on loopback that
 * can misbehave on purpose: every event reaches the desk once and in seq order; a gap triggers
 * a re-subscribe from the last applied seq; a refused token stops retrying and says why.
 */
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server, type Socket } from 'socket.io'
import { afterEach, expect, it } from 'vitest'
import type { MpcEvent } from '../../mpc/events'
import { MPC_EVENT, SUBSCRIBE, SUPERVISOR_NAMESPACE, type RelayEventMessage } from '../../mpc/wire'
import {
  subscribeToRelay,
  type RelaySubscription,
  type SubscriptionPhase,
} from './relay-subscription'
import { waitFor } from './testing/stack'

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
): Promise<string> {
  http = createServer()
  io = new Server(http)
  io.of(SUPERVISOR_NAMESPACE).use((socket, next) => {
    if (socket.handshake.auth.token === TOKEN) next()
    else next(new Error('unauthorized'))
  })
  io.of(SUPERVISOR_NAMESPACE).on('connection', (socket) => {
    socket.on(SUBSCRIBE, (request: { since?: number }, ack: (a: unknown) => void) =>
      onSubscribe(socket, request.since, ack),
    )
  })
  await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`
}

function client(url: string, token = TOKEN) {
  let last: number | undefined
  const applied: number[] = []
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
        last = m.seq
      },
      onPhase: (phase, reason) => {
        phases.push(phase)
        if (reason) reasons.push(reason)
      },
    },
  })
  return { applied, phases, reasons }
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

it('stops retrying and says why when the relay refuses the token', async () => {
  const url = await fakeRelay(() => undefined)
  const rig = client(url, 'wrong-token-000000')
  await waitFor('refused', () => rig.phases.includes('refused'))
  expect(rig.reasons).toContain('unauthorized')
})
