/**
 * The flags each supervisor mode asks of Plivo, and what a switch between modes sends. Kept apart
 * from the command runner because the join, the take-over and the mode applied after a ringing
 * join all switch modes, and the beep rule below must hold for every one of them.
 */
import type { UpdateParticipantParams } from '../../mpc/plivo-types'
import type { SupervisorMode } from '../../preload/api'

/** What each mode asks of Plivo (DESIGN §5; plivo-mpc.md §5 "Coach mode"). */
export const MODE_FLAGS: Record<SupervisorMode, { coachMode: boolean; mute: boolean }> = {
  /** Hears everyone, heard by no one. */
  listen: { coachMode: true, mute: true },
  /** Heard by the agents only. */
  coach: { coachMode: true, mute: false },
  /** Heard by everyone. */
  barge: { coachMode: false, mute: false },
}

/**
 * What a switch from one mode to another sends: only the flags that differ, plus
 * `disable_state_change_sound`. Plivo plays `beep:1` into the call on every `coach_mode` change
 * (plivo-mpc.md §1.3 (8)), which would tell the customer a silent monitor is there. Sending only
 * what changes keeps `coach_mode` out of listen ↔ coach entirely. For the switches that do
 * change it (to or from barge), `disable_state_change_sound` is Plivo's only way to ask for no
 * beep, and how far it can be relied on is uncertain: the Node SDK sends it since 4.73.0 (its
 * CHANGELOG: "Support `disable_state_change_sound` in MPC - Update participant state API"; 4.79
 * passes it through unvalidated), while Plivo's API reference pages stored here do not list it,
 * and a search of the stored docs and code found nothing more. So the help overlay says
 * "switching to or from barge may play a beep".
 */
export function switchParams(from: SupervisorMode, to: SupervisorMode): UpdateParticipantParams {
  const before = MODE_FLAGS[from]
  const after = MODE_FLAGS[to]
  return {
    ...(before.coachMode !== after.coachMode ? { coachMode: after.coachMode } : {}),
    ...(before.mute !== after.mute ? { mute: after.mute } : {}),
    disableStateChangeSound: true,
  }
}
