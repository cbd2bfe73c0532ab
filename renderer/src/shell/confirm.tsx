/**
 * Confirmation for destructive actions (kick, end): an accessible modal dialog. Focus moves to
 * Cancel (the safe choice), Tab stays inside, Esc cancels, and focus returns where it was.
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react'

export interface ConfirmRequest {
  title: string
  body: string
  confirmLabel: string
  onConfirm: () => void
}

type Confirm = (request: ConfirmRequest) => void

const ConfirmContext = createContext<{ confirm: Confirm; open: boolean } | null>(null)

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<ConfirmRequest | null>(null)
  const confirm = useCallback<Confirm>((r) => setRequest(r), [])
  const value = useMemo(() => ({ confirm, open: request !== null }), [confirm, request])
  return (
    <ConfirmContext.Provider value={value}>
      {children}
      {request && (
        <ConfirmDialog
          request={request}
          onClose={(confirmed) => {
            setRequest(null)
            if (confirmed) request.onConfirm()
          }}
        />
      )}
    </ConfirmContext.Provider>
  )
}

export function useConfirm(): Confirm {
  const ctx = useContext(ConfirmContext)
  if (!ctx) throw new Error('useConfirm outside ConfirmProvider')
  return ctx.confirm
}

export function useConfirmOpen(): boolean {
  return useContext(ConfirmContext)?.open ?? false
}

function ConfirmDialog({
  request,
  onClose,
}: {
  request: ConfirmRequest
  onClose: (confirmed: boolean) => void
}) {
  const titleId = useId()
  const bodyId = useId()
  const cancelRef = useRef<HTMLButtonElement>(null)
  const confirmRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    cancelRef.current?.focus()
    return () => previous?.focus()
  }, [])

  const onKeyDown = (e: React.KeyboardEvent) => {
    // Keys handled here never reach the board's shortcuts.
    e.stopPropagation()
    if (e.key === 'Escape') {
      e.preventDefault()
      onClose(false)
    } else if (e.key === 'Tab') {
      e.preventDefault()
      const next = document.activeElement === cancelRef.current ? confirmRef : cancelRef
      next.current?.focus()
    }
  }

  return (
    <div className="modal-backdrop" onMouseDown={() => onClose(false)}>
      <div
        className="modal confirm-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid="confirm-dialog"
        onKeyDown={onKeyDown}
        onMouseDown={(e) => e.stopPropagation()}
      >
        <h2 id={titleId}>{request.title}</h2>
        <p id={bodyId}>{request.body}</p>
        <div className="modal-actions">
          <button
            ref={cancelRef}
            type="button"
            onClick={() => onClose(false)}
            data-testid="confirm-cancel"
          >
            Cancel
          </button>
          <button
            ref={confirmRef}
            type="button"
            className="danger"
            onClick={() => onClose(true)}
            data-testid="confirm-accept"
          >
            {request.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  )
}
