/**
 * Handing an AI call to an agent endpoint, as the desk runs it: the agent's phone is dialled as an
 * `agent` member, silently; only once ITS join arrives is the AI taken off the line, and every
 * way it can go wrong says so, finishes the audit entry and leaves the AI in place. Timers are
 * fake: "the agent never answers" is the ring timeout.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ControlClient } from '../../mpc/client'
import type { MpcEvent } from '../../mpc/events'
import type { AddParticipantParams, PlivoParticipant } from '../../mpc/plivo-types'
import { applyEvent } from '../../mpc/reducer'
import type { MpcState } from '../../mpc/state'
import { CallScenario } from '../../mpc/testing/scenario'
import { channels, HAND_OFF_ENDPOINT_MESSAGE, type Command } from '../../preload/api'
import { dispatchInvoke, type DeskServices } from './desk-services'
import { HandOffTracker } from './hand-off'
import {
  hangUpLateLeg,
  removeAiOnHandOff,
  startHandOff,
  type HandOffStartDeps,
} from './hand-off-runner'
import { AI_STAYS } from './presence'
import { HELD_INSTEAD } from './take-over'

const RING_MS = 45_000
const TTL_MS = 30_000
const AGENT = 'sip:alice@agents.example'
/** The customer (1) and the AI (2) on call `m`; the agent's phone will be member 9. */
const call = () =>
  new CallScenario({ mpcUuid: 'm' })
    .mpcInitialized(0)
    .join(1, '1', 'customer')
    .join(2, '2', 'ai-agent')
const AGENT_CALL = 'call-m-9'
const agentJoins = (): MpcEvent[] => call().join(10, '9', 'agent').events().slice(-1)
const flush = () => new Promise((resolve) => setImmediate(resolve))

interface Finished {
  id: string
  ok: boolean
  code?: string
  message?: string
}

function harness(client: Partial<ControlClient> = {}) {
  let mpc: MpcState | undefined
  for (const event of call().events()) mpc = applyEvent(mpc, event)
  const dialled: AddParticipantParams[] = []
  const sent: string[] = []
  const finished: Finished[] = []
  const fake = {
    addParticipant: vi.fn(async (_ref: unknown, params: AddParticipantParams) => {
      dialled.push(params)
      return { calls: [{ to: AGENT, from: '+15550100', call_uuid: AGENT_CALL }] }
    }),
    getParticipant:
      client.getParticipant ??
      (async () => ({ member_id: '2', end_mpc_on_exit: false }) as PlivoParticipant),
    kickParticipant: vi.fn(async (_ref: unknown, member: unknown) => {
      sent.push(`kick ${String(member)}`)
      await client.kickParticipant?.({ uuid: 'm' }, String(member))
    }),
    updateParticipant: vi.fn(async (_ref: unknown, member: unknown, params: unknown) => {
      sent.push(`update ${String(member)} ${JSON.stringify(params)}`)
      return { api_id: 'x' }
    }),
  }
  const deps: HandOffStartDeps = {
    store: { get: () => mpc },
    audit: {
      finish: (id, outcome) =>
        void finished.push(
          outcome.ok
            ? { id, ok: true }
            : { id, ok: false, code: outcome.error.code, message: outcome.error.message },
        ),
    },
    handOffs: undefined as unknown as HandOffTracker,
    client: () => fake as unknown as ControlClient,
    warn: () => {},
    presence: { get: () => undefined },
    supervisor: () => ({ endpoint: 'sip:sup@desk.example', callerId: '+15550100' }),
  }
  const tracker = new HandOffTracker(
    {
      changed: () => {},
      joined: (handOff) => removeAiOnHandOff(deps, handOff),
      failed: (id, code, message) => void finished.push({ id, ok: false, code, message }),
      hangUp: (uuid, member) => hangUpLateLeg(deps, uuid, member),
    },
    { ringTimeoutMs: RING_MS, settledTtlMs: TTL_MS },
  )
  deps.handOffs = tracker
  return {
    deps,
    tracker,
    dialled,
    sent,
    finished,
    fake,
    start: (then: 'kick' | 'mute-hold' = 'kick') =>
      startHandOff(
        deps,
        fake as unknown as ControlClient,
        mpc as MpcState,
        { aiMemberId: '2', then, endpoint: AGENT },
        'audit-1',
      ),
    feed(events: MpcEvent[]) {
      for (const event of events) {
        mpc = applyEvent(mpc, event) ?? mpc
        tracker.observe(event)
      }
    },
  }
}

