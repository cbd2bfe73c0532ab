/**
 * The AI agent stream status URL (`/plivo/:authId/ai-stream`) against a real relay: signed like
 * the status and recording URLs, ordered in the same log, kept in the live state, fanned out.
 */
import { describe, expect, it } from 'vitest'
import { computeSignatureV3 } from '../mpc/signature'
import { formatPlivoTime } from '../mpc/timestamps'
import { ACCOUNTS, SUPERVISOR_TOKENS, useRelayPerTest } from './testing/fixtures'

const { start, connect } = useRelayPerTest()

const AT = Date.UTC(2024, 4, 1, 10, 0, 0)

function dropped(memberId: string): Record<string, string> {
  return {
    Event: 'DroppedStream',
    EventTimestamp: formatPlivoTime(AT),
    MPCUUID: 'mpc-ai-1',
    MPCName: 'support-000001',
    MemberID: memberId,
    StreamID: 'stream-1',
    Reason: 'Connection error',
  }
}

describe('relay: AI agent stream callbacks', () => {
  it('accepts a signed one on its own path, fans it out and keeps it, even for a member never seen', async () => {
    const t = await start()
    const sup = await connect(t, SUPERVISOR_TOKENS.MA1[0] ?? '')
    expect((await sup.subscribe()).ok).toBe(true)

    const res = await t.post('MA1', dropped('77'), { kind: 'ai-stream' })
    expect(res).toMatchObject({ status: 200, body: { seq: 1 } })
    await sup.waitForSeq(1)
    expect(sup.events[0]?.event).toMatchObject({
      kind: 'ai-stream',
      name: 'DroppedStream',
      memberId: '77',
      via: 'ai-stream',
      reason: 'Connection error',
    })

    // A desk connecting later gets it in the snapshot: the unknown member is there, as an AI agent.
    const late = await connect(t, SUPERVISOR_TOKENS.MA1[0] ?? '')
    const ack = await late.subscribe()
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.snapshot?.mpcs['mpc-ai-1']?.participants['77']).toMatchObject({
      role: 'ai-agent',
      aiStream: { status: 'dropped', at: AT, reason: 'Connection error' },
    })
  })

  it('refuses a forged one with 403 and changes nothing', async () => {
    const t = await start()
    const sup = await connect(t, SUPERVISOR_TOKENS.MA1[0] ?? '')
    expect((await sup.subscribe()).ok).toBe(true)

    const forged = await t.post('MA1', dropped('77'), { kind: 'ai-stream', authToken: 'forged' })
    expect(forged).toMatchObject({ status: 403, body: { error: 'invalid signature' } })
    // Signed for the status URL and replayed to the AI stream URL: not what Plivo signed.
    const moved = await t.post('MA1', dropped('77'), {
      kind: 'ai-stream',
      nonce: '5',
      signature: computeSignatureV3({
        method: 'POST',
        url: `${t.publicUrl}/plivo/MA1/status`,
        params: dropped('77'),
        nonce: '5',
        authToken: ACCOUNTS.MA1,
      }),
    })
    expect(moved.status).toBe(403)

    // Nothing stored or sent: the next good callback is seq 1, the first event anyone saw, and
    // the state holds only its member.
    const good = await t.post('MA1', dropped('78'), { kind: 'ai-stream' })
    expect(good).toMatchObject({ status: 200, body: { seq: 1 } })
    await sup.waitForSeq(1)
    expect(sup.events.map((e) => e.event.kind === 'ai-stream' && e.event.memberId)).toEqual(['78'])
    const ack = await (await connect(t, SUPERVISOR_TOKENS.MA1[0] ?? '')).subscribe()
    if (!ack.ok) throw new Error(ack.error)
    expect(Object.keys(ack.snapshot?.mpcs['mpc-ai-1']?.participants ?? {})).toEqual(['78'])
  })

  it('refuses one that names no member, with the field', async () => {
    const t = await start()
    const { MemberID: _, ...params } = dropped('77')
    const res = await t.post('MA1', params, { kind: 'ai-stream' })
    expect(res).toMatchObject({ status: 400, body: { field: 'MemberID' } })
  })
})
