/**
 * The MPC state reducer (DESIGN §3): pure and order tolerant.
 *
 * Callbacks arrive late, twice, or out of order, so every rule is written to give the same state
 * whatever the arrival order, as long as the events of one member (and the MPC-level events)
 * keep their own order:
 * - A duplicate (same `eventKey`) changes nothing: the MPC keeps the keys of the events it
 *   applied in the last minutes of event time (`event-key-window.ts`: why that bound suffices).
 * - Toggled facts (mute, hold, coach mode, recording) are last-writer-wins by event time; on a
 *   tie the event applied last wins.
 * - Facts Plivo never changes (MPC name, role, call uuid) keep the first value seen.
 * - Status only moves forward: initialized → active → ended.
 * - An exit seen before its join leaves the member gone; a member referenced before its join is
 *   created from what the event carries.
 * - Speech, hold and audio edges, digits, recordings and the timeline are inserted in time order
 *   (ties after what is already there), never appended blindly.
 * - MPCEnd closes every member still present (exit cause `Multiparty Call Ended`), so nobody
 *   looks stuck on an ended call; a member's own ParticipantExit still wins when it arrives.
 * - `createdAt` is the earliest event time seen, `lastEventAt` the latest.
 *
 * Speed: the relay applies 1,000+ events/s across thousands of live MPCs. Only the one MPC an
 * event touches is copied, and only along the path that changes (structural sharing).
 */
import type {
  AddParticipantApiEvent,
  AiStreamEvent,
  MpcEvent,
  MpcStateEvent,
  ParticipantEvent,
  RecordingEvent,
} from './events'
import { eventKey } from './event-key'
import { hasSeen, rememberKey } from './event-key-window'
import {
  TIMELINE_CAP,
  type AiStreamInfo,
  type ApiAddState,
  type DeskState,
  type MpcState,
  type MpcStatus,
  type ParticipantState,
  type RecordingInfo,
  type RecordingStatus,
  type TimedFlag,
  type TimelineEntry,
} from './state'

export { eventKey } from './event-key'

export const MPC_ENDED_EXIT_CAUSE = 'Multiparty Call Ended'

const STATUS_RANK: Record<MpcStatus, number> = { initialized: 0, active: 1, ended: 2 }

/** `at` of a flag no event has set yet: any event time wins over it. */
const UNSET = 0

export function emptyDeskState(): DeskState {
  return { mpcs: {} }
}

function newParticipant(memberId: string): ParticipantState {
  return {
    memberId,
    mute: { value: false, at: UNSET },
    hold: { value: false, at: UNSET },
    coachMode: { value: false, at: UNSET },
    speech: [],
    holds: [],
    audio: [],
    digits: [],
  }
}

function newMpc(event: MpcEvent): MpcState {
  return {
    mpcUuid: event.mpcUuid,
    status: 'initialized',
    createdAt: event.at,
    recording: { status: 'not-recording', at: UNSET },
    recordings: [],
    participants: {},
    apiAdds: [],
    timeline: [],
    lastEventAt: event.at,
    seen: {},
  }
}

