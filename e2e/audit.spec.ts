/**
 * The audit log reads newest first — on load, as entries arrive, and the same in a second tab
 * on the same web host — names each member by role, filters by outcome and exports the rows it
 * shows as CSV.
 */
import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { addMember, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'

/** The "What" cell of each audit row, top to bottom. */
const whats = (page: Page) => page.getByTestId('audit-row').locator('td:nth-child(3)')

test('newest first on load and live, identical in two tabs, members named by role', async ({
  stack,
  desk,
  deskHost,
}) => {
  test.skip(deskHost !== 'browser', 'a second tab needs the web host')
  const { page } = desk
  const name = callName('audit')
  const { customer, agent } = await placeCall(stack, desk, name)
  const extra = await addMember(stack, desk, name, 'agent')

  await desk.memberAction(name, agent.memberId, 'mute')
  await expect(desk.mark(name, agent.memberId, 'muted')).toBeVisible()
  // This tab loads the log now, with one entry, and gets every later one live.
  await desk.view('audit')
  await expect(whats(page)).toHaveText([`Mute Agent ${agent.memberId}`])

  await desk.view('board')
  await desk.memberAction(name, customer.memberId, 'hold')
  await expect(desk.mark(name, customer.memberId, 'hold')).toBeVisible()
  // The removed member is gone from the call; the log still says who they were.
  await desk.memberAction(name, extra.memberId, 'kick')
  await expect(desk.member(name, extra.memberId)).toBeHidden()

  const expected = [
    `Remove Agent ${extra.memberId}`,
    `Hold Customer ${customer.memberId}`,
    `Mute Agent ${agent.memberId}`,
  ]
  await desk.view('audit')
  await expect(whats(page)).toHaveText(expected)

  // A second tab on the same host loads the whole log afresh: the same order.
  if (!stack.web) throw new Error('the browser project runs the web host')
  const second = await page.context().newPage()
  await second.goto(stack.web.url)
  await expect(second.getByTestId('board')).toHaveAttribute('data-ready', 'true')
  await second.getByTestId('nav-audit').click()
  await expect(whats(second)).toHaveText(expected)

  // A new command goes on top in both.
  await desk.view('board')
  await desk.memberAction(name, agent.memberId, 'unmute')
  await expect(desk.mark(name, agent.memberId, 'muted')).toBeHidden()
  await desk.view('audit')
  const now = [`Unmute Agent ${agent.memberId}`, ...expected]
  await expect(whats(page)).toHaveText(now)
  await expect(whats(second)).toHaveText(now)
  await expect(page.getByTestId('audit-row').first()).toHaveAttribute('data-result', 'ok')
  await expect(second.getByTestId('audit-row').first()).toHaveAttribute('data-result', 'ok')
  await second.close()

  // Filter by outcome, and export what the filter keeps.
  await page.getByLabel('Outcome').selectOption('failed')
  await expect(page.getByTestId('audit-row')).toHaveCount(0)
  await page.getByLabel('Outcome').selectOption('ok')
  await expect(whats(page)).toHaveText(now)
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^audit-log-.*\.csv$/)
  const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '')
  const lines = csv.split('\r\n')
  expect(lines[0]).toBe('When,Who,What,Call,Call UUID,Result,Finished,Reason')
  expect(lines.slice(1, -1).map((line) => line.split(',')[2])).toEqual(now)
  for (const line of lines.slice(1, -1)) expect(line).toContain(`,${name},`)
})
