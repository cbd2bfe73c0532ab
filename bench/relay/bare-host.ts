/**
 * Child process: the baseline — a bare socket.io server on the relay's namespace that
 * broadcasts the same event messages with no HTTP ingest, no signature check, no parsing, no
 * log and no state. What the relay achieves as a fraction of this is the relay's own cost.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { z } from 'zod'
import { MPC_EVENT, SUBSCRIBE, SUPERVISOR_NAMESPACE, type RelayEventMessage } from '../../mpc/wire'
import { serveParent } from '../support/child'
import { wallNow } from '../support/stats'
import { callbackParamsList, relayMessages } from './payloads'

const ROOM = 'account'
const CHUNK = 100

const prepareSchema = z.object({ count: z.number().int().positive(), tag: z.string() })
const rateSchema = z.object({ rate: z.number().positive(), durationMs: z.number().positive() })

async function main(): Promise<void> {
  const server = createServer()
  const io = new Server(server, { serveClient: false, cors: { origin: false } })
  const nsp = io.of(SUPERVISOR_NAMESPACE)
  nsp.on('connection', (socket) => {
    socket.on(SUBSCRIBE, (_payload: unknown, ack: unknown) => {
      void socket.join(ROOM)
      if (typeof ack === 'function') ack({ ok: true, head: 0 })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  let messages: RelayEventMessage[] = []
  let seq = 0
  const emit = (m: RelayEventMessage): void => {
    nsp.to(ROOM).emit(MPC_EVENT, { ...m, seq: ++seq, receivedAt: wallNow() })
  }

  serveParent(
    {
      prepare: (payload) => {
        const { count, tag } = prepareSchema.parse(payload)
        messages = relayMessages(callbackParamsList(count, tag))
        return { count: messages.length }
      },
      /** Every prepared message, as fast as the loop allows (chunks let the sockets flush). */
      burst: async () => {
        const started = wallNow()
        for (let i = 0; i < messages.length; i += CHUNK) {
          for (const m of messages.slice(i, i + CHUNK)) emit(m)
          await new Promise((resolve) => setImmediate(resolve))
        }
        return { emitSpanMs: wallNow() - started }
      },
      /** Prepared messages at a fixed rate (open loop), stamped with their emit time. */
      rate: async (payload) => {
        const { rate, durationMs } = rateSchema.parse(payload)
        const total = Math.min(messages.length, Math.round((rate * durationMs) / 1000))
        const started = wallNow()
        let sent = 0
        while (sent < total) {
          const due = Math.min(total, Math.floor(((wallNow() - started) * rate) / 1000) + 1)
          while (sent < due) emit(messages[sent++] as RelayEventMessage)
          await new Promise((resolve) => setTimeout(resolve, 1))
        }
        return { sent, spanMs: wallNow() - started }
      },
      cpu: () => process.cpuUsage(),
      stop: async () => {
        io.disconnectSockets(true)
        await new Promise<void>((resolve) => {
          void io.close(() => resolve())
          server.closeAllConnections()
        })
      },
    },
    { url: `http://127.0.0.1:${port}`, port },
  )
}

void main().catch((error: unknown) => {
  console.error('bare socket.io host failed', error)
  process.exit(1)
})