/** Index after every item that sorts before or equal to `item` (ties keep arrival order). */
function upperBound<T>(items: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  // Events mostly arrive in time order: check the end first.
  const last = items[items.length - 1]
  if (last === undefined || compare(last, item) <= 0) return items.length
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compare(items[mid] as T, item) <= 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

function insertSorted<T>(items: readonly T[], item: T, compare: (a: T, b: T) => number): T[] {
  const at = upperBound(items, item, compare)
  if (at === items.length) return [...items, item]
  const next = items.slice()
  next.splice(at, 0, item)
  return next
}

const byAt = (a: { at: number }, b: { at: number }) => a.at - b.at

function text(value: string | undefined): string {
  return value ?? ''
}

function compareText(a: string | undefined, b: string | undefined): number {
  const x = text(a)
  const y = text(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * Where an event sits among others of the same second (Plivo stamps whole seconds): the MPC
 * starts, people join, things happen, people leave, recordings close, the MPC ends.
 */
function timelineRank(name: string): number {
  if (name === 'MPCInitialized') return 0
  if (name === 'AddParticipantByAPIActionInitiated') return 1
  if (name === 'AddParticipantByAPIActionCompleted') return 2
  if (name === 'ParticipantJoin') return 3
  if (name === 'MPCStart') return 4
  if (name === 'ParticipantExit') return 6
  if (name.endsWith('RecordingCompleted') || name.endsWith('RecordingFailed')) return 7
  if (name === 'MPCEnd') return 8
  return 5
}

/**
 * Timeline order: time, then the rank above, then member. Entries equal under it come from one
 * member's (or the MPC's own) stream, whose order is kept, so they stay in arrival order. API-add
 * events are the exception: each request is its own stream and one member id may show up in
 * several, so they are ordered by their content too.
 */
function compareTimeline(a: TimelineEntry, b: TimelineEntry): number {
  const rank = timelineRank(a.name)
  const byStream = a.at - b.at || rank - timelineRank(b.name) || compareText(a.memberId, b.memberId)
  if (byStream !== 0 || (rank !== 1 && rank !== 2)) return byStream
  return compareText(a.role, b.role) || compareText(a.detail, b.detail)
}

function compareRecordings(a: RecordingInfo, b: RecordingInfo): number {
  return (
    a.at - b.at ||
    compareText(a.memberId, b.memberId) ||
    compareText(a.recordingUuid, b.recordingUuid)
  )
}

function apiAddTime(add: ApiAddState): number {
  return add.initiatedAt ?? add.completedAt ?? 0
}

function compareApiAdds(a: ApiAddState, b: ApiAddState): number {
  return (
    apiAddTime(a) - apiAddTime(b) ||
    compareText(a.requestUuid, b.requestUuid) ||
    compareText(a.callUuid, b.callUuid)
  )
}

function setFlag(flag: TimedFlag, value: boolean, at: number): TimedFlag {
  if (at < flag.at) return flag
  if (flag.value === value && flag.at === at) return flag
  return { value, at }
}

function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key]
  }
  return value
}

// ---------------------------------------------------------------------------------------------
// Participants

/** Marks a member left by MPCEnd when the MPC has ended and nothing else says they left. */
function closeByEnd(p: ParticipantState, endedAt: number | undefined): ParticipantState {
  if (endedAt === undefined || p.leftBy === 'exit') return p
  if (p.leftBy === 'mpc-end' && p.leftAt === endedAt) return p
  return { ...p, leftAt: endedAt, exitCause: MPC_ENDED_EXIT_CAUSE, leftBy: 'mpc-end' }
}

function putParticipant(mpc: MpcState, p: ParticipantState): void {
  mpc.participants = { ...mpc.participants, [p.memberId]: closeByEnd(p, mpc.endedAt) }
}

function learn(p: ParticipantState, role: ParticipantState['role'], callUuid?: string): void {
  if (p.role === undefined && role !== undefined) p.role = role
  if (p.callUuid === undefined && callUuid !== undefined) p.callUuid = callUuid
}

