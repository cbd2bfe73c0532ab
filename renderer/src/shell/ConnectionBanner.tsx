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
  return (
    <div
      className={`conn conn-${state.status}`}
      role="status"
      data-testid="connection-banner"
      data-status={state.status}
    >
      <span className="conn-dot" aria-hidden="true" />
      <strong>{TEXT[state.status]}</strong>
      <span className="conn-age" data-testid="data-age">
        {dataAgeText(state, now)}
      </span>
      {state.status !== 'live' && state.reason && (
        <span className="conn-reason" title={state.reason}>
          {state.reason}
        </span>
      )}
    </div>
  )
}
