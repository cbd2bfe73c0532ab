/**
 * Carries `DeskApi` over the web host's socket.io connection (the protocol is written down in
 * preload/browser-transport.ts). Every invoke is size-checked, shape-checked and then routed
 * through `dispatchInvoke`, which validates the payload with the contract's zod schema: nothing
 * reaches a service unchecked, and every refusal comes back as a typed `DeskError`.
 */
import type { Logger } from 'pino'
import type { Server, Socket } from 'socket.io'
import { z } from 'zod'
import {
  MAX_MESSAGE_BYTES,
  type DeskError,
  type PushChannel,
  type PushPayloads,
} from '../../preload/api'
import type { WebInvokeReply } from '../../preload/browser-transport'
import { dispatchInvoke, InvalidMessageError, type DeskServices } from '../services/desk-services'

export const PUSH_CHANNELS = [
  'desk:patch',
  'desk:connection',
  'audit:entry',
  'update:status',
] as const

// A push channel added to the contract but not here fails to compile.
type MissingPushChannel = Exclude<PushChannel, (typeof PUSH_CHANNELS)[number]>
const _everyPushChannel: [MissingPushChannel] extends [never] ? true : never = true

/** Invokes one socket may have in flight; a page needs a handful, a flood gets refused. */
export const MAX_IN_FLIGHT = 32

const invokeRequestSchema = z.strictObject({
  channel: z.string().max(64),
  // JSON drops an undefined payload, so channels without an argument arrive without the key.
  payload: z.unknown().optional(),
})
const channelListSchema = z.array(z.enum(PUSH_CHANNELS)).max(PUSH_CHANNELS.length)

const room = (channel: PushChannel): string => `push:${channel}`

/** The UTF-8 size of a message as JSON, or Infinity when it cannot be serialised. */
export function messageBytes(message: unknown): number {
  try {
    const json = JSON.stringify(message)
    return json === undefined ? 0 : Buffer.byteLength(json, 'utf8')
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

function invalid(message: string): WebInvokeReply {
  return { ok: false, error: { code: 'invalid', message } }
}

/** Wires the services to `io`; returns the function that unwires them. */
export function bridgeDeskServices(io: Server, services: DeskServices, log: Logger): () => void {
  const unsubscribes = PUSH_CHANNELS.map((channel) =>
    services.subscribe(channel, (payload: PushPayloads[typeof channel]) => {
      io.to(room(channel)).emit(channel, payload)
    }),
  )

  io.on('connection', (socket: Socket) => {
    let inFlight = 0
    log.debug({ socket: socket.id }, 'desk client connected')

    socket.on('invoke', (request: unknown, ack: unknown) => {
      // Without an ack there is nobody to answer: drop it rather than act on it unseen.
      if (typeof ack !== 'function') return
      const reply = (answer: WebInvokeReply): void => {
        ack(answer)
      }
      const bytes = messageBytes(request)
      if (bytes > MAX_MESSAGE_BYTES) {
        reply(invalid(`message too large: ${bytes} bytes (at most ${MAX_MESSAGE_BYTES})`))
        return
      }
      const parsed = invokeRequestSchema.safeParse(request)
      if (!parsed.success) {
        reply(invalid('malformed message: expected { channel, payload }'))
        return
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        reply({
          ok: false,
          error: { code: 'rate-limited', message: 'too many requests at once; try again' },
        })
        return
      }
      inFlight += 1
      const { channel, payload } = parsed.data
      dispatchInvoke(services, channel, payload)
        .then(
          (value) => reply({ ok: true, value }),
          (error: unknown) => {
            if (error instanceof InvalidMessageError) {
              reply({ ok: false, error: error.error })
              return
            }
            log.error({ err: error, channel }, 'desk service failed')
            const failure: DeskError = {
              code: 'internal',
              message: `The desk failed to handle ${channel}: ${error instanceof Error ? error.message : String(error)}`,
            }
            reply({ ok: false, error: failure })
          },
        )
        .finally(() => {
          inFlight -= 1
        })
    })

    const onChannels =
      (join: boolean) =>
      (channels: unknown): void => {
        const parsed = channelListSchema.safeParse(channels)
        if (!parsed.success) return // a malformed subscription subscribes to nothing
        for (const channel of parsed.data) {
          if (join) void socket.join(room(channel))
          else void socket.leave(room(channel))
        }
      }
    socket.on('subscribe', onChannels(true))
    socket.on('unsubscribe', onChannels(false))
  })

  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe()
  }
}
