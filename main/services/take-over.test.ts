/**
 * Taking over from an AI agent, as the desk runs it: the supervisor's phone rings in barge mode;
 * only once it joined is the AI taken off the line, and every way it can go wrong says so and
 * leaves the AI in place. The timers are fake: "the phone never answers" is the join timeout.
 * Also: a mode switch sends only the flags that change, and asks for no beep.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ControlClient } from '../../mpc/client'
import { PlivoApiError } from '../../mpc/client-errors'
import type { PlivoParticipant } from '../../mpc/plivo-types'
import type { MpcEvent } from '../../mpc/events'
import { CallScenario } from '../../mpc/testing/scenario'
import type { MpcState } from '../../mpc/state'
import { applyEvent } from '../../mpc/reducer'
import type { MyPresence, SupervisorMode } from '../../preload/api'
import { switchParams } from './commands'
import { AI_STAYS, PresenceTracker, type TakeOverOutcome } from './presence'
import { HELD_INSTEAD, HELD_UNREAD, removeAiMember, type TakeOverDeps } from './take-over'

const JOIN_TIMEOUT_MS = 45_000

/** The customer (1) and the AI (2) on call `m`; the supervisor's phone will be member 9. */
const call = () =>
  new CallScenario({ mpcUuid: 'm' })
    .mpcInitialized(0)
    .join(1, '1', 'customer')
    .join(2, '2', 'ai-agent')
const SUP_CALL = 'call-m-9'
const supervisorJoin = (): MpcEvent[] =>
  call().join(10, '9', 'supervisor', { coachMode: false }).events().slice(-1)

describe('the take-over state machine (presence.ts)', () => {
  let settled: { auditId: string; ok: boolean; message?: string }[]
  let handedOver: { presence: MyPresence; auditId: string | undefined }[]
  let left: MyPresence[]
  let tracker: PresenceTracker

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
    settled = []
    handedOver = []
    left = []
    tracker = new PresenceTracker(
      {
        changed: () => {},
        joinSettled: (auditId, outcome) =>
          settled.push({
            auditId,
            ok: outcome.ok,
            ...(outcome.ok ? {} : { message: outcome.message }),
          }),
        applyMode: () => {},
        leaveNow: (p) => left.push(p),
        takeOverJoined: (presence, auditId) => handedOver.push({ presence, auditId }),
      },
      { joinTimeoutMs: JOIN_TIMEOUT_MS, failedTtlMs: 30_000 },
    )
    tracker.ringing('m', 'barge', SUP_CALL, 'audit-1', undefined, { aiMemberId: '2', then: 'kick' })
  })

  afterEach(() => {
    tracker.stop()
    vi.useRealTimers()
  })

  it('is pending while the phone rings, and hands over to the AI removal only once it joined', () => {
    expect(tracker.get('m')).toMatchObject({
      status: 'ringing',
      mode: 'barge',
      takeOver: { aiMemberId: '2', then: 'kick', status: 'pending' },
    })
    vi.advanceTimersByTime(JOIN_TIMEOUT_MS - 1)
    expect(handedOver).toEqual([])

    for (const event of supervisorJoin()) tracker.observe(event)

    expect(tracker.get('m')).toMatchObject({
      status: 'joined',
      memberId: '9',
      takeOver: { status: 'removing' },
    })
    expect(handedOver).toEqual([{ presence: tracker.get('m'), auditId: 'audit-1' }])
    // The take-over's audit entry waits for the AI to be off the line.
    expect(settled).toEqual([])

    tracker.takeOverSettled('m', { ok: true })
    expect(tracker.get('m')?.takeOver).toEqual({ aiMemberId: '2', then: 'kick', status: 'done' })
    // Joined is joined: the timeout that no longer applies changes nothing.
    vi.advanceTimersByTime(JOIN_TIMEOUT_MS)
    expect(tracker.get('m')).toMatchObject({ status: 'joined', takeOver: { status: 'done' } })
  })

  it('fails when the phone never answers, says the AI stays, and never touches the AI', () => {
    vi.advanceTimersByTime(JOIN_TIMEOUT_MS)
    const message = `Your phone did not join within 45 s. ${AI_STAYS}`
    expect(tracker.get('m')).toMatchObject({
      status: 'failed',
      error: message,
      takeOver: { status: 'failed', error: message },
    })
    expect(settled).toEqual([{ auditId: 'audit-1', ok: false, message }])
    // A join that comes after all is not a take-over any more.
    for (const event of supervisorJoin()) tracker.observe(event)
    expect(handedOver).toEqual([])
  })

  it('fails when Plivo reports the dial failed', () => {
    tracker.observe({
      kind: 'add-participant',
      name: 'AddParticipantByAPIActionCompleted',
      mpcUuid: 'm',
      callUuid: SUP_CALL,
      callStatus: 'no-answer',
      at: 5000,
      raw: {},
    })
    expect(tracker.get('m')?.takeOver).toMatchObject({
      status: 'failed',
      error: `Your phone did not join (no-answer). ${AI_STAYS}`,
    })
    expect(handedOver).toEqual([])
  })

  it('keeps the supervisor joined with the AI still there when the removal fails', () => {
    for (const event of supervisorJoin()) tracker.observe(event)
    tracker.takeOverSettled('m', { ok: false, error: 'Could not take AI agent 2 off the line.' })
    expect(tracker.get('m')).toMatchObject({
      status: 'joined',
      takeOver: { status: 'failed', error: 'Could not take AI agent 2 off the line.' },
    })
  })

  it('a supervisor who left while it rang is hung up on join, and the AI is left alone', () => {
    tracker.leaveWhenJoined('m')
    for (const event of supervisorJoin()) tracker.observe(event)
    expect(handedOver).toEqual([])
    expect(left).toHaveLength(1)
    expect(settled).toEqual([
      { auditId: 'audit-1', ok: false, message: 'You left before your phone joined.' },
    ])
  })

  it('a call that ends while it rings does not claim the AI stays', () => {
    tracker.observe({ kind: 'mpc', name: 'MPCEnd', mpcUuid: 'm', at: 9000, raw: {} })
    expect(tracker.get('m')?.error).toBe('The call ended before you joined.')
  })
})

