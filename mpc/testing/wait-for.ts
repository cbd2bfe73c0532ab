/**
 * Poll-with-deadline for tests in any folder (mpc, relay, simulator, main, bench): for a
 * condition no event announces. Where an event can be awaited, await the event instead.
 *
 *   const call = await waitFor('the call on the board', () => board.find((c) => c.id === id))
 *   await waitFor('one request at the stub', () => stub.requests.length === 1, 2_000)
 */

/** What a check returns while the condition does not hold yet. */
export type NotYet = undefined | null | false

/**
 * Calls `check` until it returns something other than undefined, null or false, and resolves
 * with that value. A check that throws counts as "not yet" (the server may still be starting);
 * its last error is named in the timeout error and kept as its `cause`.
 *
 * @param what names the awaited condition, for the timeout message ("timed out after 2000 ms
 *   waiting for <what>").
 */
export async function waitFor<T>(
  what: string,
  check: () => T | NotYet | Promise<T | NotYet>,
  timeoutMs = 10_000,
  everyMs = 10,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined && value !== null && value !== false) return value
    } catch (error) {
      lastError = error
    }
    if (Date.now() >= deadline) {
      const reason = lastError === undefined ? '' : ` (last check threw: ${messageOf(lastError)})`
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`, {
        cause: lastError,
      })
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
