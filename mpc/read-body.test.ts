import { request, createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { BodyTooLargeError, readBody } from './read-body'

let server: Server | undefined

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

/** A loopback server that answers 200 with the body it read, or 413 with the refusal. */
async function start(limit: number): Promise<{ port: number; errors: unknown[] }> {
  const errors: unknown[] = []
  server = createServer((req, res) => {
    readBody(req, limit).then(
      (body) => res.writeHead(200).end(body),
      (error: unknown) => {
        errors.push(error)
        res.writeHead(413).end(error instanceof Error ? error.message : '')
      },
    )
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, errors }
}

/** Sends `chunks` one write each; with `declare`, a Content-Length, else chunked encoding. */
function post(port: number, chunks: string[], declare: boolean) {
  const total = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0)
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        headers: declare ? { 'content-length': String(total) } : {},
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      },
    )
    req.on('error', reject)
    for (const chunk of chunks) req.write(chunk)
    req.end()
  })
}

describe('readBody', () => {
  it('reads a body up to the limit, declared or chunked', async () => {
    const { port } = await start(10)
    expect(await post(port, ['0123456789'], true)).toEqual({ status: 200, text: '0123456789' })
    expect(await post(port, ['01234', '56789'], false)).toEqual({
      status: 200,
      text: '0123456789',
    })
  })

  it('refuses a body past the limit with a typed error, and the answer still arrives', async () => {
    const { port, errors } = await start(10)
    expect(await post(port, ['0123456789x'], true)).toEqual({
      status: 413,
      text: 'body larger than 10 bytes',
    })
    const streamed = ['0123456', '789x', 'y'.repeat(100_000)]
    expect(await post(port, streamed, false)).toMatchObject({ status: 413 })
    expect(errors).toHaveLength(2)
    for (const error of errors) {
      expect(error).toBeInstanceOf(BodyTooLargeError)
      expect(error).toMatchObject({ limit: 10 })
    }
  })
})
