/**
 * Handing an AI call to an agent (issue 18): "Hand to agent…" beside Take over opens a small
 * inline form (the agent's endpoint, and what to do with the AI once they joined); main dials
 * the agent and removes the AI once their phone joined (main/services/hand-off.ts). The card
 * then says how the hand-off goes, from main's own record of it, so a reloaded window shows it
 * too.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState } from 'react'
import type { HandOff, TakeOverThen } from '../../../preload/api'
import { toDeskError, useCommand } from '../desk/commands'
import { aiMemberOf, takeOverBlock } from '../desk/controls'
import { useHandOff } from '../desk/hooks'
import type { OptimisticView } from '../desk/optimistic'
import { dismissedHandOffsQuery, failureQuery } from '../desk/queries'
import { mpcLabel } from '../lib/format'
import { PhoneIcon } from '../shell/icons'
import './hand-off.css'

/** Why a hand-off cannot start now, or null. */
function handOffBlock(view: OptimisticView, handOff: HandOff | undefined): string | null {
  if (handOff?.status === 'pending' || handOff?.status === 'removing') {
    return 'A hand-off is already under way.'
  }
  return takeOverBlock(view)
}

/**
 * The host names the channel and field before a refusal of the payload ("desk:command: endpoint:
 * …", main/services/desk-services.ts); beside the field itself only the reason is needed.
 */
function fieldReason(message: string): string {
  return message.replace(/^desk:command: endpoint: /, '')
}

/** "Hand to agent…" and, once opened, its form; on a call with an AI agent only. */
export function HandOffControl({ view }: { view: OptimisticView }) {
  const ai = aiMemberOf(view)
  const handOff = useHandOff(view.mpc.mpcUuid)
  const { mutate, isPending } = useCommand()
  const qc = useQueryClient()
  const [open, setOpen] = useState(false)
  const [endpoint, setEndpoint] = useState('')
  // The take-over button's own choice: remove the AI (Shift+H keeps it on hold instead).
  const [then, setThen] = useState<TakeOverThen>('kick')
  const [error, setError] = useState<string | null>(null)
  const button = useRef<HTMLButtonElement>(null)
  const input = useRef<HTMLInputElement>(null)
  const id = useId()
  if (!ai) return null
  const blocked = handOffBlock(view, handOff)
  const name = mpcLabel(view.mpc)

  const close = () => {
    setOpen(false)
    setError(null)
    // The button stays where focus was before the form opened.
    requestAnimationFrame(() => button.current?.focus())
  }
  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    const command = {
      type: 'take-over' as const,
      mpcUuid: view.mpc.mpcUuid,
      aiMemberId: ai.memberId,
      then,
      endpoint: endpoint.trim(),
    }
    mutate(command, {
      onSuccess: () => {
        setEndpoint('')
        close()
      },
      onError: (err) => {
        const reason = toDeskError(err)
        if (reason.code !== 'invalid') {
          close() // the card's failure note says why, as for every command
          return
        }
        // Said beside the field instead of twice.
        qc.setQueryData(failureQuery(command.mpcUuid).queryKey, null)
        setError(fieldReason(reason.message))
        input.current?.focus()
      },
    })
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        className="mode hand-off-open"
        aria-label={`Hand ${name} from AI agent ${ai.memberId} to an agent`}
        aria-expanded={open}
        aria-controls={open ? `${id}-form` : undefined}
        title={blocked ?? 'Dial an agent into the call, then remove the AI agent once they joined'}
        data-testid="hand-off"
        // Not `disabled`: once the hand-off is sent the button is blocked, and focus, returned
        // to it, must stay there rather than fall back to the page.
        aria-disabled={blocked !== null}
        onClick={(e) => {
          e.stopPropagation()
          if (blocked !== null) return
          if (open) close()
          else setOpen(true)
        }}
      >
        Hand to agent…
      </button>
      {open && (
        <form
          id={`${id}-form`}
          className="hand-off-form"
          aria-label={`Hand ${name} to an agent`}
          data-testid="hand-off-form"
          onSubmit={submit}
          onClick={(e) => e.stopPropagation()}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return
            e.stopPropagation()
            close()
          }}
        >
          <label className="field hand-off-endpoint">
            <span>Agent endpoint</span>
            <input
              ref={input}
              type="text"
              autoFocus
              autoComplete="off"
              spellCheck={false}
              placeholder="sip:agent@example.com or +14155550123"
              value={endpoint}
              aria-invalid={error !== null}
              aria-describedby={error !== null ? `${id}-error` : undefined}
              data-testid="hand-off-endpoint"
              onChange={(e) => {
                setEndpoint(e.target.value)
                setError(null)
              }}
            />
          </label>
          <fieldset className="hand-off-then">
            <legend className="visually-hidden">Then, the AI agent</legend>
            {(
              [
                ['kick', 'Remove the AI'],
                ['mute-hold', 'Mute and hold the AI'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="field check">
                <input
                  type="radio"
                  name={`${id}-then`}
                  value={value}
                  checked={then === value}
                  onChange={() => setThen(value)}
                  data-testid={`hand-off-${value}`}
                />
                {label}
              </label>
            ))}
          </fieldset>
          <button
            type="submit"
            className="primary"
            disabled={isPending}
            data-testid="hand-off-send"
          >
            {isPending ? 'Dialling…' : 'Hand over'}
          </button>
          <button type="button" onClick={close} data-testid="hand-off-cancel">
            Cancel
          </button>
          {error !== null && (
            <p
              id={`${id}-error`}
              className="hand-off-error"
              role="alert"
              data-testid="hand-off-error"
            >
              {error}
            </p>
          )}
        </form>
      )}
    </>
  )
}

function statusText(h: HandOff): string {
  const ai = `AI agent ${h.aiMemberId}`
  switch (h.status) {
    case 'pending':
      return `Handing to ${h.endpoint}… ringing`
    case 'removing':
      return `${h.endpoint} joined; taking ${ai} off the line…`
    case 'done':
      return `${h.endpoint} took over; ${ai} ${h.then === 'kick' ? 'removed' : 'muted and on hold'}${h.note ? ` (${h.note})` : ''}`
    case 'failed':
      // Main's reason names the endpoint already.
      return `Hand-off failed: ${h.error ?? `${h.endpoint} did not take over. The AI agent stays on the call.`}`
  }
}

/**
 * How the call's hand-off goes: ringing, removing the AI, done or failed. A settled one can be
 * dismissed; the dismissal is kept in the query cache (queries.ts), so a card scrolled out of the
 * virtualised board and back does not bring it back.
 */
export function HandOffStatus({ mpcUuid }: { mpcUuid: string }) {
  const handOff = useHandOff(mpcUuid)
  const qc = useQueryClient()
  if (!handOff) return null
  const settled = handOff.status === 'done' || handOff.status === 'failed'
  const dismiss = () =>
    qc.setQueryData(dismissedHandOffsQuery().queryKey, (ids = []) => [...ids, handOff.auditId])
  return (
    <div
      className={`hand-off-status hand-off-${handOff.status}`}
      role={handOff.status === 'failed' ? 'alert' : 'status'}
      data-testid="hand-off-status"
      data-status={handOff.status}
    >
      {handOff.status === 'pending' && <PhoneIcon className="ring" />}
      <span>{statusText(handOff)}</span>
      {settled && (
        <button
          type="button"
          className="link"
          aria-label={`Dismiss the hand-off to ${handOff.endpoint}`}
          onClick={(e) => {
            e.stopPropagation()
            dismiss()
          }}
        >
          Dismiss
        </button>
      )}
    </div>
  )
}
