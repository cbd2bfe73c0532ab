/** The list of every keyboard shortcut (press ?). */
import { useEffect, useId, useRef } from 'react'
import { keyLabel, type Shortcut, SHORTCUTS } from '../keyboard/shortcuts'

const GROUPS: Shortcut['group'][] = ['Move', 'Join', 'Participant', 'Call', 'App']

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const titleId = useId()
  const closeRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    closeRef.current?.focus()
    return () => previous?.focus()
  }, [])
  return (
    <div className="modal-backdrop" onMouseDown={onClose}>
      <div
        className="modal help"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="help-overlay"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation()
          if (e.key === 'Escape' || e.key === '?') {
            e.preventDefault()
            onClose()
          }
        }}
      >
        <div className="modal-head">
          <h2 id={titleId}>Keyboard shortcuts</h2>
          <button
            ref={closeRef}
            type="button"
            onClick={onClose}
            aria-label="Close keyboard shortcuts"
          >
            Close
          </button>
        </div>
        <p className="muted-text">
          Shortcuts act on the highlighted call (and its selected participant). They do nothing
          while you type in a field.
        </p>
        <p className="muted-text" data-testid="help-beep">
          Switching mode may play a beep. Listen ↔ coach never changes coach mode, so Plivo plays
          none; to or from barge, the desk asks Plivo not to (
          <code>disable_state_change_sound</code>
          ), which Plivo’s API reference does not document, so a beep may still play.
        </p>
        <div className="help-groups">
          {GROUPS.map((g) => (
            <section key={g}>
              <h3>{g}</h3>
              <dl>
                {SHORTCUTS.filter((s) => s.group === g).map((s) => (
                  <div key={s.action} className="help-row">
                    <dt>
                      {s.keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 && ' or '}
                          <kbd>{keyLabel(k)}</kbd>
                        </span>
                      ))}
                    </dt>
                    <dd>{s.label}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>
  )
}