describe('taking the AI member off the line (take-over.ts)', () => {
  const state = (): MpcState => {
    let mpc: MpcState | undefined
    for (const event of call().join(10, '9', 'supervisor').events()) mpc = applyEvent(mpc, event)
    if (!mpc) throw new Error('no state')
    return mpc
  }
  const presence: MyPresence = {
    mpcUuid: 'm',
    mode: 'barge',
    status: 'joined',
    memberId: '9',
    since: 0,
    takeOver: { aiMemberId: '2', then: 'kick', status: 'removing' },
  }

  function setup(client: Partial<ControlClient>, mpc: MpcState = state()) {
    const sent: string[] = []
    const finished: unknown[] = []
    const outcomes: TakeOverOutcome[] = []
    const fake = {
      getParticipant: vi.fn(client.getParticipant),
      kickParticipant: vi.fn(async (...args: unknown[]) => {
        sent.push(`kick ${String(args[1])}`)
        return client.kickParticipant?.(...(args as Parameters<ControlClient['kickParticipant']>))
      }),
      updateParticipant: vi.fn(async (...args: unknown[]) => {
        sent.push(`update ${String(args[1])} ${JSON.stringify(args[2])}`)
        return client.updateParticipant
          ? client.updateParticipant(...(args as Parameters<ControlClient['updateParticipant']>))
          : { api_id: 'x' }
      }),
    }
    const deps: TakeOverDeps = {
      store: { get: () => mpc },
      audit: { finish: (id, outcome) => void finished.push({ id, ...outcome }) },
      client: () => fake as unknown as ControlClient,
      settled: (_uuid, outcome) => void outcomes.push(outcome),
      warn: () => {},
    }
    return { deps, sent, finished, outcomes }
  }
  const aiReads = (endMpcOnExit: boolean | null) =>
    (async () =>
      ({
        member_id: '2',
        end_mpc_on_exit: endMpcOnExit,
      }) as PlivoParticipant) as ControlClient['getParticipant']

  it('kicks an AI that does not end the call on exit', async () => {
    const t = setup({ getParticipant: aiReads(false), kickParticipant: async () => {} })
    await removeAiMember(t.deps, presence, 'audit-1')
    expect(t.sent).toEqual(['kick 2'])
    expect(t.outcomes).toEqual([{ ok: true }])
    expect(t.finished).toEqual([{ id: 'audit-1', ok: true }])
  })

  it("mutes and holds an AI whose exit would end the customer's call, and says why", async () => {
    const t = setup({ getParticipant: aiReads(true) })
    await removeAiMember(t.deps, presence, 'audit-1')
    expect(t.sent).toEqual(['update 2 {"mute":true,"hold":true}'])
    expect(t.outcomes).toEqual([{ ok: true, did: 'mute-hold', note: HELD_INSTEAD }])
  })

  it('holds rather than risk the call when Plivo cannot say', async () => {
    const t = setup({
      getParticipant: async () => {
        throw new PlivoApiError({
          status: 500,
          plivoError: 'internal error',
          apiId: undefined,
          target: { method: 'GET', path: 'MultiPartyCall/uuid_m/Participant/2/' },
          attempts: 3,
        })
      },
    })
    await removeAiMember(t.deps, presence, 'audit-1')
    expect(t.sent).toEqual(['update 2 {"mute":true,"hold":true}'])
    expect(t.outcomes).toEqual([{ ok: true, did: 'mute-hold', note: HELD_UNREAD }])
  })

  it('mute-hold asked for is done without reading the AI first', async () => {
    const t = setup({})
    await removeAiMember(
      t.deps,
      { ...presence, takeOver: { aiMemberId: '2', then: 'mute-hold', status: 'removing' } },
      'a',
    )
    expect(t.deps.client()?.getParticipant).not.toHaveBeenCalled()
    expect(t.sent).toEqual(['update 2 {"mute":true,"hold":true}'])
  })

  it('a kick Plivo refuses is a failure in the audit log and on the card: the AI is still there', async () => {
    const t = setup({
      getParticipant: aiReads(false),
      kickParticipant: async () => {
        throw new Error('socket hang up')
      },
    })
    await removeAiMember(t.deps, presence, 'audit-1')
    const [outcome] = t.outcomes
    expect(outcome?.ok).toBe(false)
    const error = outcome && !outcome.ok ? outcome.error : ''
    expect(error).toMatch(/^Could not take AI agent 2 off the line: .*socket hang up/)
    expect(error).toMatch(/You are on the call with the AI agent still there\.$/)
    expect(t.finished).toEqual([
      { id: 'audit-1', ok: false, error: { code: 'plivo', message: error } },
    ])
  })

  it('an AI already gone needs nothing more', async () => {
    let mpc = state()
    for (const event of call().exit(11, '2').events().slice(-1)) mpc = applyEvent(mpc, event) ?? mpc
    const t = setup({}, mpc)
    await removeAiMember(t.deps, presence, 'audit-1')
    expect(t.sent).toEqual([])
    expect(t.outcomes).toEqual([{ ok: true, note: 'The AI agent had already left.' }])
  })
})

describe('a mode switch sends only what changes, and asks for no beep', () => {
  const cases: [SupervisorMode, SupervisorMode, object][] = [
    ['listen', 'coach', { mute: false }],
    ['coach', 'listen', { mute: true }],
    ['coach', 'barge', { coachMode: false }],
    ['barge', 'coach', { coachMode: true }],
    ['listen', 'barge', { coachMode: false, mute: false }],
    ['barge', 'listen', { coachMode: true, mute: true }],
  ]
  for (const [from, to, flags] of cases) {
    it(`${from} → ${to}`, () => {
      expect(switchParams(from, to)).toEqual({ ...flags, disableStateChangeSound: true })
    })
  }
})
