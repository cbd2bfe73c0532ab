/** Where the live data comes from and how old it is: live, reconnecting, resyncing or offline. */
import { useSyncExternalStore } from 'react'
import type { ConnectionState } from '../../../preload/api'
import { useDeskRuntime } from '../desk/runtime'
import { useNow } from '../lib/clock'
import { formatAge } from '../lib/format'

const TEXT: Record<ConnectionState['status'], string> = {
  live: 'Live',
  reconnecting: 'Reconnecting…',
  resyncing: 'Resyncing…',
  offline: 'Offline',
}

export function useConnection(): ConnectionState | null {
  const { connection } = useDeskRuntime()
  return useSyncExternalStore(connection.subscribe, connection.getSnapshot)
}

export function dataAgeText(state: ConnectionState, now: number): string {
  if (state.dataAt === null) return 'no data yet'
  const age = formatAge(now - state.dataAt)
  return state.status === 'live' ? `data ${age}` : `showing data from ${age}`
}

export function ConnectionBanner() {
  const state = useConnection()
  const now = useNow()
  if (!state) {
    return (
      <div
        className="conn conn-connecting"
        role="status"
        data-testid="connection-banner"
        data-status="connecting"
      >
        <span className="conn-dot" aria-hidden="true" />
        Connecting…
      </div>
    )
  }
  // Only the status is a live region: the age ticks every second and would otherwise be
  // announced every second.
  return (
    <div
      className={`conn conn-${state.status}`}
      data-testid="connection-banner"
      data-status={state.status}
      title={state.reason}
    >
      <span className="conn-dot" aria-hidden="true" />
      <strong role="status">{TEXT[state.status]}</strong>
      <span className="conn-age" data-testid="data-age">
        {dataAgeText(state, now)}
      </span>
    </div>
  )
}

const CONSEQUENCE: Record<Exclude<ConnectionState['status'], 'live'>, string> = {
  reconnecting: 'The board is frozen until the link is back; commands may fail meanwhile.',
  resyncing: 'Catching up on what happened meanwhile; the board updates in a moment.',
  offline: 'The board is not live; commands may fail.',
}

/** Under the header while not live: why, and what it means for the board. */
export function ConnectionNotice() {
  const state = useConnection()
  if (!state || state.status === 'live') return null
  return (
    <div
      className={`conn-notice conn-${state.status}`}
      role="alert"
      data-testid="connection-notice"
    >
      <strong>{TEXT[state.status]}</strong>
      {state.reason && <span data-testid="connection-reason">{state.reason}</span>}
      <span>{CONSEQUENCE[state.status]}</span>
    </div>
  )
}
