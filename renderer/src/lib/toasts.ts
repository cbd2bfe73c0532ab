/** Short-lived messages (command failures, saved settings), announced to screen readers. */
import { createContext, useContext, useSyncExternalStore } from 'react'

export interface Toast {
  id: number
  kind: 'error' | 'info'
  text: string
}

export interface ToastStore {
  push(kind: Toast['kind'], text: string): number
  dismiss(id: number): void
  subscribe(listener: () => void): () => void
  list(): readonly Toast[]
}

/** Errors stay until dismissed or replaced by newer ones; infos leave after `infoMs`. */
export function createToastStore(infoMs = 5000, errorMs = 12_000, max = 4): ToastStore {
  let toasts: readonly Toast[] = []
  let nextId = 1
  const listeners = new Set<() => void>()
  const emit = () => {
    for (const l of listeners) l()
  }
  const store: ToastStore = {
    push(kind, text) {
      const id = nextId++
      toasts = [...toasts, { id, kind, text }].slice(-max)
      emit()
      setTimeout(() => store.dismiss(id), kind === 'error' ? errorMs : infoMs)
      return id
    },
    dismiss(id) {
      if (!toasts.some((t) => t.id === id)) return
      toasts = toasts.filter((t) => t.id !== id)
      emit()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    list: () => toasts,
  }
  return store
}

export const ToastContext = createContext<ToastStore>(createToastStore())

export function useToastStore(): ToastStore {
  return useContext(ToastContext)
}

export function useToasts(): readonly Toast[] {
  const store = useToastStore()
  return useSyncExternalStore(store.subscribe, store.list)
}
