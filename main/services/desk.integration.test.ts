/**
 * The desk's services against the real simulator and relay on loopback: commands reach the
 * simulator and come back as state, joins ring and join (or fail visibly), and the store ends
 * equal to the simulator's truth after a relay restart and a dropped network.
 */
import { describe, expect, it } from 'vitest'
import type { AuditEntry, DeskPatch, MyPresence, SupervisorMode } from '../../preload/api'
import { MODE_FLAGS } from './commands'
import { createDesk } from './index'
import {
  placeCall,
  quietLog,
  stackPerTest,
  TEST_SUPERVISOR,
  waitFor,
  type Stack,
  type StackOptions,
} from './testing/stack'

const startStack = stackPerTest({ simulator: { answerDelayMs: 150 } })

async function start(options: StackOptions = {}): Promise<Stack> {
  const stack = await startStack(options)
  await stack.desk.whenLive()
  return stack
}

async function mine(s: Stack): Promise<MyPresence[]> {
  return (await s.desk.invoke['desk:snapshot'](undefined)).mine
}

async function member(s: Stack, mpcUuid: string, memberId: string) {
  const snapshot = await s.desk.invoke['desk:snapshot'](undefined)
  return snapshot.mpcs.find((m) => m.mpcUuid === mpcUuid)?.participants[memberId]
}

async function auditOf(s: Stack, auditId: string): Promise<AuditEntry | undefined> {
  return (await s.desk.invoke['audit:list'](undefined)).find((e) => e.id === auditId)
}

