/**
 * Test helpers that talk to a real web host the way a browser (or an attacker) would. Uses
 * node:http where a test must forge headers fetch refuses to set (Host, Origin, Upgrade).
 */
import { request } from 'node:http'
import { io, type Socket } from 'socket.io-client'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** A WebSocket upgrade to the socket.io endpoint; resolves with the HTTP answer. */
export function rawSocketHandshake(
  origin: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/socket.io/?EIO=4&transport=websocket`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: res.statusCode ?? 101, body: '' })
    })
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Trades the printed URL's token for the session cookie; returns `name=value`. */
export async function signIn(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' })
  const setCookie = res.headers.get('set-cookie')
  if (res.status !== 302 || !setCookie) throw new Error(`sign-in failed: ${res.status}`)
  const pair = setCookie.split(';')[0]
  if (!pair) throw new Error('sign-in gave an empty cookie')
  return pair
}

/** A socket.io client as the page would open it, with the given cookie and Origin. */
export function connectSocket(origin: string, headers: Record<string, string>): Socket {
  return io(origin, {
    transports: ['websocket'],
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
  })
}

/** Resolves once connected; rejects with the connect error's message. */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', (error) => reject(error))
  })
}
