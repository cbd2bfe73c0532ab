/**
 * The read-back diff of the reconcile (reconcile.ts): what REST says of one live MPC and its
 * participants, compared with what the store knows, becomes the synthetic events that bring the
 * store in line. Facts the store learned in the last `freshMs` are left alone and reported as
 * waiting: a REST read races the callbacks, and a callback newer than the read is the truth.
 * Pure, so it is tested on its own (reconcile.test.ts).
 */
import type { MpcEvent, ParticipantEventName } from '../../mpc/events'
import { plivoTimeToMs, type PlivoMpc, type PlivoParticipant } from '../../mpc/plivo-types'
import type { MpcState, ParticipantState } from '../../mpc/state'
import { exitUnlisted, mpcEvent, participantEvent, recordingEvent } from './reconcile-events'

/**
 * The time a fact read from REST at `readAt` (desk clock, ms) is stamped with: just before the
 * second it was read in. Plivo stamps callbacks in whole seconds, so a change made in the same
 * second as the read (possibly after the read saw the old value) carries `floor(readAt)`; a
 * millisecond read time would outrank it last-writer-wins and leave a stale mark, e.g. a coach
 * mark stuck after a switch to barge. A callback of that second wins, any older callback loses.
 */
export function restFactTime(readAt: number): number {
  return Math.floor(readAt / 1000) * 1000 - 1
}

export interface LiveDiff {
  /** Synthetic events that bring the store in line with REST. */
  events: MpcEvent[]
  /** Facts REST contradicts that are too fresh to overrule yet (what, for logs and tests). */
  waiting: string[]
}

/** Whether REST may overrule a fact last set at `factAt`; notes `what` as waiting if not. */
type WaitIfFresh = (factAt: number | undefined, what: string) => boolean

/** What it takes to bring `known` in line with what REST says of a live MPC. */
export function diffLive(
  known: MpcState | undefined,
  mpc: PlivoMpc,
  participants: PlivoParticipant[],
  readAt: number,
  freshMs: number,
): LiveDiff {
  const events: MpcEvent[] = []
  const waiting: string[] = []
  const stale = (at: number | undefined): boolean => at === undefined || at < readAt - freshMs
  const waitIfFresh: WaitIfFresh = (factAt, what) => {
    if (stale(factAt)) return true
    waiting.push(what)
    return false
  }
  const at = restFactTime(readAt)
  const created = plivoTimeToMs(mpc.creation_time) ?? at
  const started = plivoTimeToMs(mpc.start_time)

  if (!known) events.push(mpcEvent('MPCInitialized', mpc, created))
  if ((!known || known.status === 'initialized') && mpc.status === 'active') {
    events.push(mpcEvent('MPCStart', mpc, started ?? at))
  }

  const recording = mpc.recording
  const knownRecording = known?.recording.status ?? 'not-recording'
  if (
    recording !== null &&
    recording !== knownRecording &&
    (recording === 'recording' || recording === 'paused' || recording === 'not-recording') &&
    waitIfFresh(known?.recording.at, 'recording')
  ) {
    const name =
      recording === 'paused'
        ? 'MPCRecordingPaused'
        : recording === 'not-recording'
          ? 'MPCRecordingCompleted'
          : knownRecording === 'paused'
            ? 'MPCRecordingResumed'
            : 'MPCRecordingInitiated'
    events.push(recordingEvent(name, mpc, at))
  }

  const rest = new Map(participants.map((p) => [p.member_id, p]))
  for (const p of participants) {
    const present = p.exit_time === null
    const member = known?.participants[p.member_id]
    if (!present) {
      if (member && member.leftAt === undefined && member.joinedAt !== undefined) {
        events.push(participantEvent('ParticipantExit', mpc, p, plivoTimeToMs(p.exit_time) ?? at))
      }
      continue
    }
    if (member?.leftAt !== undefined) continue // member ids are not reused after an exit
    if (!member || member.joinedAt === undefined) {
      events.push(participantEvent('ParticipantJoin', mpc, p, plivoTimeToMs(p.join_time) ?? at))
    }
    events.push(...flagEvents(member, mpc, p, at, waitIfFresh))
  }
  for (const member of Object.values(known?.participants ?? {})) {
    if (member.leftAt !== undefined || member.joinedAt === undefined) continue
    if (rest.has(member.memberId)) continue
    if (!waitIfFresh(member.joinedAt, `${member.memberId} not listed`)) continue
    events.push(exitUnlisted(mpc, member, at))
  }
  return { events, waiting }
}

/** The mute / hold / coach-mode events that bring one listed member in line with REST. */
function flagEvents(
  member: ParticipantState | undefined,
  mpc: PlivoMpc,
  p: PlivoParticipant,
  at: number,
  waitIfFresh: WaitIfFresh,
): MpcEvent[] {
  const events: MpcEvent[] = []
  const check = (
    rest: boolean | null,
    fact: { value: boolean; at: number } | undefined,
    on: ParticipantEventName,
    off: ParticipantEventName,
  ): void => {
    if (rest === null) return
    const knownValue = fact?.value ?? false
    if (rest === knownValue) return
    if (!waitIfFresh(member ? fact?.at : undefined, `${p.member_id} ${on}`)) return
    events.push(participantEvent(rest ? on : off, mpc, p, at))
  }
  check(p.mute, member?.mute, 'ParticipantMute', 'ParticipantUnmute')
  check(p.hold, member?.hold, 'ParticipantHold', 'ParticipantUnhold')
  if (p.role === 'supervisor') {
    check(p.coach_mode, member?.coachMode, 'ParticipantCoachModeStart', 'ParticipantCoachModeStop')
  }
  return events
}
