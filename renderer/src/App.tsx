/**
 * The desk: header (views, connection, theme, help), the board with its filter and the detail
 * panel, the audit log and the settings; keyboard shortcuts over all of it.
 */
import { useQuery } from '@tanstack/react-query'
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
} from 'react'
import type { MyPresence } from '../../preload/api'
import { participantMetrics } from '../../preload/domain'
import type { MpcState } from '../../preload/domain'
import { AuditView } from './audit/AuditView'
import { Board } from './board/Board'
import { participantName } from './board/call-parts'
import { applyFilter, type BoardFilter, EMPTY_FILTER } from './board/filter'
import { FilterBar } from './board/FilterBar'
import { displayRows } from './board/grouping'
import { useHeldOrder } from './board/use-held-order'
import { CallDetail } from './detail/CallDetail'
import { useCallActions } from './desk/actions'
import {
  aiMemberOf,
  endBlock,
  joinBlock,
  leaveBlock,
  memberBlock,
  recordingBlock,
  takeOverBlock,
} from './desk/controls'
import { useBoardEntries } from './desk/hooks'
import { optimisticView } from './desk/optimistic'
import { deskKeys, pendingQuery, settingsQuery, snapshotQuery } from './desk/queries'
import { useConnection, useDeskRuntime } from './desk/runtime'
import { mpcLabel } from './lib/format'
import { useTheme } from './lib/theme'
import { useToastStore } from './lib/toasts'
import { shortcutFor } from './keyboard/shortcuts'
import { ConfirmProvider, useConfirmOpen } from './shell/confirm'
import { ConnectionBanner, ConnectionNotice } from './shell/ConnectionBanner'
import { HelpOverlay } from './shell/HelpOverlay'
import { MoonIcon, SunIcon, SystemThemeIcon } from './shell/icons'
import { Toasts } from './shell/Toasts'
import { SettingsView } from './settings/SettingsView'
import { Wallboard } from './wallboard/Wallboard'
import { PolicyNotice } from './shell/PolicyNotice'
import { UpdateBadge } from './shell/UpdateBadge'
import { useUpdateStatus } from './desk/update-status'

type View = 'board' | 'audit' | 'settings' | 'wallboard'

export function App() {
  return (
    <ConfirmProvider>
      <Desk />
    </ConfirmProvider>
  )
}

/** Members present now, in the order the card shows them. */
function presentMembers(mpc: MpcState, now: number): string[] {
  return Object.values(mpc.participants)
    .filter((p) => participantMetrics(p, now).present)
    .map((p) => p.memberId)
}

