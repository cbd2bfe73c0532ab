/**
 * Carries `DeskApi` over the web host's socket.io connection (the protocol is written down in
 * preload/browser-transport.ts). Every invoke is size-checked and shape-checked, then answered
 * as the Electron IPC door answers (main/hosts/answer-invoke.ts): the contract's zod schema,
 * the service, and every refusal back as a typed `DeskError`. The push channels are the
 * contract's own list.
 */
import type { Logger } from 'pino'
import type { Server, Socket } from 'socket.io'
import { z } from 'zod'
import { PUSH_CHANNELS, type HostReply, type PushChannel } from '../../preload/api'
import { answerInvoke, oversized, refusal } from '../hosts/answer-invoke'
import type { DeskServices } from '../services/desk-services'

/** Invokes one socket may have in flight; a page needs a handful, a flood gets refused. */
export const MAX_IN_FLIGHT = 32

const invokeRequestSchema = z.strictObject({
  channel: z.string().max(64),
  // JSON drops an undefined payload, so channels without an argument arrive without the key.
  payload: z.unknown().optional(),
})
const channelListSchema = z
  .array(z.enum(PUSH_CHANNELS as [PushChannel, ...PushChannel[]]))
  .max(PUSH_CHANNELS.length)

const room = (channel: PushChannel): string => `push:${channel}`

/** Wires the services to `io`; returns the function that unwires them. */
export function bridgeDeskServices(io: Server, services: DeskServices, log: Logger): () => void {
  const unsubscribes = PUSH_CHANNELS.map((channel) =>
    services.subscribe(channel, (payload: unknown) => {
      io.to(room(channel)).emit(channel, payload)
    }),
  )

  io.on('connection', (socket: Socket) => {
    let inFlight = 0
    log.debug({ socket: socket.id }, 'desk client connected')

    socket.on('invoke', (request: unknown, ack: unknown) => {
      // Without an ack there is nobody to answer: drop it rather than act on it unseen.
      if (typeof ack !== 'function') return
      const reply = (answer: HostReply): void => {
        ack(answer)
      }
      // The whole request is checked before its shape: a flood of bytes is refused unread.
      const tooLarge = oversized('invoke', request)
      if (tooLarge) {
        reply(refusal(tooLarge))
        return
      }
      const parsed = invokeRequestSchema.safeParse(request)
      if (!parsed.success) {
        reply(
          refusal({ code: 'invalid', message: 'malformed message: expected { channel, payload }' }),
        )
        return
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        reply(refusal({ code: 'rate-limited', message: 'too many requests at once; try again' }))
        return
      }
      inFlight += 1
      const { channel, payload } = parsed.data
      void answerInvoke(services, channel, payload, log)
        .then(reply)
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
