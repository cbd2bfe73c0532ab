/**
 * A callback sent to the relay exactly as Plivo sends one: form-encoded POST, V3-signed with the
 * account's auth token. For the few event kinds the simulator never produces (a recording that
 * fails, an event name Plivo may add tomorrow), the test plays Plivo itself; the relay, the
 * desk and the page are the real ones.
 */
import { randomBytes } from 'node:crypto'
import { computeSignatureV3 } from '../../mpc/signature'
import { formatPlivoTime } from '../../mpc/timestamps'
import type { Stack } from './stack'

export async function sendPlivoCallback(
  stack: Stack,
  kind: 'status' | 'recording' | 'ai-stream',
  params: Record<string, string>,
): Promise<void> {
  const response = await postPlivoCallback(stack, kind, params)
  if (!response.ok) {
    throw new Error(
      `relay refused ${params.EventName ?? params.Event}: ${response.status} ${await response.text()}`,
    )
  }
}

/** The same, answered as is; `authToken` other than the account's forges the signature. */
export async function postPlivoCallback(
  stack: Stack,
  kind: 'status' | 'recording' | 'ai-stream',
  params: Record<string, string>,
  authToken = stack.secrets.plivoAuthToken,
): Promise<Response> {
  const url = `${stack.relayUrl}/plivo/${stack.authId}/${kind}`
  const body = { EventTimestamp: formatPlivoTime(Date.now()), ...params }
  const nonce = randomBytes(10).readBigUInt64BE().toString()
  const signature = computeSignatureV3({ method: 'POST', url, params: body, nonce, authToken })
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-plivo-signature-v3': signature,
      'x-plivo-signature-ma-v3': signature,
      'x-plivo-signature-v3-nonce': nonce,
    },
    body: new URLSearchParams(body).toString(),
  })
}
