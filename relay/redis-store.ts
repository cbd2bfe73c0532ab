/**
 * The scale-out store: any number of relays share one Redis.
 *
 * Per account (keys share a `{authId}` hash tag, so they sit in one slot on a cluster):
 * - `seq`   the last assigned seq (INCR);
 * - `epoch` the log's identity, set once (SET NX) by whichever relay first needs it, so every
 *           relay and every restart shares it while the log survives; if Redis loses its data,
 *           the seqs restart from 1 under a new epoch and clients holding old seqs resync;
 * - `log`   a stream whose entry ids are `<seq>-0`, trimmed to about `logLimit` entries;
 * - `state` a hash mpcUuid → MpcState JSON as of a checkpoint, `pend` mpcUuid → the JSON of
 *           the MPC's events since that checkpoint, one per line, `ver` mpcUuid → version of the
 *           MPC's last event, `ended` a sorted set of ended MPCs (for pruning). The live state is
 *           the checkpoint with the pending events applied. A checkpoint is written with an
 *           MPC's first event, every `CHECKPOINT_EVERY` events and on every event of an ended MPC
 *           (so pruning reads ended MPCs from `state` alone); in between an append adds only
 *           its event, not the whole MPC, which grows with every event of a call;
 * - `gone`  a sorted set of pruned MPCs by prune time. A pruned MPC keeps a `ver` of
 *           `gone@<time>` and no state: a late callback for it is logged and fanned out but
 *           brings no state back (no ghost call); both are forgotten after an hour;
 * - `d:<hash>` one key per delivery (nonce + signature) → its seq, with a TTL.
 *
 * The reducer is TypeScript, so it cannot run inside Redis. Each append reduces in this process
 * on the MPC's state as this relay last wrote it, then one Lua script checks that the MPC's
 * version is still that one and, atomically, assigns the seq, appends to the stream, writes the
 * checkpoint or the pending event, and the delivery key. When another relay (or a prune) changed
 * the MPC since, the script refuses, hands back the checkpoint and pending events, and the append
 * reduces again on them. So an MPC's state always equals the reducer over its events in seq
 * order, a relay killed at any point leaves either all of an append or none of it, and an append
 * is one round trip when one relay takes an MPC's callbacks.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { MpcEvent } from '../mpc/events'
import { applyEvent, pruneEnded } from '../mpc/reducer'
import type { MpcState } from '../mpc/state'
import { TOMBSTONE_CAP, TOMBSTONE_TTL_MS } from '../mpc/tombstones'
import type { RelaySnapshot } from '../mpc/wire'
import { EncodedEvent } from './encoded-event'
import {
  StoreUnavailableError,
  type AppendResult,
  type EventStore,
  type LogPosition,
  type LogRead,
} from './event-store'

/**
 * Commits one append if the MPC's version is still `ARGV[2]`. `ARGV[11]` says what it does to the
 * MPC: `c` writes `ARGV[4]` as its checkpoint (no events pending on it), `p` adds the event to
 * those pending on the checkpoint, `g` (the MPC was pruned) only logs the event. The version is
 * `<seq>@<epoch>` of the MPC's last event, so it never repeats (not after a prune, not after
 * Redis lost its data) and a relay may keep the state it last wrote and skip reading it back.
 * Otherwise it answers with the current version, checkpoint and pending events, so the relay can
 * reduce again without another read.
 */
const APPEND_LUA = `
local dup = redis.call('GET', KEYS[3])
if dup then return {1, tonumber(dup)} end
local cur = redis.call('HGET', KEYS[5], ARGV[1])
if (cur or '') ~= ARGV[2] then
  return {2, 0, cur or '', redis.call('HGET', KEYS[4], ARGV[1]) or '',
    redis.call('HGET', KEYS[8], ARGV[1]) or ''}
end
redis.call('SET', KEYS[7], ARGV[10], 'NX')
local epoch = redis.call('GET', KEYS[7])
local seq = redis.call('INCR', KEYS[1])
local ver = seq .. '@' .. epoch
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[6], ARGV[5], seq .. '-0', 'r', ARGV[8], 'e', ARGV[3])
redis.call('SET', KEYS[3], seq, 'PX', ARGV[7])
if ARGV[11] == 'g' then return {0, seq, epoch, cur or ''} end
if ARGV[11] == 'c' then
  redis.call('HSET', KEYS[4], ARGV[1], ARGV[4])
  redis.call('HDEL', KEYS[8], ARGV[1])
else
  local pend = redis.call('HGET', KEYS[8], ARGV[1])
  redis.call('HSET', KEYS[8], ARGV[1], pend and (pend .. '\\n' .. ARGV[3]) or ARGV[3])
end
redis.call('HSET', KEYS[5], ARGV[1], ver)
if ARGV[9] == '1' then
  redis.call('ZADD', KEYS[6], ARGV[8], ARGV[1])
else
  redis.call('ZREM', KEYS[6], ARGV[1])
end
return {0, seq, epoch, ver}
`

