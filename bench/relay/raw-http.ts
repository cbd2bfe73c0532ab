/**
 * The load generator's HTTP client: keep-alive HTTP/1.1 connections that write requests built
 * before the clock starts and read back only status and body.
 *
 * Node's own http client spent about as much CPU per request as the relay's server did to answer
 * it, and the load process shares the machine's two cores with the relay: what it burns is taken
 * from the figure being measured. This client does the least a client can (one write, one parse
 * of the answer's head), so the relay, not its load, sets the rate.
 *
 * Only what the relay answers is understood: `Content-Length` bodies, no chunked encoding.
 */
import { Socket } from 'node:net'

export interface RawResponse {
  status: number
  body: string
}

/** One request on the wire: every byte, head and body. */
export function requestBytes(
  method: 'GET' | 'POST',
  host: string,
  path: string,
  headers: Record<string, string>,
  body: string,
): Buffer {
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n`
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
    head += `content-length: ${Buffer.byteLength(body)}\r\n`
  }
  return Buffer.from(`${head}\r\n${body}`)
}

const HEAD_END = Buffer.from('\r\n\r\n')

interface Waiter {
  resolve: (response: RawResponse) => void
  reject: (error: Error) => void
}

class Connection {
  private buffered: Buffer = Buffer.alloc(0)
  private waiter: Waiter | undefined
  closed = false

  constructor(
    readonly socket: Socket,
    private readonly onSettled: (connection: Connection) => void,
  ) {
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (err) => this.fail(err))
    socket.on('close', () => this.fail(new Error('connection closed before the answer')))
  }

  get busy(): boolean {
    return this.waiter !== undefined
  }

  send(bytes: Buffer, waiter: Waiter): void {
    this.waiter = waiter
    this.socket.write(bytes)
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk])
    const headEnd = this.buffered.indexOf(HEAD_END)
    if (headEnd < 0) return
    const head = this.buffered.toString('latin1', 0, headEnd)
    const status = Number(head.slice(9, 12))
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)
    if (!length) {
      this.fail(new Error(`answer without Content-Length: ${head.split('\r\n')[0] ?? ''}`))
      this.socket.destroy()
      return
    }
    const bodyStart = headEnd + HEAD_END.length
    const bodyEnd = bodyStart + Number(length[1])
    if (this.buffered.length < bodyEnd) return
    const body = this.buffered.toString('utf8', bodyStart, bodyEnd)
    this.buffered = this.buffered.subarray(bodyEnd)
    const waiter = this.waiter
    this.waiter = undefined
    waiter?.resolve({ status, body })
    this.onSettled(this)
  }

  private fail(error: Error): void {
    if (this.closed) return
    this.closed = true
    const waiter = this.waiter
    this.waiter = undefined
    waiter?.reject(error)
    this.onSettled(this)
  }
}

/** Up to `maxConnections` keep-alive connections to one server; requests queue beyond that. */
export class RawHttpPool {
  private readonly connections = new Set<Connection>()
  private readonly idle: Connection[] = []
  private readonly queue: { bytes: Buffer; waiter: Waiter }[] = []

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly maxConnections: number,
  ) {}

  request(bytes: Buffer): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject }
      let connection = this.idle.pop()
      while (connection?.closed) connection = this.idle.pop()
      if (!connection && this.connections.size < this.maxConnections) connection = this.open()
      if (connection) connection.send(bytes, waiter)
      else this.queue.push({ bytes, waiter })
    })
  }

  private open(): Connection {
    const socket = new Socket()
    const connection = new Connection(socket, (c) => this.settled(c))
    this.connections.add(connection)
    socket.connect(this.port, this.host)
    return connection
  }

  private settled(connection: Connection): void {
    if (connection.closed) {
      this.connections.delete(connection)
      const next = this.queue.shift()
      if (next) this.open().send(next.bytes, next.waiter)
      return
    }
    if (connection.busy) return
    const next = this.queue.shift()
    if (next) connection.send(next.bytes, next.waiter)
    else this.idle.push(connection)
  }

  close(): void {
    for (const c of this.connections) c.socket.destroy()
    this.connections.clear()
    this.idle.length = 0
    for (const { waiter } of this.queue.splice(0)) waiter.reject(new Error('client closed'))
  }
}
