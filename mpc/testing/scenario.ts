/**
 * Test helpers: Plivo MPC callbacks for realistic calls, as raw param maps (what Plivo would POST)
 * and as typed events (what `parseCallback` makes of them). For tests in any folder (relay,
 * main, simulator, bench); not used at runtime.
 *
 * Times are seconds after the scenario's start, because Plivo stamps events to the second.
 *
 *   const call = new CallScenario({ mpcUuid: 'mpc-1' })
 *   call.mpcInitialized(0).join(0, '10', 'customer').mpcStart(0).join(25, '11', 'agent')
 *   call.speak(30, '10', 4).hold(40, '10').unhold(70, '10').exit(90, '10').mpcEnd(90)
 *   call.params()  // Record<string, string>[] in the order built
 *   call.events()  // MpcEvent[]
 */
import type { MpcEvent, Role } from '../events'
import { parseCallback } from '../parse'
import { formatPlivoTime } from '../timestamps'

/** 2024-05-01 10:00:00 UTC. */
export const SCENARIO_START = Date.UTC(2024, 4, 1, 10, 0, 0)

/** Roles as Plivo's docs print them on the wire. */
const WIRE_ROLE: Record<Role, string> = {
  customer: 'Customer',
  agent: 'Agent',
  supervisor: 'Supervisor',
  'ai-agent': 'ai-agent',
}

export interface CallbackInput {
  name: string
  mpcUuid: string
  mpcName?: string
  /** Epoch ms. */
  at: number
  memberId?: string
  role?: Role
  callUuid?: string
  coachMode?: boolean
  /** Any further params, as Plivo would send them. */
  extra?: Record<string, string>
}

/** One callback's params, exactly as Plivo would send them. */
export function callbackParams(input: CallbackInput): Record<string, string> {
  const params: Record<string, string> = {
    EventName: input.name,
    EventTimestamp: formatPlivoTime(input.at),
    MPCUUID: input.mpcUuid,
  }
  if (input.mpcName !== undefined) params.MPCName = input.mpcName
  if (input.memberId !== undefined) params.MemberID = input.memberId
  if (input.role !== undefined) params.ParticipantRole = WIRE_ROLE[input.role]
  if (input.callUuid !== undefined) params.ParticipantCallUUID = input.callUuid
  if (input.coachMode !== undefined) params.ParticipantCoachMode = String(input.coachMode)
  return { ...params, ...input.extra }
}

/** `parseCallback`, throwing on a parse error (the helpers only build valid callbacks). */
export function toEvent(params: Record<string, string>): MpcEvent {
  const result = parseCallback(params)
  if (!result.ok) throw new Error(`scenario built an invalid callback: ${result.error.message}`)
  return result.event
}

export interface CallScenarioOptions {
  mpcUuid?: string
  mpcName?: string
  /** Epoch ms of second 0 (default SCENARIO_START). */
  start?: number
}

interface Member {
  role: Role
  callUuid: string
}

/** Builds the callbacks of one MPC, in the order the methods are called. */
export class CallScenario {
  readonly mpcUuid: string
  readonly mpcName: string
  readonly start: number
  private readonly built: Record<string, string>[] = []
  private readonly members = new Map<string, Member>()
  private recordingSeq = 0

  constructor(options: CallScenarioOptions = {}) {
    this.mpcUuid = options.mpcUuid ?? 'mpc-8742d531'
    this.mpcName = options.mpcName ?? `room ${this.mpcUuid}`
    this.start = options.start ?? SCENARIO_START
  }

  /** Epoch ms of a scenario second. */
  time(sec: number): number {
    return this.start + sec * 1000
  }

  params(): Record<string, string>[] {
    return this.built.map((p) => ({ ...p }))
  }

  events(): MpcEvent[] {
    return this.built.map(toEvent)
  }

  /** Any callback; member role and call uuid are filled in for members already joined. */
  raw(name: string, sec: number, memberId?: string, extra?: Record<string, string>): this {
    const member = memberId === undefined ? undefined : this.members.get(memberId)
    this.built.push(
      callbackParams({
        name,
        mpcUuid: this.mpcUuid,
        mpcName: this.mpcName,
        at: this.time(sec),
        memberId,
        role: member?.role,
        callUuid: member?.callUuid,
        extra,
      }),
    )
    return this
  }

  mpcInitialized(sec: number): this {
    return this.raw('MPCInitialized', sec)
  }

  mpcStart(sec: number): this {
    return this.raw('MPCStart', sec)
  }

  mpcEnd(sec: number, cause = 'No Active Participants', causeCode = '1000'): this {
    return this.raw('MPCEnd', sec, undefined, {
      MPCDuration: String(Math.max(0, Math.round(sec))),
      MPCBilledDuration: String(Math.ceil(Math.max(0, sec) / 60) * 60),
      MPCBilledAmount: '0.00500',
      TerminationCause: cause,
      TerminationCauseCode: causeCode,
    })
  }

  join(sec: number, memberId: string, role: Role, options: { coachMode?: boolean } = {}): this {
    this.members.set(memberId, { role, callUuid: `call-${this.mpcUuid}-${memberId}` })
    const coachMode = options.coachMode ?? (role === 'supervisor' ? true : false)
    return this.raw('ParticipantJoin', sec, memberId, { ParticipantCoachMode: String(coachMode) })
  }

  exit(sec: number, memberId: string, cause = 'Participant Call Hangup'): this {
    return this.raw('ParticipantExit', sec, memberId, { ParticipantExitCause: cause })
  }