function applyParticipant(mpc: MpcState, event: ParticipantEvent): void {
  const p: ParticipantState = {
    ...(mpc.participants[event.memberId] ?? newParticipant(event.memberId)),
  }
  learn(p, event.role, event.callUuid)
  const { at } = event

  if (
    event.coachMode !== undefined &&
    event.name !== 'ParticipantCoachModeStart' &&
    event.name !== 'ParticipantCoachModeStop'
  ) {
    // Any participant callback carrying the flag reports it as of its own time.
    p.coachMode = setFlag(p.coachMode, event.coachMode, at)
  }

  switch (event.name) {
    case 'ParticipantJoin':
      p.joinedAt = p.joinedAt === undefined ? at : Math.min(p.joinedAt, at)
      break
    case 'ParticipantExit':
      if (p.leftBy !== 'exit' || p.leftAt === undefined || at >= p.leftAt) {
        p.leftAt = at
        p.leftBy = 'exit'
        if (event.exitCause !== undefined) p.exitCause = event.exitCause
        else delete p.exitCause
      }
      break
    case 'ParticipantMute':
    case 'ParticipantUnmute':
      p.mute = setFlag(p.mute, event.name === 'ParticipantMute', at)
      break
    case 'ParticipantHold':
    case 'ParticipantUnhold': {
      const on = event.name === 'ParticipantHold'
      p.hold = setFlag(p.hold, on, at)
      p.holds = insertSorted(p.holds, { at, on }, byAt)
      break
    }
    case 'ParticipantCoachModeStart':
    case 'ParticipantCoachModeStop':
      p.coachMode = setFlag(p.coachMode, event.name === 'ParticipantCoachModeStart', at)
      break
    case 'ParticipantSpeakStart':
    case 'ParticipantSpeakStop':
      p.speech = insertSorted(p.speech, { at, on: event.name === 'ParticipantSpeakStart' }, byAt)
      break
    case 'ParticipantAudioStart':
    case 'ParticipantAudioStop':
      p.audio = insertSorted(p.audio, { at, on: event.name === 'ParticipantAudioStart' }, byAt)
      break
    case 'ParticipantDigitInput':
      if (event.digits !== undefined) {
        p.digits = insertSorted(p.digits, { at, digits: event.digits }, byAt)
      }
      break
  }
  putParticipant(mpc, p)
}

// ---------------------------------------------------------------------------------------------
// MPC lifecycle

function applyMpcState(mpc: MpcState, event: MpcStateEvent): void {
  const reached: MpcStatus =
    event.name === 'MPCEnd' ? 'ended' : event.name === 'MPCStart' ? 'active' : 'initialized'
  if (STATUS_RANK[reached] > STATUS_RANK[mpc.status]) mpc.status = reached

  if (event.name === 'MPCStart' && (mpc.startedAt === undefined || event.at >= mpc.startedAt)) {
    mpc.startedAt = event.at
  }
  if (event.name === 'MPCEnd' && (mpc.endedAt === undefined || event.at >= mpc.endedAt)) {
    // The winning MPCEnd states every end fact, so the result does not depend on arrival order.
    mpc.endedAt = event.at
    mpc.terminationCause = event.terminationCause
    mpc.terminationCauseCode = event.terminationCauseCode
    mpc.durationSec = event.durationSec
    withoutUndefined(mpc)
    let participants: Record<string, ParticipantState> | undefined
    for (const [memberId, p] of Object.entries(mpc.participants)) {
      const closed = closeByEnd(p, mpc.endedAt)
      if (closed !== p) (participants ??= { ...mpc.participants })[memberId] = closed
    }
    if (participants) mpc.participants = participants
  }
}

// ---------------------------------------------------------------------------------------------
// Recording

const RECORDING_STATUS: Record<string, RecordingStatus> = {
  Initiated: 'recording',
  Resumed: 'recording',
  Paused: 'paused',
  Completed: 'not-recording',
  Failed: 'not-recording',
}

function recordingStatus(event: RecordingEvent): RecordingStatus {
  const phase = event.name.replace(/^(MPC|Participant)Recording/, '')
  return RECORDING_STATUS[phase] ?? 'not-recording'
}

/**
 * The latest recording event (by event time) says it all: nothing carries over from older events,
 * so the result does not depend on the order they arrive in.
 */
function nextRecording(current: RecordingInfo | undefined, event: RecordingEvent): RecordingInfo {
  if (current !== undefined && event.at < current.at) return current
  return withoutUndefined({
    status: recordingStatus(event),
    at: event.at,
    recordingUuid: event.recordingUuid,
    url: event.recordingUrl,
    format: event.recordingFormat,
    durationSec: event.recordingDurationSec,
  })
}

