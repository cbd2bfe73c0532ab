/** One call on the board. Subscribes to its own keys only, so it re-renders alone. */
import { useQueryClient } from '@tanstack/react-query'
import { memo } from 'react'
import { mpcMetrics, participantMetrics } from '../../../preload/domain'
import { useCallActions } from '../desk/actions'
import { useCallAlerts, useCallFailure, useCallSource, useCallView } from '../desk/hooks'
import { liveFactsAt, useFeedDownSince } from '../desk/live-feed'
import { deskKeys } from '../desk/queries'
import { useNow } from '../lib/clock'
import { formatClock, formatDuration, mpcLabel } from '../lib/format'
import {
  AlertList,
  FailureNote,
  isMyMember,
  JoinControls,
  ParticipantChip,
  PresenceMark,
  RecordingBadge,
  StatusBadge,
  TalkShareBar,
} from './call-parts'
import { HandOffStatus } from './HandOff'

export interface CallCardProps {
  mpcUuid: string
  focused: boolean
  /** The focused participant, only when this card is focused. */
  focusedMember: string | null
  onFocusCall: (mpcUuid: string) => void
  onFocusMember: (mpcUuid: string, memberId: string) => void
  onOpen: (mpcUuid: string) => void
}

export const CallCard = memo(function CallCard({
  mpcUuid,
  focused,
  focusedMember,
  onFocusCall,
  onFocusMember,
  onOpen,
}: CallCardProps) {
  const view = useCallView(mpcUuid)
  const alerts = useCallAlerts(mpcUuid)
  const failure = useCallFailure(mpcUuid)
  const source = useCallSource(mpcUuid)
  const actions = useCallActions()
  const qc = useQueryClient()
  const now = useNow()
  const feedDownSince = useFeedDownSince()
  if (!view) return null
  const { mpc } = view
  const name = mpcLabel(mpc)
  const metrics = mpcMetrics(mpc, now)
  // Stale (main's threshold: no callback and no REST confirmation for two reconcile rounds): the
  // card says so. Then, and for every call while the live feed is down (the banner says that),
  // what only live callbacks tell (speaking, a talk share that grows with an open speech) is
  // shown as of when it was last known instead of as if it were still true now.
  const quietSince =
    mpc.status !== 'ended' && source?.noUpdateSince !== undefined
      ? Math.min(source.noUpdateSince, now)
      : undefined
  const factsAt = liveFactsAt(mpc, source, feedDownSince, now)
  const talkShare = factsAt === undefined ? metrics.talkShare : mpcMetrics(mpc, factsAt).talkShare
  const present = Object.values(mpc.participants).filter(
    (p) => participantMetrics(p, now).present || view.kicking.has(p.memberId),
  )
  const classes = ['card']
  if (alerts.length > 0) classes.push('has-alert')
  if (focused) classes.push('focused')
  if (mpc.status === 'ended') classes.push('ended')
  if (view.presence && view.presence.status !== 'failed') classes.push('mine')
  if (quietSince !== undefined) classes.push('stale')

  return (
    <article
      className={classes.join(' ')}
      aria-label={`Call ${name}`}
      aria-current={focused ? 'true' : undefined}
      data-testid="call-card"
      data-mpc={mpcUuid}
      data-status={mpc.status}
      data-alerts={alerts.length}
      data-stale={quietSince !== undefined ? 'true' : undefined}
      onClick={() => onFocusCall(mpcUuid)}
    >
      <div className="card-head">
        <button
          type="button"
          className="card-title"
          aria-label={`Open details of ${name}`}
          data-testid="call-name"
          onClick={(e) => {
            e.stopPropagation()
            onOpen(mpcUuid)
          }}
        >
          {name}
        </button>
        <StatusBadge mpc={mpc} ending={view.ending} />
        {mpc.status === 'ended' && mpc.terminationCause && (
          <span className="ended-reason" data-testid="ended-reason">
            {mpc.terminationCause}
          </span>
        )}
        {quietSince !== undefined && (
          <span
            className="badge stale"
            data-testid="call-stale"
            title={`Nothing has confirmed this call since ${formatClock(quietSince)}: no callback, and Plivo's API could not be read. It may have ended.`}
          >
            No update for {quietFor(now - quietSince)}
          </span>
        )}
        <span className="age" title="Call age" data-testid="call-age">
          <span className="visually-hidden">Age </span>
          {formatDuration(metrics.ageMs)}
        </span>
        <RecordingBadge recording={mpc.recording} />
        {metrics.customerWaitMs !== null && (
          <span className="badge waiting" data-testid="customer-waiting">
            Customer waiting {formatDuration(metrics.customerWaitMs)}
          </span>
        )}
        <PresenceMark presence={view.presence} leaving={view.leaving} />
        {source?.from === 'rest' && quietSince === undefined && (
          <span
            className="badge source-rest"
            title="Read back from Plivo's API, not from a live callback"
          >
            from Plivo API
          </span>
        )}
        <JoinControls view={view} actions={actions} />
      </div>
      <HandOffStatus mpcUuid={mpcUuid} />
      <div className="card-body">
        <ul className="chips" aria-label="Participants">
          {present.map((p) => (
            <ParticipantChip
              key={p.memberId}
              p={p}
              now={now}
              kicking={view.kicking.has(p.memberId)}
              focused={focused && focusedMember === p.memberId}
              onFocus={() => onFocusMember(mpcUuid, p.memberId)}
              mpcUuid={mpcUuid}
              live={mpc.status !== 'ended' && !view.ending}
              stale={factsAt !== undefined}
              actions={actions}
              mine={isMyMember(p, view.presence)}
            />
          ))}
          {present.length === 0 && <li className="chip-empty">Nobody on the call</li>}
        </ul>
        <TalkShareBar mpc={mpc} share={talkShare} />
      </div>
      <AlertList alerts={alerts} />
      <FailureNote
        failure={failure}
        onDismiss={() => qc.setQueryData(deskKeys.failure(mpcUuid), null)}
      />
    </article>
  )
})

/** `40 s`, `12 min`, `2 h`: how long a card has gone without an update. */
function quietFor(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h`
}