/** The account's epoch, created with the candidate if there is none yet. */
const ENSURE_EPOCH_LUA = `
local epoch = redis.call('GET', KEYS[1])
if epoch then return epoch end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]
`

/** Buries an ended MPC only if nothing touched it since it was read. */
const PRUNE_LUA = `
local cur = redis.call('HGET', KEYS[2], ARGV[1])
if (cur or '') ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[5], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], 'gone@' .. ARGV[3])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
return 1
`

/** Forgets pruned MPCs buried before ARGV[1], and the oldest beyond ARGV[2] of them. */
const FORGET_GONE_LUA = `
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1], 'LIMIT', 0, 1000)
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[2])
if over > 0 then
  for _, uuid in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do table.insert(old, uuid) end
end
for _, uuid in ipairs(old) do
  local cur = redis.call('HGET', KEYS[1], uuid)
  if cur and string.sub(cur, 1, 5) == 'gone@' then redis.call('HDEL', KEYS[1], uuid) end
  redis.call('ZREM', KEYS[2], uuid)
end
return #old
`

/** The `ver` of a pruned MPC. */
function isGone(ver: string): boolean {
  return ver.startsWith('gone@')
}

interface Script {
  lua: string
  sha: string
}

function script(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') }
}

const APPEND = script(APPEND_LUA)
const PRUNE = script(PRUNE_LUA)
const FORGET_GONE = script(FORGET_GONE_LUA)
const ENSURE_EPOCH = script(ENSURE_EPOCH_LUA)

/** Below this, trim exactly: `MAXLEN ~` keeps whole stream nodes (~100 entries) regardless. */
const EXACT_TRIM_BELOW = 10_000
const PAGE = 1000
const MAX_APPEND_ATTEMPTS = 50
/**
 * Events between an MPC's checkpoints. Writing the whole MPC on every event cost the relay more
 * than anything else it sends Redis (the JSON grows with every event of a call); between
 * checkpoints an append sends only its event, and reading the state applies at most this many.
 */
export const CHECKPOINT_EVERY = 16
/**
 * MPC states this relay last wrote, kept to skip reading them back on the next event (a few KB
 * each; a busy account has a few hundred live MPCs). Least recently written go first.
 */
const CACHED_MPCS = 2000

/** An MPC as this relay last saw it in Redis: `ver` '' is "no state". */
interface KnownMpc {
  ver: string
  state: MpcState | undefined
  /** Events stored as pending on the MPC's checkpoint. */
  pending: number
}

/**
 * The live state from a checkpoint and the events pending on it (one JSON per line). Each
 * pending event was applied after the checkpoint, in seq order, so applying them again in order
 * gives the state the appends computed.
 */
function foldPending(
  checkpoint: string,
  pending: string,
): { state: MpcState | undefined; pending: number } {
  let state = checkpoint ? (JSON.parse(checkpoint) as MpcState) : undefined
  if (!pending) return { state, pending: 0 }
  const lines = pending.split('\n')
  for (const line of lines) state = applyEvent(state, JSON.parse(line) as MpcEvent)
  return { state, pending: lines.length }
}

export interface RedisStoreOptions {
  redis: Redis
  keyPrefix: string
  logLimit: number
  endedGraceMs: number
  dedupeTtlMs: number
}

interface Keys {
  seq: string
  epoch: string
  log: string
  state: string
  pend: string
  ver: string
  ended: string
  gone: string
  delivery(key: string): string
}

export class RedisStore implements EventStore {
  private readonly redis: Redis
  private readonly keyCache = new Map<string, Keys>()
  /** `authId` + newline + `mpcUuid` → the MPC as last written or read here. */
  private readonly known = new Map<string, KnownMpc>()

  constructor(private readonly options: RedisStoreOptions) {
    this.redis = options.redis
  }

  private keys(authId: string): Keys {
    let k = this.keyCache.get(authId)
    if (!k) {
      const base = `${this.options.keyPrefix}:{${authId}}`
      k = {
        seq: `${base}:seq`,
        epoch: `${base}:epoch`,
        log: `${base}:log`,
        state: `${base}:state`,
        pend: `${base}:pend`,
        ver: `${base}:ver`,
        ended: `${base}:ended`,
        gone: `${base}:gone`,
        delivery: (key) => `${base}:d:${createHash('sha256').update(key).digest('base64url')}`,
      }
      this.keyCache.set(authId, k)
    }
    return k
  }

