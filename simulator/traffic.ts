/**
 * Seeded call-center traffic. Customers call in and wait for an agent (waitForAgent), some give
 * up; agents or AI agents answer; they talk in spurts with silences and the odd overtalk; agents
 * hold and mute, customers press digits, AI agents hand over to humans, supervisors drop in to
 * listen, coach or barge; some calls are recorded (paused while the customer is on hold); then
 * somebody hangs up.
 *
 * Everything is drawn from one seeded stream, forked per call, and timed on the simulated clock,
 * so the same seed gives the same calls, names, members and event order at any time scale.
 * Some AI agents' streams fail mid-call (`aiStreamFailureShare`): drawn from a stream seeded by
 * the call's uuid, so the same seed fails the same streams, and the draws of everything else a
 * seed gave before streams could fail stay as they were.
 */
import { mulberry32, type Rng } from './prng'
import type { TaskHandle } from './scheduler'
import { EXIT_CAUSE, type CallbackTarget, type Role, type StatusSubscription } from './types'
import type { Mpc, Participant, World } from './world'

export interface TrafficOptions {
  /** Live calls the generator aims to keep (Little's law sets the arrival rate). Default 12. */
  concurrentCalls?: number
  /** Mean talk time once answered, simulated seconds. Default 150. */
  meanCallSeconds?: number
  /** Mean time a customer waits for a human agent, simulated seconds. Default 20. */
  meanWaitSeconds?: number
  /** Share of calls answered by an AI agent first. Default 0.25. */
  aiAgentShare?: number
  /** Share of calls recorded. Default 0.5. */
  recordShare?: number
  /** Share of calls a (simulated) supervisor drops in on. Default 0.1. */
  supervisorShare?: number
  /** Share of customers who hang up while waiting. Default 0.08. */
  abandonShare?: number
  /** Share of AI agents whose stream drops during the call (they stay, silent). Default 0.15. */
  aiStreamFailureShare?: number
  /** Stop generating after this many calls (tests). Default: no limit. */
  maxCalls?: number
  /** The first `concurrentCalls` arrive spread over this many simulated seconds. Default 10. */
  rampSeconds?: number
}

export interface TrafficCallbacks {
  status: () => StatusSubscription | undefined
  recording: () => CallbackTarget | undefined
  aiStream?: () => CallbackTarget | undefined
}

const QUEUES = ['support', 'sales', 'billing', 'claims'] as const
const DIGIT_CHOICES = ['1', '2', '3', '4', '0', '#', '12345#', '9'] as const

/** One call in progress: its MPC, its own random stream, and its pending tasks. */
class CallRun {
  readonly tasks = new Set<TaskHandle>()
  customer: Participant | undefined
  agent: Participant | undefined
  ai: Participant | undefined
  supervisor: Participant | undefined
  lastSpeaker: Participant | undefined
  constructor(
    readonly mpc: Mpc,
    readonly rng: Rng,
    /** Scales this call's talk time (the warm-up calls are "already in progress"). */
    readonly talkFactor: number,
  ) {}
}

