/**
 * The world model's rules, driven directly (the REST tests cover them as a client sees them).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { STATUS_EVENT_GROUPS, type StatusEventGroup } from '../mpc/events'
import { Scheduler } from './scheduler'
import { EXIT_CAUSE, type Role } from './types'
import { World, type MpcSettings } from './world'

const ALL = new Set(Object.keys(STATUS_EVENT_GROUPS) as StatusEventGroup[])
let scheduler: Scheduler

afterEach(() => scheduler.stop())

function setup(groups: ReadonlySet<StatusEventGroup> = ALL) {
  scheduler = new Scheduler(10_000)
  const events: Record<string, string>[] = []
  const world = new World({
    scheduler,
    sink: (_target, params) => events.push(params),
    baseUrl: () => 'http://sim.invalid',
    authId: 'MATESTACCOUNT000000000',
    failNumbers: new Set(),
    answerDelaySimMs: () => 1_000,
  })
  let n = 0
  const settings = (overrides: Partial<MpcSettings> = {}): MpcSettings => ({
    maxDurationSec: 14_400,
    maxParticipants: 10,
    record: false,
    recordFileFormat: 'mp3',
    recordMinMemberCount: 1,
    waitForAgent: false,
    status: { url: 'http://hooks.invalid/status', method: 'POST', groups },
    recording: { url: 'http://hooks.invalid/recording', method: 'POST' },
    defaultCallbacks: false,
    ...overrides,
  })
  const mpc = (overrides: Partial<MpcSettings> = {}) =>
    world.createMpc(`room-${++n}`, settings(overrides), `uuid-${n}`)
  const join = (
    m: ReturnType<typeof mpc>,
    role: Role,
    extra: Partial<Parameters<World['join']>[1]> = {},
  ) =>
    world.join(m, {
      role,
      callUuid: `call-${++n}`,
      memberAddress: 'sip:x@y',
      mute: false,
      hold: false,
      coachMode: true,
      stayAlone: false,
      startMpcOnEnter: true,
      endMpcOnExit: false,
      ...extra,
    })
  const names = () => events.map((e) => e.EventName)
  return { world, events, mpc, join, names }
}

describe('world rules', () => {
  it('waitForAgent: customers wait (Initialized) until an agent or AI agent joins', () => {
    const { mpc, join, names } = setup()
    const m = mpc({ waitForAgent: true })
    join(m, 'customer')
    join(m, 'supervisor')
    expect(m.status).toBe('Initialized')
    join(m, 'ai-agent')
    expect(m.status).toBe('Active')
    expect(names()).toEqual([
      'MPCInitialized',
      'ParticipantJoin',
      'ParticipantJoin',
      'ParticipantJoin',
      'MPCStart',
    ])
  })

  it('startMpcOnEnter=false keeps the MPC Initialized until the Start API', () => {
    const { world, mpc, join } = setup()
    const m = mpc()
    join(m, 'agent', { startMpcOnEnter: false })
    join(m, 'customer', { startMpcOnEnter: false })
    expect(m.status).toBe('Initialized')
    world.activate(m)
    expect(m.status).toBe('Active')
    expect(m.startTime).toBeDefined()
  })

  it('auto-records once the MPC is active with recordMinMemberCount members', () => {
    const { mpc, join, events } = setup()
    const m = mpc({ record: true, recordMinMemberCount: 2 })
    join(m, 'customer')
    expect(m.recording).toBeUndefined()
    join(m, 'agent')
    expect(m.recording?.state).toBe('recording')
    const initiated = events.find((e) => e.EventName === 'MPCRecordingInitiated')
    expect(initiated).toMatchObject({
      RecordingFormat: 'mp3',
      RecordingURL: `http://sim.invalid/v1/Account/MATESTACCOUNT000000000/Recording/${m.recording?.uuid}.mp3`,
      SequenceNumber: '1',
    })
  })

  it('mute and hold silence a speaker first; a muted participant cannot start speaking', () => {
    const { world, mpc, join, names, events } = setup()
    const m = mpc()
    const agent = join(m, 'agent')
    join(m, 'customer')
    events.length = 0
    world.setSpeaking(agent, true)
    world.setMute(agent, true)
    world.setSpeaking(agent, true)
    world.setMute(agent, true)
    world.setHold(agent, true)
    expect(names()).toEqual([
      'ParticipantSpeakStart',
      'ParticipantAudioStart',
      'ParticipantSpeakStop',
      'ParticipantAudioStop',
      'ParticipantMute',
      'ParticipantHold',
    ])
  })

  it('coach mode belongs to supervisors; joining muted or on hold is announced', () => {
    const { world, mpc, join, events } = setup()
    const m = mpc()
    const agent = join(m, 'agent')
    const supervisor = join(m, 'supervisor', { coachMode: false, mute: true })
    expect(agent.coachMode).toBe(false)
    world.setCoachMode(agent, true)
    world.setCoachMode(supervisor, true)
    world.setCoachMode(supervisor, false)
    const own = events.filter((e) => e.MemberID === supervisor.memberId)
    expect(own.map((e) => [e.EventName, e.ParticipantCoachMode])).toEqual([
      ['ParticipantJoin', 'false'],
      ['ParticipantMute', 'false'],
      ['ParticipantCoachModeStart', 'true'],
      ['ParticipantCoachModeStop', 'false'],
    ])
    expect(own[0]?.ParticipantRole).toBe('Supervisor')
  })

  it('sends only the subscribed event groups', () => {
    const { world, mpc, join, names } = setup(new Set(['participant-speak-events']))
    const m = mpc()
    const agent = join(m, 'agent')
    world.setSpeaking(agent, true)
    world.setMute(agent, true)
    world.digits(agent, '5')
    expect(names()).toEqual(['ParticipantSpeakStart', 'ParticipantSpeakStop'])
  })

  it('ending an MPC cancels ringing dials, exits members, completes the recording', () => {
    const { world, mpc, join, names, events } = setup()
    const m = mpc()
    join(m, 'agent')
    world.startRecording(m, { format: 'wav' })
    world.dial(
      m,
      {
        requestUuid: 'req-1',
        to: ['+1555'],
        from: '+1444',
        settings: {
          role: 'supervisor',
          mute: true,
          hold: false,
          coachMode: true,
          stayAlone: false,
          startMpcOnEnter: true,
          endMpcOnExit: false,
        },
      },
      () => 'dialled-call',
    )
    events.length = 0
    world.end(m, { cause: 'Hangup API Triggered', code: 3000 })
    expect(names()).toEqual([
      'AddParticipantByAPIActionCompleted',
      'ParticipantExit',
      'MPCRecordingCompleted',
      'MPCEnd',
    ])
    expect(events[0]).toMatchObject({ CallStatus: 'canceled', RequestUUID: 'req-1' })
    expect(events[1]).toMatchObject({ ParticipantExitCause: EXIT_CAUSE.mpcEnded })
    expect(events[3]).toMatchObject({
      MPCTerminationCause: 'Hangup API Triggered',
      MPCTerminationCauseCode: '3000',
    })
    expect(world.liveByFriendlyName(m.name)).toBeUndefined()
    expect(world.byMpcUuid(m.uuid)?.status).toBe('Ended')
  })
})
