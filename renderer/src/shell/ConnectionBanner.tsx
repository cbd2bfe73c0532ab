/**
 * Where the live data comes from and how old it is: live, reconnecting, resyncing or offline.
 *
 * Each component takes the connection state as a prop (`null` until main first reports it):
 * shell/ sits below desk/ and does not reach into the runtime; `useConnection` in
 * desk/runtime.tsx is where callers read it.
 */
import type { ConnectionState } from '../../../preload/api'
import { useNow } from '../lib/clock'
import { formatAge } from '../lib/format'

const TEXT: Record<ConnectionState['status'], string> = {
  live: 'Live',
  reconnecting: 'Reconnecting…',
  resyncing: 'Resyncing…',
  offline: 'Offline',
}

export function dataAgeText(state: ConnectionState, now: number): string {
  if (state.dataAt === null) return 'no data yet'
  const age = formatAge(now - state.dataAt)
  return state.status === 'live' ? `data ${age}` : `showing data from ${age}`
}

export function ConnectionBanner({ state }: { state: ConnectionState | null }) {
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

/**
 * What not being live means for the board, true to what the desk is doing: while the live feed
 * is down, main still reads the calls back from Plivo's REST API, so the board is refreshed from
 * there (and says how long ago) rather than frozen; only when that fails too, or has not run,
 * does the board stand still. Returns the sentence and, separately, the age that ticks (kept out
 * of the announced text so a screen reader does not repeat the notice every second).
 */
export function consequenceText(
  state: ConnectionState,
  now: number,
): { text: string; age?: string } {
  if (state.status === 'resyncing') {
    return { text: 'Catching up on what happened meanwhile; the board updates in a moment.' }
  }
  const restAt = state.restAt ?? null
  if (state.restError !== undefined) {
    return {
      text: `Live updates are paused, and reading the calls from Plivo's API failed too (${state.restError}): the board is not being refreshed.`,
      ...(state.dataAt !== null
        ? { age: `Showing data from ${formatAge(now - state.dataAt)}.` }
        : {}),
    }
  }
  if (restAt !== null) {
    return {
      text: "Live updates are paused: the board is refreshed from Plivo's API instead, without who is speaking. Commands still go to Plivo.",
      age: `Last read from the API ${formatAge(now - restAt)}.`,
    }
  }
  if (state.status === 'reconnecting') {
    return { text: 'Live updates are paused: the board is not refreshed until the link is back.' }
  }
  return { text: 'The board is not live; commands may fail.' }
}

/** Shown while not live: alerts that only live callbacks can raise are off meanwhile. */
export const ALERTS_PAUSED_TEXT =
  'Silence and overtalk alerts are paused while live updates are down.'

/** Under the header while not live: why, and what it means for the board and its alerts. */
export function ConnectionNotice({ state }: { state: ConnectionState | null }) {
  const now = useNow()
  if (!state || state.status === 'live') return null
  const consequence = consequenceText(state, now)
  return (
    <div className={`conn-notice conn-${state.status}`} data-testid="connection-notice">
      <span role="alert" className="conn-notice-text">
        <strong>{TEXT[state.status]}</strong>
        {state.reason && <span data-testid="connection-reason">{state.reason}</span>}
        <span data-testid="connection-consequence">{consequence.text}</span>
      </span>
      {consequence.age && (
        <span className="conn-notice-age" data-testid="connection-refresh-age">
          {consequence.age}
        </span>
      )}
      <span className="conn-notice-paused" data-testid="alerts-paused">
        {ALERTS_PAUSED_TEXT}
      </span>
    </div>
  )
}

/**
 * The board's text when it has no call to show. Never "no live calls" while the desk is not
 * connected: an empty board then means "not known yet", and the notice says why.
 */
export function EmptyBoardText({
  filtered,
  state,
}: {
  filtered: boolean
  state: ConnectionState | null
}) {
  if (filtered) return <>No call matches the filter.</>
  if (!state) return <>Connecting to the relay…</>
  if (state.status === 'live') return <>No live calls right now.</>
  if (state.status === 'resyncing') return <>Catching up with the relay — calls show in a moment.</>
  return (
    <>
      Not connected to the relay — no calls to show yet.
      {state.reason && (
        <>
          <br />
          <span data-testid="board-empty-reason">{state.reason}</span>
        </>
      )}
    </>
  )
}
