/**
 * Pieces of a call shown on both the board card and the detail view. Their icons (role, muted,
 * on hold, recording, alert) are drawn by the stylesheet, not inline SVG: a board card is built
 * every time it scrolls into view, and SVG subtrees were a fifth of the page's main-thread time
 * per frame while scrolling.
 */
import type {
  Alert,
  MpcSource,
  MyPresence,
  SupervisorMode,
  TakeOverState,
} from '../../../preload/api'
import { participantMetrics } from '../../../preload/domain'
import type { MpcState, ParticipantState, RecordingInfo } from '../../../preload/domain'
import type { CallActions } from '../desk/actions'
import { aiMemberOf, joinBlock, leaveBlock, memberBlock, takeOverBlock } from '../desk/controls'
import { useCallView } from '../desk/hooks'
import type { OptimisticView } from '../desk/optimistic'
import type { CommandFailure } from '../desk/queries'
import { describeCommand } from '../desk/commands'
import { formatAge, mpcLabel, roleLabel } from '../lib/format'
import { supervisorMode } from './supervisor-mode'
import { PhoneIcon } from '../shell/icons'
import { HandOffControl } from './HandOff'

const STATUS_TEXT: Record<MpcState['status'], string> = {
  initialized: 'Waiting to start',
  active: 'Active',
  ended: 'Ended',
}

export function StatusBadge({ mpc, ending }: { mpc: MpcState; ending: boolean }) {
  const text = ending && mpc.status !== 'ended' ? 'Ending…' : STATUS_TEXT[mpc.status]
  return (
    <span className={`badge status-${mpc.status}`} data-testid="call-status">
      {text}
    </span>
  )
}

const RECORDING_TEXT: Record<RecordingInfo['status'], string> = {
  recording: 'Recording',
  paused: 'Recording paused',
  'not-recording': 'Not recording',
}

export function RecordingBadge({ recording }: { recording: RecordingInfo }) {
  return (
    <span className={`badge rec rec-${recording.status}`} data-testid="recording-state">
      {RECORDING_TEXT[recording.status]}
    </span>
  )
}

const MODE_DOING: Record<SupervisorMode, string> = {
  listen: 'listening',
  coach: 'coaching',
  barge: 'barging',
}

/** The supervisor's own mark on a call: ringing, listening / coaching / barging, failed. */
export function PresenceMark({
  presence,
  leaving,
}: {
  presence: MyPresence | undefined
  leaving: boolean
}) {
  if (leaving) {
    return (
      <span className="presence presence-leaving" data-testid="my-presence" data-status="leaving">
        Leaving…
      </span>
    )
  }
  if (!presence) return null
  if (presence.status === 'ringing') {
    return (
      <span className="presence presence-ringing" data-testid="my-presence" data-status="ringing">
        <PhoneIcon className="ring" /> Ringing your phone…{' '}
        {presence.takeOver
          ? `to take over from AI agent ${presence.takeOver.aiMemberId}`
          : `(${presence.mode})`}
      </span>
    )
  }
  if (presence.status === 'failed') {
    return (
      <span
        className="presence presence-failed"
        data-testid="my-presence"
        data-status="failed"
        data-take-over={presence.takeOver ? 'failed' : undefined}
      >
        {presence.takeOver ? 'Take-over failed' : 'Join failed'}
        {presence.error ? `: ${presence.error}` : ''}
      </span>
    )
  }
  return (
    <span
      className={`presence presence-joined mode-${presence.mode}`}
      data-testid="my-presence"
      data-status="joined"
      data-mode={presence.mode}
    >
      You are {MODE_DOING[presence.mode]}
      {presence.takeOver && <TakeOverNote takeOver={presence.takeOver} />}
    </span>
  )
}

