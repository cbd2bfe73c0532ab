/**
 * The desk at any window size (issue #20 item 4): beside a softphone at 720 px, at 200% zoom on
 * a 1280×720 screen, and full screen at 1920×1080, every control is on screen and works, and
 * the page never scrolls sideways. Also the board's rows stay evenly spaced while cards change
 * height beside the detail panel (item 11).
 *
 * 200% zoom is emulated as a 640×360 CSS-px viewport with a device scale factor of 2: that is
 * what Chromium's browser zoom does to a 1280×720 window (the layout viewport shrinks to 640×360
 * CSS px and devicePixelRatio becomes 2, so media queries and layout reflow exactly as zoomed).
 * CDP's Emulation.setPageScaleFactor would be pinch-zoom instead, which magnifies without
 * reflowing and so would not test WCAG 1.4.10 reflow at all.
 */
import type { Locator, Page } from '@playwright/test'
import { addMember, callName, placeCall } from './support/calls'
import type { Desk } from './support/desk'
import { expect, test } from './support/fixtures'
import type { Stack } from './support/stack'

const SIZES = [
  { label: '720 px wide', viewport: { width: 720, height: 800 }, deviceScaleFactor: 1 },
  { label: '1280×720 at 200% zoom', viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 },
  { label: '1920×1080', viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 },
] as const

/** The customer-waiting alert after 5 s; the other alerts out of the way. */
const THRESHOLDS = { customerWaitSec: 5, longHoldSec: 3600, longSilenceSec: 3600, overtalkSec: 600 }

/** The page does not scroll sideways: nothing is wider than the window. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }))
  expect(widths.scroll, 'page scroll width').toBeLessThanOrEqual(widths.client)
}

/**
 * Scrolled to (vertically: the board, the panel or, in a short window, the page), the control
 * lies inside the window.
 */
async function expectOnScreen(page: Page, control: Locator, what: string): Promise<void> {
  await control.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'nearest' }))
  const box = await control.boundingBox()
  const size = page.viewportSize()
  expect(box, `${what} is laid out`).not.toBeNull()
  expect(size).not.toBeNull()
  if (!box || !size) return
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(size.width)
  expect(box.y, `${what}: top edge`).toBeGreaterThanOrEqual(0)
  expect(box.y + box.height, `${what}: bottom edge`).toBeLessThanOrEqual(size.height)
}

/** The control lies within the panel's width. */
async function expectInside(panel: Locator, control: Locator, what: string): Promise<void> {
  const outer = await panel.boundingBox()
  const inner = await control.boundingBox()
  expect(outer && inner, `${what} is laid out`).toBeTruthy()
  if (!outer || !inner) return
  expect(inner.x, `${what}: left edge`).toBeGreaterThanOrEqual(outer.x)
  expect(inner.x + inner.width, `${what}: right edge`).toBeLessThanOrEqual(outer.x + outer.width)
}

/** A participant's flags as the simulator has them. */
async function member(stack: Stack, name: string, memberId: string) {
  const participants = await stack.rest.listParticipants(name)
  return participants.find((p) => p.member_id === memberId && !p.exit_time)
}

async function themeOf(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.documentElement.dataset.theme)
}

for (const size of SIZES) {
  test.describe(`at ${size.label}`, () => {
    test.use({
      viewport: size.viewport,
      deviceScaleFactor: size.deviceScaleFactor,
      stackOptions: { thresholds: THRESHOLDS },
    })

    test('every control is on screen and works; the page never scrolls sideways', async ({
      stack,
      desk,
    }) => {
      const { page } = desk
      expect(await page.evaluate(() => [innerWidth, devicePixelRatio])).toEqual([
        size.viewport.width,
        size.deviceScaleFactor,
      ])
      const name = callName('reflow')
      const { agent } = await placeCall(stack, desk, name)
      // Someone who will leave with Plivo's long exit cause, to widen the participant table.
      const extra = await addMember(stack, desk, name, 'agent')
      // A customer alone: waiting for an agent, so the header counts a call with alerts.
      const waiting = callName('waiting')
      await addMember(stack, desk, waiting, 'customer')
      await expect(page.getByTestId('alert-count')).toBeVisible()
      await expectNoSidewaysScroll(page)

      // The header: views, connection, alert counter, theme and help.
      for (const id of ['nav-board', 'nav-audit', 'nav-settings', 'connection-banner']) {
        await expectOnScreen(page, page.getByTestId(id), id)
      }
      for (const id of ['alert-count', 'theme-toggle', 'help-button']) {
        await expectOnScreen(page, page.getByTestId(id), id)
      }
      const before = await themeOf(page)
      await page.getByTestId('theme-toggle').click()
      await page.getByTestId('theme-toggle').click()
      await expect.poll(() => themeOf(page)).not.toBe(before)
      await page.getByTestId('theme-toggle').click()
      await expect.poll(() => themeOf(page)).toBe(before)
      await page.getByTestId('help-button').click()
      await expect(page.getByTestId('help-overlay')).toBeVisible()
      await page.keyboard.press('Escape')
      await expect(page.getByTestId('help-overlay')).toBeHidden()
      await page.getByTestId('alert-count').click()
      await expect(page.getByTestId('filter-alerts')).toBeChecked()
      await expect(desk.cards()).toHaveCount(1)
      await page.getByTestId('filter-alerts').uncheck()
      await expect(desk.cards()).toHaveCount(2)

      // The card: join buttons on screen, and Coach reaches the simulator.
      const card = desk.card(name)
      for (const mode of ['listen', 'coach', 'barge'] as const) {
        await expectOnScreen(page, card.getByTestId(`join-${mode}`), `card ${mode}`)
      }
      await desk.joinAndWait(name, 'coach')
      await expect(async () => {
        const live = await stack.rest.listParticipants(name)
        const mine = live.filter((p) => p.role === 'supervisor' && !p.exit_time)
        expect(mine.map((p) => ({ coach: p.coach_mode, mute: p.mute }))).toEqual([
          { coach: true, mute: false },
        ])
      }).toPass({ timeout: 10_000 })
      await expectNoSidewaysScroll(page)

      // The detail panel: beside the board where there is room, over it where there is not.
      const detail = await desk.openDetail(name)
      await expectNoSidewaysScroll(page)
      const row = desk.row(agent.memberId)
      await expectOnScreen(page, detail.getByTestId('detail-close'), 'detail Close')
      for (const id of ['mute', 'hold', 'kick']) {
        await expectOnScreen(page, row.getByTestId(id), `detail ${id}`)
      }
      await expectOnScreen(page, detail.getByTestId('end-call'), 'End call')
      await stack.rest.kickParticipant(name, extra.memberId)
      const note = desk.row(extra.memberId).getByTestId('left-note')
      await expect(note).toHaveAttribute('title', /\(Kicked Out of Multiparty Call\)$/)
      await expectInside(detail, note, 'exit cause')
      await expectInside(detail, row.getByTestId('kick'), 'Remove beside a long exit cause')
      expect(
        await detail.evaluate((el) => el.scrollWidth <= el.clientWidth),
        'the panel does not scroll sideways',
      ).toBe(true)
      await row.getByTestId('mute').click()
      await expect.poll(async () => (await member(stack, name, agent.memberId))?.mute).toBe(true)
      await row.getByTestId('hold').click()
      await expect.poll(async () => (await member(stack, name, agent.memberId))?.hold).toBe(true)
      await expectOnScreen(page, row.getByTestId('kick'), 'detail Remove')
      await row.getByTestId('kick').click()
      const dialog = page.getByRole('alertdialog')
      await expect(dialog).toBeVisible()
      await dialog.getByTestId('confirm-cancel').click()
      await expect(dialog).toBeHidden()
      expect(await member(stack, name, agent.memberId)).toBeDefined()
      await expectOnScreen(page, detail.getByTestId('detail-close'), 'detail Close')
      await desk.closeDetail()
      await expectNoSidewaysScroll(page)
    })
  })
}

