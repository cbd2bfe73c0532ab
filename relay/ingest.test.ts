/**
 * HTTP ingest against a real relay: what Plivo's callbacks get back, and that every refused
 * input leaves no trace (no seq used, nothing sent to any supervisor).
 */
import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { computeSignatureV3 } from '../mpc/signature'
import { ACCOUNTS, SUPERVISOR_TOKENS, useRelayPerTest, type TestRelay } from './testing/fixtures'
import { connectSupervisor, sendCallback, type Supervisor } from './testing/support'
import { mpcTraffic } from './testing/traffic'

const { start, connect } = useRelayPerTest()

async function supervisor(t: TestRelay, token: string, since?: number): Promise<Supervisor> {
  const s = await connect(t, token)
  const ack = await s.subscribe(since)
  expect(ack.ok).toBe(true)
  return s
}

async function headOf(t: TestRelay, token: string): Promise<number> {
  const s = await connectSupervisor(t.relay.url, token)
  try {
    const ack = await s.subscribe()
    if (!ack.ok) throw new Error(ack.error)
    return ack.head
  } finally {
    s.close()
  }
}

describe('relay ingest', () => {
  it('accepts signed callbacks in every form Plivo sends and fans them out with their seq', async () => {
    const t = await start()
    const sup = await supervisor(t, SUPERVISOR_TOKENS.MA1[0] ?? '')
    const [init, start2, join, , , mute, unmute] = mpcTraffic(7)
    const results = [
      await t.post('MA1', init ?? {}),
      await t.post('MA1', start2 ?? {}, { encoding: 'json' }),
      await t.post('MA1', join ?? {}, { method: 'GET' }),
      await t.post('MA1', mute ?? {}, { header: 'ma-v3' }),
      await t.post('MA1', unmute ?? {}, { query: 'tenant=acme&x=1' }),
      await t.post(
        'MA1',
        {
          EventName: 'MPCRecordingInitiated',
          EventTimestamp: init?.EventTimestamp ?? '',
          MPCUUID: init?.MPCUUID ?? '',
          RecordingUUID: 'rec-1',
        },
        { kind: 'recording' },
      ),
    ]
    expect(results.map((r) => [r.status, r.body.seq])).toEqual([
      [200, 1],
      [200, 2],
      [200, 3],
      [200, 4],
      [200, 5],
      [200, 6],
    ])
    await sup.waitForSeq(6)
    expect(sup.events.map((e) => [e.seq, e.event.name])).toEqual([
      [1, 'MPCInitialized'],
      [2, 'MPCStart'],
      [3, 'ParticipantJoin'],
      [4, 'ParticipantMute'],
      [5, 'ParticipantUnmute'],
      [6, 'MPCRecordingInitiated'],
    ])
    const join3 = sup.events[2]?.event
    expect(join3).toMatchObject({ kind: 'participant', memberId: '100', role: 'customer' })
    expect(join3?.raw).toEqual(join)
    for (const e of sup.events) expect(e.receivedAt).toBeGreaterThan(Date.now() - 60_000)
  })

  it('refuses forged, unsigned, malformed, oversized, wrong-type and cross-account input, leaving no trace', async () => {
    const t = await start()
    const one = await supervisor(t, SUPERVISOR_TOKENS.MA1[0] ?? '')
    const two = await supervisor(t, SUPERVISOR_TOKENS.MA2[0] ?? '')
    const [good = {}] = mpcTraffic(1)

    const refused: [string, Promise<{ status: number; body: object }>, number, object?][] = [
      [
        'signed with another token',
        t.post('MA1', good, { authToken: 'not-the-token-of-one' }),
        403,
        { error: 'invalid signature' },
      ],
      [
        'signed for another account (cross-account)',
        t.post('MA1', good, { authToken: ACCOUNTS.MA2 }),
        403,
      ],
      [
        'signature of other params',
        t.post('MA1', good, {
          signature: computeSignatureV3({
            method: 'POST',
            url: `${t.publicUrl}/plivo/MA1/status`,
            params: { ...good, MPCUUID: 'another' },
            nonce: '42',
            authToken: ACCOUNTS.MA1,
          }),
          nonce: '42',
        }),
        403,
      ],
      [
        'signed for the status URL, sent to the recording URL',
        t.post('MA1', good, {
          kind: 'recording',
          nonce: '43',
          signature: computeSignatureV3({
            method: 'POST',
            url: `${t.publicUrl}/plivo/MA1/status`,
            params: good,
            nonce: '43',
            authToken: ACCOUNTS.MA1,
          }),
        }),
        403,
      ],
      ['unsigned', t.post('MA1', good, { header: 'none' }), 403],
      ['garbage signature', t.post('MA1', good, { signature: 'AAAA,BBBB' }), 403],
      [
        'unknown account',
        t.post('MA9' as 'MA1', good, { authToken: ACCOUNTS.MA1 }),
        404,
        { error: 'unknown account' },
      ],
      [
        'missing MPCUUID',
        t.post('MA1', { ...good, MPCUUID: '' }),
        400,
        { field: 'MPCUUID', error: expect.stringMatching(/MPCUUID/) as unknown },
      ],
      [
        'bad timestamp',
        t.post('MA1', { ...good, EventTimestamp: 'yesterday' }),
        400,
        { field: 'EventTimestamp' },
      ],
      [
        'oversized body',
        t.post('MA1', { ...good, Padding: 'x'.repeat(70 * 1024) }),
        413,
        { error: expect.stringMatching(/larger than 65536/) as unknown },
      ],
    ]
    for (const [what, pending, status, body] of refused) {
      const res = await pending
      expect(res.status, what).toBe(status)
      if (body) expect(res.body, what).toMatchObject(body)
    }

    const raw = (init: RequestInit & { path?: string }) =>
      fetch(`${t.relay.url}${init.path ?? '/plivo/MA1/status'}`, init).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as object,
      }))
    const signedHeaders = (body: string, contentType: string) => ({
      'content-type': contentType,
      'x-plivo-signature-v3-nonce': '7',
      'x-plivo-signature-v3': computeSignatureV3({
        method: 'POST',
        url: `${t.publicUrl}/plivo/MA1/status`,
        params: Object.fromEntries(new URLSearchParams(body)),
        nonce: '7',
        authToken: ACCOUNTS.MA1,
      }),
    })
    const form = new URLSearchParams(good).toString()
    expect(
      await raw({ method: 'POST', body: form, headers: signedHeaders(form, 'text/plain') }),
    ).toMatchObject({ status: 415, body: { error: expect.stringMatching(/Content-Type/) } })
    expect(
      await raw({
        method: 'POST',
        body: form,
        headers: signedHeaders(form, 'application/x-www-form-urlencoded; charset=latin1'),
      }),
    ).toMatchObject({ status: 415 })
    expect(
      await raw({
        method: 'POST',
        body: '{"EventName":',
        headers: signedHeaders('', 'application/json'),
      }),
    ).toMatchObject({ status: 400, body: { error: expect.stringMatching(/not valid JSON/) } })
    expect(
      await raw({
        method: 'POST',
        body: JSON.stringify({ EventName: { nested: true } }),
        headers: signedHeaders('', 'application/json'),
      }),
    ).toMatchObject({ status: 400, body: { field: 'EventName' } })
    expect(
      await raw({ method: 'PUT', body: form, headers: signedHeaders(form, 'text/plain') }),
    ).toMatchObject({ status: 405 })
    expect(await raw({ method: 'POST', path: '/plivo/MA1/other', body: form })).toMatchObject({
      status: 404,
    })

    // Nothing was stored or sent: the next good callback is seq 1 and the only event anyone saw.
    const accepted = await t.post('MA1', good)
    expect(accepted).toMatchObject({ status: 200, body: { seq: 1 } })
    await one.waitForSeq(1)
    expect(one.events.map((e) => e.seq)).toEqual([1])
    expect(two.events).toEqual([])
    expect(await headOf(t, SUPERVISOR_TOKENS.MA2[0] ?? '')).toBe(0)

    const metrics = await (await fetch(`${t.relay.url}/metrics`)).text()
    expect(metrics).toMatch(/relay_callbacks_rejected_total\{reason="forged"\} 5/)
    expect(metrics).toMatch(/relay_callbacks_rejected_total\{reason="unsigned"\} 1/)
    expect(metrics).toMatch(/relay_callbacks_rejected_total\{reason="too_large"\} 1/)
    expect(metrics).toMatch(/relay_callbacks_rejected_total\{reason="unparsable"\} 4/)
    expect(metrics).toMatch(/relay_callbacks_rejected_total\{reason="unsupported_type"\} 2/)
    expect(metrics).toMatch(/relay_callbacks_accepted_total\{account="MA1",kind="status"\} 1/)
  })

  it('answers a redelivery with the first seq and does not send it again', async () => {
    const t = await start()
    const sup = await supervisor(t, SUPERVISOR_TOKENS.MA1[1] ?? '')
    const [a = {}, b = {}] = mpcTraffic(2)
    const first = await t.post('MA1', a)
    expect(first.body).toEqual({ seq: 1 })
    const again = await t.post('MA1', a, { nonce: first.nonce, signature: first.signature })
    expect(again).toMatchObject({ status: 200, body: { seq: 1, duplicate: true } })
    // Same content under a fresh nonce is a new delivery (Plivo signs every retry anew only
    // when it is a new request), so it takes a seq; the reducer ignores its content.
    expect((await t.post('MA1', b)).body).toEqual({ seq: 2 })
    await sup.waitForSeq(2)
    expect(sup.events.map((e) => e.seq)).toEqual([1, 2])
    const metrics = await (await fetch(`${t.relay.url}/metrics`)).text()
    expect(metrics).toMatch(/relay_callbacks_duplicate_total\{account="MA1"\} 1/)
  })

  it('checks signatures over the public URL, not the address it listens on', async () => {
    const t = await start({ publicUrl: 'https://relay.example.com' })
    const [a = {}] = mpcTraffic(1)
    const overLocal = await sendCallback({
      relayUrl: t.relay.url,
      authId: 'MA1',
      authToken: ACCOUNTS.MA1,
      params: a,
    })
    expect(overLocal.status).toBe(403)
    expect((await t.post('MA1', a)).body).toEqual({ seq: 1 })
  })

  it('answers a long or odd request path at once', async () => {
    const t = await start()
    const started = Date.now()
    for (const path of [
      `/plivo/${'a'.repeat(64)}!`,
      `/${'segment-'.repeat(2000)}.`,
      `/plivo/${'M'.repeat(40)}/status%`,
    ]) {
      expect((await fetch(`${t.relay.url}${path}`)).status).toBe(404)
    }
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('serves health and metrics', async () => {
    const t = await start()
    const health = await fetch(`${t.relay.url}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok', store: 'memory' })
    await supervisor(t, SUPERVISOR_TOKENS.MA1[0] ?? '')
    await t.post('MA1', mpcTraffic(1)[0] ?? {})
    const metrics = await (await fetch(`${t.relay.url}/metrics`)).text()
    expect(metrics).toMatch(/relay_clients\{account="MA1"\} 1/)
    expect(metrics).toMatch(/relay_clients\{account="MA2"\} 0/)
    expect(metrics).toMatch(/relay_fanout_lag_seconds_count 1/)
  })

  it('finishes a callback in flight when stopped, then refuses connections', async () => {
    const t = await start()
    const [a = {}] = mpcTraffic(1)
    const body = new URLSearchParams(a).toString()
    const nonce = '99'
    const signature = computeSignatureV3({
      method: 'POST',
      url: `${t.publicUrl}/plivo/MA1/status`,
      params: a,
      nonce,
      authToken: ACCOUNTS.MA1,
    })
    let stopping: Promise<void> | undefined
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${t.relay.url}/plivo/MA1/status`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-plivo-signature-v3': signature,
          'x-plivo-signature-v3-nonce': nonce,
          // The relay's "100 Continue" says it is handling the request: stop now, then send.
          expect: '100-continue',
        },
      })
      req.on('continue', () => {
        stopping = t.relay.stop()
        req.end(body)
      })
      req.on('response', (res) => {
        let text = ''
        res.on('data', (d: Buffer) => (text += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      })
      req.on('error', reject)
      req.flushHeaders()
    })
    expect(await response).toEqual({ status: 200, text: '{"seq":1}' })
    await stopping
    await expect(fetch(`${t.relay.url}/healthz`)).rejects.toThrow()
  })
})