/** How a take-over from the AI agent went, beside "You are barging". */
function TakeOverNote({ takeOver }: { takeOver: TakeOverState }) {
  const ai = `AI agent ${takeOver.aiMemberId}`
  const text =
    takeOver.status === 'removing'
      ? `taking ${ai} off the line…`
      : takeOver.status === 'failed'
        ? (takeOver.error ?? `${ai} is still on the call.`)
        : takeOver.then === 'kick'
          ? `you took over from ${ai}`
          : `you took over; ${ai} is muted and on hold`
  return (
    <span
      className={`take-over-note take-over-${takeOver.status}`}
      data-testid="take-over-status"
      data-status={takeOver.status}
      role={takeOver.status === 'failed' ? 'alert' : undefined}
    >
      {' · '}
      {text}
      {takeOver.status === 'done' && takeOver.note ? ` (${takeOver.note})` : ''}
    </span>
  )
}

export function participantName(p: ParticipantState): string {
  return `${roleLabel(p.role)} ${p.memberId}`
}

/**
 * The desk's own member on a call: the one its presence names (MyPresence.memberId, known once
 * the supervisor's leg joined). A ringing or failed presence has no member on the call yet.
 */
export function isMyMember(p: ParticipantState, presence: MyPresence | undefined): boolean {
  return presence?.status === 'joined' && presence.memberId === p.memberId
}

/** A participant as a person reads it, with "(you)" on the supervisor's own leg. */
export function memberLabel(p: ParticipantState, mine: boolean): string {
  return mine ? `${participantName(p)} (you)` : participantName(p)
}

/**
 * Marks of one participant: speaking, muted, on hold, supervisor mode, removing. `stale`: the
 * call's data is out of date, so "speaking" (a live fact) is not claimed.
 */
export function ParticipantMarks({
  p,
  now,
  kicking,
  stale = false,
}: {
  p: ParticipantState
  now: number
  kicking: boolean
  stale?: boolean
}) {
  const m = participantMetrics(p, now)
  return (
    <span className="marks">
      {m.speakingNow && !stale && (
        <span className="mark speaking" data-testid="mark-speaking">
          <span className="speaking-bars" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          speaking
        </span>
      )}
      {m.muted && (
        <span className="mark muted" data-testid="mark-muted">
          muted
        </span>
      )}
      {m.onHold && (
        <span className="mark hold" data-testid="mark-hold">
          on hold
        </span>
      )}
      {p.role === 'supervisor' && m.present && (
        <span className="mark coach" data-testid="mark-coach" data-mode={supervisorMode(p)}>
          {MODE_DOING[supervisorMode(p)]}
        </span>
      )}
      {m.present && <AiStreamMark p={p} />}
      {kicking && <span className="mark removing">removing…</span>}
    </span>
  )
}

const AI_STREAM_MARK: Partial<Record<NonNullable<ParticipantState['aiStream']>['status'], string>> =
  { dropped: 'stream lost', stopped: 'stream stopped', degraded: 'stream slow' }

/** An AI agent's stream trouble (AI stream callbacks); nothing while it streams normally. */
function AiStreamMark({ p }: { p: ParticipantState }) {
  const stream = p.aiStream
  const text = stream && AI_STREAM_MARK[stream.status]
  if (!stream || !text) return null
  return (
    <span
      className={`mark ai-stream ai-stream-${stream.status}`}
      data-testid="mark-ai-stream"
      data-stream={stream.status}
      title={stream.reason}
    >
      {text}
    </span>
  )
}

export function ParticipantChip({
  p,
  now,
  kicking,
  focused,
  onFocus,
  mpcUuid,
  live,
  stale = false,
  actions,
  mine = false,
}: {
  p: ParticipantState
  now: number
  kicking: boolean
  focused: boolean
  onFocus: () => void
  mpcUuid: string
  /** The call is still on and the member can be acted on. */
  live: boolean
  /** The call's data is out of date (no live marks). */
  stale?: boolean
  actions: CallActions
  /** The supervisor's own leg (see isMyMember). */
  mine?: boolean
}) {
  return (
    <li className={`chip role-${p.role ?? 'unknown'}${focused ? ' focused' : ''}`}>
      <button
        type="button"
        className="chip-button"
        aria-pressed={focused}
        aria-label={`Select ${memberLabel(p, mine)}`}
        data-testid="participant"
        data-member={p.memberId}
        data-role={p.role ?? 'unknown'}
        onClick={(e) => {
          e.stopPropagation()
          onFocus()
        }}
      >
        <span className="chip-role">{roleLabel(p.role)}</span>
        <span className="chip-id">{p.memberId}</span>
        {mine && <span className="chip-you">(you)</span>}
      </button>
      <ParticipantMarks p={p} now={now} kicking={kicking} stale={stale} />
      {/* The selected participant's controls, right on the board (also m / h / x). */}
      {focused && (
        <ParticipantButtons
          p={p}
          mpcUuid={mpcUuid}
          live={live && !kicking}
          actions={actions}
          compact
        />
      )}
    </li>
  )
}

