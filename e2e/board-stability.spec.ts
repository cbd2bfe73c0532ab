/**
 * The board holds still under the supervisor's hand: while the pointer is over it (or keyboard
 * focus is in it, or sorting is paused) calls that gain an alert, new calls and calls that leave
 * wait, a hint says how many moved, and one click applies the new order.
 */
import type { Page } from '@playwright/test'
import { address, callbackParams, callName, placeCall } from './support/calls'
import type { Desk } from './support/desk'
import { expect, test } from './support/fixtures'
import type { Stack } from './support/stack'

test.use({
  stackOptions: {
    thresholds: { customerWaitSec: 3600, longHoldSec: 5, longSilenceSec: 3600, overtalkSec: 600 },
  },
})

interface Point {
  x: number
  y: number
}

/** The call (its card's accessible name) at a point of the page, as a click there would hit. */
function callAt(page: Page, point: Point): Promise<string | null> {
  return page.evaluate(({ x, y }) => {
    const hit = document.elementFromPoint(x, y)
    const row = hit?.closest('[data-testid="call-card"], [data-testid="call-gone"]')
    return row?.getAttribute('aria-label') ?? null
  }, point)
}

/** Call names in the board's displayed order (top first). */
function boardOrder(page: Page): Promise<string[]> {
  return page.locator('[data-testid="board"] [role="listitem"]').evaluateAll((rows) =>
    rows
      .map((row) => ({
        index: Number(row.getAttribute('data-index')),
        // "Call <name>" on a card, "Call <name> (…)" on the slot of a call that left.
        name: (
          row
            .querySelector('[data-testid="call-card"], [data-testid="call-gone"]')
            ?.getAttribute('aria-label') ?? ''
        ).replace(/^Call (\S+).*$/, '$1'),
      }))
      .sort((a, b) => a.index - b.index)
      .map((r) => r.name),
  )
}

/**
 * The board's order once `count` calls are on it, each with its agent: calls placed within the
 * same second tie on age (Plivo's timestamps are whole seconds) and fall back to their uuids.
 */
async function settledOrder(page: Page, count: number): Promise<string[]> {
  await expect(page.locator('[data-testid="call-card"]')).toHaveCount(count)
  await expect(page.getByTestId('customer-waiting')).toHaveCount(0)
  return boardOrder(page)
}

/** Parks the pointer on a call's card (its left part, away from the buttons). */
async function parkOn(desk: Desk, name: string): Promise<Point> {
  const box = await desk.card(name).boundingBox()
  if (!box) throw new Error(`${name} has no box`)
  const point = { x: box.x + box.width * 0.4, y: box.y + box.height / 2 }
  await desk.page.mouse.move(point.x, point.y)
  return point
}

/** A new call with a customer alone on it (waiting for an agent), placed from outside the desk. */
async function placeWaitingCall(stack: Stack, name: string): Promise<void> {
  await stack.rest.addParticipant(name, {
    role: 'customer',
    from: '+15550000001',
    to: address('customer'),
    stay_alone: true,
    ...callbackParams(stack),
  })
}

test('a call that gains an alert waits while the pointer is on the board', async ({
  stack,
  desk,
}) => {
  const calls = new Map<string, Awaited<ReturnType<typeof placeCall>>>()
  for (const label of ['one', 'two', 'three']) {
    const name = callName(label)
    calls.set(name, await placeCall(stack, desk, name))
  }
  const { page } = desk
  const [a = '', b = '', c = ''] = await settledOrder(page, 3)
  const third = calls.get(c)
  if (!third) throw new Error(`${c} was not placed`)

  const point = await parkOn(desk, a)
  expect(await callAt(page, point)).toBe(`Call ${a}`)

  // The third call's customer is held past the threshold: it would now rank first.
  await stack.rest.updateParticipant(c, third.customer.memberId, { hold: true })
  await expect(desk.alerts(c, 'long-hold')).toHaveCount(1, { timeout: 15_000 })
  expect(await callAt(page, point)).toBe(`Call ${a}`)
  // A new call arrives too (a customer waiting ranks above calls without one).
  const d = callName('fourth')
  await placeWaitingCall(stack, d)
  const hint = page.getByTestId('board-moved')
  await expect(hint).toHaveText('2 calls moved — show', { timeout: 10_000 })

  // Nothing moved under the pointer, and the new call is not slipped in above it.
  expect(await callAt(page, point)).toBe(`Call ${a}`)
  expect(await boardOrder(page)).toEqual([a, b, c])
  await expect(desk.card(d)).toHaveCount(0)

  // "show" applies the new order (the alert first, then the waiting customer).
  await hint.click()
  await expect.poll(() => boardOrder(page)).toEqual([c, d, a, b])
  await expect(hint).toBeHidden()
})

test('a call that ends and leaves keeps its slot until the order is released', async ({
  stack,
  desk,
}) => {
  for (const label of ['one', 'two', 'three']) await placeCall(stack, desk, callName(label))
  const { page } = desk
  const [a = '', b = '', c = ''] = await settledOrder(page, 3)
  const point = await parkOn(desk, b)

  // The call above the pointer ends: it stays in place, showing Ended...
  await stack.rest.endMpc(a)
  await expect(desk.card(a).getByTestId('call-status')).toHaveText('Ended')
  expect(await callAt(page, point)).toBe(`Call ${b}`)
  // ...and when the desk lets go of it (E2E_TUNING: 2 s after its end) its slot stays.
  const gone = page.getByTestId('call-gone')
  await expect(gone).toHaveCount(1, { timeout: 10_000 })
  await expect(gone).toContainText(a)
  await expect(gone).toContainText('Ended')
  expect(await callAt(page, point)).toBe(`Call ${b}`)
  expect(await boardOrder(page)).toEqual([a, b, c])

  // The pointer leaves the board: the order is released and the slot closes.
  await page.mouse.move(2, 2)
  await expect.poll(() => boardOrder(page)).toEqual([b, c])
  await expect(gone).toHaveCount(0)
})

test('"Pause sorting" holds the order with the pointer away, until turned off', async ({
  stack,
  desk,
}) => {
  for (const label of ['one', 'two']) await placeCall(stack, desk, callName(label))
  const { page } = desk
  const [a = '', b = ''] = await settledOrder(page, 2)

  const pause = page.getByRole('button', { name: 'Pause sorting' })
  await expect(pause).toHaveAttribute('aria-pressed', 'false')
  await pause.click()
  await expect(pause).toHaveAttribute('aria-pressed', 'true')
  await page.mouse.move(2, 2)

  const waiting = callName('waiting')
  await placeWaitingCall(stack, waiting)
  await expect(page.getByTestId('board-moved')).toHaveText('1 call moved — show', {
    timeout: 10_000,
  })
  expect(await boardOrder(page)).toEqual([a, b])

  // Turning it off applies the order at once: the waiting customer first.
  await pause.click()
  await expect(pause).toHaveAttribute('aria-pressed', 'false')
  await page.mouse.move(2, 2)
  await expect.poll(() => boardOrder(page)).toEqual([waiting, a, b])
  await expect(page.getByTestId('board-moved')).toBeHidden()
})
