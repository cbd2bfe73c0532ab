/**
 * The world model: MPCs and their participants, obeying the `<MultiPartyCall>` element's rules
 * (plivo-mpc.md §5, multipartycall-element.txt). REST handlers and the traffic generator both act
 * through it; it emits every status and recording event to one sink, already filtered by the
 * MPC's subscribed event groups.
 *
 * Choices where Plivo is silent (each documented at its rule below):
 * - A participant joining muted or on hold gets ParticipantJoin then ParticipantMute / Hold, so a
 *   consumer that only reads events knows the state.
 * - Muting or holding a speaking participant ends their speech (their audio no longer reaches
 *   the MPC): ParticipantSpeakStop (and ParticipantAudioStop) fire first.
 * - ParticipantAudioStart/Stop (group participant-audio-events) are documented only as
 *   "triggered when audio from a participant starts or stops". A simulated participant makes
 *   sound only when it speaks, so its audio starts and stops with its speech, in the same
 *   instant. Audio played *to* a member (the Play/Speak APIs) is not audio from them and sends
 *   no event.
 * - stayAlone: when a participant leaves and exactly one remains, the MPC ends with 1010 unless
 *   that remaining participant has stayAlone. A first participant waiting alone is not "left".
 * - endMpcOnExit ends the MPC with 1000 ("No Active Participants"): Plivo documents no own code.
 * - waitForAgent: the MPC starts only when an agent or an AI agent joins (or the Start API).
 * - AI agent streams (mpc/events.ts `AI_STREAM_EVENTS` says what Plivo documents): an `ai-agent`
 *   with a stream status URL gets StartStream as it joins (after its ParticipantJoin) and
 *   StopStream (reason "Call hangup") as it leaves (after its ParticipantExit), unless its stream
 *   dropped before. `dropAiStream` plays a failed WebSocket: DroppedStream ("Connection error");
 *   the member stays in the MPC but is heard no more (its audio came over that stream).
 */
import { STATUS_EVENT_GROUPS } from '../mpc/events'
import { formatPlivoTime } from '../mpc/timestamps'
import type { Scheduler, TaskHandle } from './scheduler'
import {
  EXIT_CAUSE,
  TERMINATION,
  type CallbackTarget,
  type ExitCause,
  type MpcStatus,
  type RecordingState,
  type Role,
  type StatusEventGroup,
  type StatusSubscription,
  type Termination,
} from './types'

/** MPC-level attributes: the participant that creates the MPC sets them. */
export interface MpcSettings {
  maxDurationSec: number
  maxParticipants: number
  record: boolean
  recordFileFormat: 'mp3' | 'wav'
  recordMinMemberCount: number
  waitForAgent: boolean
  status?: StatusSubscription | undefined
  recording?: CallbackTarget | undefined
  /** Where AI agents joining without their own stream status URL send stream status (traffic). */
  aiStream?: CallbackTarget | undefined
  /** True when the callbacks come from the simulator's defaults (setCallbacks retargets them). */
  defaultCallbacks: boolean
}

export interface ParticipantSettings {
  role: Role
  callUuid: string
  memberAddress: string
  mute: boolean
  hold: boolean
  coachMode: boolean
  stayAlone: boolean
  startMpcOnEnter: boolean
  endMpcOnExit: boolean
  /** `on_exit_action_url`: requested when this participant leaves (plivo-mpc.md §2.4). */
  onExitAction?: CallbackTarget | undefined
  /** AI agents: `aiAgentStreamStatusCallbackUrl` / `ai_agent_stream_status_callback_url`. */
  aiStream?: CallbackTarget | undefined
}

export class Recording {
  state: RecordingState = 'recording'
  accumulatedMs = 0
  runningSince: number
  endedAt: number | undefined
  constructor(
    readonly uuid: string,
    readonly format: 'mp3' | 'wav',
    readonly startedAt: number,
    readonly callback: CallbackTarget | undefined,
  ) {
    this.runningSince = startedAt
  }
  durationSec(now: number): number {
    const running = this.state === 'recording' ? now - this.runningSince : 0
    return Math.round((this.accumulatedMs + running) / 1000)
  }
}

