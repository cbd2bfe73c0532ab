/**
 * The callbacks the relay benchmarks send: realistic supervised calls (mpc/testing/scenario),
 * many MPCs interleaved the way a busy account's callbacks arrive, each signed like Plivo signs
 * them. Everything is built before the clock starts, so the load generator only writes bytes.
 */
import { randomBytes } from 'node:crypto'
import { computeSignatureV3 } from '../../mpc/signature'
import { realisticCall, toEvent } from '../../mpc/testing/scenario'
import type { RelayEventMessage } from '../../mpc/wire'

/** One callback ready to write: path, headers and body. */
export interface SignedCallback {
  path: string
  headers: Record<string, string>
  body: string
}

/**
 * `count` callback param maps: realistic calls (28 callbacks each) round-robin across MPCs, so
 * consecutive callbacks belong to different calls as on a busy account. `tag` keeps MPC uuids
 * unique per run.
 */
export function callbackParamsList(count: number, tag: string): Record<string, string>[] {
  const perCall = realisticCall().params().length
  const calls = Math.max(1, Math.ceil(count / perCall))
  const start = Date.now()
  const scripts = Array.from({ length: calls }, (_, i) =>
    realisticCall({
      mpcUuid: `bench-${tag}-${i}`,
      mpcName: `bench ${i}`,
      start,
      waitSec: 5,
    }).params(),
  )
  const out: Record<string, string>[] = []
  for (let step = 0; out.length < count; step++) {
    for (const script of scripts) {
      const params = script[step % perCall]
      if (!params) continue
      out.push(params)
      if (out.length === count) break
    }
  }
  return out
}

/** Signs each param map for `POST <publicUrl>/plivo/<authId>/status` with a fresh nonce. */
export function signCallbacks(
  list: Record<string, string>[],
  account: { publicUrl: string; authId: string; authToken: string },
): SignedCallback[] {
  const path = `/plivo/${encodeURIComponent(account.authId)}/status`
  return list.map((params) => {
    const nonce = randomBytes(10).toString('hex')
    const signature = computeSignatureV3({
      method: 'POST',
      url: account.publicUrl + path,
      params,
      nonce,
      authToken: account.authToken,
    })
    const body = new URLSearchParams(params).toString()
    return {
      path,
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        'x-plivo-signature-v3': signature,
        'x-plivo-signature-v3-nonce': nonce,
      },
    }
  })
}

/** The same events as the relay would fan them out (for the bare socket.io baseline). */
export function relayMessages(list: Record<string, string>[]): RelayEventMessage[] {
  return list.map((params, i) => ({ seq: i + 1, receivedAt: 0, event: toEvent(params) }))
}
