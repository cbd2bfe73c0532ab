/**
 * Keyboard focus on the board survives the board changing under it.
 *
 * A card's buttons are re-rendered, disabled (Listen while the join dials), moved (a re-sort
 * moves the row's DOM node) or unmounted and mounted again (the virtualiser) all the time; each
 * of those drops focus to the page, so the next Tab starts again at the top of the app. The
 * keeper remembers the control that had focus (its call, its accessible name, its test id) and,
 * when focus falls to the page without the supervisor moving it, puts it back on that control
 * in the same call — or, if that control is gone or disabled, on the call's name button.
 *
 * Focus the supervisor moves away (Tab out, a click elsewhere, another window) is left alone.
 * It also tells the board which row holds focus (kept mounted) and holds the board's order while
 * focus came from the keyboard (see use-held-order.ts).
 */
import { type FocusEvent, type RefObject, useEffect, useRef, useState } from 'react'
import type { Holder } from './use-held-order'

interface Remembered {
  mpc: string
  label: string | null
  testId: string | null
}

export interface FocusKeeper {
  /** The call whose row holds focus, or null. */
  focusedMpc: string | null
  onFocus: (e: FocusEvent<HTMLElement>) => void
  onBlur: (e: FocusEvent<HTMLElement>) => void
}

/** Focus that came from the keyboard (Tab), not from a click on a button. */
function isKeyboardFocus(el: HTMLElement): boolean {
  try {
    return el.matches(':focus-visible')
  } catch {
    return true // an engine without :focus-visible: hold, the safe side
  }
}

function rowOf(el: Element): HTMLElement | null {
  return el.closest<HTMLElement>('[role="listitem"][data-mpc]')
}

/** Focus has fallen to the page (not moved by the supervisor to something else). */
function focusDropped(): boolean {
  const active = document.activeElement
  return (active === null || active === document.body) && document.hasFocus()
}

export interface FocusKeeperOptions {
  hold(holder: Holder): void
  release(holder: Holder): void
  /** Keyboard focus entered this call's row: bring the whole card into view. */
  reveal(mpcUuid: string): void
}

export function useFocusKeeper(
  sectionRef: RefObject<HTMLElement | null>,
  order: FocusKeeperOptions,
): FocusKeeper {
  const [focusedMpc, setFocusedMpc] = useState<string | null>(null)
  const remembered = useRef<Remembered | null>(null)
  const settle = useRef<() => void>(() => undefined)
  // Handlers read the latest order functions without re-subscribing the observer.
  const orderRef = useRef(order)
  useEffect(() => {
    orderRef.current = order
  })

  useEffect(() => {
    const section = sectionRef.current
    if (!section) return
    const forget = () => {
      remembered.current = null
      setFocusedMpc(null)
      orderRef.current.release('focus')
    }
    const restore = () => {
      const want = remembered.current
      if (!want || !focusDropped()) return
      const row = Array.from(
        section.querySelectorAll<HTMLElement>('[role="listitem"][data-mpc]'),
      ).find((r) => r.dataset.mpc === want.mpc)
      if (!row) return forget()
      const buttons = Array.from(row.querySelectorAll<HTMLButtonElement>('button')).filter(
        (b) => !b.disabled,
      )
      const target =
        buttons.find((b) => want.label !== null && b.getAttribute('aria-label') === want.label) ??
        buttons.find((b) => want.testId !== null && b.dataset.testid === want.testId) ??
        buttons.find((b) => b.dataset.testid === 'call-name')
      if (target) target.focus({ preventScroll: true })
      else forget()
    }
    // A focused node removed, moved or disabled fires no dependable blur: watch for them.
    const observer = new MutationObserver(restore)
    observer.observe(section, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['disabled'],
    })
    // A click on something that takes no focus (a card's background) sends focus to the page
    // on purpose: forget the control, so it is not pulled back.
    const onPointerDown = () => {
      if (remembered.current) forget()
    }
    // Blur to nothing: decide once the DOM settled (restore, or the focus went elsewhere).
    const onSettle = () => {
      if (!remembered.current) return
      const active = document.activeElement
      if (active && section.contains(active)) return
      if (!document.hasFocus()) return // another window: the browser gives focus back itself
      if (focusDropped()) restore()
      else forget()
    }
    settle.current = onSettle
    document.addEventListener('pointerdown', onPointerDown, true)
    return () => {
      observer.disconnect()
      settle.current = () => undefined
      document.removeEventListener('pointerdown', onPointerDown, true)
    }
  }, [sectionRef])

  return {
    focusedMpc,
    onFocus: (e) => {
      const target = e.target
      const row = rowOf(target)
      const mpc = row?.dataset.mpc ?? null
      remembered.current = mpc
        ? {
            mpc,
            label: target.getAttribute('aria-label'),
            testId: target.dataset.testid ?? null,
          }
        : null
      setFocusedMpc(mpc)
      // A click's focus is not held, nor scrolled to: the card must not move under the pointer.
      if (!isKeyboardFocus(target)) return
      order.hold('focus')
      if (mpc) order.reveal(mpc)
    },
    onBlur: (e) => {
      const next = e.relatedTarget
      const section = sectionRef.current
      if (next instanceof Node && section?.contains(next)) return // moving within the board
      if (next !== null) {
        remembered.current = null
        setFocusedMpc(null)
        order.release('focus')
        return
      }
      requestAnimationFrame(() => settle.current())
    },
  }
}
