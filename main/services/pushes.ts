/**
 * The desk's push channels (the contract's list: preload/api.ts): who listens, and handing
 * each payload to every listener. A listener that throws is logged and the others
 * still get the payload — one broken window must not freeze the rest.
 */
import {
  PUSH_CHANNELS,
  type PushChannel,
  type PushPayloads,
  type Unsubscribe,
} from '../../preload/api'

export interface Pushes {
  push<C extends PushChannel>(channel: C, payload: PushPayloads[C]): void
  subscribe<C extends PushChannel>(
    channel: C,
    listener: (payload: PushPayloads[C]) => void,
  ): Unsubscribe
  /** Every listener goes (the desk stopped). */
  clear(): void
}

export function createPushes(warn: (message: string, detail?: unknown) => void): Pushes {
  const listeners = Object.fromEntries(PUSH_CHANNELS.map((channel) => [channel, new Set()])) as {
    [C in PushChannel]: Set<(payload: PushPayloads[C]) => void>
  }
  return {
    push(channel, payload) {
      for (const listener of listeners[channel]) {
        try {
          listener(payload)
        } catch (error) {
          warn(`a ${channel} listener threw`, error)
        }
      }
    },
    subscribe(channel, listener) {
      const set = listeners[channel] as Set<typeof listener>
      set.add(listener)
      return () => set.delete(listener)
    },
    clear() {
      for (const set of Object.values(listeners)) set.clear()
    },
  }
}
