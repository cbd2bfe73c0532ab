/**
 * A stable identity for the content of one callback delivery, so the reducer can ignore the same
 * callback delivered twice (Plivo retries; the relay replays).
 *
 * The key covers the event name, MPC, member, time, every raw param and, where the receiver
 * recorded it, the delivery (a repeat of an event in the same second is another event). It is a 106-bit hash (two
 * independent 53-bit cyrb53 hashes, base 36, 22 characters) rather than the content itself: every
 * live MPC keeps the keys of the events it applied in its last minutes (`event-key-window.ts`),
 * and those keys travel in relay snapshots, so they must stay small. Collisions inside one MPC's few thousand events are out of reach
 * (≈ n² / 2¹⁰⁷). Pure JavaScript (no `node:crypto`) so it runs anywhere `mpc/` does.
 */
import type { MpcEvent } from './events'

function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507)
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507)
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/** The canonical text of an event's content: independent of param order, unambiguous. */
export function eventContent(event: MpcEvent): string {
  const raw = Object.keys(event.raw)
    .sort()
    .map((key) => [key, event.raw[key]])
  const memberId = 'memberId' in event ? event.memberId : undefined
  const content = [event.name, event.mpcUuid, memberId ?? null, event.at, raw]
  if (event.delivery !== undefined) content.push(event.delivery)
  return JSON.stringify(content)
}

export function eventKey(event: MpcEvent): string {
  const content = eventContent(event)
  return (
    cyrb53(content, 0x5eed1).toString(36).padStart(11, '0') +
    cyrb53(content, 0x5eed2).toString(36).padStart(11, '0')
  )
}