/** Mute / unmute, hold / unhold and remove (asks first) for one participant. */
export function ParticipantButtons({
  p,
  mpcUuid,
  live,
  actions,
  compact = false,
}: {
  p: ParticipantState
  mpcUuid: string
  live: boolean
  actions: CallActions
  compact?: boolean
}) {
  const who = participantName(p)
  // The same rule the m / h / x shortcuts obey (desk/controls.ts); `live` is the caller's view.
  const view = useCallView(mpcUuid)
  const blocked = !live || !view || memberBlock(view, p) !== null
  const muted = p.mute.value
  const held = p.hold.value
  const id = (name: string) => (compact ? `chip-${name}` : name)
  const stop = (run: () => void) => (e: React.MouseEvent) => {
    e.stopPropagation()
    run()
  }
  return (
    <span className="participant-buttons">
      <button
        type="button"
        disabled={blocked}
        onClick={stop(() =>
          actions.run({ type: muted ? 'unmute' : 'mute', mpcUuid, memberId: p.memberId }),
        )}
        aria-label={`${muted ? 'Unmute' : 'Mute'} ${who}`}
        data-testid={id(muted ? 'unmute' : 'mute')}
      >
        {muted ? 'Unmute' : 'Mute'}
      </button>
      <button
        type="button"
        disabled={blocked}
        onClick={stop(() =>
          actions.run({ type: held ? 'unhold' : 'hold', mpcUuid, memberId: p.memberId }),
        )}
        aria-label={`${held ? 'Take off hold' : 'Hold'} ${who}`}
        data-testid={id(held ? 'unhold' : 'hold')}
      >
        {held ? 'Unhold' : 'Hold'}
      </button>
      <button
        type="button"
        className="danger-outline"
        disabled={blocked}
        onClick={stop(() => actions.kick(mpcUuid, p.memberId, who))}
        aria-label={`Remove ${who} from the call`}
        data-testid={id('kick')}
      >
        Remove
      </button>
    </span>
  )
}

/** Each member's share of the talking, as a stacked bar with a text equivalent. */
export function TalkShareBar({ mpc, share }: { mpc: MpcState; share: Record<string, number> }) {
  const total = Object.values(share).reduce((sum, v) => sum + Math.max(0, v), 0)
  if (total <= 0) {
    return (
      <div className="talkshare empty" data-testid="talk-share">
        <span className="talkshare-label">No talk yet</span>
      </div>
    )
  }
  const parts = Object.entries(share)
    .filter(([, v]) => v > 0)
    .map(([memberId, v]) => ({
      memberId,
      role: mpc.participants[memberId]?.role,
      fraction: v / total,
    }))
    .sort((a, b) => b.fraction - a.fraction)
  const pct = (f: number) => `${Math.round(f * 100)}%`
  const label = parts
    .map((part) => `${roleLabel(part.role)} ${part.memberId} ${pct(part.fraction)}`)
    .join(', ')
  return (
    <div className="talkshare" data-testid="talk-share" title={`Talk share: ${label}`}>
      <div className="talkshare-bar" role="img" aria-label={`Talk share: ${label}`}>
        {parts.map((part) => (
          <span
            key={part.memberId}
            className={`seg role-${part.role ?? 'unknown'}`}
            style={{ width: `${part.fraction * 100}%` }}
          />
        ))}
      </div>
      <span className="talkshare-label" aria-hidden="true">
        {parts
          .slice(0, 2)
          .map((part) => `${roleLabel(part.role)} ${pct(part.fraction)}`)
          .join(' · ')}
      </span>
    </div>
  )
}