function addCompleted(mpc: MpcState, event: RecordingEvent): void {
  const done: RecordingInfo = withoutUndefined({
    status: 'not-recording',
    at: event.at,
    recordingUuid: event.recordingUuid,
    url: event.recordingUrl,
    format: event.recordingFormat,
    durationSec: event.recordingDurationSec,
    memberId: event.memberId,
  })
  let list = mpc.recordings
  if (done.recordingUuid !== undefined) {
    const existing = list.findIndex(
      (r) => r.recordingUuid === done.recordingUuid && r.memberId === done.memberId,
    )
    if (existing >= 0) {
      const old = list[existing] as RecordingInfo
      if (done.at < old.at) return
      list = list.filter((_, i) => i !== existing)
    }
  }
  mpc.recordings = insertSorted(list, done, compareRecordings)
}

function applyRecording(mpc: MpcState, event: RecordingEvent): void {
  if (event.name.endsWith('Completed')) addCompleted(mpc, event)
  if (event.memberId === undefined) {
    mpc.recording = nextRecording(mpc.recording, event)
    return
  }
  const p: ParticipantState = {
    ...(mpc.participants[event.memberId] ?? newParticipant(event.memberId)),
  }
  p.recording = nextRecording(p.recording, event)
  putParticipant(mpc, p)
}

// ---------------------------------------------------------------------------------------------
// AI agent streams

const AI_STREAM_STATUS: Record<AiStreamEvent['name'], AiStreamInfo['status']> = {
  StartStream: 'streaming',
  StopStream: 'stopped',
  DroppedStream: 'dropped',
  DegradedStream: 'degraded',
}

/**
 * The latest stream callback by event time says it all (ties: the one applied last). A member
 * the MPC does not know yet is created from it as an AI agent: only AI agents stream, and a
 * status for someone we have not seen join must still show, never vanish.
 */
function applyAiStream(mpc: MpcState, event: AiStreamEvent): void {
  const p: ParticipantState = {
    ...(mpc.participants[event.memberId] ?? newParticipant(event.memberId)),
  }
  learn(p, 'ai-agent', event.callUuid)
  if (p.aiStream !== undefined && event.at < p.aiStream.at) return
  p.aiStream = withoutUndefined({
    status: AI_STREAM_STATUS[event.name],
    at: event.at,
    streamId: event.streamId,
    reason: event.reason,
  })
  putParticipant(mpc, p)
}

// ---------------------------------------------------------------------------------------------
// Add participant by API

function applyApiAdd(mpc: MpcState, event: AddParticipantApiEvent): void {
  const { requestUuid, callUuid } = event
  let index =
    requestUuid === undefined ? -1 : mpc.apiAdds.findIndex((a) => a.requestUuid === requestUuid)
  if (index < 0 && callUuid !== undefined) {
    index = mpc.apiAdds.findIndex(
      (a) => a.callUuid === callUuid && (requestUuid === undefined || a.requestUuid === undefined),
    )
  }
  const add: ApiAddState = { ...(index >= 0 ? mpc.apiAdds[index] : {}) }
  add.requestUuid ??= requestUuid
  add.callUuid ??= callUuid
  add.memberId ??= event.memberId
  add.role ??= event.role
  if (event.name === 'AddParticipantByAPIActionInitiated') {
    add.initiatedAt = add.initiatedAt === undefined ? event.at : Math.min(add.initiatedAt, event.at)
  } else if (add.completedAt === undefined || event.at >= add.completedAt) {
    add.completedAt = event.at
    if (event.callStatus !== undefined) add.callStatus = event.callStatus
  }
  const rest = index >= 0 ? mpc.apiAdds.filter((_, i) => i !== index) : mpc.apiAdds
  mpc.apiAdds = insertSorted(rest, withoutUndefined(add), compareApiAdds)
}

// ---------------------------------------------------------------------------------------------
// Timeline