  private async run(s: Script, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(s.sha, keys.length, ...keys, ...args)
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
        return this.redis.eval(s.lua, keys.length, ...keys, ...args)
      }
      throw err
    }
  }

  private async guarded<T>(what: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op()
    } catch (err) {
      if (err instanceof StoreUnavailableError) throw err
      throw new StoreUnavailableError(`redis ${what} failed: ${(err as Error).message}`, {
        cause: err,
      })
    }
  }

  private remember(key: string, mpc: KnownMpc): void {
    this.known.delete(key)
    this.known.set(key, mpc)
    if (this.known.size > CACHED_MPCS) {
      const oldest = this.known.keys().next()
      if (!oldest.done) this.known.delete(oldest.value)
    }
  }

  /**
   * One round trip when this relay wrote the MPC last: the script commits against the version it
   * remembers. When another relay (or a prune) changed the MPC since, the script answers with the
   * current state instead, and the append reduces again on it.
   */
  append(
    authId: string,
    deliveryKey: string,
    event: MpcEvent,
    receivedAt: number,
  ): Promise<AppendResult> {
    return this.guarded('append', async () => {
      const k = this.keys(authId)
      const dKey = k.delivery(deliveryKey)
      const eventJson = JSON.stringify(event)
      const trim = this.options.logLimit < EXACT_TRIM_BELOW ? '=' : '~'
      const knownKey = `${authId}\n${event.mpcUuid}`
      let base: KnownMpc = this.known.get(knownKey) ?? { ver: '', state: undefined, pending: 0 }
      for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
        // A pruned MPC takes no state: the event is logged and fanned out, nothing more.
        const next = isGone(base.ver) ? undefined : applyEvent(base.state, event)
        const checkpoint =
          next !== undefined &&
          (base.state === undefined ||
            next.status === 'ended' ||
            base.pending + 1 >= CHECKPOINT_EVERY)
        const result = (await this.run(
          APPEND,
          [k.seq, k.log, dKey, k.state, k.ver, k.ended, k.epoch, k.pend],
          [
            event.mpcUuid,
            base.ver,
            eventJson,
            checkpoint ? JSON.stringify(next) : '',
            this.options.logLimit,
            trim,
            this.options.dedupeTtlMs,
            receivedAt,
            next?.status === 'ended' ? '1' : '0',
            randomUUID(),
            next === undefined ? 'g' : checkpoint ? 'c' : 'p',
          ],
        )) as [number, number, string?, string?, string?]
        const [code, seq, third = '', fourth = '', fifth = ''] = result
        if (code === 0) {
          const pending = checkpoint ? 0 : base.pending + 1
          this.remember(knownKey, { ver: fourth, state: next, pending })
          return {
            duplicate: false,
            message: EncodedEvent.fromEventJson(seq, receivedAt, eventJson),
            epoch: third,
          }
        }
        if (code === 1) return { duplicate: true, seq }
        // Changed since this relay last saw it: reduce again on what Redis holds now.
        base = { ver: third, ...foldPending(fourth, fifth) }
        this.remember(knownKey, base)
        // Several relays racing on one MPC: let them interleave.
        if (attempt > 2) await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt))
      }
      throw new StoreUnavailableError(`append for ${event.mpcUuid}: too much contention`)
    })
  }

  /** The stored epoch, or a new one when the log has none yet (first use, or Redis lost it). */
  private async epochOf(authId: string, stored: string | null): Promise<string> {
    if (stored) return stored
    return String(await this.run(ENSURE_EPOCH, [this.keys(authId).epoch], [randomUUID()]))
  }

  position(authId: string): Promise<LogPosition> {
    return this.guarded('position', async () => {
      const positions = await this.positionsOf([authId])
      return positions.get(authId) ?? { head: 0, epoch: await this.epochOf(authId, null) }
    })
  }

  positions(authIds: readonly string[]): Promise<Map<string, LogPosition>> {
    return this.guarded('positions', () => this.positionsOf(authIds))
  }

  private async positionsOf(authIds: readonly string[]): Promise<Map<string, LogPosition>> {
    if (authIds.length === 0) return new Map()
    const keys = authIds.flatMap((id) => [this.keys(id).seq, this.keys(id).epoch])
    const values = await this.redis.mget(...keys)
    const out = new Map<string, LogPosition>()
    for (const [i, id] of authIds.entries()) {
      const head = Number(values[2 * i] ?? 0)
      out.set(id, { head, epoch: await this.epochOf(id, values[2 * i + 1] ?? null) })
    }
    return out
  }

  readSince(authId: string, since: number, epoch?: string): Promise<LogRead | null> {
    return this.guarded('read', async () => {
      const k = this.keys(authId)
      const first = await this.redis
        .multi()
        .get(k.seq)
        .get(k.epoch)
        .xrange(k.log, `${since + 1}-0`, '+', 'COUNT', PAGE)
        .exec()
      const [
        [headErr, headValue] = [null, null],
        [epochErr, epochValue] = [null, null],
        [rangeErr, rangeValue] = [null, []],
      ] = first ?? []
      if (headErr) throw headErr
      if (epochErr) throw epochErr
      if (rangeErr) throw rangeErr
      // No stored epoch means no log either (never written, or Redis lost it): a client's
      // epoch cannot match it.
      if (epoch !== undefined && epoch !== epochValue) return null
      const logEpoch = await this.epochOf(authId, epochValue as string | null)
      const head = Number(headValue ?? 0)
      if (since > head) return null
      const events: EncodedEvent[] = []
      let entries = rangeValue as [string, string[]][]
      let expected = since + 1
      for (;;) {
        for (const entry of entries) {
          const message = toMessage(entry)
          // A hole means the stream was trimmed past `since` (or while we paged).
          if (message.seq !== expected) return null
          events.push(message)
          expected++
        }
        if (entries.length < PAGE) break
        entries = (await this.redis.xrange(k.log, `${expected}-0`, '+', 'COUNT', PAGE)) as [
          string,
          string[],
        ][]
      }
      if (events.length === 0 && since < head) return null
      return { events, head: expected - 1, epoch: logEpoch }
    })
  }

  snapshot(authId: string): Promise<LogPosition & { snapshot: RelaySnapshot }> {
    return this.guarded('snapshot', async () => {
      const k = this.keys(authId)
      const read = await this.redis
        .multi()
        .get(k.seq)
        .get(k.epoch)
        .hgetall(k.state)
        .hgetall(k.pend)
        .exec()
      const [
        [headErr, headValue] = [null, null],
        [epochErr, epochValue] = [null, null],
        [stateErr, stateValue] = [null, {}],
        [pendErr, pendValue] = [null, {}],
      ] = read ?? []
      if (headErr) throw headErr
      if (epochErr) throw epochErr
      if (stateErr) throw stateErr
      if (pendErr) throw pendErr
      const epoch = await this.epochOf(authId, epochValue as string | null)
      const checkpoints = stateValue as Record<string, string>
      const pending = pendValue as Record<string, string>
      const mpcs: Record<string, MpcState> = {}
      for (const uuid of new Set([...Object.keys(checkpoints), ...Object.keys(pending)])) {
        const { state } = foldPending(checkpoints[uuid] ?? '', pending[uuid] ?? '')
        if (state) mpcs[uuid] = state
      }
      const pruned = pruneEnded({ mpcs }, Date.now(), this.options.endedGraceMs)
      return { head: Number(headValue ?? 0), epoch, snapshot: { mpcs: pruned.mpcs } }
    })
  }

  pruneEnded(now: number, authIds: readonly string[]): Promise<void> {
    return this.guarded('prune', async () => {
      for (const authId of authIds) await this.pruneAccount(authId, now)
    })
  }

  private async pruneAccount(authId: string, now: number): Promise<void> {
    const k = this.keys(authId)
    await this.run(FORGET_GONE, [k.ver, k.gone], [now - TOMBSTONE_TTL_MS, TOMBSTONE_CAP])
    const uuids = await this.redis.zrange(k.ended, 0, 999)
    if (uuids.length === 0) return
    const read = await this.redis
      .multi()
      .hmget(k.state, ...uuids)
      .hmget(k.ver, ...uuids)
      .exec()
    const [[, states] = [null, []], [, vers] = [null, []]] = read ?? []
    const mpcs: Record<string, MpcState> = {}
    uuids.forEach((uuid, i) => {
      const json = (states as (string | null)[])[i]
      if (json) mpcs[uuid] = JSON.parse(json) as MpcState
    })
    const kept = pruneEnded({ mpcs }, now, this.options.endedGraceMs).mpcs
    for (const [i, uuid] of uuids.entries()) {
      if (uuid in kept) continue
      const ver = (vers as (string | null)[])[i] ?? ''
      await this.run(PRUNE, [k.state, k.ver, k.ended, k.gone, k.pend], [uuid, ver, now])
    }
  }

  async close(): Promise<void> {
    // The connection is owned by the relay, which quits it after the sockets close.
  }
}

/**
 * A stream entry as the message it was appended as. The event's JSON is used as stored, not
 * parsed: only relays write the log, each with `JSON.stringify` of a parsed event.
 */
function toMessage([id, fields]: [string, string[]]): EncodedEvent {
  let receivedAt = 0
  let eventJson = 'null'
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'r') receivedAt = Number(fields[i + 1])
    else if (fields[i] === 'e') eventJson = fields[i + 1] ?? 'null'
  }
  return EncodedEvent.fromEventJson(Number(id.slice(0, id.indexOf('-'))), receivedAt, eventJson)
}
