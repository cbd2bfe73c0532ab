/**
 * The denser views for big floors: one line per call, and calls grouped by queue (the name's
 * prefix before the first '-') under headers with their counts — both virtualised, both still
 * under the held order.
 */
import { address, callbackParams, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'

test('compact rows and grouping by queue, held like the plain board', async ({ stack, desk }) => {
  const support = [callName('support'), callName('support')]
  const sales = callName('sales')
  for (const name of [...support, sales]) await placeCall(stack, desk, name)
  const { page } = desk
  await expect(desk.cards()).toHaveCount(3)

  // Grouped: one header per queue with its count, each call under its own queue.
  await page.getByTestId('view-grouped').check()
  const headers = page.getByTestId('group-header')
  await expect(headers).toHaveCount(2)
  const header = (queue: string) =>
    page.locator(`[data-testid="group-header"][data-queue="${queue}"]`)
  await expect(header('support').getByTestId('group-count')).toHaveText('2 calls')
  await expect(header('sales').getByTestId('group-count')).toHaveText('1 call')
  const rowsInOrder = () =>
    page
      .locator('[data-testid="board"] [role="listitem"]')
      .evaluateAll((rows) =>
        rows
          .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
          .map((row) =>
            row.querySelector('[data-testid="group-header"]')
              ? `# ${row.querySelector('[data-testid="group-header"]')?.getAttribute('data-queue')}`
              : (row.querySelector('[data-testid="call-card"]')?.getAttribute('aria-label') ?? ''),
          ),
      )
  const grouped = await rowsInOrder()
  const under = (queue: string) => {
    const at = grouped.indexOf(`# ${queue}`)
    const next = grouped.findIndex((r, i) => i > at && r.startsWith('# '))
    return grouped.slice(at + 1, next < 0 ? undefined : next).sort()
  }
  expect(under('support')).toEqual(support.map((n) => `Call ${n}`).sort())
  expect(under('sales')).toEqual([`Call ${sales}`])

  // A group collapses to its header and opens again.
  await header('support').getByRole('button').click()
  await expect(header('support').getByRole('button')).toHaveAttribute('aria-expanded', 'false')
  for (const name of support) await expect(desk.card(name)).toHaveCount(0)
  await expect(desk.card(sales)).toBeVisible()
  await header('support').getByRole('button').click()
  for (const name of support) await expect(desk.card(name)).toBeVisible()

  // Compact: one line per call, its controls still there.
  const before = await desk.card(sales).boundingBox()
  await page.getByTestId('view-compact').check()
  await expect
    .poll(async () => (await desk.card(sales).boundingBox())?.height ?? 0)
    .toBeLessThan(Math.min(44, (before?.height ?? 0) - 10))
  await expect(desk.card(sales).getByTestId('join-barge')).toBeVisible()
  const card = await desk.card(sales).boundingBox()
  const barge = await desk.card(sales).getByTestId('join-barge').boundingBox()
  const chip = await desk.card(sales).getByTestId('participant').first().boundingBox()
  if (!card || !barge || !chip) throw new Error('no boxes')
  // On the same line: the participant and Barge both sit inside the one-line card.
  for (const box of [barge, chip]) {
    expect(box.y).toBeGreaterThanOrEqual(card.y)
    expect(box.y + box.height).toBeLessThanOrEqual(card.y + card.height + 0.5)
  }

  // Grouped and compact, the order still holds under the pointer: a new call in a new queue waits.
  await page.mouse.move(card.x + 40, card.y + card.height / 2)
  const claims = callName('claims')
  await stack.rest.addParticipant(claims, {
    role: 'customer',
    from: '+15550000001',
    to: address('customer'),
    stay_alone: true,
    ...callbackParams(stack),
  })
  await expect(page.getByTestId('board-moved')).toHaveText('1 call moved — show', {
    timeout: 10_000,
  })
  await expect(header('claims')).toHaveCount(0)
  await page.getByTestId('board-moved').click()
  await expect(header('claims').getByTestId('group-count')).toHaveText('1 call')
  // The waiting customer's queue comes first.
  await expect(headers.first()).toHaveAttribute('data-queue', 'claims')
})
