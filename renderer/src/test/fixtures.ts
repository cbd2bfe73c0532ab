/** Builders of live state for renderer tests and the screenshot script (plain data, no reducer). */
import type {
  Alert,
  AuditEntry,
  ConnectionState,
  DeskSnapshot,
  MyPresence,
  PublicSettings,
} from '../../../preload/api'
import { DEFAULT_THRESHOLDS } from '../../../preload/api'
import type {
  Edge,
  MpcState,
  ParticipantState,
  RecordingInfo,
  Role,
  TimelineEntry,
} from '../../../preload/domain'

export interface ParticipantInit {
  role?: Role
  joinedAt?: number
  leftAt?: number
  muted?: boolean
  hold?: boolean
  /** Supervisors: heard by agents only. */
  coach?: boolean
  /** [start, stop?] spans of speech; an open span means speaking now. */
  speech?: [number, number?][]
  holds?: [number, number?][]
}

function edges(spans: [number, number?][] | undefined): Edge[] {
  const out: Edge[] = []
  for (const [on, off] of spans ?? []) {
    out.push({ at: on, on: true })
    if (off !== undefined) out.push({ at: off, on: false })
  }
  return out
}

export function participant(memberId: string, init: ParticipantInit = {}): ParticipantState {
  const at = init.joinedAt ?? 0
  return {
    memberId,
    role: init.role,
    callUuid: `call-${memberId}`,
    joinedAt: init.joinedAt,
    leftAt: init.leftAt,
    mute: { value: init.muted ?? false, at },
    hold: { value: init.hold ?? false, at },
    // Plivo's default: a supervisor joins in coach mode; coach_mode is false for every other role.
    coachMode: { value: init.coach ?? init.role === 'supervisor', at },
    speech: edges(init.speech),
    holds: edges(init.holds),
    audio: [],
    digits: [],
  }
}

export interface MpcInit {
  name?: string
  createdAt: number
  status?: MpcState['status']
  participants?: ParticipantState[]
  recording?: RecordingInfo['status']
  recordings?: RecordingInfo[]
  timeline?: TimelineEntry[]
  endedAt?: number
}

export function mpc(mpcUuid: string, init: MpcInit): MpcState {
  const participants: Record<string, ParticipantState> = {}
  for (const p of init.participants ?? []) participants[p.memberId] = p
  const timeline: TimelineEntry[] =
    init.timeline ??
    [
      { at: init.createdAt, name: 'MPCInitialized' },
      ...Object.values(participants)
        .filter((p) => p.joinedAt !== undefined)
        .map((p) => ({
          at: p.joinedAt as number,
          name: 'ParticipantJoin',
          memberId: p.memberId,
          role: p.role,
        })),
    ].sort((a, b) => a.at - b.at)
  return {
    mpcUuid,
    name: init.name,
    status: init.status ?? 'active',
    createdAt: init.createdAt,
    startedAt: init.createdAt,
    endedAt: init.endedAt,
    recording: { status: init.recording ?? 'not-recording', at: init.createdAt },
    recordings: init.recordings ?? [],
    participants,
    apiAdds: [],
    timeline,
    lastEventAt: init.createdAt,
    seen: {},
  }
}

export function alert(
  kind: Alert['kind'],
  mpcUuid: string,
  since: number,
  message?: string,
): Alert {
  return {
    id: `${kind}:${mpcUuid}`,
    kind,
    mpcUuid,
    since,
    message: message ?? `${kind} on ${mpcUuid}`,
    callName: mpcUuid.slice(0, 8),
  }
}

export function snapshot(mpcs: MpcState[], extra: Partial<DeskSnapshot> = {}): DeskSnapshot {
  return { seq: 1, mpcs, sources: {}, mine: [], alerts: [], handOffs: [], at: 0, ...extra }
}

export function presence(mpcUuid: string, init: Partial<MyPresence> = {}): MyPresence {
  return { mpcUuid, mode: 'listen', status: 'joined', since: 0, ...init }
}

export function settings(init: Partial<PublicSettings> = {}): PublicSettings {
  return {
    demo: true,
    relayUrl: 'http://127.0.0.1:4100',
    relayTokenSet: true,
    plivoAuthId: 'MADEMO0000000000000',
    plivoAuthTokenSet: false,
    apiBaseUrl: 'https://api.plivo.com',
    supervisorEndpoint: 'sip:supervisor@127.0.0.1',
    callerId: '+14155550100',
    thresholds: DEFAULT_THRESHOLDS,
    demoCalls: 16,
    secretStorage: 'memory',
    ...init,
  }
}

export function connection(init: Partial<ConnectionState> = {}): ConnectionState {
  return { status: 'live', dataAt: 0, since: 0, demo: true, ...init }
}

export function auditEntry(
  init: Partial<AuditEntry> & Pick<AuditEntry, 'id' | 'command'>,
): AuditEntry {
  return { at: 0, who: 'supervisor', result: 'ok', ...init }
}
