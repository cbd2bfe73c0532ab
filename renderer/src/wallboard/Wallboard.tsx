/**
 * The live wallboard (issue #18 item 3): the floor's figures in type large enough to read from
 * across a room. Live from the same query cache the board reads — recomputed on every clock tick
 * (waits and talk shares grow without events) and whenever the board's calls, the alerts or the
 * supervisor's own presence change. Figures come from `figures.ts`; this only lays them out.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { Alert, AlertKind, MyPresence } from '../../../preload/api'
import { ALERT_KINDS } from '../../../preload/api'
import type { MpcState } from '../../../preload/domain'
import { useBoardEntries } from '../desk/hooks'
import { alertsQuery, deskKeys, mineQuery } from '../desk/queries'
import { useNow } from '../lib/clock'
import { formatDuration } from '../lib/format'
import { wallboardFigures, type WallboardFigures } from './figures'
import './wallboard.css'

const ALERT_LABEL: Record<AlertKind, string> = {
  'customer-waiting': 'Customer waiting',
  'long-hold': 'Long hold',
  'long-silence': 'Long silence',
  overtalk: 'Overtalk',
  'ai-stream-lost': 'AI agent stream lost',
}

const MODE_LABEL = { listen: 'listening', coach: 'coaching', barge: 'barging' } as const

/** A wall has no scroll bar anyone can reach: the rest is counted, not listed. */
const SUPERVISORS_SHOWN = 6

const NO_ALERTS: Alert[] = []
const NO_PRESENCE: MyPresence[] = []

function useWallboardFigures(): WallboardFigures {
  const qc = useQueryClient()
  const now = useNow()
  const board = useBoardEntries()
  const alerts = useQuery(alertsQuery()).data ?? NO_ALERTS
  const mine = useQuery(mineQuery()).data ?? NO_PRESENCE
  return useMemo(() => {
    // The board's entries name every call in the store; each call's state is its own key.
    const mpcs = board.flatMap((e) => qc.getQueryData<MpcState>(deskKeys.mpc(e.mpcUuid)) ?? [])
    return wallboardFigures(mpcs, alerts, mine, now)
  }, [qc, now, board, alerts, mine])
}

