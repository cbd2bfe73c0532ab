import * as defaultParser from 'socket.io-parser'
import { describe, expect, it } from 'vitest'
import { parseCallback } from '../mpc/parse'
import { realisticCall } from '../mpc/testing/scenario'
import { MPC_EVENT, SUPERVISOR_NAMESPACE, type RelayEventMessage } from '../mpc/wire'
import { EncodedEvent } from './encoded-event'
import { relayParser } from './packet-encoder'

function messages(): RelayEventMessage[] {
  return realisticCall({ mpcUuid: 'mpc-ü-☎', mpcName: 'Queue "Sales" — 𝄞' })
    .params()
    .map((params, i) => {
      const parsed = parseCallback(params, 'status')
      if (!parsed.ok) throw new Error(parsed.error.message)
      return { seq: i + 1, receivedAt: 1_700_000_000_000 + i, event: parsed.event }
    })
}

describe('relay packet encoder', () => {
  const ours = new relayParser.Encoder()
  const theirs = new defaultParser.Encoder()

  it('writes an encoded mpc-event exactly as socket.io writes the message object', () => {
    for (const message of messages()) {
      for (const id of [undefined, 7]) {
        const packet = (data: unknown) => ({
          type: defaultParser.PacketType.EVENT,
          nsp: SUPERVISOR_NAMESPACE,
          data: [MPC_EVENT, data],
          ...(id === undefined ? {} : { id }),
        })
        expect(ours.encode(packet(EncodedEvent.of(message)))).toEqual(
          theirs.encode(packet(message)),
        )
      }
    }
  })

  it('builds the same message from an event stored as JSON', () => {
    for (const m of messages()) {
      const fromStore = EncodedEvent.fromEventJson(m.seq, m.receivedAt, JSON.stringify(m.event))
      expect(fromStore.json).toBe(JSON.stringify(m))
      expect(fromStore.toMessage()).toEqual(m)
    }
  })

  it('leaves every other packet to the default encoder', () => {
    const packets = [
      { type: defaultParser.PacketType.CONNECT, nsp: SUPERVISOR_NAMESPACE, data: { sid: 'x' } },
      {
        type: defaultParser.PacketType.ACK,
        nsp: SUPERVISOR_NAMESPACE,
        id: 3,
        data: [{ ok: true }],
      },
      { type: defaultParser.PacketType.EVENT, nsp: '/', data: ['other', { a: 1 }] },
      { type: defaultParser.PacketType.EVENT, nsp: '/', data: [MPC_EVENT, { seq: 1 }] },
      {
        type: defaultParser.PacketType.EVENT,
        nsp: '/',
        data: ['bytes', Buffer.from([1, 2, 3])],
      },
    ]
    for (const p of packets) expect(ours.encode(p)).toEqual(theirs.encode(p))
  })
})
