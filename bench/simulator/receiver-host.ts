/**
 * Child process: the minimal callback receiver — a plain node:http server that reads each
 * request, answers 200 with an empty body and counts it. No parsing, no signature check: the
 * benchmark measures the sender, so the receiver must cost as little as a receiver can.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serveParent } from '../support/child'
import { wallNow } from '../support/stats'

async function main(): Promise<void> {
  let received = 0
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      received++
      res.writeHead(200, { 'Content-Length': '0' })
      res.end()
    })
  })
  // The simulator's agent keeps its sockets for reuse; so does this side.
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  serveParent(
    {
      count: () => ({ received, at: wallNow() }),
      cpu: () => process.cpuUsage(),
      stop: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
      },
    },
    { url: `http://127.0.0.1:${port}` },
  )
}

void main().catch((error: unknown) => {
  console.error('callback receiver host failed', error)
  process.exit(1)
})
