import { describe, expect, it } from 'vitest'
import { waitFor } from './wait-for'

describe('waitFor', () => {
  it('resolves with the first value that is not undefined, null or false', async () => {
    const answers: unknown[] = [undefined, null, false, 0]
    let calls = 0
    const value = await waitFor('the fourth answer', () => answers[calls++], 1_000, 1)
    expect(value).toBe(0)
    expect(calls).toBe(4)
  })

  it('awaits an async check', async () => {
    let calls = 0
    const value = await waitFor('ready', async () => (++calls >= 3 ? 'ready' : undefined), 1_000, 1)
    expect(value).toBe('ready')
  })

  it('fails at the deadline, naming what it waited for and how long', async () => {
    const started = Date.now()
    const error = await waitFor('the call on the board', () => false, 60, 5).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toBe('timed out after 60 ms waiting for the call on the board')
    expect(Date.now() - started).toBeGreaterThanOrEqual(60)
  })

  it('retries a check that throws, and reports its last error on timeout', async () => {
    let calls = 0
    const error = await waitFor(
      'the server',
      () => {
        calls += 1
        throw new Error(`ECONNREFUSED #${calls}`)
      },
      40,
      5,
    ).catch((e: unknown) => e)
    expect(calls).toBeGreaterThan(1)
    expect((error as Error).message).toBe(
      `timed out after 40 ms waiting for the server (last check threw: ECONNREFUSED #${calls})`,
    )
    expect((error as Error).cause).toBeInstanceOf(Error)
  })

  it('recovers when a check that threw starts answering', async () => {
    let calls = 0
    const value = await waitFor(
      'the third try',
      () => {
        if (++calls < 3) throw new Error('not up yet')
        return calls
      },
      1_000,
      1,
    )
    expect(value).toBe(3)
  })
})
