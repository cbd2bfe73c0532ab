/**
 * A relay event message (`mpc-event`, DESIGN §4) encoded to JSON once, when it is accepted.
 *
 * The same text is what the log keeps (in memory, or in Redis as the event's JSON) and what
 * relays announce to each other; sockets are sent the message as an object (`toMessage`), which
 * socket.io serialises once per broadcast. One string per logged event instead of an object graph
 * of a few dozen small objects also keeps the relay's heap cheap to collect: the young-generation
 * pauses were the tail of the callback-to-client latency. (Writing that text into the socket.io
 * packet as is, through a parser of our own, saved nothing measurable: bench 2026-12-03, relay
 * CPU 437–490 µs per callback with it and 408–441 without, 20 clients, 3 runs.)
 */
import type { RelayEventMessage } from '../mpc/wire'

export class EncodedEvent {
  constructor(
    readonly seq: number,
    /** Wall-clock ms when the relay accepted the callback. */
    readonly receivedAt: number,
    /** The `RelayEventMessage` as JSON. */
    readonly json: string,
  ) {}

  static of(message: RelayEventMessage): EncodedEvent {
    return new EncodedEvent(message.seq, message.receivedAt, JSON.stringify(message))
  }

  /** From an event already serialised (the Redis log keeps the event's JSON as written). */
  static fromEventJson(seq: number, receivedAt: number, eventJson: string): EncodedEvent {
    return new EncodedEvent(
      seq,
      receivedAt,
      `{"seq":${String(seq)},"receivedAt":${JSON.stringify(receivedAt)},"event":${eventJson}}`,
    )
  }

  /** The message as an object: what a socket is sent. */
  toMessage(): RelayEventMessage {
    return JSON.parse(this.json) as RelayEventMessage
  }

  toJSON(): RelayEventMessage {
    return this.toMessage()
  }
}