const pct = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`)

function Tile({
  label,
  value,
  testId,
  tone,
  children,
}: {
  label: string
  value: string | number
  testId: string
  tone?: 'alert' | 'warn' | undefined
  children?: React.ReactNode
}) {
  return (
    <section className={`wb-tile${tone ? ` wb-${tone}` : ''}`} aria-label={label}>
      <h2 className="wb-label">{label}</h2>
      <p className="wb-value" data-testid={testId}>
        {value}
      </p>
      {children}
    </section>
  )
}

export function Wallboard() {
  const f = useWallboardFigures()
  const busiest = Math.max(1, ...f.queues.map((q) => q.calls))
  const customers = pct(f.talkShare?.customers ?? null)
  return (
    <div className="wallboard" data-testid="wallboard">
      <div className="wb-grid">
        <Tile
          label="Calls waiting"
          value={f.waiting}
          testId="wb-waiting"
          tone={f.waiting > 0 ? 'warn' : undefined}
        >
          <p className="wb-sub">
            Longest{' '}
            <strong data-testid="wb-longest-wait">
              {f.longestWaitMs === null ? '–' : formatDuration(f.longestWaitMs)}
            </strong>
          </p>
        </Tile>
        <Tile label="Active calls" value={f.activeCalls} testId="wb-active">
          <p className="wb-sub wb-kinds">
            <span className="wb-kind role-agent">
              Human agent <strong data-testid="wb-human">{f.byKind.human}</strong>
            </span>
            <span className="wb-kind role-ai-agent">
              AI agent <strong data-testid="wb-ai">{f.byKind.ai}</strong>
            </span>
            <span className="wb-kind">
              No agent <strong data-testid="wb-no-agent">{f.byKind.none}</strong>
            </span>
          </p>
        </Tile>
        <Tile
          label="Customers on hold"
          value={f.customersOnHold}
          testId="wb-on-hold"
          tone={f.customersOnHold > 0 ? 'warn' : undefined}
        />
        <Tile label="Recording" value={pct(f.recordingShare)} testId="wb-recording">
          <p className="wb-sub">
            <span data-testid="wb-recording-calls">{f.recordingCalls}</span> of {f.activeCalls}{' '}
            calls
          </p>
        </Tile>
        <Tile
          label="Agent talk share"
          value={f.talkShare ? pct(f.talkShare.agents) : '–'}
          testId="wb-talk-agents"
        >
          {f.talkShare && (
            <>
              <div
                className="wb-bar"
                role="img"
                aria-label={`Agents ${pct(f.talkShare.agents)}, customers ${customers}`}
              >
                <span className="seg role-agent" style={{ width: pct(f.talkShare.agents) }} />
                <span className="seg role-customer" style={{ width: pct(f.talkShare.customers) }} />
              </div>
              <p className="wb-sub">
                Customers{' '}
                <strong data-testid="wb-talk-customers">{pct(f.talkShare.customers)}</strong> ·
                average of {f.talkShare.calls} calls
              </p>
            </>
          )}
        </Tile>
      </div>
      <div className="wb-lists">
        <section className="wb-tile wb-list-tile" aria-label="Calls with alerts">
          <h2 className="wb-label">Calls with alerts</h2>
          <ul className="wb-list">
            {ALERT_KINDS.map((kind) => (
              <li
                key={kind}
                className={f.alertCalls[kind] > 0 ? 'wb-hot' : undefined}
                data-testid="wb-alert"
                data-kind={kind}
              >
                <span>{ALERT_LABEL[kind]}</span>
                <strong>{f.alertCalls[kind]}</strong>
              </li>
            ))}
          </ul>
        </section>
        <section className="wb-tile wb-list-tile" aria-label="Calls per queue">
          <h2 className="wb-label">Calls per queue</h2>
          {f.queues.length === 0 && <p className="wb-sub">No calls</p>}
          <ul className="wb-list">
            {f.queues.map((q) => (
              <li key={q.queue} data-testid="wb-queue" data-queue={q.queue}>
                <span className="wb-queue-name">{q.queue}</span>
                <span className="wb-queue-bar" aria-hidden="true">
                  <i style={{ width: `${(q.calls / busiest) * 100}%` }} />
                </span>
                <strong data-testid="wb-queue-calls">{q.calls}</strong>
                <span className="wb-queue-waiting">
                  {q.waiting > 0 ? `${q.waiting} waiting` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section className="wb-tile wb-list-tile" aria-label="Supervisors on calls">
          <h2 className="wb-label">Supervisors on calls</h2>
          {f.supervisors.length === 0 && <p className="wb-sub">Nobody is supervising a call</p>}
          <ul className="wb-list">
            {f.supervisors.slice(0, SUPERVISORS_SHOWN).map((s) => (
              <li
                key={`${s.mpcUuid}:${s.memberId}`}
                data-testid="wb-supervisor"
                data-mpc={s.mpcUuid}
                data-member={s.memberId}
                data-mode={s.mode}
              >
                <span className="wb-call" title={s.callName}>
                  {s.callName}
                </span>
                {/* The tile's heading says these are supervisors: the id is enough. */}
                <span className="wb-who" aria-label={`Supervisor ${s.memberId}`}>
                  {s.memberId}
                  {s.you ? ' (you)' : ''}
                </span>
                <span className={`wb-mode mode-${s.mode}`}>{MODE_LABEL[s.mode]}</span>
              </li>
            ))}
          </ul>
          {f.supervisors.length > SUPERVISORS_SHOWN && (
            <p className="wb-sub">and {f.supervisors.length - SUPERVISORS_SHOWN} more</p>
          )}
        </section>
      </div>
    </div>
  )
}