function timelineEntry(event: MpcEvent): TimelineEntry {
  let detail: string | undefined
  let memberId: string | undefined
  let role: TimelineEntry['role']
  switch (event.kind) {
    case 'participant':
      memberId = event.memberId
      role = event.role
      detail = event.name === 'ParticipantDigitInput' ? event.digits : event.exitCause
      break
    case 'mpc':
      detail = event.terminationCause
      break
    case 'recording':
      memberId = event.memberId
      detail = event.name.endsWith('Completed') ? event.recordingUrl : undefined
      break
    case 'ai-stream':
      memberId = event.memberId
      role = 'ai-agent'
      detail = event.reason
      break
    case 'add-participant':
      memberId = event.memberId
      role = event.role
      // Several dial-outs often start in one second: the destination tells their lines apart.
      detail =
        [event.to ?? event.callUuid, event.callStatus].filter(Boolean).join(': ') || undefined
      break
    case 'unknown':
      memberId = event.memberId
      break
  }
  return withoutUndefined({ at: event.at, name: event.name, memberId, role, detail })
}

function addToTimeline(timeline: TimelineEntry[], entry: TimelineEntry): TimelineEntry[] {
  if (timeline.length >= TIMELINE_CAP && compareTimeline(entry, timeline[0] as TimelineEntry) < 0) {
    return timeline // older than everything kept: it would be dropped at once
  }
  const next = insertSorted(timeline, entry, compareTimeline)
  return next.length > TIMELINE_CAP ? next.slice(next.length - TIMELINE_CAP) : next
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * One MPC's state after `event` (which must belong to it). Returns `mpc` itself when the event
 * was already applied.
 */
export function applyEvent(mpc: MpcState | undefined, event: MpcEvent): MpcState {
  const key = eventKey(event)
  if (mpc !== undefined && hasSeen(mpc.seen, key, event.at)) return mpc
  const next: MpcState = mpc ? { ...mpc } : newMpc(event)
  if (event.at < next.createdAt) next.createdAt = event.at
  if (event.at > next.lastEventAt) next.lastEventAt = event.at
  // Bounded to the keys of recent events (event-key-window.ts says why that is enough).
  next.seen = rememberKey(next.seen, key, event.at, next.lastEventAt)
  if (next.name === undefined && event.mpcName !== undefined) next.name = event.mpcName

  switch (event.kind) {
    case 'mpc':
      applyMpcState(next, event)
      break
    case 'participant':
      applyParticipant(next, event)
      break
    case 'recording':
      applyRecording(next, event)
      break
    case 'add-participant':
      applyApiAdd(next, event)
      break
    case 'ai-stream':
      applyAiStream(next, event)
      break
    case 'unknown':
      break
  }
  next.timeline = addToTimeline(next.timeline, timelineEntry(event))
  return next
}

/**
 * The account's state after `event`; other MPCs are shared, not copied. The MPC index itself is
 * copied (O(live MPCs) per event): a hot path over thousands of MPCs (the relay, main's store)
 * keeps its own index and calls `applyEvent` for the one MPC instead.
 */
export function apply(state: DeskState, event: MpcEvent): DeskState {
  const previous = state.mpcs[event.mpcUuid]
  const next = applyEvent(previous, event)
  if (next === previous) return state
  return { ...state, mpcs: { ...state.mpcs, [event.mpcUuid]: next } }
}

/**
 * Drops MPCs that ended more than `graceMs` before `now`. Returns `state` itself when nothing is
 * dropped.
 */
export function pruneEnded(state: DeskState, now: number, graceMs: number): DeskState {
  let mpcs: Record<string, MpcState> | undefined
  for (const [uuid, mpc] of Object.entries(state.mpcs)) {
    if (mpc.status === 'ended' && now - (mpc.endedAt ?? mpc.lastEventAt) > graceMs) {
      mpcs ??= { ...state.mpcs }
      delete mpcs[uuid]
    }
  }
  return mpcs ? { ...state, mpcs } : state
}
