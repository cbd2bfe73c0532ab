/**
 * Optimistic command effects, kept beside the server state rather than written into it.
 *
 * A command's effect arrives later as a Plivo event. Until then the card shows what the
 * supervisor asked for (muted at once, "ringing your phone…" on join) from these pending ops.
 * Keeping them apart means a patch for the same call cannot wipe them out (no flicker), and a
 * rollback removes exactly one op without touching anything the server said meanwhile. An op
 * leaves when the server state confirms it, when the command fails (rollback), or a while after
 * Plivo accepted it if the confirming event never came (then the server's truth shows).
 */
import type { Command, MyPresence } from '../../../preload/api'
import type { MpcState, RecordingStatus } from '../../../preload/domain'

export interface PendingOp {
  id: string
  command: Command
  /** Wall-clock time the supervisor issued it. */
  at: number
  /** Plivo accepted it; waiting for the event that shows its effect. */
  accepted: boolean
}

/** How long an accepted op may wait for its confirming event before the server's truth shows. */
export const ACCEPTED_OP_TTL_MS = 15_000

export interface OptimisticView {
  mpc: MpcState
  presence: MyPresence | undefined
  /** Members a kick is pending for. */
  kicking: ReadonlySet<string>
  ending: boolean
  leaving: boolean
  /** A join or mode switch is in flight (not yet accepted by Plivo). */
  dialling: boolean
}

const RECORDING_TARGET: Record<'start' | 'stop' | 'pause' | 'resume', RecordingStatus> = {
  start: 'recording',
  stop: 'not-recording',
  pause: 'paused',
  resume: 'recording',
}

/** The call as the supervisor should see it: server state with pending ops laid over it. */
export function optimisticView(
  mpc: MpcState,
  presence: MyPresence | undefined,
  ops: readonly PendingOp[] | undefined,
): OptimisticView {
  const view: OptimisticView = {
    mpc,
    presence,
    kicking: new Set(),
    ending: false,
    leaving: false,
    dialling: false,
  }
  if (!ops || ops.length === 0) return view
  let next = mpc
  const kicking = new Set<string>()
  for (const op of ops) {
    const c = op.command
    switch (c.type) {
      case 'mute':
      case 'unmute':
      case 'hold':
      case 'unhold': {
        const p = next.participants[c.memberId]
        if (!p) break
        const flag = { value: c.type === 'mute' || c.type === 'hold', at: op.at }
        const field = c.type === 'mute' || c.type === 'unmute' ? 'mute' : 'hold'
        next = {
          ...next,
          participants: { ...next.participants, [c.memberId]: { ...p, [field]: flag } },
        }
        break
      }
      case 'kick':
        kicking.add(c.memberId)
        break
      case 'recording':
        next = {
          ...next,
          recording: { ...next.recording, status: RECORDING_TARGET[c.action], at: op.at },
        }
        break
      case 'end':
        view.ending = true
        break
      case 'join':
        view.dialling ||= !op.accepted
        view.leaving = false
        view.presence =
          view.presence && view.presence.status === 'joined'
            ? { ...view.presence, mode: c.mode }
            : { mpcUuid: c.mpcUuid, mode: c.mode, status: 'ringing', since: op.at }
        break
      case 'take-over': {
        // A hand-off to an agent endpoint does not move the supervisor: main reports it alone.
        if (c.endpoint !== undefined) break
        // A take-over is a barge join whose AI member goes once the phone joined.
        view.dialling ||= !op.accepted
        view.leaving = false
        const joined = view.presence?.status === 'joined' ? view.presence : undefined
        const takeOver = { aiMemberId: c.aiMemberId, then: c.then }
        view.presence = joined
          ? { ...joined, mode: 'barge', takeOver: { ...takeOver, status: 'removing' } }
          : {
              mpcUuid: c.mpcUuid,
              mode: 'barge',
              status: 'ringing',
              since: op.at,
              takeOver: { ...takeOver, status: 'pending' },
            }
        break
      }
      case 'leave':
        view.leaving = true
        view.presence = undefined
        break
    }
  }
  view.mpc = next
  view.kicking = kicking
  return view
}

/** True once the server state shows the op's effect, so the op can go. */
export function isConfirmed(
  op: PendingOp,
  mpc: MpcState | undefined,
  presence: MyPresence | undefined,
): boolean {
  const c = op.command
  if (!mpc) return true // the call is gone: nothing left to show
  switch (c.type) {
    case 'mute':
    case 'unmute': {
      const p = mpc.participants[c.memberId]
      return !p || p.leftAt !== undefined || p.mute.value === (c.type === 'mute')
    }
    case 'hold':
    case 'unhold': {
      const p = mpc.participants[c.memberId]
      return !p || p.leftAt !== undefined || p.hold.value === (c.type === 'hold')
    }
    case 'kick': {
      const p = mpc.participants[c.memberId]
      return !p || p.leftAt !== undefined
    }
    case 'recording':
      return mpc.recording.status === RECORDING_TARGET[c.action]
    case 'end':
      return mpc.status === 'ended'
    case 'join':
      // Main reports the join itself (ringing, joined or failed) in the mode asked for.
      // A failure left over from an earlier attempt does not count.
      return (
        presence !== undefined &&
        presence.mode === c.mode &&
        (presence.status !== 'failed' || presence.since >= op.at)
      )
    case 'take-over':
      // A hand-off is main's to report (its own list) once Plivo accepted the dial.
      if (c.endpoint !== undefined) return op.accepted
      // Main reports the take-over on the presence (pending, removing, done or failed).
      return (
        presence?.takeOver?.aiMemberId === c.aiMemberId &&
        (presence.status !== 'failed' || presence.since >= op.at)
      )
    case 'leave':
      return presence === undefined || presence.status === 'failed'
  }
}

/**
 * One call's ops with `op` added. A leave supersedes the joins and mode switches issued before
 * it: once the supervisor is off the call there is no presence left to confirm them, so kept
 * they would show "ringing your phone…" until they time out.
 */
export function withOp(ops: readonly PendingOp[], op: PendingOp): PendingOp[] {
  const kept =
    op.command.type === 'leave'
      ? ops.filter((o) => o.command.type !== 'join' && !isTakeOverJoin(o.command))
      : ops
  return [...kept, op]
}

/**
 * One call's ops the server state does not confirm yet (the same array when nothing settles).
 * A confirmed leave also settles the joins issued before it: my absence is their answer.
 */
export function unsettledOps(
  ops: PendingOp[],
  mpc: MpcState | undefined,
  presence: MyPresence | undefined,
): PendingOp[] {
  const confirmed = ops.map((op) => isConfirmed(op, mpc, presence))
  let lastLeave = -1
  ops.forEach((op, i) => {
    if (op.command.type === 'leave' && confirmed[i]) lastLeave = i
  })
  const left = ops.filter(
    (op, i) =>
      !confirmed[i] &&
      !(i < lastLeave && (op.command.type === 'join' || isTakeOverJoin(op.command))),
  )
  return left.length === ops.length ? ops : left
}

/** A take-over that dials the supervisor (not a hand-off to an agent endpoint). */
function isTakeOverJoin(c: Command): boolean {
  return c.type === 'take-over' && c.endpoint === undefined
}

let counter = 0
export function newPendingOp(command: Command, now: number): PendingOp {
  counter += 1
  return { id: `op-${now}-${counter}`, command, at: now, accepted: false }
}
