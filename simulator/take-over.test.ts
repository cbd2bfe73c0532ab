/**
 * A take-over from an AI agent as the simulator plays it (issue 18): a supervisor dialled into a
 * customer's call with an AI agent, then the AI kicked or muted and held — by the element's
 * rules (max participants, stayAlone, the AI's endMpcOnExit). And what a client sent, kept for
 * tests: each update's fields and whether Plivo would have beeped, each recording start's
 * callback URL (which then receives the recording's events).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from './index'
import { startCallbackReceiver, type CallbackReceiver } from './testing/callback-receiver'
import { joinMember } from './testing/join-member'
import { rawApi } from './testing/raw-api'

let sim: Simulator | undefined
let receiver: CallbackReceiver | undefined

afterEach(async () => {
  await sim?.stop()
  await receiver?.close()
  sim = undefined
  receiver = undefined
})

async function start() {
  sim = await startSimulator({ answerDelayMs: 5, logger: false })
  return { s: sim, call: rawApi(sim) }
}

function live(s: Simulator, mpcUuid: string) {
  return (s.truth().participants[mpcUuid] ?? []).filter((p) => p.exit_time === null)
}
function status(s: Simulator, mpcUuid: string) {
  return s.truth().mpcs.find((m) => m.mpc_uuid === mpcUuid)?.status
}

describe('taking over from an AI agent', () => {
  it('kicking the AI after the supervisor joined leaves the customer on the same call', async () => {
    const { s, call } = await start()
    const customer = await joinMember(s, call, 'ai-room', 'customer')
    const ai = await joinMember(s, call, 'ai-room', 'ai-agent')
    const supervisor = await joinMember(s, call, 'ai-room', 'supervisor', {
      coach_mode: false,
      enter_sound: 'none',
    })

    const kicked = await call('DELETE', `name_ai-room/Participant/${ai.member_id}/`)
    expect(kicked.status).toBe(204)

    // stayAlone does not apply: two members remain, the customer never left.
    expect(status(s, customer.mpc_uuid)).toBe('Active')
    expect(live(s, customer.mpc_uuid).map((p) => p.member_id)).toEqual([
      customer.member_id,
      supervisor.member_id,
    ])
  })

  it("an AI with endMpcOnExit ends the customer's call when kicked, but not when held", async () => {
    const { s, call } = await start()
    const customer = await joinMember(s, call, 'ends-room', 'customer')
    const ai = await joinMember(s, call, 'ends-room', 'ai-agent', { end_mpc_on_exit: true })
    await joinMember(s, call, 'ends-room', 'supervisor', { coach_mode: false })
    const read = await call('GET', `name_ends-room/Participant/${ai.member_id}/`)
    expect(read.body?.end_mpc_on_exit).toBe(true)

    const held = await call('POST', `name_ends-room/Participant/${ai.member_id}/`, {
      mute: true,
      hold: true,
    })
    expect(held.status).toBe(202)
    expect(status(s, customer.mpc_uuid)).toBe('Active')
    expect(live(s, customer.mpc_uuid).find((p) => p.member_id === ai.member_id)).toMatchObject({
      mute: true,
      hold: true,
    })

    await call('DELETE', `name_ends-room/Participant/${ai.member_id}/`)
    expect(status(s, customer.mpc_uuid)).toBe('Ended')
  })

  it('a full call refuses the supervisor: the AI stays', async () => {
    const { s, call } = await start()
    const customer = await joinMember(s, call, 'full', 'customer', { max_participants: 2 })
    const ai = await joinMember(s, call, 'full', 'ai-agent')
    const reply = await call('POST', 'name_full/Participant/', {
      role: 'supervisor',
      from: '+14155550100',
      to: 'sip:sup@x.example.com',
    })
    expect(reply.status).toBe(400)
    expect(String(reply.body?.error)).toMatch(/maximum of 2 participants/)
    expect(live(s, customer.mpc_uuid).map((p) => p.member_id)).toEqual([
      customer.member_id,
      ai.member_id,
    ])
  })
})

describe('what a client sent', () => {
  it('records each update with its fields, and a beep only for a coach_mode change it did not silence', async () => {
    const { s, call } = await start()
    await joinMember(s, call, 'beeps', 'customer')
    await joinMember(s, call, 'beeps', 'agent')
    const sup = await joinMember(s, call, 'beeps', 'supervisor', { coach_mode: true, mute: true })
    const path = `name_beeps/Participant/${sup.member_id}/`

    await call('POST', path, { mute: false })
    await call('POST', path, { coach_mode: false, disable_state_change_sound: true })
    await call('POST', path, { coach_mode: true })
    // No change of coach mode, no beep, even without the flag.
    await call('POST', path, { coach_mode: true })

    expect(s.controlLog(sup.mpc_uuid)).toEqual([
      {
        op: 'update-participant',
        mpcUuid: sup.mpc_uuid,
        target: sup.member_id,
        params: { mute: false },
        beep: false,
      },
      {
        op: 'update-participant',
        mpcUuid: sup.mpc_uuid,
        target: sup.member_id,
        params: { coach_mode: false, disable_state_change_sound: true },
        beep: false,
      },
      {
        op: 'update-participant',
        mpcUuid: sup.mpc_uuid,
        target: sup.member_id,
        params: { coach_mode: true },
        beep: true,
      },
      {
        op: 'update-participant',
        mpcUuid: sup.mpc_uuid,
        target: sup.member_id,
        params: { coach_mode: true },
        beep: false,
      },
    ])
  })

  it("sends a started recording's events to the callback URL the start named", async () => {
    const { s, call } = await start()
    receiver = await startCallbackReceiver(s.authToken)
    // The call itself was created with no recording callback URL.
    const customer = await joinMember(s, call, 'rec', 'customer')
    await joinMember(s, call, 'rec', 'agent')
    const url = `${receiver.url}/plivo/${s.authId}/recording`
    const started = await call('POST', 'name_rec/Record/', { recording_callback_url: url })
    expect(started.status).toBe(202)
    expect(s.controlLog(customer.mpc_uuid)).toEqual([
      {
        op: 'start-recording',
        mpcUuid: customer.mpc_uuid,
        params: { recording_callback_url: url },
      },
    ])
    await receiver.waitFor((r) =>
      r.some(
        (c) => c.path.endsWith('/recording') && c.params.EventName === 'MPCRecordingInitiated',
      ),
    )
  })
})
