/**
 * One call in full: every control, participants with their durations, talk and hold time,
 * recordings (with links once completed) and the event timeline.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { mpcMetrics, participantMetrics } from '../../../preload/domain'
import type { MpcState, ParticipantState } from '../../../preload/domain'
import {
  AlertList,
  FailureNote,
  isMyMember,
  JoinControls,
  memberLabel,
  ParticipantButtons,
  ParticipantMarks,
  participantName,
  PresenceMark,
  RecordingBadge,
  SourceNote,
  StatusBadge,
  TalkShareBar,
} from '../board/call-parts'
import { type CallActions, useCallActions } from '../desk/actions'
import { type RecordingAction, recordingBlock } from '../desk/controls'
import { useCallAlerts, useCallFailure, useCallSource, useCallView } from '../desk/hooks'
import type { OptimisticView } from '../desk/optimistic'
import { deskKeys } from '../desk/queries'
import { liveFactsAt, useFeedDownSince } from '../desk/live-feed'
import { useNow } from '../lib/clock'
import { formatClock, formatDuration, mpcLabel } from '../lib/format'
import { RoleIcon } from '../shell/icons'
import { isSpeechEvent, timelineText } from './timeline-text'

export interface CallDetailProps {
  mpcUuid: string
  focusedMember: string | null
  onFocusMember: (mpcUuid: string, memberId: string) => void
  onClose: () => void
}

export function CallDetail({ mpcUuid, focusedMember, onFocusMember, onClose }: CallDetailProps) {
  const view = useCallView(mpcUuid)
  const alerts = useCallAlerts(mpcUuid)
  const failure = useCallFailure(mpcUuid)
  const source = useCallSource(mpcUuid)
  const actions = useCallActions()
  const qc = useQueryClient()
  const now = useNow()
  const feedDownSince = useFeedDownSince()

  if (!view) {
    return (
      <aside className="detail" aria-label="Call details" data-testid="detail-panel">
        <div className="detail-head">
          <h2>Call gone</h2>
          <button type="button" onClick={onClose} aria-label="Close call details">
            Close
          </button>
        </div>
        <p className="muted-text">This call is no longer on the board.</p>
      </aside>
    )
  }
  const { mpc } = view
  const name = mpcLabel(mpc)
  const metrics = mpcMetrics(mpc, now)
  // Live-only facts (speaking, silence and overtalk now, talk share) as of when they were last
  // known, while the call is stale or the live feed is down (desk/live-feed.ts).
  const factsAt = liveFactsAt(mpc, source, feedDownSince, now)
  const liveMetrics = factsAt === undefined ? metrics : mpcMetrics(mpc, factsAt)
  const paused = factsAt === undefined ? '' : ' (live updates paused)'
  return (
    <aside
      className="detail"
      aria-label={`Details of ${name}`}
      data-testid="detail-panel"
      data-mpc={mpcUuid}
    >
      <div className="detail-head">
        <h2 data-testid="detail-name">{name}</h2>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close call details"
          data-testid="detail-close"
        >
          Close <kbd>Esc</kbd>
        </button>
      </div>
      <div className="detail-meta">
        <StatusBadge mpc={mpc} ending={view.ending} />
        <span className="age">Age {formatDuration(metrics.ageMs)}</span>
        <RecordingBadge recording={mpc.recording} />
        <PresenceMark presence={view.presence} leaving={view.leaving} />
        <SourceNote source={source} now={now} />
      </div>
      <dl className="detail-stats">
        <div>
          <dt>Customer waiting</dt>
          <dd>{metrics.customerWaitMs === null ? '—' : formatDuration(metrics.customerWaitMs)}</dd>
        </div>
        <div>
          <dt>Silence now</dt>
          <dd>
            {liveMetrics.silenceMs === null ? '—' : formatDuration(liveMetrics.silenceMs)}
            {paused}
          </dd>
        </div>
        <div>
          <dt>Overtalk now</dt>
          <dd>
            {liveMetrics.overtalkMs === null ? '—' : formatDuration(liveMetrics.overtalkMs)}
            {paused}
          </dd>
        </div>
        <div>
          <dt>Total silence</dt>
          <dd>{formatDuration(liveMetrics.totalSilenceMs)}</dd>
        </div>
        <div>
          <dt>Total overtalk</dt>
          <dd>{formatDuration(liveMetrics.totalOvertalkMs)}</dd>
        </div>
      </dl>
      <AlertList alerts={alerts} />
      <FailureNote
        failure={failure}
        onDismiss={() => qc.setQueryData(deskKeys.failure(mpcUuid), null)}
      />
      <section className="detail-section" aria-label="Your presence">
        <h3>Join</h3>
        <JoinControls view={view} actions={actions} />
      </section>
      <RecordingControls view={view} actions={actions} />
      <section className="detail-section" aria-label="Participants">
        <h3>Participants</h3>
        <TalkShareBar mpc={mpc} share={liveMetrics.talkShare} />
        <ParticipantTable
          view={view}
          now={now}
          stale={factsAt !== undefined}
          actions={actions}
          focusedMember={focusedMember}
          onFocusMember={(memberId) => onFocusMember(mpcUuid, memberId)}
        />
      </section>
      <Recordings mpc={mpc} />
      <Timeline mpc={mpc} />
      <section className="detail-section danger-zone" aria-label="End the call">
        <button
          type="button"
          className="danger"
          disabled={mpc.status === 'ended' || view.ending}
          onClick={() => actions.end(mpcUuid, name)}
          aria-label={`End ${name}`}
          data-testid="end-call"
        >
          End call <kbd>e</kbd>
        </button>
      </section>
    </aside>
  )
}

function RecordingControls({ view, actions }: { view: OptimisticView; actions: CallActions }) {
  const { mpc } = view
  // The same rule the r / p shortcuts obey (desk/controls.ts).
  const rec = (action: RecordingAction, label: string) => (
    <button
      type="button"
      disabled={recordingBlock(view, action) !== null}
      onClick={() => actions.run({ type: 'recording', mpcUuid: mpc.mpcUuid, action })}
      data-testid={`recording-${action}`}
      aria-label={`${label} on ${mpcLabel(mpc)}`}
    >
      {label}
    </button>
  )
  return (
    <section className="detail-section" aria-label="Recording">
      <h3>Recording</h3>
      <div className="button-row">
        {rec('start', 'Start recording')}
        {rec('pause', 'Pause recording')}
        {rec('resume', 'Resume recording')}
        {rec('stop', 'Stop recording')}
      </div>
    </section>
  )
}

function ParticipantTable({
  view,
  now,
  stale,
  actions,
  focusedMember,
  onFocusMember,
}: {
  view: OptimisticView
  now: number
  /** Live-only marks (speaking) are not claimed: see CallDetail. */
  stale: boolean
  actions: CallActions
  focusedMember: string | null
  onFocusMember: (memberId: string) => void
}) {
  const { mpc } = view
  const list = Object.values(mpc.participants).sort(
    (a, b) =>
      (a.joinedAt ?? Infinity) - (b.joinedAt ?? Infinity) || a.memberId.localeCompare(b.memberId),
  )
  if (list.length === 0) return <p className="muted-text">Nobody has joined yet.</p>
  return (
    <table className="participants" data-testid="participants-table">
      <thead>
        <tr>
          <th scope="col">Who</th>
          <th scope="col">Time</th>
          <th scope="col">Talk</th>
          <th scope="col">Hold</th>
          <th scope="col">
            <span className="visually-hidden">Controls</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {list.map((p) => (
          <ParticipantRow
            key={p.memberId}
            p={p}
            mpc={mpc}
            now={now}
            stale={stale}
            actions={actions}
            kicking={view.kicking.has(p.memberId)}
            mine={isMyMember(p, view.presence)}
            focused={focusedMember === p.memberId}
            onFocus={() => onFocusMember(p.memberId)}
          />
        ))}
      </tbody>
    </table>
  )
}