export class Participant {
  readonly joinTime: number
  exitTime: number | undefined
  exitCause: ExitCause | undefined
  mute: boolean
  hold: boolean
  coachMode: boolean
  speaking = false
  recording: Recording | undefined
  /** AI agents: their stream (none before it starts, or without a stream status URL). */
  stream: 'none' | 'streaming' | 'dropped' | 'stopped' = 'none'
  constructor(
    readonly mpc: Mpc,
    readonly memberId: string,
    readonly settings: ParticipantSettings,
    now: number,
  ) {
    this.joinTime = now
    this.mute = settings.mute
    this.hold = settings.hold
    // Docs: coach mode is meaningful only for supervisors and always false for other roles.
    this.coachMode = settings.role === 'supervisor' ? settings.coachMode : false
  }
  get role(): Role {
    return this.settings.role
  }
  get callUuid(): string {
    return this.settings.callUuid
  }
  get live(): boolean {
    return this.exitTime === undefined
  }
}

/** An add-participant dial-out that has not answered or failed yet. */
export interface PendingDial {
  requestUuid: string
  callUuids: string[]
  to: string[]
  from: string
  settings: Omit<ParticipantSettings, 'callUuid' | 'memberAddress'>
  status?: StatusSubscription | undefined
  task: TaskHandle
}

export interface MpcHooks {
  onExit?: (participant: Participant) => void
  onEnd?: (mpc: Mpc) => void
}

export class Mpc {
  status: MpcStatus = 'Initialized'
  startTime: number | undefined
  endTime: number | undefined
  termination: Termination | undefined
  readonly members: Participant[] = []
  readonly pendingDials = new Map<string, PendingDial>()
  recording: Recording | undefined
  recordingSequence = 0
  /** Per-target keys of plays in progress ("all", "12", "12,13"): stop must use the same form. */
  readonly plays = new Map<string, TaskHandle>()
  readonly speaks = new Map<string, TaskHandle>()
  maxDurationTask: TaskHandle | undefined
  hooks: MpcHooks = {}
  /** The first participant's stayAlone flag: the MPC object's `stay_alone`. */
  stayAlone = false
  constructor(
    readonly uuid: string,
    readonly name: string,
    readonly settings: MpcSettings,
    readonly creationTime: number,
  ) {}
  get live(): boolean {
    return this.status !== 'Ended'
  }
  liveMembers(): Participant[] {
    return this.members.filter((m) => m.live)
  }
  member(memberId: string): Participant | undefined {
    return this.members.find((m) => m.memberId === memberId)
  }
}

export type EventSink = (
  target: CallbackTarget,
  params: Record<string, string>,
  /** Callbacks for one MPC to one URL are delivered in order (see callbacks.ts). */
  lane: string,
) => void

export class WorldError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message)
  }
}

const GROUP_OF_EVENT = new Map<string, StatusEventGroup>(
  Object.entries(STATUS_EVENT_GROUPS).flatMap(([group, names]) =>
    names.map((name) => [name, group as StatusEventGroup] as const),
  ),
)

/** Wire case of ParticipantRole: the docs print Agent / Supervisor / Customer. */
const ROLE_ON_WIRE: Record<Role, string> = {
  customer: 'Customer',
  agent: 'Agent',
  supervisor: 'Supervisor',
  'ai-agent': 'ai-agent',
}

/** Rough per-minute rates so billed amounts look like Plivo's strings. */
const RATE_PER_MINUTE = 0.003

/** How many ended MPCs stay readable by uuid (and in list/truth). */
const ENDED_RETENTION = 5_000

export interface WorldOptions {
  scheduler: Scheduler
  sink: EventSink
  /** Base URL the simulator serves on; recording links point at it. */
  baseUrl: () => string
  authId: string
  /** 'to' values that never answer. */
  failNumbers: ReadonlySet<string>
  /** Simulated ms a dialled phone rings before answering. */
  answerDelaySimMs: () => number
}

export class World {
  private readonly liveByName = new Map<string, Mpc>()
  private readonly byUuid = new Map<string, Mpc>()
  private readonly ended: Mpc[] = []
  private readonly liveCalls = new Map<string, Participant>()
  private readonly dialsByCall = new Map<string, { mpc: Mpc; dial: PendingDial }>()
  private nextMemberId = 1000
  private readonly scheduler: Scheduler

