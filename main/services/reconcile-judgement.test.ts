/**
 * The rules that decide whether a call REST could not vouch for leaves the board: a 404 ends a
 * call only once a list proved the settings right and no callback describes it, and a call that
 * ended long ago is dropped rather than shown ending again.
 */
import { describe, expect, it } from 'vitest'
import { endedVerdict, notFoundVerdict, type NotFoundFacts } from './reconcile-judgement'

const facts = (extra: Partial<NotFoundFacts> = {}): NotFoundFacts => ({
  heardAt: undefined,
  startedAt: 10_000,
  freshMs: 3000,
  listedOk: true,
  unconfirmed: false,
  ...extra,
})

describe('notFoundVerdict', () => {
  it('ends the call as gone once a full list has worked', () => {
    expect(notFoundVerdict(facts())).toBe('gone')
  })

  it('keeps a call a callback described while the read was in flight, even if listed ok', () => {
    expect(notFoundVerdict(facts({ heardAt: 7000 }))).toBe('heard')
    // A callback from before the freshness window proves nothing about now.
    expect(notFoundVerdict(facts({ heardAt: 6999 }))).toBe('gone')
  })

  it('keeps the board as it is when no list has worked yet (a mis-set API base)', () => {
    expect(notFoundVerdict(facts({ listedOk: false }))).toBe('keep')
  })

  it('drops a call only an old relay snapshot had, even before any list worked', () => {
    expect(notFoundVerdict(facts({ listedOk: false, unconfirmed: true }))).toBe('remove')
  })
})

describe('endedVerdict', () => {
  const now = 100_000
  it('ends a call the board still shows live', () => {
    expect(endedVerdict({ knownStatus: 'active', endedAt: now - 1000, graceMs: 60_000, now })).toBe(
      'end',
    )
  })

  it('removes a call that ended longer ago than the grace (a late callback brought it back)', () => {
    expect(
      endedVerdict({ knownStatus: 'active', endedAt: now - 60_001, graceMs: 60_000, now }),
    ).toBe('remove')
  })

  it('changes nothing for a call already ended, or unknown to the store', () => {
    expect(endedVerdict({ knownStatus: 'ended', endedAt: now - 1000, graceMs: 60_000, now })).toBe(
      'confirm',
    )
    expect(
      endedVerdict({ knownStatus: undefined, endedAt: now - 90_000, graceMs: 60_000, now }),
    ).toBe('confirm')
  })
})
