/**
 * "Test connection" against a real relay and a real simulator on loopback: a right token and
 * right credentials pass, a wrong one is named as refused, a dead address as unreachable with
 * its cause.
 */
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../simulator/index'
import { checkPlivo, checkRelay, testConnection } from './connection-test'
import { startTestRelay, type RelayHandle } from './testing/stack'

const authId = `MA${randomBytes(9).toString('hex').toUpperCase()}`
const authToken = randomBytes(16).toString('hex')
let relay: RelayHandle
let sim: Simulator
/** A loopback port nothing listens on (bound, then closed). */
let deadUrl: string

beforeAll(async () => {
  relay = await startTestRelay({ authId, authToken })
  sim = await startSimulator({ authId, authToken, traffic: false })
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no port')
  deadUrl = `http://127.0.0.1:${address.port}`
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

afterAll(async () => {
  await sim.stop()
  await relay.relay.stop()
})

describe('relay check', () => {
  it('accepts the right token', async () => {
    const result = await checkRelay({ relayUrl: relay.url, relayToken: relay.token })
    expect(result.status).toBe('ok')
    expect(result.message).toContain(relay.url)
  })

  it('names a wrong token as refused', async () => {
    const result = await checkRelay({ relayUrl: relay.url, relayToken: `${relay.token}x` })
    expect(result).toEqual({
      status: 'unauthorized',
      message: `The relay at ${relay.url} refused the token (unauthorized).`,
    })
  })

  it('names a dead address as unreachable, with the cause', async () => {
    const result = await checkRelay({ relayUrl: deadUrl, relayToken: relay.token })
    expect(result.status).toBe('unreachable')
    expect(result.message).toContain(deadUrl)
    expect(result.message).toContain('connection refused')
  })

  it('says what is missing instead of trying', async () => {
    expect(await checkRelay({ relayUrl: '', relayToken: '' })).toEqual({
      status: 'missing',
      message: 'Enter the relay URL and relay token.',
    })
  })
})

describe('Plivo check', () => {
  it('accepts the right credentials', async () => {
    const result = await checkPlivo({
      apiBaseUrl: sim.baseUrl,
      plivoAuthId: authId,
      plivoAuthToken: authToken,
    })
    expect(result.status).toBe('ok')
  })

  it('reports wrong credentials as refused (401)', async () => {
    const result = await checkPlivo({
      apiBaseUrl: sim.baseUrl,
      plivoAuthId: authId,
      plivoAuthToken: 'not-the-token',
    })
    expect(result).toEqual({
      status: 'unauthorized',
      message: 'Plivo refused these credentials (401).',
    })
  })

  it('names a dead API address as unreachable, with the cause', async () => {
    const result = await checkPlivo({
      apiBaseUrl: deadUrl,
      plivoAuthId: authId,
      plivoAuthToken: authToken,
    })
    expect(result.status).toBe('unreachable')
    expect(result.message).toContain(deadUrl)
    expect(result.message).toContain('connection refused')
  })
})

it('runs both checks and reports each', async () => {
  const report = await testConnection({
    relayUrl: relay.url,
    relayToken: 'wrong',
    apiBaseUrl: sim.baseUrl,
    plivoAuthId: authId,
    plivoAuthToken: authToken,
  })
  expect(report.relay.status).toBe('unauthorized')
  expect(report.plivo.status).toBe('ok')
})