  constructor(private readonly options: WorldOptions) {
    this.scheduler = options.scheduler
  }

  now(): number {
    return this.scheduler.now()
  }

  after(delayMs: number, run: () => void): TaskHandle {
    return this.scheduler.after(delayMs, run)
  }

  cancel(handle: TaskHandle | undefined): void {
    this.scheduler.cancel(handle)
  }

  /** Runs `fn` with the simulated "now" held still (see Scheduler.pinned). */
  pinned<T>(fn: () => T): T {
    return this.scheduler.pinned(fn)
  }

  // ---- lookup -------------------------------------------------------------------------------

  liveByFriendlyName(name: string): Mpc | undefined {
    return this.liveByName.get(name)
  }

  byMpcUuid(uuid: string): Mpc | undefined {
    return this.byUuid.get(uuid)
  }

  liveMpcs(): Mpc[] {
    return [...this.liveByName.values()]
  }

  /** How many MPCs are live (stats() is polled under load: no array of 2,000 per call). */
  get liveCount(): number {
    return this.liveByName.size
  }

  /** Live and retained ended MPCs, newest first. */
  allMpcs(): Mpc[] {
    return [...this.byUuid.values()].sort(
      (a, b) => b.creationTime - a.creationTime || (a.uuid < b.uuid ? -1 : 1),
    )
  }