describe('a hand-off to an agent endpoint (hand-off.ts)', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] }))
  afterEach(() => vi.useRealTimers())

  it('dials the agent silently as an agent, and takes the AI off the line once it joined', async () => {
    const t = harness()
    expect(await t.start()).toEqual({ auditId: 'audit-1', pendingCallUuid: AGENT_CALL })
    expect(t.dialled).toEqual([
      {
        role: 'agent',
        from: '+15550100',
        to: AGENT,
        enterSound: 'none',
        exitSound: 'none',
        ringTimeout: 45,
        endMpcOnExit: false,
      },
    ])
    expect(t.tracker.get('m')).toMatchObject({ status: 'pending', endpoint: AGENT })
    // While the agent's phone rings nothing is done to the AI, and the audit entry stays open.
    expect(t.sent).toEqual([])
    expect(t.finished).toEqual([])

    t.feed(agentJoins())
    await flush()
    expect(t.sent).toEqual(['kick 2'])
    expect(t.tracker.get('m')).toMatchObject({ status: 'done', then: 'kick', memberId: '9' })
    expect(t.finished).toEqual([{ id: 'audit-1', ok: true }])

    // Shown a while, then gone; no ring timeout fires on a hand-off that joined.
    vi.advanceTimersByTime(RING_MS + TTL_MS)
    expect(t.tracker.list()).toEqual([])
    expect(t.finished).toHaveLength(1)
  })

  it('an agent that never answers fails it, leaves the AI, and a late leg is hung up', async () => {
    const t = harness()
    await t.start()
    vi.advanceTimersByTime(RING_MS)
    const failed = t.tracker.get('m')
    expect(failed?.status).toBe('failed')
    expect(failed?.error).toBe(`${AGENT} did not answer within 45 s. ${AI_STAYS}`)
    expect(t.finished).toEqual([
      { id: 'audit-1', ok: false, code: 'timeout', message: failed?.error },
    ])
    expect(t.sent).toEqual([])

    // Plivo connects the leg after all: it is hung up, and the AI stays.
    t.feed(agentJoins())
    await flush()
    expect(t.sent).toEqual(['kick 9'])
    expect(t.tracker.get('m')?.status).toBe('failed')
  })

  it('says which way the dial failed when Plivo reports it', async () => {
    const t = harness()
    await t.start()
    t.feed(
      call()
        .apiAdd(5, 'Completed', 'req-1', { ParticipantCallUUID: AGENT_CALL, CallStatus: 'busy' })
        .events()
        .slice(-1),
    )
    expect(t.tracker.get('m')?.error).toBe(`${AGENT} did not answer (busy). ${AI_STAYS}`)
    expect(t.finished).toMatchObject([{ id: 'audit-1', ok: false, code: 'plivo' }])
  })

  it('a call that ends before the agent joined fails it, without promising the AI stays', async () => {
    const t = harness()
    await t.start()
    t.feed(call().mpcEnd(8).events().slice(-1))
    const failed = t.tracker.get('m')
    expect(failed?.status).toBe('failed')
    expect(failed?.error).toBe(`The call ended before ${AGENT} joined.`)
    expect(t.finished).toMatchObject([{ id: 'audit-1', ok: false, message: failed?.error }])
  })

  it('a kick Plivo refuses fails it with the reason: the agent is on with the AI still there', async () => {
    const t = harness({
      kickParticipant: async () => {
        throw new Error('socket hang up')
      },
    })
    await t.start()
    t.feed(agentJoins())
    await flush()
    const failed = t.tracker.get('m')
    expect(failed?.status).toBe('failed')
    expect(failed?.error).toMatch(/^Could not take AI agent 2 off the line: .*socket hang up/)
    expect(failed?.error).toMatch(
      new RegExp(`${AGENT} is on the call with the AI agent still there\\.$`),
    )
    expect(t.finished).toEqual([
      { id: 'audit-1', ok: false, code: 'plivo', message: failed?.error },
    ])
  })

  it('an AI that ends the call when it leaves is muted and held instead, and the note says why', async () => {
    const t = harness({
      getParticipant: async () => ({ member_id: '2', end_mpc_on_exit: true }) as PlivoParticipant,
    })
    await t.start()
    t.feed(agentJoins())
    await flush()
    expect(t.sent).toEqual(['update 2 {"mute":true,"hold":true}'])
    expect(t.tracker.get('m')).toMatchObject({
      status: 'done',
      then: 'mute-hold',
      note: HELD_INSTEAD,
    })
  })

  it('refuses a second hand-off while one is under way: nothing more is dialled', async () => {
    const t = harness()
    await t.start()
    await expect(t.start()).rejects.toThrow('A hand-off is already under way on this call.')
    expect(t.dialled).toHaveLength(1)
  })

  it('stop clears the ring timer: nothing is reported after the desk stopped', async () => {
    const t = harness()
    await t.start()
    t.tracker.stop()
    vi.advanceTimersByTime(RING_MS + TTL_MS)
    expect(t.finished).toEqual([])
    expect(t.tracker.list()).toEqual([])
  })
})

describe('the hand-off endpoint is checked at the door', () => {
  const bad: Command = {
    type: 'take-over',
    mpcUuid: 'm',
    aiMemberId: '2',
    then: 'kick',
    endpoint: 'alice at agents',
  }

  it('a malformed endpoint is refused with its own message, and no service runs', async () => {
    const command = vi.fn()
    const services = { invoke: { 'desk:command': command } } as unknown as DeskServices
    await expect(dispatchInvoke(services, 'desk:command', bad)).rejects.toMatchObject({
      error: { code: 'invalid', message: `desk:command: endpoint: ${HAND_OFF_ENDPOINT_MESSAGE}` },
    })
    expect(command).not.toHaveBeenCalled()
  })

  it('takes the same endpoints as the supervisor endpoint in Settings', () => {
    const schema = channels.invoke['desk:command'].input
    for (const endpoint of ['sip:alice@agents.example', '+14155550123', '4155550123']) {
      expect(schema.safeParse({ ...bad, endpoint }).success).toBe(true)
    }
    for (const endpoint of ['', 'alice', 'sip:alice', '+1 415 555']) {
      expect(schema.safeParse({ ...bad, endpoint }).success).toBe(false)
    }
  })
})