/** Gaps in px between consecutive board rows, top to bottom. */
function rowGaps(page: Page): Promise<number[]> {
  return page.locator('.board-row').evaluateAll((rows) => {
    const boxes = rows.map((r) => r.getBoundingClientRect()).sort((a, b) => a.top - b.top)
    return boxes.slice(1).map((b, i) => Math.round(b.top - (boxes[i]?.bottom ?? b.top)))
  })
}

test.describe('board rows beside the detail panel', () => {
  test.use({ viewport: { width: 1280, height: 720 }, stackOptions: { thresholds: THRESHOLDS } })

  /** The board's GAP (board/Board.tsx): 8 px between cards, ±1 px of sub-pixel rounding. */
  const GAP = 8
  const even = (gaps: number[]) => gaps.every((g) => Math.abs(g - GAP) <= 1)

  async function boardWithMixedCards(stack: Stack, desk: Desk): Promise<string[]> {
    const names: string[] = []
    for (let i = 0; i < 4; i++) {
      const name = callName(`even-${i}`)
      await placeCall(stack, desk, name)
      names.push(name)
    }
    // A customer alone (a "waiting" badge in the head), and a call the supervisor is on (their
    // mark and Leave in the head): heads that wrap in a narrow board where the others do not.
    const waiting = callName('even-wait')
    await addMember(stack, desk, waiting, 'customer')
    names.push(waiting)
    await desk.joinAndWait(names[1] ?? '', 'listen')
    return names
  }

  test('cards whose heads wrap and cards whose heads do not are spaced evenly, in every frame', async ({
    stack,
    desk,
  }) => {
    const { page } = desk
    const names = await boardWithMixedCards(stack, desk)
    await expect(desk.cards()).toHaveCount(names.length)
    await expect.poll(() => rowGaps(page)).toHaveLength(names.length - 1)
    // Every layout change is recorded as the browser will paint it: a ResizeObserver made after
    // the board's own runs after it in the same frame, once the board has placed its rows.
    await page.evaluate(() => {
      const w = window as unknown as { gapFrames: number[][] }
      w.gapFrames = []
      const record = () => {
        const boxes = Array.from(document.querySelectorAll('.board-row'))
          .map((r) => r.getBoundingClientRect())
          .sort((a, b) => a.top - b.top)
        w.gapFrames.push(boxes.slice(1).map((b, i) => Math.round(b.top - (boxes[i]?.bottom ?? 0))))
      }
      const observer = new ResizeObserver(record)
      document.querySelectorAll('.board-row').forEach((row) => observer.observe(row))
    })
    // Opening the panel narrows the board: some heads wrap, the rows below must follow at once.
    await desk.openDetail(names[0] ?? '')
    await expect.poll(() => rowGaps(page).then(even)).toBe(true)
    const frames = await page.evaluate(
      () => (window as unknown as { gapFrames: number[][] }).gapFrames,
    )
    expect(frames.length, 'layout changes recorded').toBeGreaterThan(0)
    expect(frames.filter((gaps) => !even(gaps))).toEqual([])
    // And the heads did wrap differently: the cards are not all one height.
    const heights = await page
      .locator('.board-row')
      .evaluateAll((rows) => rows.map((r) => Math.round(r.getBoundingClientRect().height)))
    expect(new Set(heights).size).toBeGreaterThan(1)
  })
})
