/**
 * A desk whose relay cannot be reached still reads the calls from Plivo's API: the board is
 * not empty for want of a relay, and the connection state names the relay and the cause.
 */
import { createServer } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { placeCall, startStack, waitFor, type Stack } from './testing/stack'

let stack: Stack | undefined
afterEach(async () => {
  await stack?.stop()
  stack = undefined
})

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

it('an unreachable relay from the start: calls still come from REST, and the reason names the relay', async () => {
  stack = await startStack({ tuning: { reconcileIntervalMs: 300 } })
  const s = stack
  await s.desk.whenLive()
  const bogus = `http://127.0.0.1:${await closedPort()}`
  expect((await s.desk.invoke['settings:update']({ relayUrl: bogus })).ok).toBe(true)
  await waitFor('the desk says why it is not live', async () => {
    const state = await s.desk.invoke['desk:connection'](undefined)
    return state.status === 'reconnecting' && state.reason?.startsWith('Cannot reach the relay')
  })
  expect((await s.desk.invoke['desk:connection'](undefined)).reason).toBe(
    `Cannot reach the relay at ${bogus}: connection refused (nothing is listening there)`,
  )

  const uuid = await placeCall(s, 'seen-from-rest')
  const snapshot = await s.desk.invoke['desk:snapshot'](undefined)
  expect(snapshot.sources?.[uuid]?.from).toBe('rest')
  const state = await s.desk.invoke['desk:connection'](undefined)
  expect(state.restAt).toEqual(expect.any(Number))
})
