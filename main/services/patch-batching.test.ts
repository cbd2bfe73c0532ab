/**
 * However fast events come, the renderer gets at most 20 patches a second, each with only the
 * calls that changed, and loses nothing: a relay (a real socket.io server on loopback speaking
 * mpc/wire.ts) pushes 1,000 events in one burst at a desk, whose patches must carry every one.
 *
 * The relay here is a stand-in so the burst really is a burst: the real relay ingests signed
 * HTTP callbacks one by one (tens a second on a loaded machine), which would make this a test
 * of its ingest speed instead.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Server } from 'socket.io'
import { afterEach, expect, it } from 'vitest'
import type { MpcEvent } from '../../mpc/events'
import type { MpcState } from '../../mpc/state'
import { MPC_EVENT, SUBSCRIBE, SUPERVISOR_NAMESPACE } from '../../mpc/wire'
import type { DeskPatch } from '../../preload/api'
import { createDesk, type Desk } from './index'
import { createMemorySecretStore } from './secret-store'
import { quietLog, waitFor } from './testing/stack'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const CALLS = 50
const DIGITS_PER_CALL = 16 // + initialized, start, two joins = 20 events per call
const T = Date.parse('2026-11-25T09:00:00Z')

function burst(): MpcEvent[] {
  const out: MpcEvent[] = []
  for (let c = 0; c < CALLS; c++) {
    const base = { mpcUuid: `burst-${c}`, mpcName: `burst-call-${c}`, raw: {} }
    out.push({ ...base, kind: 'mpc', name: 'MPCInitialized', at: T })
    out.push({ ...base, kind: 'mpc', name: 'MPCStart', at: T + 1 })
    for (const [member, role] of [
      ['1', 'customer'],
      ['2', 'agent'],
    ] as const) {
      out.push({
        ...base,
        kind: 'participant',
        name: 'ParticipantJoin',
        memberId: `${c}0${member}`,
        role,
        callUuid: `call-${c}-${member}`,
        at: T + 2,
      })
    }
    for (let d = 0; d < DIGITS_PER_CALL; d++) {
      out.push({
        ...base,
        kind: 'participant',
        name: 'ParticipantDigitInput',
        memberId: `${c}01`,
        digits: String(d),
        at: T + 10 + d,
        raw: { Digits: String(d) },
      })
    }
  }
  return out
}

/** A relay that answers a subscribe with an empty snapshot and fires the burst on demand. */
async function burstingRelay(
  token: string,
  events: MpcEvent[],
): Promise<{ url: string; fire(paced: () => Promise<void>): Promise<void> }> {
  const http: HttpServer = createServer()
  const io = new Server(http)
  const ns = io.of(SUPERVISOR_NAMESPACE)
  ns.use((socket, next) =>
    socket.handshake.auth.token === token ? next() : next(new Error('unauthorized')),
  )
  ns.on('connection', (socket) => {
    socket.on(SUBSCRIBE, (_request: unknown, ack: (a: unknown) => void) => {
      ack({ ok: true, head: 0, snapshot: { mpcs: {} } })
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  cleanups.push(async () => {
    await io.close()
    http.closeAllConnections()
  })
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    /**
     * 1,000 events in chunks of 100, the next chunk as soon as `paced` resolves (the desk's next
     * patch), so every chunk lands on a batcher that has just flushed and must wait out its
     * interval, however slow or fast the machine is. A chunk goes out 10 events per turn of the
     * event loop, so a batcher that sent a patch per change it saw would send several per chunk.
     */
    fire: async (paced) => {
      for (let i = 0; i < events.length; i += 100) {
        const patched = paced()
        for (let k = i; k < i + 100; k += 10) {
          events
            .slice(k, k + 10)
            .forEach((event, j) =>
              ns.emit(MPC_EVENT, { seq: k + j + 1, receivedAt: Date.now(), event }),
            )
          await new Promise((resolve) => setImmediate(resolve))
        }
        await patched
      }
    },
  }
}

async function deskAt(relayUrl: string, token: string): Promise<Desk> {
  const dataDir = await mkdtemp(join(tmpdir(), 'desk-burst-'))
  const secrets = createMemorySecretStore()
  await secrets.set('relayToken', token)
  await secrets.set('plivoAuthToken', 'unused-token')
  // No control API is reachable: this test is about the event path alone.
  await writeFile(
    join(dataDir, 'settings.json'),
    JSON.stringify({
      demo: false,
      relayUrl,
      plivoAuthId: 'MABURST',
      apiBaseUrl: 'http://127.0.0.1:9',
    }),
  )
  const desk = await createDesk({ secrets, dataDir, log: quietLog, tuning: { controlAttempts: 1 } })
  cleanups.push(async () => {
    await desk.stop()
    await rm(dataDir, { recursive: true, force: true })
  })
  return desk
}

it('a burst of 1,000 events yields at most 20 patches a second and loses none', async () => {
  const events = burst()
  expect(events).toHaveLength(1000)
  const token = 'burst-token-0123456789'
  const relay = await burstingRelay(token, events)
  const desk = await deskAt(relay.url, token)
  await desk.whenLive()
  const patches: { at: number; patch: DeskPatch }[] = []
  desk.subscribe('desk:patch', (patch) => patches.push({ at: Date.now(), patch }))
  const nextPatch = () =>
    new Promise<void>((resolve) => {
      const off = desk.subscribe('desk:patch', () => {
        off()
        resolve()
      })
    })
  const started = Date.now()
  await relay.fire(nextPatch)
  const firedIn = Date.now() - started
  await waitFor('the last patch', () => patches.at(-1)?.patch.seq === 1000)
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
  const sizes = patches.map((p) => p.patch.upserts.length)
  // Coalesced: each call goes out once per patch it changed in, not once per event.
  expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(patches.length * CALLS)
  expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(events.length / 2)
  console.info(
    `burst: 1000 events sent in ${firedIn} ms, applied in ${elapsed} ms → ${patches.length} patches ` +
      `(max ${Math.max(...sizes)} calls per patch)`,
  )
})
