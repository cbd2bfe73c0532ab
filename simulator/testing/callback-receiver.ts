/**
 * Test support: an HTTP server that receives simulator callbacks and checks each one with the
 * official plivo SDK's V3 validator.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { waitFor } from '../../mpc/testing/wait-for'
import { plivo } from './plivo-sdk'

export interface ReceivedCallback {
  method: string
  /** Full URL as requested, with the query string. */
  url: string
  path: string
  params: Record<string, string>
  headers: http.IncomingHttpHeaders
  /** The plivo SDK's validateV3Signature verdict. */
  valid: boolean
  contentType: string | undefined
}

export interface CallbackReceiver {
  url: string
  received: ReceivedCallback[]
  /** Polls until `predicate` holds over the received callbacks, or fails after `timeoutMs`. */
  waitFor(predicate: (received: ReceivedCallback[]) => boolean, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

export async function startCallbackReceiver(authToken: string): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = []
  let origin = ''
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const method = req.method ?? 'GET'
      const url = origin + (req.url ?? '/')
      const parsed = new URL(url)
      const body = Buffer.concat(chunks).toString('utf8')
      const bodyParams = Object.fromEntries(new URLSearchParams(body))
      const params = method === 'GET' ? Object.fromEntries(parsed.searchParams) : bodyParams
      const nonce = String(req.headers['x-plivo-signature-v3-nonce'] ?? '')
      const signature = String(req.headers['x-plivo-signature-v3'] ?? '')
      // GET: the full URL carries the params, so the SDK gets no separate params (§3.2 pitfall).
      const valid = Boolean(
        plivo
          .validateV3Signature(
            method,
            url,
            nonce,
            authToken,
            signature,
            method === 'GET' ? {} : bodyParams,
          )
          .valueOf(),
      )
      received.push({
        method,
        url,
        path: parsed.pathname,
        params,
        headers: req.headers,
        valid,
        contentType: req.headers['content-type'],
      })
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: origin,
    received,
    async waitFor(predicate, timeoutMs = 10_000) {
      // The shared helper's timeout names only the condition; what did arrive says more.
      await waitFor('callbacks to match', () => predicate(received), timeoutMs).catch(
        (error: unknown) => {
          throw new Error(
            `callbacks never matched; got ${received.length}: ${received
              .slice(-20)
              .map((r) => r.params.EventName)
              .join(', ')}`,
            { cause: error },
          )
        },
      )
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
