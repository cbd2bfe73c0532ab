/**
 * happy-dom does no layout: every element measures 0×0, so the virtualised board would show no
 * card. Give the board's scroll box a 1280×720-like viewport and each card a plausible height.
 */
const SIZES = { viewport: 640, card: 120, width: 900 }

function height(el: HTMLElement): number {
  if (el.classList.contains('board-scroll')) return SIZES.viewport
  if (el.classList.contains('board-row')) return SIZES.card
  return 0
}

for (const prop of ['offsetHeight', 'clientHeight'] as const) {
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return height(this)
    },
  })
}
for (const prop of ['offsetWidth', 'clientWidth'] as const) {
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get() {
      return SIZES.width
    },
  })
}
