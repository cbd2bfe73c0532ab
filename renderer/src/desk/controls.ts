/**
 * When each control may be used, in one place: the buttons (disabled when blocked) and the
 * keyboard shortcuts (which say why instead of sending) both ask here, so a key can never do
 * what its button would refuse — e.g. `r` starting a recording on a call that has ended.
 *
 * Each function returns why the action is not possible now, or null when it is.
 */
import type { ParticipantState } from '../../../preload/domain'
import type { SupervisorMode } from '../../../preload/api'
import type { OptimisticView } from './optimistic'

export type RecordingAction = 'start' | 'stop' | 'pause' | 'resume'

const MODE_DOING: Record<SupervisorMode, string> = {
  listen: 'listening',
  coach: 'coaching',
  barge: 'barging',
}

function callOver(view: OptimisticView): string | null {
  if (view.mpc.status === 'ended') return 'This call has ended.'
  if (view.ending) return 'This call is ending.'
  return null
}

/** The supervisor is on the call (ringing or joined); a failed join is not being on it. */
function onCall(view: OptimisticView) {
  return view.presence && view.presence.status !== 'failed' ? view.presence : undefined
}

/** Listen / coach / barge, or switching to that mode. */
export function joinBlock(view: OptimisticView, mode: SupervisorMode): string | null {
  const over = callOver(view)
  if (over) return over
  if (view.leaving) return 'You are leaving this call.'
  if (view.dialling) return 'Your phone is already being dialled for this call.'
  if (onCall(view)?.mode === mode) return `You are already ${MODE_DOING[mode]} on this call.`
  return null
}

/** The AI agent a take-over would replace: the first AI member still on the call. */
export function aiMemberOf(view: OptimisticView): ParticipantState | undefined {
  return Object.values(view.mpc.participants).find(
    (p) => p.role === 'ai-agent' && p.leftAt === undefined,
  )
}

/** Take over from the call's AI agent (barge in, then the AI leaves the line). */
export function takeOverBlock(view: OptimisticView): string | null {
  const over = callOver(view)
  if (over) return over
  if (view.leaving) return 'You are leaving this call.'
  if (!aiMemberOf(view)) return 'There is no AI agent on this call.'
  if (view.dialling || view.presence?.status === 'ringing') {
    return 'Your phone is already being dialled for this call.'
  }
  const status = view.presence?.takeOver?.status
  if (status === 'pending' || status === 'removing') return 'A take-over is already under way.'
  return null
}

export function leaveBlock(view: OptimisticView): string | null {
  if (!onCall(view)) return 'You are not on this call.'
  if (view.leaving) return 'You are already leaving this call.'
  return null
}

/** Recording controls (detail view), as Plivo allows them from the call's recording state. */
export function recordingBlock(view: OptimisticView, action: RecordingAction): string | null {
  if (view.mpc.status === 'ended') return 'This call has ended.'
  const status = view.mpc.recording.status
  const recording = status === 'recording'
  const paused = status === 'paused'
  switch (action) {
    case 'start':
      return recording || paused ? 'This call is already being recorded.' : null
    case 'stop':
      return recording || paused ? null : 'This call is not recording.'
    case 'pause':
      return recording
        ? null
        : paused
          ? 'Recording is already paused.'
          : 'This call is not recording.'
    case 'resume':
      return paused ? null : 'Recording is not paused.'
  }
}

export function endBlock(view: OptimisticView): string | null {
  return callOver(view)
}

/** Mute / unmute, hold / unhold, remove: the member must still be on a live call. */
export function memberBlock(view: OptimisticView, p: ParticipantState): string | null {
  const over = callOver(view)
  if (over) return over
  if (view.kicking.has(p.memberId)) return 'This participant is being removed.'
  // Present as metrics count it: not seen leaving.
  if (p.leftAt !== undefined) return 'This participant has left the call.'
  return null
}