export class Traffic {
  private readonly options: Required<Omit<TrafficOptions, 'maxCalls'>> & { maxCalls?: number }
  private arrivalTask: TaskHandle | undefined
  private arrivals = 0
  private readonly calls = new Map<string, CallRun>()
  private active = false

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
    private readonly callbacks: TrafficCallbacks,
    options: TrafficOptions = {},
  ) {
    this.options = {
      concurrentCalls: options.concurrentCalls ?? 12,
      meanCallSeconds: options.meanCallSeconds ?? 150,
      meanWaitSeconds: options.meanWaitSeconds ?? 20,
      aiAgentShare: options.aiAgentShare ?? 0.25,
      recordShare: options.recordShare ?? 0.5,
      supervisorShare: options.supervisorShare ?? 0.1,
      abandonShare: options.abandonShare ?? 0.08,
      aiStreamFailureShare: options.aiStreamFailureShare ?? 0.15,
      rampSeconds: options.rampSeconds ?? 10,
      ...(options.maxCalls !== undefined ? { maxCalls: options.maxCalls } : {}),
    }
  }

  get running(): boolean {
    return this.active
  }

  /** Calls generated so far and still live. */
  get liveCalls(): number {
    return this.calls.size
  }

  start(): void {
    if (this.active) return
    this.active = true
    // One base time for the whole warm-up, so a seed gives the same schedule every run.
    this.world.pinned(() => {
      // Warm-up: a full floor of calls already in progress, so a demo is busy at once.
      const warm = Math.max(0, this.options.concurrentCalls - this.calls.size)
      for (let i = 0; i < warm; i++) {
        const delay = this.rng.next() * this.options.rampSeconds * 1000
        const talkFactor = 0.1 + this.rng.next() * 0.9
        this.world.after(delay, () => this.arrive(talkFactor))
      }
      this.scheduleArrival()
    })
  }

  /** Stops new arrivals; calls in progress run to their natural end. */
  stop(): void {
    this.active = false
    this.world.cancel(this.arrivalTask)
    this.arrivalTask = undefined
  }

  private scheduleArrival(): void {
    if (!this.active || this.limitReached()) return
    const o = this.options
    const meanLifetime = o.meanWaitSeconds + o.meanCallSeconds
    const meanGapMs = (meanLifetime / Math.max(1, o.concurrentCalls)) * 1000
    this.arrivalTask = this.world.after(this.rng.exp(meanGapMs), () => {
      this.arrive(1)
      this.scheduleArrival()
    })
  }

  private limitReached(): boolean {
    return this.options.maxCalls !== undefined && this.arrivals >= this.options.maxCalls
  }

  private arrive(talkFactor: number): void {
    if (!this.active || this.limitReached()) return
    this.arrivals++
    const rng = this.rng.fork()
    const queue = rng.pick(QUEUES)
    const name = `${queue}-${String(this.arrivals).padStart(6, '0')}`
    const mpc = this.world.createMpc(
      name,
      {
        maxDurationSec: 14_400,
        maxParticipants: 10,
        record: rng.chance(this.options.recordShare),
        recordFileFormat: rng.chance(0.8) ? 'mp3' : 'wav',
        recordMinMemberCount: 2,
        waitForAgent: true,
        status: this.callbacks.status(),
        recording: this.callbacks.recording(),
        aiStream: this.callbacks.aiStream?.(),
        defaultCallbacks: true,
      },
      rng.uuid(),
    )
    const call = new CallRun(mpc, rng, talkFactor)
    this.calls.set(mpc.uuid, call)
    mpc.hooks = {
      onEnd: () => this.finish(call),
      onExit: (p) => this.onExit(call, p),
    }
    call.customer = this.join(call, 'customer')
    this.planWaiting(call)
  }

  private finish(call: CallRun): void {
    for (const task of call.tasks) this.world.cancel(task)
    call.tasks.clear()
    this.calls.delete(call.mpc.uuid)
  }

  private after(call: CallRun, delayMs: number, run: () => void): void {
    const task = this.world.after(delayMs, () => {
      call.tasks.delete(task)
      if (call.mpc.live) run()
    })
    call.tasks.add(task)
  }

  private join(
    call: CallRun,
    role: Role,
    extra: Partial<{ mute: boolean; coachMode: boolean }> = {},
  ) {
    const rng = call.rng
    // A full MPC (the API may have added people to a generated call) turns the leg away.
    if (call.mpc.liveMembers().length >= call.mpc.settings.maxParticipants) return undefined
    return this.world.join(call.mpc, {
      role,
      callUuid: rng.uuid(),
      memberAddress:
        role === 'customer'
          ? `+1${rng.int(201, 989)}555${String(rng.int(0, 9999)).padStart(4, '0')}`
          : role === 'ai-agent'
            ? `wss://ai.example.com/agent/${rng.int(1, 40)}`
            : `sip:${role}${rng.int(100, 999)}@desk.example.com`,
      mute: extra.mute ?? false,
      hold: false,
      coachMode: extra.coachMode ?? true,
      stayAlone: false,
      startMpcOnEnter: true,
      endMpcOnExit: false,
    })
  }

  private planWaiting(call: CallRun): void {
    const rng = call.rng
    const o = this.options
    // IVR-style digits while waiting (the wait music says "press 1 for…").
    if (rng.chance(0.35)) {
      const digits = rng.pick(DIGIT_CHOICES)
      this.after(call, 1_000 + rng.next() * 3_000, () => {
        if (call.customer) this.world.digits(call.customer, digits)
      })
    }
    const useAi = rng.chance(o.aiAgentShare)
    const wait = useAi ? 800 + rng.next() * 1_500 : 2_000 + rng.exp(o.meanWaitSeconds * 1000)
    if (rng.chance(o.abandonShare)) {
      this.after(call, wait * (0.3 + rng.next() * 0.6), () => this.hangup(call.customer))
    }
    this.after(call, wait, () => {
      if (!call.customer?.live) return
      if (useAi) {
        call.ai = this.join(call, 'ai-agent')
        this.planAiConversation(call)
      } else {
        call.agent = this.join(call, 'agent')
        this.planConversation(call)
      }
      this.nextTurn(call, 600 + rng.next() * 800)
    })
  }

  private planAiConversation(call: CallRun): void {
    const rng = call.rng
    const aiTalk = (20_000 + rng.exp(50_000)) * call.talkFactor
    const faults = mulberry32(seedOf(call.mpc.uuid))
    if (faults.chance(this.options.aiStreamFailureShare)) {
      this.after(call, aiTalk * (0.2 + faults.next() * 0.6), () => {
        if (call.ai) this.world.dropAiStream(call.ai)
      })
    }
    if (rng.chance(0.5)) {
      // Escalation: a human joins, then the AI agent leaves (warm hand-over, so the customer is
      // never left alone and the MPC goes on).
      this.after(call, aiTalk, () => {
        call.agent = this.join(call, 'agent')
        this.after(call, 2_000 + rng.next() * 3_000, () => {
          this.hangup(call.ai)
          this.planConversation(call)
        })
      })
    } else {
      this.after(call, aiTalk, () => this.hangup(rng.chance(0.7) ? call.customer : call.ai))
    }
  }

  private planConversation(call: CallRun): void {
    const rng = call.rng
    const o = this.options
    const talk = Math.max(15_000, rng.exp(o.meanCallSeconds * 1000) * call.talkFactor)
    if (rng.chance(0.3)) {
      const at = talk * (0.2 + rng.next() * 0.5)
      const length = 5_000 + rng.exp(25_000)
      this.after(call, at, () => this.hold(call, length))
    }
    if (rng.chance(0.15)) {
      this.after(call, talk * rng.next() * 0.8, () => {
        const agent = call.agent
        if (!agent?.live) return
        this.world.setMute(agent, true)
        this.after(call, 3_000 + rng.next() * 7_000, () => this.world.setMute(agent, false))
      })
    }
    if (rng.chance(o.supervisorShare)) {
      this.after(call, talk * (0.1 + rng.next() * 0.3), () => this.superviseCall(call))
    }
    this.after(call, talk, () => {
      const leaver = rng.chance(0.6) ? call.customer : call.agent
      this.hangup(leaver)
    })
  }

  private hold(call: CallRun, length: number): void {
    const customer = call.customer
    if (!customer?.live) return
    this.world.setHold(customer, true)
    const mpc = call.mpc
    // Pause the recording while the customer is on hold (e.g. reading out a card number).
    const pausedRecording = mpc.recording?.state === 'recording' && call.rng.chance(0.5)
    if (pausedRecording) this.world.pauseRecording(mpc)
    this.after(call, length, () => {
      if (customer.live) this.world.setHold(customer, false)
      if (pausedRecording && mpc.recording?.state === 'paused') this.world.resumeRecording(mpc)
    })
  }

  private superviseCall(call: CallRun): void {
    const rng = call.rng
    if (call.supervisor?.live || call.mpc.liveMembers().length >= call.mpc.settings.maxParticipants)
      return
    const supervisor = this.join(call, 'supervisor', { mute: true, coachMode: true })
    if (!supervisor) return
    call.supervisor = supervisor
    // Listen, then coach the agent, sometimes barge in, then leave.
    this.after(call, 5_000 + rng.next() * 10_000, () => {
      this.world.setMute(supervisor, false)
      if (rng.chance(0.4)) {
        this.after(call, 5_000 + rng.next() * 10_000, () =>
          this.world.setCoachMode(supervisor, false),
        )
      }
      this.after(call, 20_000 + rng.next() * 20_000, () => this.hangup(supervisor))
    })
  }

  private onExit(call: CallRun, participant: Participant): void {
    if (participant.role !== 'customer') return
    // The customer has gone: the agents wrap up and leave (the stay-alone rule may end the MPC
    // first; then these do nothing).
    const rng = call.rng
    for (const other of call.mpc.liveMembers()) {
      this.after(call, 500 + rng.next() * 2_500, () => this.hangup(other))
    }
  }

  private hangup(participant: Participant | undefined): void {
    if (participant?.live) this.world.exit(participant, EXIT_CAUSE.hangup)
  }

  /** One talk spurt, then the next after a silence, or overlapping it (overtalk). */
  private nextTurn(call: CallRun, delayMs: number): void {
    this.after(call, delayMs, () => {
      const rng = call.rng
      const speakers = call.mpc.liveMembers().filter((m) => this.world.canBeHeard(m) && !m.speaking)
      if (speakers.length === 0) {
        this.nextTurn(call, 1_000 + rng.next() * 2_000)
        return
      }
      // Turn-taking: whoever spoke last is less likely to go again.
      const others = speakers.filter((m) => m !== call.lastSpeaker)
      const speaker = others.length > 0 && rng.chance(0.8) ? rng.pick(others) : rng.pick(speakers)
      call.lastSpeaker = speaker
      const length = 500 + rng.exp(3_500)
      this.world.setSpeaking(speaker, true)
      this.after(call, length, () => this.world.setSpeaking(speaker, false))
      let gap: number
      if (rng.chance(0.12)) gap = -Math.min(length / 2, 300 + rng.next() * 1_200)
      else if (rng.chance(0.05)) gap = 5_000 + rng.next() * 8_000
      else gap = 200 + rng.exp(900)
      this.nextTurn(call, Math.max(100, length + gap))
    })
  }
}

/** A 32-bit seed from a text (FNV-1a): the call's own stream for its stream faults. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return hash >>> 0
}