export function AlertList({ alerts }: { alerts: Alert[] }) {
  if (alerts.length === 0) return null
  return (
    <ul className="alerts" aria-label="Alerts" data-testid="call-alerts">
      {alerts.map((a) => (
        <li key={a.id} className={`alert alert-${a.kind}`} data-testid="alert" data-kind={a.kind}>
          {a.message}
        </li>
      ))}
    </ul>
  )
}

/** Where this call's data came from: live callbacks, or read back from Plivo's API, and when. */
export function SourceNote({ source, now }: { source: MpcSource | undefined; now: number }) {
  if (!source) return null
  const from = source.from === 'relay' ? 'live callbacks' : 'read back from Plivo'
  return (
    <span
      className={`source source-${source.from}`}
      data-testid="call-source"
      data-from={source.from}
    >
      Data: {from}, {formatAge(now - source.at)}
    </span>
  )
}

export function FailureNote({
  failure,
  onDismiss,
}: {
  failure: CommandFailure | null
  onDismiss: () => void
}) {
  if (!failure) return null
  return (
    <div className="failure" role="alert" data-testid="command-failure">
      <span>
        {describeCommand(failure.command, failure.memberRole)} failed: {failure.error.message}
      </span>
      <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss the error">
        Dismiss
      </button>
    </div>
  )
}

/**
 * "Take over" on a call with an AI agent: barge in and take the AI off the line once your phone
 * joined; the customer stays on the same call (main/services/take-over.ts).
 */
function TakeOverButton({ view, actions }: { view: OptimisticView; actions: CallActions }) {
  const ai = aiMemberOf(view)
  if (!ai) return null
  const blocked = takeOverBlock(view)
  return (
    <button
      type="button"
      className="mode take-over"
      aria-label={`Take over from AI agent ${ai.memberId} on ${mpcLabel(view.mpc)}`}
      title={blocked ?? 'Barge in, then remove the AI agent once your phone joined (Shift+T)'}
      data-testid="take-over"
      disabled={blocked !== null}
      onClick={(e) => {
        e.stopPropagation()
        actions.takeOver(view.mpc.mpcUuid, ai.memberId, 'kick')
      }}
    >
      Take over
    </button>
  )
}

/** Listen / coach / barge (or switch in place), and leave. */
export function JoinControls({ view, actions }: { view: OptimisticView; actions: CallActions }) {
  const { mpc, presence } = view
  const name = mpcLabel(mpc)
  const on = presence && presence.status !== 'failed' ? presence : undefined
  const modeButton = (mode: SupervisorMode, label: string) => {
    const current = on?.mode === mode
    return (
      <button
        type="button"
        className={`mode mode-${mode}${current ? ' current' : ''}`}
        aria-pressed={current}
        aria-label={
          on
            ? current
              ? `${label}: current mode on ${name}`
              : `Switch to ${label.toLowerCase()} on ${name}`
            : `${label} on ${name}`
        }
        data-testid={`join-${mode}`}
        // While a join is on its way to Plivo, a second click would dial twice (controls.ts).
        disabled={joinBlock(view, mode) !== null}
        onClick={(e) => {
          e.stopPropagation()
          actions.join(mpc.mpcUuid, mode)
        }}
      >
        {label}
      </button>
    )
  }
  return (
    <div className="join-controls" role="group" aria-label={`Join ${name}`}>
      {modeButton('listen', 'Listen')}
      {modeButton('coach', 'Coach')}
      {modeButton('barge', 'Barge')}
      <TakeOverButton view={view} actions={actions} />
      <HandOffControl view={view} />
      {on && (
        <button
          type="button"
          className="leave"
          aria-label={`Leave ${name}`}
          data-testid="leave"
          disabled={leaveBlock(view) !== null}
          onClick={(e) => {
            e.stopPropagation()
            actions.run({ type: 'leave', mpcUuid: mpc.mpcUuid })
          }}
        >
          Leave
        </button>
      )}
    </div>
  )
}