  mute(sec: number, memberId: string): this {
    return this.raw('ParticipantMute', sec, memberId)
  }

  unmute(sec: number, memberId: string): this {
    return this.raw('ParticipantUnmute', sec, memberId)
  }

  hold(sec: number, memberId: string): this {
    return this.raw('ParticipantHold', sec, memberId)
  }

  unhold(sec: number, memberId: string): this {
    return this.raw('ParticipantUnhold', sec, memberId)
  }

  speakStart(sec: number, memberId: string): this {
    return this.raw('ParticipantSpeakStart', sec, memberId)
  }

  speakStop(sec: number, memberId: string): this {
    return this.raw('ParticipantSpeakStop', sec, memberId)
  }

  /** A spurt of speech: SpeakStart at `sec`, SpeakStop `durationSec` later. */
  speak(sec: number, memberId: string, durationSec: number): this {
    return this.speakStart(sec, memberId).speakStop(sec + durationSec, memberId)
  }

  coachStart(sec: number, memberId: string): this {
    return this.raw('ParticipantCoachModeStart', sec, memberId, { ParticipantCoachMode: 'true' })
  }

  coachStop(sec: number, memberId: string): this {
    return this.raw('ParticipantCoachModeStop', sec, memberId, { ParticipantCoachMode: 'false' })
  }

  digits(sec: number, memberId: string, digits: string): this {
    return this.raw('ParticipantDigitInput', sec, memberId, { Digits: digits })
  }

  /** MPC recording: Initiated | Paused | Resumed | Completed | Failed. */
  recording(
    sec: number,
    phase: 'Initiated' | 'Paused' | 'Resumed' | 'Completed' | 'Failed',
    recordingUuid = `rec-${this.mpcUuid}-1`,
  ): this {
    return this.raw(
      `MPCRecording${phase}`,
      sec,
      undefined,
      this.recordingFields(sec, phase, recordingUuid),
    )
  }

  participantRecording(
    sec: number,
    memberId: string,
    phase: 'Initiated' | 'Paused' | 'Resumed' | 'Completed' | 'Failed',
    recordingUuid = `rec-${this.mpcUuid}-${memberId}`,
  ): this {
    return this.raw(
      `ParticipantRecording${phase}`,
      sec,
      memberId,
      this.recordingFields(sec, phase, recordingUuid),
    )
  }

  /** AddParticipantByAPIActionInitiated / Completed for a dial-out. */
  apiAdd(
    sec: number,
    phase: 'Initiated' | 'Completed',
    requestUuid: string,
    extra: Record<string, string> = {},
  ): this {
    return this.raw(`AddParticipantByAPIAction${phase}`, sec, undefined, {
      RequestUUID: requestUuid,
      ...extra,
    })
  }

  private recordingFields(
    sec: number,
    phase: string,
    recordingUuid: string,
  ): Record<string, string> {
    this.recordingSeq += 1
    const fields: Record<string, string> = {
      RecordingUUID: recordingUuid,
      RecordingFormat: 'mp3',
      SequenceNumber: String(this.recordingSeq),
    }
    if (phase === 'Completed') {
      fields.RecordingURL = `https://media.plivo.com/v1/Account/MA000/Recording/${recordingUuid}.mp3`
      fields.RecordingEndTime = formatPlivoTime(this.time(sec))
    }
    return fields
  }
}

export interface RealisticCallOptions extends CallScenarioOptions {
  /** Seconds the customer waits before the agent joins (default 20). */
  waitSec?: number
  /** Whether the MPC ends (default true). */
  end?: boolean
}

/**
 * A supervised support call, its callbacks built in time order: the customer (member 10) waits, the agent (11) joins, they talk
 * (with one overtalk), the customer is held for 30 s, a supervisor (12) listens in coach mode,
 * then barges, everyone leaves and the MPC ends. The MPC is recorded throughout.
 *
 * Seconds (with waitSec = 20): 0 init/customer joins/start/recording; 20 agent joins;
 * 21–26 agent speaks; 25–30 customer speaks; 40–70 customer on hold; 75 supervisor joins (coach);
 * 80–83 supervisor coaches; 90 barge; 91–93 customer speaks; 95 digits "1#"; 100 customer
 * leaves; 101 agent leaves; 102 supervisor leaves; 102 recording completed, MPC ends.
 */
export function realisticCall(options: RealisticCallOptions = {}): CallScenario {
  const w = options.waitSec ?? 20
  const call = new CallScenario(options)
  call
    .mpcInitialized(0)
    .join(0, '10', 'customer')
    .mpcStart(0)
    .recording(0, 'Initiated')
    .join(w, '11', 'agent')
    .speakStart(w + 1, '11')
    .speakStart(w + 5, '10')
    .speakStop(w + 6, '11')
    .speakStop(w + 10, '10')
    .hold(w + 20, '10')
    .unhold(w + 50, '10')
    .join(w + 55, '12', 'supervisor', { coachMode: true })
    .speak(w + 60, '12', 3)
    .coachStop(w + 70, '12')
    .speak(w + 71, '10', 2)
    .digits(w + 75, '10', '1#')
  if (options.end === false) return call
  return call
    .exit(w + 80, '10')
    .exit(w + 81, '11')
    .exit(w + 82, '12')
    .recording(w + 82, 'Completed')
    .mpcEnd(w + 82)
}