function ParticipantRow({
  p,
  mpc,
  now,
  stale,
  actions,
  kicking,
  mine,
  focused,
  onFocus,
}: {
  p: ParticipantState
  mpc: MpcState
  now: number
  stale: boolean
  actions: CallActions
  kicking: boolean
  mine: boolean
  focused: boolean
  onFocus: () => void
}) {
  const m = participantMetrics(p, now)
  const who = memberLabel(p, mine)
  // Exit causes are Plivo's sentences ("Kicked Out of Multiparty Call"): the note sits under the
  // name, where the row has room, is cut to two lines, and keeps the whole text in its title.
  const left =
    !m.present && p.leftAt !== undefined
      ? `left ${formatClock(p.leftAt)}${p.exitCause ? ` (${p.exitCause})` : ''}`
      : null
  const live = m.present && mpc.status !== 'ended' && !kicking
  const uuid = mpc.mpcUuid
  return (
    <tr
      className={`role-${p.role ?? 'unknown'}${focused ? ' focused' : ''}${m.present ? '' : ' gone'}`}
      data-testid="participant-row"
      data-member={p.memberId}
      aria-selected={focused}
      onClick={onFocus}
    >
      <td className="who-cell">
        <span className="who">
          <RoleIcon role={p.role} className="role-icon" />
          <span className="who-name" title={who} data-testid="participant-name">
            {who}
          </span>
        </span>
        <ParticipantMarks p={p} now={now} kicking={kicking} stale={stale} />
        {left && (
          <span className="left-note" title={left} data-testid="left-note">
            {left}
          </span>
        )}
      </td>
      <td>{formatDuration(m.durationMs)}</td>
      <td>{formatDuration(m.talkMs)}</td>
      <td>{formatDuration(m.holdMs)}</td>
      <td className="row-controls">
        <ParticipantButtons p={p} mpcUuid={uuid} live={live} actions={actions} />
      </td>
    </tr>
  )
}

