/**
 * socket.io's packet parser, with one shortcut: an `mpc-event` whose message is an
 * `EncodedEvent` is written from the message's JSON as encoded once at accept time, instead of
 * socket.io walking the message for binary parts and serialising it again. The text is exactly
 * what the default encoder writes for the same message as an object, so clients (main's
 * socket.io-client) see no difference; everything else goes through the default parser.
 *
 * Passed as the `parser` option of the socket.io `Server` (a documented extension point).
 */
import * as defaultParser from 'socket.io-parser'
import { MPC_EVENT } from '../mpc/wire'
import { EncodedEvent } from './encoded-event'

class RelayEncoder extends defaultParser.Encoder {
  override encode(packet: defaultParser.Packet): (string | Buffer)[] {
    const data: unknown = packet.data
    if (
      packet.type === defaultParser.PacketType.EVENT &&
      Array.isArray(data) &&
      data.length === 2 &&
      data[0] === MPC_EVENT &&
      data[1] instanceof EncodedEvent
    ) {
      const nsp = packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : ''
      const id = packet.id ?? ''
      return [
        `${String(defaultParser.PacketType.EVENT)}${nsp}${String(id)}["${MPC_EVENT}",${data[1].json}]`,
      ]
    }
    return super.encode(packet) as (string | Buffer)[]
  }
}

export const relayParser = {
  Encoder: RelayEncoder,
  Decoder: defaultParser.Decoder,
}