describe('commands against the simulator', () => {
  it('join listen rings, then joins as a muted coach-mode supervisor; switch, mute and leave show as state', async () => {
    const s = await start()
    const mpcUuid = await placeCall(s, 'support-1')
    const seen: MyPresence['status'][] = []
    s.desk.subscribe('desk:patch', (patch: DeskPatch) => {
      for (const p of patch.mine ?? []) if (p.mpcUuid === mpcUuid) seen.push(p.status)
    })

    const joined = await s.desk.invoke['desk:command']({ type: 'join', mpcUuid, mode: 'listen' })
    expect(joined.ok).toBe(true)
    if (!joined.ok) return
    expect(joined.value.pendingCallUuid).toBeTruthy()
    expect((await auditOf(s, joined.value.auditId))?.result).toBe('pending')

    const presence = await waitFor('joined presence', async () =>
      (await mine(s)).find((p) => p.mpcUuid === mpcUuid && p.status === 'joined'),
    )
    expect(seen[0]).toBe('ringing')
    expect(presence.mode).toBe('listen')
    expect(presence.callUuid).toBe(joined.value.pendingCallUuid)
    const memberId = presence.memberId ?? ''
    expect((await auditOf(s, joined.value.auditId))?.result).toBe('ok')

    // The simulator agrees: a supervisor, dialled at our endpoint, muted, in coach mode.
    const truth = s.sim.truth().participants[mpcUuid]?.find((p) => p.member_id === memberId)
    expect(truth).toMatchObject({ role: 'supervisor', mute: true, coach_mode: true })
    expect(truth?.member_address).toBe(TEST_SUPERVISOR)
    // Plivo announces a muted join as ParticipantJoin then ParticipantMute.
    const me = await waitFor('my member muted', async () => {
      const m = await member(s, mpcUuid, memberId)
      return m?.mute.value ? m : undefined
    })
    expect(me.coachMode.value).toBe(true)
    expect(me.role).toBe('supervisor')

    // Barge in place: same member, coach mode off, unmuted.
    const barge = await s.desk.invoke['desk:command']({ type: 'join', mpcUuid, mode: 'barge' })
    expect(barge.ok).toBe(true)
    await waitFor('barge state', async () => {
      const m = await member(s, mpcUuid, memberId)
      return m && !m.mute.value && !m.coachMode.value
    })
    expect((await mine(s)).find((p) => p.mpcUuid === mpcUuid)?.mode).toBe('barge')

    // Mute the customer.
    const snapshot = await s.desk.invoke['desk:snapshot'](undefined)
    const customer = Object.values(
      snapshot.mpcs.find((m) => m.mpcUuid === mpcUuid)?.participants ?? {},
    ).find((p) => p.role === 'customer')
    expect(customer).toBeDefined()
    const muted = await s.desk.invoke['desk:command']({
      type: 'mute',
      mpcUuid,
      memberId: customer?.memberId ?? '',
    })
    expect(muted.ok).toBe(true)
    await waitFor(
      'customer muted',
      async () => (await member(s, mpcUuid, customer?.memberId ?? ''))?.mute.value,
    )
    expect(
      s.sim.truth().participants[mpcUuid]?.find((p) => p.member_id === customer?.memberId)?.mute,
    ).toBe(true)

    // Leave: our member is kicked and our presence goes.
    const left = await s.desk.invoke['desk:command']({ type: 'leave', mpcUuid })
    expect(left.ok).toBe(true)
    await waitFor('presence cleared', async () => (await mine(s)).length === 0)
    expect((await member(s, mpcUuid, memberId))?.leftAt).toBeDefined()

    const audit = await s.desk.invoke['audit:list'](undefined)
    expect(audit.map((e) => [e.command.type, e.result, e.who])).toEqual([
      ['join', 'ok', 'test-supervisor'],
      ['join', 'ok', 'test-supervisor'],
      ['mute', 'ok', 'test-supervisor'],
      ['leave', 'ok', 'test-supervisor'],
    ])
    expect(audit[0]?.mpcName).toBe('support-1')
    expect(audit[2]?.memberRole).toBe('customer')
  })

  it('quick mode switches show from their callbacks alone, even repeats within one second', async () => {
    // No re-read from REST can paper over a lost or swallowed callback here.
    const s = await start({ tuning: { rereadDelayMs: 3_600_000, reconcileIntervalMs: 3_600_000 } })
    const mpcUuid = await placeCall(s, 'switches')
    expect(
      (await s.desk.invoke['desk:command']({ type: 'join', mpcUuid, mode: 'listen' })).ok,
    ).toBe(true)
    const memberId = await waitFor('joined', async () => {
      const me = (await mine(s)).find((p) => p.mpcUuid === mpcUuid && p.status === 'joined')
      return me?.memberId
    })
    // Each burst repeats a switch (coach → barge → coach): Plivo stamps whole seconds, so its
    // callbacks are usually equal param for param to the first ones.
    const bursts: SupervisorMode[][] = [
      ['coach', 'barge', 'coach'],
      ['barge', 'listen', 'barge'],
      ['listen', 'coach', 'listen'],
      ['barge', 'coach', 'barge', 'coach'],
    ]
    for (const burst of bursts) {
      for (const mode of burst) {
        expect((await s.desk.invoke['desk:command']({ type: 'join', mpcUuid, mode })).ok).toBe(true)
      }
      const want = MODE_FLAGS[burst[burst.length - 1] ?? 'listen']
      await waitFor(`${burst.join(' → ')} shown`, async () => {
        const m = await member(s, mpcUuid, memberId)
        return m?.mute.value === want.mute && m.coachMode.value === want.coachMode
      })
      const truth = s.sim.truth().participants[mpcUuid]?.find((p) => p.member_id === memberId)
      expect(truth).toMatchObject({ mute: want.mute, coach_mode: want.coachMode })
    }
  })

  it('recording start/pause/resume/stop and end call come back as state', async () => {
    const s = await start()
    const mpcUuid = await placeCall(s, 'sales-7')
    const recording = async () =>
      (await s.desk.invoke['desk:snapshot'](undefined)).mpcs.find((m) => m.mpcUuid === mpcUuid)
    for (const [action, status] of [
      ['start', 'recording'],
      ['pause', 'paused'],
      ['resume', 'recording'],
      ['stop', 'not-recording'],
    ] as const) {
      const result = await s.desk.invoke['desk:command']({ type: 'recording', mpcUuid, action })
      expect(result.ok, `${action}: ${JSON.stringify(result)}`).toBe(true)
      await waitFor(`recording ${status}`, async () => {
        const mpc = await recording()
        const now = mpc?.recording.status
        return now === status || (status === 'not-recording' && now === undefined)
      })
    }
    const ended = await s.desk.invoke['desk:command']({ type: 'end', mpcUuid })
    expect(ended.ok).toBe(true)
    await waitFor('call ended', async () => (await recording())?.status === 'ended')
  })

  it('a join whose phone never answers fails visibly with the reason, and is audited as failed', async () => {
    const s = await start({ simulator: { answerDelayMs: 100, failNumbers: [TEST_SUPERVISOR] } })
    const mpcUuid = await placeCall(s, 'billing-3')
    const joined = await s.desk.invoke['desk:command']({ type: 'join', mpcUuid, mode: 'coach' })
    expect(joined.ok).toBe(true)
    if (!joined.ok) return
    const failed = await waitFor('failed presence', async () =>
      (await mine(s)).find((p) => p.status === 'failed'),
    )
    expect(failed.error).toMatch(/no-answer/)
    const entry = await auditOf(s, joined.value.auditId)
    expect(entry?.result).toBe('failed')
    expect(entry?.error).toMatchObject({
      code: 'plivo',
      message: expect.stringMatching(/no-answer/),
    })
  })

  it('a join with no ParticipantJoin within the timeout is reported failed', async () => {
    const s = await start({ simulator: { answerDelayMs: 60_000 }, tuning: { joinTimeoutMs: 600 } })
    const mpcUuid = await placeCallSlow(s, 'claims-9')
    const joined = await s.desk.invoke['desk:command']({ type: 'join', mpcUuid, mode: 'listen' })
    expect(joined.ok).toBe(true)
    const failed = await waitFor('timed-out presence', async () =>
      (await mine(s)).find((p) => p.status === 'failed'),
    )
    expect(failed.error).toMatch(/did not join within 1 s/)
    if (!joined.ok) return
    const entry = await waitFor('audited', async () => {
      const e = await auditOf(s, joined.value.auditId)
      return e?.result === 'failed' ? e : undefined
    })
    expect(entry.error?.code).toBe('timeout')
  })

  it('hanging up my own phone clears my presence', async () => {
    const s = await start()
    const mpcUuid = await placeCall(s, 'support-2')
    const joined = await s.desk.invoke['desk:command']({ type: 'join', mpcUuid, mode: 'listen' })
    if (!joined.ok) throw new Error(joined.error.message)
    await waitFor('joined', async () => (await mine(s)).find((p) => p.status === 'joined'))
    s.sim.hangup(joined.value.pendingCallUuid ?? '')
    await waitFor('presence cleared', async () => (await mine(s)).length === 0)
  })

  it('a desk started while I am on a call shows me on it, and I can leave', async () => {
    const s = await start()
    const mpcUuid = await placeCall(s, 'support-4')
    const joined = await s.desk.invoke['desk:command']({ type: 'join', mpcUuid, mode: 'coach' })
    if (!joined.ok) throw new Error(joined.error.message)
    const first = await waitFor('joined', async () =>
      (await mine(s)).find((p) => p.status === 'joined'),
    )
    // The app restarts (a second desk over the same settings), the supervisor still on the call.
    const again = await createDesk({ secrets: s.secrets, dataDir: s.dataDir, log: quietLog })
    try {
      await again.whenLive()
      const adopted = await waitFor('my presence recovered', async () =>
        (await again.invoke['desk:snapshot'](undefined)).mine.find((p) => p.mpcUuid === mpcUuid),
      )
      expect(adopted).toMatchObject({ status: 'joined', mode: 'coach', memberId: first.memberId })
      expect((await again.invoke['desk:command']({ type: 'leave', mpcUuid })).ok).toBe(true)
      await waitFor(
        'left',
        async () => (await again.invoke['desk:snapshot'](undefined)).mine.length === 0,
      )
    } finally {
      await again.stop()
    }
  })

  it('refuses a command on a member that is not on the call, and audits it', async () => {
    const s = await start()
    const mpcUuid = await placeCall(s, 'support-3')
    const result = await s.desk.invoke['desk:command']({ type: 'kick', mpcUuid, memberId: '99999' })
    expect(result).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'Member 99999 is not on this call.' },
    })
    const last = (await s.desk.invoke['audit:list'](undefined)).at(-1)
    expect(last?.result).toBe('failed')
    expect(last?.error?.code).toBe('not-found')
  })
})

/**
 * A call whose dial-outs ring for a long time: the MPC exists (initialized) as soon as the
 * first add participant is accepted, before anyone answers.
 */
async function placeCallSlow(s: Stack, name: string): Promise<string> {
  await s.control.addParticipant(
    { name },
    {
      role: 'customer',
      from: '+14155550001',
      to: '+14155550003',
      statusCallbackUrl: `${s.relay.url}/plivo/${s.authId}/status`,
      statusCallbackMethod: 'POST',
    },
  )
  return waitFor(`MPC ${name} on the desk`, async () => {
    const snapshot = await s.desk.invoke['desk:snapshot'](undefined)
    return snapshot.mpcs.find((m) => m.name === name)?.mpcUuid
  })
}
