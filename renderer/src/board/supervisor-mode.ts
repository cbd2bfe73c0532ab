/**
 * What a supervisor member is doing, from their coach-mode and mute facts. A module of its own
 * (no React): the wallboard's figures use it too, and they run under Node in the benchmarks.
 */
import type { SupervisorMode } from '../../../preload/api'
import type { ParticipantState } from '../../../preload/domain'

export function supervisorMode(p: ParticipantState): SupervisorMode {
  if (!p.coachMode.value) return 'barge'
  return p.mute.value ? 'listen' : 'coach'
}
