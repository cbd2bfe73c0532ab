/** Toasts: errors are announced assertively, the rest politely. */
import { useToasts, useToastStore } from '../lib/toasts'

export function Toasts() {
  const toasts = useToasts()
  const store = useToastStore()
  return (
    <div className="toasts" aria-live="polite" data-testid="toasts">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast-${t.kind}`}
          role={t.kind === 'error' ? 'alert' : 'status'}
          data-testid="toast"
          data-kind={t.kind}
        >
          <span>{t.text}</span>
          <button
            type="button"
            className="link"
            onClick={() => store.dismiss(t.id)}
            aria-label="Dismiss"
          >
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