function Desk() {
  const runtime = useDeskRuntime()
  const { api, queryClient: qc, sync, clock } = runtime
  const toasts = useToastStore()
  const snapshot = useQuery(snapshotQuery(sync.load))
  const settings = useQuery(settingsQuery(api))
  const update = useUpdateStatus()
  const connection = useConnection()
  const theme = useTheme()
  const actions = useCallActions()
  const confirmOpen = useConfirmOpen()

  const [view, setView] = useState<View>('board')
  const [helpOpen, setHelpOpen] = useState(false)
  const [filter, setFilter] = useState<BoardFilter>(EMPTY_FILTER)
  const [focus, setFocus] = useState<{ mpc: string | null; member: string | null }>({
    mpc: null,
    member: null,
  })
  const focusedMpc = focus.mpc
  const focusedMember = focus.member
  const setFocusedMember = (member: string | null) => setFocus((f) => ({ ...f, member }))
  const [detailOpen, setDetailOpen] = useState(false)
  const searchRef = useRef<HTMLInputElement>(null)

  const all = useBoardEntries()
  const deferredFilter = useDeferredValue(filter)
  const shown = useMemo(() => applyFilter(all, deferredFilter), [all, deferredFilter])
  // What the board displays: `shown`, or its order held while the supervisor points at it.
  const order = useHeldOrder(shown, all, deferredFilter)
  // The denser views for big floors: one line per call, and calls grouped by queue.
  const [compact, setCompact] = useState(false)
  const [grouped, setGrouped] = useState(false)
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set())
  const rows = useMemo(
    () => displayRows(order.rows, grouped, collapsed),
    [order.rows, grouped, collapsed],
  )
  const toggleGroup = useCallback((queue: string) => {
    setCollapsed((prev) => {
      const next = new Set(prev)
      if (!next.delete(queue)) next.add(queue)
      return next
    })
  }, [])
  const alertCalls = useMemo(() => all.filter((e) => e.alertCount > 0).length, [all])
  const agents = useMemo(() => [...new Set(all.flatMap((e) => e.agents))].sort(), [all])

  // Moving to another call forgets the participant selected on the previous one.
  const focusCall = useCallback((mpcUuid: string) => {
    setFocus((f) => (f.mpc === mpcUuid ? f : { mpc: mpcUuid, member: null }))
  }, [])
  const focusMember = useCallback((mpcUuid: string, memberId: string) => {
    setFocus({ mpc: mpcUuid, member: memberId })
  }, [])
  const openCall = useCallback((mpcUuid: string) => {
    setFocus((f) => (f.mpc === mpcUuid ? f : { mpc: mpcUuid, member: null }))
    setDetailOpen(true)
  }, [])
  const closeDetail = useCallback(() => setDetailOpen(false), [])

  /** The focused call as the supervisor sees it (with pending commands), read on demand. */
  const focusedView = () => {
    if (!focusedMpc) return null
    const mpc = qc.getQueryData<MpcState>(deskKeys.mpc(focusedMpc))
    if (!mpc) return null
    const presence = qc
      .getQueryData<MyPresence[]>(deskKeys.mine())
      ?.find((p) => p.mpcUuid === focusedMpc)
    return optimisticView(mpc, presence, qc.getQueryData(pendingQuery().queryKey)?.[focusedMpc])
  }

  const needCall = () => {
    const v = focusedView()
    if (!v) toasts.push('info', 'Select a call first (j / k or click it).')
    return v
  }

  const needMember = () => {
    const v = needCall()
    if (!v) return null
    const p = focusedMember ? v.mpc.participants[focusedMember] : undefined
    if (!p || !participantMetrics(p, clock.now()).present) {
      toasts.push('info', 'Select a participant first ( [ / ] or click it).')
      return null
    }
    return { v, p }
  }

  /** A shortcut whose button is disabled: say why instead of acting. */
  const refused = (reason: string | null): boolean => {
    if (reason) toasts.push('info', reason)
    return reason !== null
  }

  /** j / k walk the calls in the order the board displays them. */
  const moveCall = (delta: number) => {
    const listed = rows.flatMap((r) => (r.kind === 'call' && !r.gone ? [r.entry] : []))
    if (listed.length === 0) return
    const at = focusedMpc ? listed.findIndex((e) => e.mpcUuid === focusedMpc) : -1
    const next =
      at < 0
        ? delta > 0
          ? 0
          : listed.length - 1
        : Math.min(listed.length - 1, Math.max(0, at + delta))
    const entry = listed[next]
    if (entry) focusCall(entry.mpcUuid)
  }

  const moveMember = (delta: number) => {
    const v = needCall()
    if (!v) return
    const members = presentMembers(v.mpc, clock.now())
    if (members.length === 0) return
    const at = focusedMember ? members.indexOf(focusedMember) : -1
    const next =
      at < 0 ? (delta > 0 ? 0 : members.length - 1) : (at + delta + members.length) % members.length
    setFocusedMember(members[next] ?? null)
  }

  const onShortcut = useEffectEvent((e: KeyboardEvent) => {
    if (confirmOpen || helpOpen) return // the open dialog handles its own keys
    if (
      e.key === 'Escape' &&
      e.target instanceof HTMLElement &&
      e.target.matches('input, textarea, select')
    ) {
      e.target.blur()
      return
    }
    const action = shortcutFor(e)
    if (!action) return
    const onBoard = view === 'board'
    const boardOnly = ![
      'search',
      'alerts-only',
      'view-board',
      'view-audit',
      'view-settings',
      'view-wallboard',
      'theme',
      'help',
      'close',
    ].includes(action)
    if (boardOnly && !onBoard) return
    e.preventDefault()
    switch (action) {
      case 'next-call':
        return moveCall(1)
      case 'prev-call':
        return moveCall(-1)
      case 'open-call':
        if (focusedMpc) setDetailOpen(true)
        else moveCall(1)
        return
      case 'next-member':
        return moveMember(1)
      case 'prev-member':
        return moveMember(-1)
      // Each key obeys its button's rule (desk/controls.ts): where the button is disabled the
      // key sends nothing and says why.
      case 'listen':
      case 'coach':
      case 'barge': {
        const v = needCall()
        if (!v || refused(joinBlock(v, action))) return
        return actions.join(v.mpc.mpcUuid, action)
      }
      case 'take-over':
      case 'take-over-hold': {
        const v = needCall()
        if (!v || refused(takeOverBlock(v))) return
        const ai = aiMemberOf(v)
        if (!ai) return
        const then = action === 'take-over' ? 'kick' : 'mute-hold'
        return actions.takeOver(v.mpc.mpcUuid, ai.memberId, then)
      }
      case 'leave': {
        const v = needCall()
        if (!v || refused(leaveBlock(v))) return
        return actions.run({ type: 'leave', mpcUuid: v.mpc.mpcUuid })
      }
      case 'mute':
      case 'hold': {
        const sel = needMember()
        if (!sel || refused(memberBlock(sel.v, sel.p))) return
        const { v, p } = sel
        const on = action === 'mute' ? p.mute.value : p.hold.value
        const type = action === 'mute' ? (on ? 'unmute' : 'mute') : on ? 'unhold' : 'hold'
        return actions.run({ type, mpcUuid: v.mpc.mpcUuid, memberId: p.memberId })
      }
      case 'kick': {
        const sel = needMember()
        if (!sel || refused(memberBlock(sel.v, sel.p))) return
        return actions.kick(sel.v.mpc.mpcUuid, sel.p.memberId, participantName(sel.p))
      }
      case 'recording': {
        const v = needCall()
        if (!v) return
        const s = v.mpc.recording.status
        const rec = s === 'recording' || s === 'paused' ? 'stop' : 'start'
        if (refused(recordingBlock(v, rec))) return
        return actions.run({ type: 'recording', mpcUuid: v.mpc.mpcUuid, action: rec })
      }
      case 'pause-recording': {
        const v = needCall()
        if (!v) return
        const rec = v.mpc.recording.status === 'paused' ? 'resume' : 'pause'
        if (refused(recordingBlock(v, rec))) return
        return actions.run({ type: 'recording', mpcUuid: v.mpc.mpcUuid, action: rec })
      }
      case 'end': {
        const v = needCall()
        if (!v || refused(endBlock(v))) return
        return actions.end(v.mpc.mpcUuid, mpcLabel(v.mpc))
      }
      case 'search':
        setView('board')
        // The input exists once the board view renders.
        requestAnimationFrame(() => searchRef.current?.focus())
        return
      case 'alerts-only':
        setView('board')
        return setFilter((f) => ({ ...f, alertsOnly: !f.alertsOnly }))
      case 'pause-sorting':
        return order.paused ? order.release('paused') : order.hold('paused')
      case 'view-board':
        return setView('board')
      case 'view-audit':
        return setView('audit')
      case 'view-settings':
        return setView('settings')
      case 'view-wallboard':
        return setView('wallboard')
      case 'theme':
        return theme.cycle()
      case 'help':
        return setHelpOpen(true)
      case 'close':
        if (detailOpen) setDetailOpen(false)
        else if (focusedMember) setFocusedMember(null)
        return
    }
  })

  // The tab title tells a supervisor in another window that calls need them.
  useEffect(() => {
    document.title = alertCalls > 0 ? `(${alertCalls}) Supervisor Desk` : 'Supervisor Desk'
  }, [alertCalls])

  useEffect(() => {
    const listener = (e: KeyboardEvent) => onShortcut(e)
    window.addEventListener('keydown', listener)
    return () => window.removeEventListener('keydown', listener)
  }, [])

  const demo = settings.data?.demo ?? connection?.demo ?? false
  const ThemeIcon =
    theme.choice === 'system' ? SystemThemeIcon : theme.choice === 'dark' ? MoonIcon : SunIcon
  const tab = (v: View, label: string, key: string) => (
    <button
      type="button"
      className={`tab${view === v ? ' current' : ''}`}
      aria-current={view === v ? 'page' : undefined}
      onClick={() => setView(v)}
      data-testid={`nav-${v}`}
    >
      {label} <kbd>{key}</kbd>
    </button>
  )

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">Supervisor Desk</h1>
        {demo && (
          <span
            className="demo-marker"
            data-testid="demo-marker"
            title="Demo mode: simulated calls, nothing reaches Plivo. Change it in Settings."
          >
            DEMO
          </span>
        )}
        <nav aria-label="Views" className="tabs">
          {tab('board', 'Board', '1')}
          {tab('audit', 'Audit log', '2')}
          {tab('settings', 'Settings', '3')}
          {tab('wallboard', 'Wallboard', '4')}
        </nav>
        <ConnectionBanner state={connection} />
        <div className="topbar-actions">
          <UpdateBadge
            status={update.status}
            onRestart={update.restart}
            restarting={update.restarting}
          />
          {alertCalls > 0 && (
            <button
              type="button"
              className="alert-count"
              onClick={() => {
                setView('board')
                setFilter((f) => ({ ...f, alertsOnly: true }))
              }}
              aria-label={`${alertCalls} ${alertCalls === 1 ? 'call' : 'calls'} with alerts: show only them`}
              data-testid="alert-count"
            >
              {alertCalls} call{alertCalls === 1 ? '' : 's'} alerting
            </button>
          )}
          <button
            type="button"
            className="icon-button"
            onClick={theme.cycle}
            aria-label={`Theme: ${theme.choice}${theme.choice === 'system' ? ` (${theme.resolved})` : ''}. Switch theme`}
            title={`Theme: ${theme.choice}`}
            data-testid="theme-toggle"
          >
            <ThemeIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => setHelpOpen(true)}
            aria-label="Keyboard shortcuts"
            data-testid="help-button"
          >
            ?
          </button>
        </div>
      </header>
      <ConnectionNotice state={connection} />
      <PolicyNotice problems={settings.data?.policy?.problems ?? []} />
      {snapshot.error && (
        <div className="load-error" role="alert">
          Could not load the calls: {snapshot.error.message}{' '}
          <button type="button" onClick={() => void snapshot.refetch()}>
            Try again
          </button>
        </div>
      )}
      <main className={`main view-${view}`}>
        {view === 'board' && (
          <div className={`board-view${detailOpen && focusedMpc ? ' with-detail' : ''}`}>
            <div className="board-column">
              <FilterBar
                ref={searchRef}
                filter={filter}
                onChange={setFilter}
                shown={shown.length}
                total={all.length}
                alertCalls={alertCalls}
                agents={agents}
                thresholds={settings.data?.thresholds}
                compact={compact}
                onCompact={setCompact}
                grouped={grouped}
                onGrouped={setGrouped}
              />
              <Board
                order={order}
                rows={rows}
                compact={compact}
                onToggleGroup={toggleGroup}
                ready={snapshot.isSuccess}
                totalCount={all.length}
                focusedMpc={focusedMpc}
                focusedMember={focusedMember}
                onFocusCall={focusCall}
                onFocusMember={focusMember}
                onOpen={openCall}
              />
            </div>
            {detailOpen && focusedMpc && (
              <CallDetail
                mpcUuid={focusedMpc}
                focusedMember={focusedMember}
                onFocusMember={focusMember}
                onClose={closeDetail}
              />
            )}
          </div>
        )}
        {view === 'audit' && <AuditView />}
        {view === 'settings' && <SettingsView />}
        {view === 'wallboard' && <Wallboard />}
      </main>
      <Toasts />
      {helpOpen && <HelpOverlay onClose={() => setHelpOpen(false)} />}
    </div>
  )
}