  liveCall(callUuid: string): Participant | undefined {
    return this.liveCalls.get(callUuid)
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  createMpc(name: string, settings: MpcSettings, uuid: string): Mpc {
    if (this.liveByName.has(name)) throw new WorldError(400, `MPC ${name} is already live`)
    const mpc = new Mpc(uuid, name, settings, this.now())
    this.liveByName.set(name, mpc)
    this.byUuid.set(uuid, mpc)
    mpc.maxDurationTask = this.scheduler.after(settings.maxDurationSec * 1000, () =>
      this.end(mpc, TERMINATION.maxDurationReached),
    )
    this.emit(mpc, 'MPCInitialized', {})
    return mpc
  }

  /** A call joins (XML `<MultiPartyCall>`, an answered dial-out, or a transferred call). */
  join(mpc: Mpc, settings: ParticipantSettings): Participant {
    if (!mpc.live) throw new WorldError(400, `MPC ${mpc.name} has ended`)
    if (mpc.liveMembers().length >= mpc.settings.maxParticipants) {
      throw new WorldError(
        400,
        `MPC ${mpc.name} already has the maximum of ${mpc.settings.maxParticipants} participants`,
      )
    }
    const participant = new Participant(mpc, String(this.nextMemberId++), settings, this.now())
    if (mpc.members.length === 0) mpc.stayAlone = settings.stayAlone
    mpc.members.push(participant)
    this.liveCalls.set(settings.callUuid, participant)
    this.emitParticipant(participant, 'ParticipantJoin')
    if (participant.mute) this.emitParticipant(participant, 'ParticipantMute')
    if (participant.hold) this.emitParticipant(participant, 'ParticipantHold')
    if (participant.role === 'ai-agent' && this.aiStreamTarget(participant)) {
      participant.stream = 'streaming'
      this.emitAiStream(participant, 'StartStream')
    }
    if (mpc.status === 'Initialized' && this.startsMpc(mpc, participant)) this.activate(mpc)
    this.maybeStartAutoRecording(mpc)
    return participant
  }

  private startsMpc(mpc: Mpc, participant: Participant): boolean {
    if (!participant.settings.startMpcOnEnter) return false
    if (!mpc.settings.waitForAgent) return true
    return mpc.liveMembers().some((m) => m.role === 'agent' || m.role === 'ai-agent')
  }

  /** Start API (and the first starting participant): Initialized → Active. */
  activate(mpc: Mpc): void {
    if (mpc.status !== 'Initialized') return
    mpc.status = 'Active'
    mpc.startTime = this.now()
    this.emit(mpc, 'MPCStart', {})
    this.maybeStartAutoRecording(mpc)
  }

  private maybeStartAutoRecording(mpc: Mpc): void {
    if (!mpc.settings.record || mpc.status !== 'Active' || mpc.recording) return
    if (mpc.liveMembers().length < mpc.settings.recordMinMemberCount) return
    this.startRecording(mpc, { format: mpc.settings.recordFileFormat })
  }

  /** A participant leaves; then the MPC-level rules decide whether the MPC goes on. */
  exit(participant: Participant, cause: ExitCause): void {
    if (!participant.live) return
    const mpc = participant.mpc
    this.stopSpeaking(participant)
    if (participant.recording && participant.recording.state !== 'not-recording') {
      this.stopParticipantRecording(participant)
    }
    participant.exitTime = this.now()
    participant.exitCause = cause
    this.liveCalls.delete(participant.callUuid)
    this.emitParticipant(participant, 'ParticipantExit', { ParticipantExitCause: cause })
    if (participant.stream === 'streaming') {
      participant.stream = 'stopped'
      this.emitAiStream(participant, 'StopStream', { StreamStopReason: 'Call hangup' })
    }
    this.requestExitAction(participant)
    mpc.hooks.onExit?.(participant)
    if (cause === EXIT_CAUSE.mpcEnded || !mpc.live) return
    const remaining = mpc.liveMembers()
    if (participant.settings.endMpcOnExit) {
      this.end(mpc, TERMINATION.noActiveParticipants)
    } else if (remaining.length === 0) {
      if (mpc.pendingDials.size === 0) this.end(mpc, TERMINATION.noActiveParticipants)
    } else if (remaining.length === 1 && !remaining[0]?.settings.stayAlone) {
      this.end(mpc, TERMINATION.stayAloneNotPermitted)
    }
  }

  end(mpc: Mpc, termination: Termination): void {
    if (!mpc.live) return
    for (const [, dial] of mpc.pendingDials) this.failDial(mpc, dial, 'canceled')
    for (const member of mpc.liveMembers()) this.exit(member, EXIT_CAUSE.mpcEnded)
    if (mpc.recording && mpc.recording.state !== 'not-recording') this.stopRecording(mpc)
    for (const task of [...mpc.plays.values(), ...mpc.speaks.values()]) this.scheduler.cancel(task)
    mpc.plays.clear()
    mpc.speaks.clear()
    this.scheduler.cancel(mpc.maxDurationTask)
    mpc.status = 'Ended'
    mpc.endTime = this.now()
    mpc.termination = termination
    this.liveByName.delete(mpc.name)
    this.ended.push(mpc)
    while (this.ended.length > ENDED_RETENTION) {
      const old = this.ended.shift()
      if (old) this.byUuid.delete(old.uuid)
    }
    const billing = mpcBilling(mpc)
    this.emit(mpc, 'MPCEnd', {
      MPCDuration: String(billing.duration),
      MPCBilledDuration: String(billing.billedDuration),
      MPCBilledAmount: billing.billedAmount,
      MPCTerminationCause: termination.cause,
      MPCTerminationCauseCode: String(termination.code),
    })
    mpc.hooks.onEnd?.(mpc)
  }

  /** The phone network: a call hangs up (a participant, or a dial still ringing). */
  hangup(callUuid: string): boolean {
    const participant = this.liveCalls.get(callUuid)
    if (participant) {
      this.exit(participant, EXIT_CAUSE.hangup)
      return true
    }
    const ringing = this.dialsByCall.get(callUuid)
    if (ringing) {
      this.failDial(ringing.mpc, ringing.dial, 'canceled')
      return true
    }
    return false
  }

  // ---- participant state ---------------------------------------------------------------------

  setMute(participant: Participant, mute: boolean): void {
    if (!participant.live || participant.mute === mute) return
    if (mute) this.stopSpeaking(participant)
    participant.mute = mute
    this.emitParticipant(participant, mute ? 'ParticipantMute' : 'ParticipantUnmute')
  }

  setHold(participant: Participant, hold: boolean): void {
    if (!participant.live || participant.hold === hold) return
    if (hold) this.stopSpeaking(participant)
    participant.hold = hold
    this.emitParticipant(participant, hold ? 'ParticipantHold' : 'ParticipantUnhold')
  }

  setCoachMode(participant: Participant, coachMode: boolean): void {
    if (!participant.live || participant.role !== 'supervisor') return
    if (participant.coachMode === coachMode) return
    participant.coachMode = coachMode
    this.emitParticipant(
      participant,
      coachMode ? 'ParticipantCoachModeStart' : 'ParticipantCoachModeStop',
    )
  }

  /** Whether this participant's audio reaches the MPC at all. */
  canBeHeard(participant: Participant): boolean {
    return (
      participant.live && !participant.mute && !participant.hold && participant.stream !== 'dropped'
    )
  }

  /**
   * An AI agent's WebSocket stream fails: DroppedStream, and the agent goes silent while it stays
   * in the MPC. False when there is no live streaming AI agent to drop.
   */
  dropAiStream(participant: Participant, reason = 'Connection error'): boolean {
    if (!participant.live || participant.stream !== 'streaming') return false
    this.stopSpeaking(participant)
    participant.stream = 'dropped'
    this.emitAiStream(participant, 'DroppedStream', { StreamStopReason: reason })
    return true
  }

  setSpeaking(participant: Participant, speaking: boolean): void {
    if (participant.speaking === speaking) return
    if (speaking && !this.canBeHeard(participant)) return
    participant.speaking = speaking
    this.emitParticipant(participant, speaking ? 'ParticipantSpeakStart' : 'ParticipantSpeakStop')
    this.emitParticipant(participant, speaking ? 'ParticipantAudioStart' : 'ParticipantAudioStop')
  }

  private stopSpeaking(participant: Participant): void {
    this.setSpeaking(participant, false)
  }

  digits(participant: Participant, digits: string): void {
    if (!participant.live) return
    this.emitParticipant(participant, 'ParticipantDigitInput', { Digits: digits })
  }

  // ---- dial-out (add participant by API) ------------------------------------------------------

  dial(
    mpc: Mpc,
    request: Omit<PendingDial, 'task' | 'callUuids'>,
    newCallUuid: () => string,
  ): PendingDial {
    if (mpc.liveMembers().length + mpc.pendingDials.size >= mpc.settings.maxParticipants) {
      throw new WorldError(
        400,
        `MPC ${mpc.name} already has the maximum of ${mpc.settings.maxParticipants} participants`,
      )
    }
    const callUuids = request.to.map(() => newCallUuid())
    const dial: PendingDial = {
      ...request,
      callUuids,
      task: this.scheduler.after(this.options.answerDelaySimMs(), () => this.answer(mpc, dial)),
    }
    mpc.pendingDials.set(dial.requestUuid, dial)
    for (const callUuid of callUuids) this.dialsByCall.set(callUuid, { mpc, dial })
    this.emitAddParticipant(mpc, dial, 'AddParticipantByAPIActionInitiated', {
      ParticipantCallUUID: callUuids.join(','),
    })
    return dial
  }

  private forgetDial(mpc: Mpc, dial: PendingDial): void {
    this.scheduler.cancel(dial.task)
    mpc.pendingDials.delete(dial.requestUuid)
    for (const callUuid of dial.callUuids) this.dialsByCall.delete(callUuid)
  }

  private answer(mpc: Mpc, dial: PendingDial): void {
    // Destinations ring in parallel; the first that answers wins, the rest "lose the race".
    const index = dial.to.findIndex((to) => !this.options.failNumbers.has(to))
    if (index < 0 || !mpc.live) {
      this.failDial(mpc, dial, 'no-answer')
      return
    }
    this.forgetDial(mpc, dial)
    const callUuid = dial.callUuids[index] ?? ''
    const to = dial.to[index] ?? ''
    let participant: Participant
    try {
      participant = this.join(mpc, { ...dial.settings, callUuid, memberAddress: to })
    } catch {
      this.emitAddParticipant(mpc, dial, 'AddParticipantByAPIActionCompleted', {
        ParticipantCallUUID: callUuid,
        ParticipantCallTo: to,
        CallStatus: 'failed',
      })
      this.endIfEmpty(mpc)
      return
    }
    this.emitAddParticipant(mpc, dial, 'AddParticipantByAPIActionCompleted', {
      ParticipantCallUUID: callUuid,
      ParticipantCallTo: to,
      MemberID: participant.memberId,
      CallStatus: 'success',
    })
  }

  private failDial(mpc: Mpc, dial: PendingDial, callStatus: 'no-answer' | 'canceled'): void {
    this.forgetDial(mpc, dial)
    this.emitAddParticipant(mpc, dial, 'AddParticipantByAPIActionCompleted', {
      ParticipantCallUUID: dial.callUuids.join(','),
      ParticipantCallTo: dial.to.join('<'),
      CallStatus: callStatus,
    })
    this.endIfEmpty(mpc)
  }

  private endIfEmpty(mpc: Mpc): void {
    if (mpc.live && mpc.liveMembers().length === 0 && mpc.pendingDials.size === 0) {
      this.end(mpc, TERMINATION.noActiveParticipants)
    }
  }

  /** Moves a live call into `mpc` (add participant with call_uuid). */
  transfer(
    mpc: Mpc,
    call: Participant,
    settings: Omit<ParticipantSettings, 'callUuid' | 'memberAddress'>,
  ): Participant {
    if (call.mpc === mpc) throw new WorldError(400, `call ${call.callUuid} is already in this MPC`)
    if (mpc.liveMembers().length >= mpc.settings.maxParticipants) {
      throw new WorldError(
        400,
        `MPC ${mpc.name} already has the maximum of ${mpc.settings.maxParticipants} participants`,
      )
    }
    const memberAddress = call.settings.memberAddress
    this.exit(call, EXIT_CAUSE.transferred)
    return this.join(mpc, { ...settings, callUuid: call.callUuid, memberAddress })
  }

  // ---- recording -----------------------------------------------------------------------------

  recordingUrl(recordingUuid: string, format: string): string {
    return `${this.options.baseUrl()}/v1/Account/${this.options.authId}/Recording/${recordingUuid}.${format}`
  }

  startRecording(
    mpc: Mpc,
    options: { format: 'mp3' | 'wav'; callback?: CallbackTarget | undefined },
  ): Recording {
    if (mpc.recording && mpc.recording.state !== 'not-recording') {
      throw new WorldError(400, `MPC ${mpc.name} is already being recorded`)
    }
    const recording = new Recording(
      this.newRecordingUuid(),
      options.format,
      this.now(),
      options.callback ?? mpc.settings.recording,
    )
    mpc.recording = recording
    this.emitRecording(mpc, recording, 'MPCRecordingInitiated')
    return recording
  }

  stopRecording(mpc: Mpc): void {
    const recording = this.activeRecording(mpc.recording, mpc.name)
    this.finish(recording)
    this.emitRecording(mpc, recording, 'MPCRecordingCompleted')
  }

  pauseRecording(mpc: Mpc): void {
    const recording = this.activeRecording(mpc.recording, mpc.name)
    if (recording.state !== 'recording') {
      throw new WorldError(400, `MPC ${mpc.name} recording is not running`)
    }
    this.pause(recording)
    this.emitRecording(mpc, recording, 'MPCRecordingPaused')
  }

  resumeRecording(mpc: Mpc): void {
    const recording = this.activeRecording(mpc.recording, mpc.name)
    if (recording.state !== 'paused') {
      throw new WorldError(400, `MPC ${mpc.name} recording is not paused`)
    }
    this.resume(recording)
    this.emitRecording(mpc, recording, 'MPCRecordingResumed')
  }

  startParticipantRecording(
    participant: Participant,
    options: { format: 'mp3' | 'wav'; callback?: CallbackTarget | undefined },
  ): Recording {
    if (participant.recording && participant.recording.state !== 'not-recording') {
      throw new WorldError(400, `member ${participant.memberId} is already being recorded`)
    }
    const recording = new Recording(
      this.newRecordingUuid(),
      options.format,
      this.now(),
      options.callback ?? participant.mpc.settings.recording,
    )
    participant.recording = recording
    this.emitRecording(participant.mpc, recording, 'ParticipantRecordingInitiated', participant)
    return recording
  }

  stopParticipantRecording(participant: Participant): void {
    const recording = this.activeRecording(participant.recording, `member ${participant.memberId}`)
    this.finish(recording)
    this.emitRecording(participant.mpc, recording, 'ParticipantRecordingCompleted', participant)
  }

  pauseParticipantRecording(participant: Participant): void {
    const recording = this.activeRecording(participant.recording, `member ${participant.memberId}`)
    if (recording.state !== 'recording') {
      throw new WorldError(400, `member ${participant.memberId} recording is not running`)
    }
    this.pause(recording)
    this.emitRecording(participant.mpc, recording, 'ParticipantRecordingPaused', participant)
  }

  resumeParticipantRecording(participant: Participant): void {
    const recording = this.activeRecording(participant.recording, `member ${participant.memberId}`)
    if (recording.state !== 'paused') {
      throw new WorldError(400, `member ${participant.memberId} recording is not paused`)
    }
    this.resume(recording)
    this.emitRecording(participant.mpc, recording, 'ParticipantRecordingResumed', participant)
  }

  private recordingSeq = 0
  private newRecordingUuid(): string {
    // Recording ids only need to be unique and stable within a run.
    this.recordingSeq++
    return `${this.options.authId.slice(2, 10).toLowerCase()}-rec-${this.recordingSeq.toString().padStart(8, '0')}`
  }

  private activeRecording(recording: Recording | undefined, what: string): Recording {
    if (!recording || recording.state === 'not-recording') {
      throw new WorldError(400, `${what} is not being recorded`)
    }
    return recording
  }

  private pause(recording: Recording): void {
    recording.accumulatedMs += this.now() - recording.runningSince
    recording.state = 'paused'
  }

  private resume(recording: Recording): void {
    recording.runningSince = this.now()
    recording.state = 'recording'
  }

  private finish(recording: Recording): void {
    if (recording.state === 'recording')
      recording.accumulatedMs += this.now() - recording.runningSince
    recording.state = 'not-recording'
    recording.endedAt = this.now()
  }

  // ---- events --------------------------------------------------------------------------------

  private base(mpc: Mpc, name: string): Record<string, string> {
    return {
      EventName: name,
      EventTimestamp: this.timestamp(this.now()),
      MPCUUID: mpc.uuid,
      MPCName: mpc.name,
    }
  }

  private stampSecond = NaN
  private stampText = ''

  /** Plivo timestamps have whole seconds: a thousand events in one second share one string. */
  private timestamp(ms: number): string {
    const second = Math.floor(ms / 1000)
    if (second !== this.stampSecond) {
      this.stampText = formatPlivoTime(ms)
      this.stampSecond = second
    }
    return this.stampText
  }

  private emit(mpc: Mpc, name: string, extra: Record<string, string>): void {
    this.emitStatus(mpc, mpc.settings.status, name, extra)
  }

  private static subscribed(
    subscription: StatusSubscription | undefined,
    name: string,
  ): subscription is StatusSubscription {
    if (!subscription) return false
    const group = GROUP_OF_EVENT.get(name)
    return group !== undefined && subscription.groups.has(group)
  }

  // One params object per event, filled in place: this runs for every callback sent.
  private emitStatus(
    mpc: Mpc,
    subscription: StatusSubscription | undefined,
    name: string,
    extra: Record<string, string>,
  ): void {
    if (!World.subscribed(subscription, name)) return
    this.options.sink(subscription, Object.assign(this.base(mpc, name), extra), mpc.uuid)
  }

  private emitParticipant(p: Participant, name: string, extra?: Record<string, string>): void {
    const subscription = p.mpc.settings.status
    if (!World.subscribed(subscription, name)) return
    const params = this.base(p.mpc, name)
    params.MemberID = p.memberId
    params.ParticipantRole = ROLE_ON_WIRE[p.role]
    params.ParticipantCallUUID = p.callUuid
    params.ParticipantCoachMode = String(p.coachMode)
    if (extra) Object.assign(params, extra)
    this.options.sink(subscription, params, p.mpc.uuid)
  }

  private aiStreamTarget(p: Participant): CallbackTarget | undefined {
    return p.settings.aiStream ?? p.mpc.settings.aiStream
  }

  /** AI stream status to the member's stream status URL, in its own lane (one MPC, one URL). */
  private emitAiStream(p: Participant, name: string, extra?: Record<string, string>): void {
    const target = this.aiStreamTarget(p)
    if (!target) return
    // Plivo's audio stream names its event `Event` (not EventName): the shape events.ts chose.
    const params: Record<string, string> = {
      Event: name,
      EventTimestamp: this.timestamp(this.now()),
      MPCUUID: p.mpc.uuid,
      MPCName: p.mpc.name,
      MemberID: p.memberId,
      ParticipantCallUUID: p.callUuid,
      StreamID: `${p.callUuid}-stream`,
      ...extra,
    }
    this.options.sink(target, params, p.mpc.uuid)
  }

  /** The on-exit action URL gets its own parameter set (note MPCFriendlyName, not MPCName). */
  private requestExitAction(p: Participant): void {
    const target = p.settings.onExitAction
    if (!target) return
    this.options.sink(
      target,
      {
        MPCUUID: p.mpc.uuid,
        MPCFriendlyName: p.mpc.name,
        MemberID: p.memberId,
        ParticipantCallUUID: p.callUuid,
        ParticipantJoinTime: formatPlivoTime(p.joinTime),
        ParticipantEndTime: formatPlivoTime(p.exitTime ?? this.now()),
        ParticipantRole: ROLE_ON_WIRE[p.role],
        CallUUID: p.callUuid,
      },
      p.mpc.uuid,
    )
  }

  private emitAddParticipant(
    mpc: Mpc,
    dial: PendingDial,
    name: string,
    extra: Record<string, string>,
  ): void {
    this.emitStatus(mpc, dial.status ?? mpc.settings.status, name, {
      RequestUUID: dial.requestUuid,
      ParticipantRole: ROLE_ON_WIRE[dial.settings.role],
      ParticipantCallFrom: dial.from,
      ...extra,
    })
  }

  private emitRecording(
    mpc: Mpc,
    recording: Recording,
    name: string,
    participant?: Participant,
  ): void {
    const target = recording.callback
    if (!target) return
    const now = this.now()
    const params: Record<string, string> = {
      ...this.base(mpc, name),
      RecordingUUID: recording.uuid,
      RecordingFormat: recording.format,
      RecordingURL: this.recordingUrl(recording.uuid, recording.format),
      RecordingResourceURL: `/v1/Account/${this.options.authId}/Recording/${recording.uuid}/`,
      RecordingStartTime: formatPlivoTime(recording.startedAt),
      RecordingDuration: String(recording.durationSec(now)),
      SequenceNumber: String(++mpc.recordingSequence),
    }
    if (recording.endedAt !== undefined) {
      params.RecordingEndTime = formatPlivoTime(recording.endedAt)
    }
    if (participant) params.MemberID = participant.memberId
    this.options.sink(target, params, mpc.uuid)
  }

  /** Re-points the callbacks of MPCs that follow the simulator's defaults. */
  retarget(
    status: StatusSubscription | undefined,
    recording: CallbackTarget | undefined,
    aiStream?: CallbackTarget,
  ): void {
    for (const mpc of this.liveByName.values()) {
      if (!mpc.settings.defaultCallbacks) continue
      mpc.settings.status = status
      mpc.settings.recording = recording
      mpc.settings.aiStream = aiStream
    }
  }
}

export function participantBilling(p: Participant) {
  if (p.exitTime === undefined) return undefined
  const duration = Math.max(0, Math.round((p.exitTime - p.joinTime) / 1000))
  const minutes = Math.ceil(duration / 60)
  return {
    duration,
    billedDuration: minutes * 60,
    billedAmount: (minutes * RATE_PER_MINUTE).toFixed(5),
  }
}

export function mpcBilling(mpc: Mpc) {
  const end = mpc.endTime ?? mpc.creationTime
  const duration = Math.max(0, Math.round((end - (mpc.startTime ?? mpc.creationTime)) / 1000))
  let billedDuration = 0
  let amount = 0
  for (const member of mpc.members) {
    const billing = participantBilling(member)
    if (!billing) continue
    billedDuration += billing.billedDuration
    amount += Number(billing.billedAmount)
  }
  return { duration, billedDuration, billedAmount: amount.toFixed(5) }
}
