/**
 * Light and dark themes: follow the system by default, or a choice the user made (kept in
 * localStorage, which holds nothing else). The choice is applied as `data-theme` on <html>.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'

export type ThemeChoice = 'system' | 'light' | 'dark'
const STORAGE_KEY = 'desk.theme'
const ORDER: ThemeChoice[] = ['system', 'light', 'dark']

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(STORAGE_KEY)
    return v === 'light' || v === 'dark' || v === 'system' ? v : 'system'
  } catch {
    return 'system'
  }
}

const darkQuery = () =>
  typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null

function subscribeSystem(listener: () => void): () => void {
  const q = darkQuery()
  q?.addEventListener('change', listener)
  return () => q?.removeEventListener('change', listener)
}

function systemIsDark(): boolean {
  return darkQuery()?.matches ?? false
}

export function useTheme(): {
  choice: ThemeChoice
  resolved: 'light' | 'dark'
  cycle: () => void
} {
  const [choice, setChoice] = useState<ThemeChoice>(readChoice)
  const systemDark = useSyncExternalStore(subscribeSystem, systemIsDark)
  const resolved = choice === 'system' ? (systemDark ? 'dark' : 'light') : choice

  useEffect(() => {
    document.documentElement.dataset.theme = resolved
    document.documentElement.style.colorScheme = resolved
  }, [resolved])

  const cycle = useCallback(() => {
    setChoice((c) => {
      const next = ORDER[(ORDER.indexOf(c) + 1) % ORDER.length] ?? 'system'
      try {
        localStorage.setItem(STORAGE_KEY, next)
      } catch {
        // Storage may be unavailable (private mode): the choice lasts for this page only.
      }
      return next
    })
  }, [])

  return { choice, resolved, cycle }
}
