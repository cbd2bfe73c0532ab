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

interface FocusWalk {
  /** A number per element, so the test can tell the control focus left from the one it is on. */
  idOf(el: Element | null): number
  /** Resolves, with its id, once focus is on an element other than `from` (not the page). */
  settled(from: number): Promise<number>
}

/**
 * Focuses the search box and installs, in the page, what tells when a Tab has settled. Resolves
 * to the search box's id, where the first Tab starts from.
 */
async function startFocusWalk(page: Page): Promise<number> {
  await page.getByTestId('search').focus()
  return page.evaluate(() => {
    const ids = new WeakMap<Element, number>()
    let next = 1
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))
    const walk: FocusWalk = {
      idOf(el) {
        if (!el) return 0
        if (!ids.has(el)) ids.set(el, next++)
        return ids.get(el) ?? 0
      },
      async settled(from) {
        // Focus passes through the page itself while the board puts it back on a control that
        // a re-render replaced: wait, frame by frame, for it to land. Focus that never lands
        // (60 frames: paced by the page, not the clock) is reported where it is, for the test.
        for (let frames = 0; frames < 60; frames++) {
          const active = document.activeElement
          if (active && active !== document.body && walk.idOf(active) !== from) break
          await frame()
        }
        return walk.idOf(document.activeElement)
      },
    }
    ;(window as unknown as { focusWalk: FocusWalk }).focusWalk = walk
    return walk.idOf(document.activeElement)
  })
}

/**
 * Presses Tab and waits on the page until focus has moved on from `from` to a control: as fast
 * as the page allows, however busy it is. Resolves to the id of where focus is now.
 */
async function tab(page: Page, from: number): Promise<number> {
  await page.keyboard.press('Tab')
  return page.evaluate(
    (from) => (window as unknown as { focusWalk: FocusWalk }).focusWalk.settled(from),
    from,
  )
}

/** Tabs from the search box until focus is on the button with this accessible name. */
async function tabTo(page: Page, label: string): Promise<void> {
  let at = await startFocusWalk(page)
  for (let i = 0; i < 80; i++) {
    at = await tab(page, at)
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
    // 80 key presses: each goes on as soon as the page has settled the last one, so the walk
    // takes as long as the page does; this is only the cap for a page that never settles.
    test.setTimeout(180_000)
    const { page } = desk
    const board = page.getByTestId('board')
    await expect
      .poll(async () => Number(await board.getAttribute('data-count')), { timeout: 45_000 })
      .toBeGreaterThanOrEqual(60)
    let at = await startFocusWalk(page)
    const seen = new Set<string>()
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab')
      // One round trip a key press: wait in the page for focus to land, then read where it is.
      const { id, state } = await page.evaluate(async (from) => {
        const id = await (window as unknown as { focusWalk: FocusWalk }).focusWalk.settled(from)
        const scroll = document.querySelector('[data-testid="board-scroll"]')
        const active = document.activeElement
        if (!scroll || !(active instanceof HTMLElement)) return { id, state: null }
        const view = scroll.getBoundingClientRect()
        const onScreen = (r: DOMRect) => r.bottom > view.top && r.top < view.bottom
        const card = active.closest('[data-testid="call-card"]')
        const cards = Array.from(scroll.querySelectorAll('[data-testid="call-card"]'))
        const state = {
          inBoard: scroll.contains(active),
          call: card?.getAttribute('aria-label') ?? null,
          focusedOnScreen: card ? onScreen(active.getBoundingClientRect()) : false,
          cardsOnScreen: cards.filter((c) => onScreen(c.getBoundingClientRect())).length,
        }
        return { id, state }
      }, at)
      at = id
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
    let at = await startFocusWalk(page)
    let focused: { call: string; label: string } | null = null
    for (let i = 0; i < 40 && !focused; i++) {
      at = await tab(page, at)
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
