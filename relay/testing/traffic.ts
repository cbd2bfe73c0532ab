/**
 * Raw callback params for relay tests: plausible MPC traffic with distinct event times, so every
 * callback is a distinct event for the reducer.
 */
import { randomUUID } from 'node:crypto'

/** `YYYY-MM-DD HH:mm:ss.SSS+00:00` (Plivo's format, with milliseconds). */
export function plivoTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '+00:00')
}

const ROLES = ['Customer', 'Agent', 'Supervisor'] as const

/**
 * `count` status callbacks for one MPC, starting at `startMs`, 10 ms apart: initialize, start,
 * three members join, then mutes, holds and speech; `end` closes it with MPCEnd.
 */
export function mpcTraffic(
  count: number,
  options: { mpcUuid?: string; startMs?: number; end?: boolean } = {},
): Record<string, string>[] {
  const mpcUuid = options.mpcUuid ?? randomUUID()
  const start = options.startMs ?? Date.now()
  const out: Record<string, string>[] = []
  const base = (i: number, name: string): Record<string, string> => ({
    EventName: name,
    EventTimestamp: plivoTime(start + i * 10),
    MPCUUID: mpcUuid,
    MPCName: `room-${mpcUuid.slice(0, 8)}`,
  })
  const cycle = [
    'ParticipantMute',
    'ParticipantUnmute',
    'ParticipantSpeakStart',
    'ParticipantSpeakStop',
    'ParticipantHold',
    'ParticipantUnhold',
  ]
  for (let i = 0; i < count; i++) {
    if (i === 0) out.push(base(i, 'MPCInitialized'))
    else if (i === 1) out.push(base(i, 'MPCStart'))
    else if (i < 5) {
      const role = ROLES[i - 2] ?? 'Agent'
      out.push({
        ...base(i, 'ParticipantJoin'),
        MemberID: String(100 + i - 2),
        ParticipantRole: role,
        ParticipantCallUUID: randomUUID(),
        ...(role === 'Supervisor' ? { ParticipantCoachMode: 'true' } : {}),
      })
    } else {
      out.push({
        ...base(i, cycle[(i - 5) % cycle.length] ?? 'ParticipantMute'),
        MemberID: String(100 + ((i - 5) % 3)),
      })
    }
  }
  if (options.end) out.push({ ...base(count, 'MPCEnd'), TerminationCause: 'Hangup API Triggered' })
  return out
}
