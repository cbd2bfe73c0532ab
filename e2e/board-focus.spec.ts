/**
 * Keyboard focus on the board survives the board changing under it: a button that becomes
 * disabled, a row the virtualiser would unmount, a busy board Tabbed through card by card.
 */
import type { Page } from '@playwright/test'
import { callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'

/** Which call (card name) and which control hold focus, or null when focus is off the board. */
function focusedControl(page: Page): Promise<{ call: string; label: string } | null> {
  return page.evaluate(() => {
    const active = document.activeElement
    if (!(active instanceof HTMLElement) || active === document.body) return null
    const card = active.closest('[data-testid="call-card"]')
    if (!card) return null
    return {
      call: card.getAttribute('aria-label') ?? '',
      label: active.getAttribute('aria-label') ?? active.textContent ?? '',
    }
  })
}

/** Tabs from the search box until focus is on the button with this accessible name. */
async function tabTo(page: Page, label: string): Promise<void> {
  await page.getByTestId('search').focus()
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab')
    if ((await focusedControl(page))?.label === label) return
  }
  throw new Error(`Tab never reached "${label}"`)
}

test('a focused Listen button that turns disabled leaves focus on its call', async ({
  stack,
  desk,
}) => {
  const names = [callName('one'), callName('two')]
  for (const name of names) await placeCall(stack, desk, name)
  const name = names[1] ?? ''
  const { page } = desk
  await tabTo(page, `Listen on ${name}`)

  // Enter joins: the button is disabled while the phone rings, then becomes the current mode.
  await page.keyboard.press('Enter')
  await expect(desk.presence(name)).toHaveAttribute('data-status', 'joined')
  await expect(desk.card(name).getByTestId('join-listen')).toBeDisabled()
  await expect.poll(async () => (await focusedControl(page))?.call).toBe(`Call ${name}`)
  // Tab goes on from there, not from the top of the page.
  await page.keyboard.press('Tab')
  expect((await focusedControl(page))?.call).toBe(`Call ${name}`)
})

test.describe('on a busy board', () => {
  test.use({
    viewport: { width: 1280, height: 720 },
    stackOptions: {
      // 64 live calls that keep changing, at a quarter of real speed: the board is busy under
      // every key press, but a loaded two-core machine still keeps up with it.
      simulator: {
        seed: 2020,
        timeScale: 0.25,
        traffic: {
          concurrentCalls: 64,
          meanCallSeconds: 3600,
          meanWaitSeconds: 0.5,
          rampSeconds: 0.75,
          abandonShare: 0,
        },
      },
    },
  })

  test('Tab through 64 calls keeps the focused card on screen, among other cards', async ({
    desk,
  }) => {
    // 80 key presses, each waiting for a busy page.
    test.setTimeout(180_000)
    const { page } = desk
    const board = page.getByTestId('board')
    await expect
      .poll(async () => Number(await board.getAttribute('data-count')), { timeout: 45_000 })
      .toBeGreaterThanOrEqual(60)
    await page.getByTestId('search').focus()
    const seen = new Set<string>()
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab')
      const state = await page.evaluate(() => {
        const scroll = document.querySelector('[data-testid="board-scroll"]')
        const active = document.activeElement
        if (!scroll || !(active instanceof HTMLElement)) return null
        const view = scroll.getBoundingClientRect()
        const onScreen = (r: DOMRect) => r.bottom > view.top && r.top < view.bottom
        const card = active.closest('[data-testid="call-card"]')
        const cards = Array.from(scroll.querySelectorAll('[data-testid="call-card"]'))
        return {
          inBoard: scroll.contains(active),
          call: card?.getAttribute('aria-label') ?? null,
          focusedOnScreen: card ? onScreen(active.getBoundingClientRect()) : false,
          cardsOnScreen: cards.filter((c) => onScreen(c.getBoundingClientRect())).length,
        }
      })
      if (!state?.inBoard) continue // the filter bar and the board's tools come first
      expect(state.call, `Tab ${i}: focus is on a call's control`).not.toBeNull()
      expect(state.focusedOnScreen, `Tab ${i}: the focused control is on screen`).toBe(true)
      expect(state.cardsOnScreen, `Tab ${i}: the board shows cards`).toBeGreaterThan(2)
      if (state.call) seen.add(state.call)
    }
    // Far enough to leave the first screenful of cards (about 8 at 720 px) behind.
    expect(seen.size).toBeGreaterThan(9)
  })

  test('a focused card scrolled far away keeps its focus', async ({ desk }) => {
    const { page } = desk
    const board = page.getByTestId('board')
    await expect
      .poll(async () => Number(await board.getAttribute('data-count')), { timeout: 45_000 })
      .toBeGreaterThanOrEqual(60)
    await page.getByTestId('search').focus()
    let focused: { call: string; label: string } | null = null
    for (let i = 0; i < 40 && !focused; i++) {
      await page.keyboard.press('Tab')
      focused = await focusedControl(page)
    }
    if (!focused) throw new Error('Tab never reached a card')
    const scroll = page.getByTestId('board-scroll')
    const box = await scroll.boundingBox()
    if (!box) throw new Error('no board')
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    // Down to the bottom: the focused card's row is far out of the virtualised window.
    await scroll.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    await expect
      .poll(() =>
        scroll.evaluate((el) => Math.round(el.scrollTop + el.clientHeight) >= el.scrollHeight - 2),
      )
      .toBe(true)
    await expect.poll(() => focusedControl(page)).toEqual(focused)
  })
})
