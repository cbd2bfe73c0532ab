/**
 * The relay's one way of answering with JSON (ingest replies, health, errors): never cached, since
 * every answer describes the relay's state at that moment.
 */
import type { ServerResponse } from 'node:http'

export function sendJson(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  })
  res.end(text)
}
