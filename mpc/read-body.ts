/**
 * Reading a whole HTTP request body under a size limit, for the relay's callback ingest and
 * the simulator's REST API alike. Only Node core types: it reads an `IncomingMessage` and
 * parses nothing, so each server keeps its own formats, status codes and messages.
 *
 * The limit is enforced while streaming, so an oversized body is refused without ever being
 * held in memory. This is on the relay's callback path: listeners on the stream, no async
 * iterator, one `Buffer.concat` at the end.
 */
import type { IncomingMessage } from 'node:http'

/** The body (or its declared Content-Length) passed the limit; nothing of it is kept. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError'
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`)
  }
}

/**
 * Reads the whole body, refusing with `BodyTooLargeError` as soon as it passes `limit` bytes.
 * The stream is left flowing, not destroyed, so the refusal can still be written back on the
 * same connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new BodyTooLargeError(limit))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = (): void => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('aborted', onAborted)
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        req.resume()
        reject(new BodyTooLargeError(limit))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => {
      cleanup()
      resolve(Buffer.concat(chunks, size))
    }
    const onError = (err: Error): void => {
      cleanup()
      reject(err)
    }
    const onAborted = (): void => onError(new Error('request aborted'))
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('aborted', onAborted)
  })
}
