/**
 * However fast events come, the renderer gets at most 20 patches a second, each with only the
 * calls that changed, and loses nothing: a burst of 1,000 signed callbacks through the real
 * relay ends with the desk's patches carrying every one of them.
 */
import { randomBytes } from 'node:crypto'
import { afterEach, expect, it } from 'vitest'
import { computeSignatureV3 } from '../../mpc/signature'
import type { MpcState } from '../../mpc/state'
import type { DeskPatch } from '../../preload/api'
import { startStack, waitFor, type Stack } from './testing/stack'

let stack: Stack | undefined
afterEach(async () => {
  await stack?.stop()
  stack = undefined
})

const CALLS = 50
const DIGITS_PER_CALL = 16 // + initialized, start, two joins = 20 events per call

function burst(): Record<string, string>[] {
  const at = '2026-11-25 09:00:00+00:00'
  const out: Record<string, string>[] = []
  for (let c = 0; c < CALLS; c++) {
    const base = { MPCUUID: `burst-${c}`, MPCName: `burst-call-${c}`, EventTimestamp: at }
    out.push({ ...base, EventName: 'MPCInitialized' }, { ...base, EventName: 'MPCStart' })
    for (const [member, role] of [
      ['1', 'Customer'],
      ['2', 'Agent'],
    ]) {
      out.push({
        ...base,
        EventName: 'ParticipantJoin',
        MemberID: `${c}0${member}`,
        ParticipantRole: role ?? 'Agent',
        ParticipantCallUUID: `call-${c}-${member}`,
      })
    }
    for (let d = 0; d < DIGITS_PER_CALL; d++) {
      out.push({
        ...base,
        EventName: 'ParticipantDigitInput',
        MemberID: `${c}01`,
        Digits: String(d),
      })
    }
  }
  return out
}

async function post(s: Stack, params: Record<string, string>): Promise<void> {
  const url = `${s.relay.url}/plivo/${s.authId}/status`
  const nonce = randomBytes(10).toString('hex')
  const signature = computeSignatureV3({
    method: 'POST',
    url,
    params,
    nonce,
    authToken: s.authToken,
  })
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'X-Plivo-Signature-V3': signature,
      'X-Plivo-Signature-V3-Nonce': nonce,
    },
    body: new URLSearchParams(params).toString(),
  })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`relay answered ${response.status}: ${text}`)
}

it('a burst of 1,000 events yields at most 20 patches a second and loses none', async () => {
  stack = await startStack({ simulator: { traffic: false } })
  const s = stack
  await s.desk.whenLive()
  const patches: { at: number; patch: DeskPatch }[] = []
  s.desk.subscribe('desk:patch', (patch) => patches.push({ at: Date.now(), patch }))

  const events = burst()
  expect(events).toHaveLength(1000)
  const started = Date.now()
  // Many senders at once, as Plivo's callback workers would be.
  const queue = [...events]
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await post(s, next)
    }),
  )
  await waitFor(
    'every event applied',
    async () => (await s.desk.invoke['desk:snapshot'](undefined)).seq >= 1000,
  )
  // One more patch interval for the last batch to go out.
  await waitFor('last patch', () => patches.at(-1)?.patch.seq === 1000)
  const elapsed = Date.now() - started

  // At most 20 in any one-second window, and never two within 50 ms of each other.
  for (const [i, { at }] of patches.entries()) {
    const inWindow = patches.filter((p) => p.at >= at && p.at < at + 1000).length
    expect(inWindow, `patches in the second after patch ${i}`).toBeLessThanOrEqual(20)
  }
  for (let i = 1; i < patches.length; i++) {
    const gap = (patches[i]?.at ?? 0) - (patches[i - 1]?.at ?? 0)
    expect(gap).toBeGreaterThanOrEqual(45) // timer and clock granularity
  }
  expect(patches.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 1)

  // Nothing lost: the newest copy of each call in the patches has every event.
  const latest = new Map<string, MpcState>()
  for (const { patch } of patches) for (const mpc of patch.upserts) latest.set(mpc.mpcUuid, mpc)
  expect(latest.size).toBe(CALLS)
  for (const mpc of latest.values()) {
    expect(mpc.status).toBe('active')
    expect(Object.keys(mpc.participants)).toHaveLength(2)
    expect(mpc.participants[`${mpc.mpcUuid.slice(6)}01`]?.digits).toHaveLength(DIGITS_PER_CALL)
  }
  // Each patch carries only calls that changed: never all 50 in every patch.
  const sizes = patches.map((p) => p.patch.upserts.length)
  console.info(
    `burst: 1000 events in ${elapsed} ms → ${patches.length} patches ` +
      `(max ${Math.max(...sizes)} calls per patch)`,
  )
})