function Recordings({ mpc }: { mpc: MpcState }) {
  const perMember = Object.values(mpc.participants).filter((p) => p.recording?.url)
  if (mpc.recordings.length === 0 && perMember.length === 0) return null
  return (
    <section className="detail-section" aria-label="Recordings">
      <h3>Recordings</h3>
      <ul className="recordings" data-testid="recordings">
        {mpc.recordings.map((r, i) => (
          <li key={r.recordingUuid ?? i}>
            {formatClock(r.at)} ·{' '}
            {r.durationSec !== undefined ? formatDuration(r.durationSec * 1000) : 'length unknown'}
            {r.format ? ` · ${r.format}` : ''}{' '}
            {r.url ? (
              <a
                href={r.url}
                target="_blank"
                rel="noreferrer noopener"
                data-testid="recording-link"
              >
                Open recording
              </a>
            ) : (
              <span className="muted-text">no link yet</span>
            )}
          </li>
        ))}
        {perMember.map((p) => (
          <li key={`member-${p.memberId}`}>
            {participantName(p)} ·{' '}
            <a
              href={p.recording?.url}
              target="_blank"
              rel="noreferrer noopener"
              data-testid="recording-link"
            >
              Open recording
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Timeline({ mpc }: { mpc: MpcState }) {
  const [hideSpeech, setHideSpeech] = useState(false)
  const entries = hideSpeech ? mpc.timeline.filter((e) => !isSpeechEvent(e.name)) : mpc.timeline
  return (
    <section className="detail-section" aria-label="Event timeline">
      <div className="section-head">
        <h3>Timeline</h3>
        <label className="field check">
          <input
            type="checkbox"
            checked={hideSpeech}
            onChange={(e) => setHideSpeech(e.target.checked)}
          />
          <span>
            Hide speaking events <span className="muted-text">(speech and audio)</span>
          </span>
        </label>
      </div>
      <ol className="timeline" data-testid="timeline" reversed>
        {[...entries].reverse().map((e, i) => (
          <li
            key={`${e.at}-${e.name}-${e.memberId ?? ''}-${i}`}
            data-testid="timeline-entry"
            data-event={e.name}
          >
            <time dateTime={new Date(e.at).toISOString()}>{formatClock(e.at)}</time>
            <span className={`tl-role role-${e.role ?? 'none'}`}>
              {e.role && <RoleIcon role={e.role} className="role-icon" />}
            </span>
            <span className="tl-text">
              {timelineText(e)}
              {e.detail && <span className="tl-detail"> — {e.detail}</span>}
            </span>
            <code className="tl-name">{e.name}</code>
          </li>
        ))}
        {entries.length === 0 && <li className="muted-text">No events yet.</li>}
      </ol>
    </section>
  )
}
