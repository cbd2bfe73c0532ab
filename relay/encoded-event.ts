/**
 * A relay event message (`mpc-event`, DESIGN §4) encoded to JSON once, when it is accepted.
 *
 * The same text is what the log keeps, what every subscribed socket is sent (through
 * `relay/packet-encoder.ts`, byte for byte what socket.io would have written for the message
 * object) and what a replay sends again. One string per logged event instead of an object graph
 * of a few dozen small objects also keeps the relay's heap cheap to collect: the young-generation
 * pauses were the tail of the callback-to-client latency.
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

  /** The message as an object (tests, and any JSON encoding that meets one). */
  toMessage(): RelayEventMessage {
    return JSON.parse(this.json) as RelayEventMessage
  }

  toJSON(): RelayEventMessage {
    return this.toMessage()
  }
}
