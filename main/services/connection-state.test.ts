/**
 * The connection state carries how the REST read-back is doing, so the banner can tell a board
 * refreshed from Plivo's API apart from one nothing refreshes.
 */
import { describe, expect, it } from 'vitest'
import type { ConnectionState } from '../../preload/api'
import { createConnectionTracker } from './connection-state'

describe('connection state', () => {
  it('keeps the REST read-back (when, and why it failed) across status changes, pushing each change', () => {
    let clock = 1000
    const tracker = createConnectionTracker({ demo: false, now: () => clock })
    const pushed: ConnectionState[] = []
    tracker.onChange((state) => pushed.push(state))

    tracker.set('live')
    clock = 2000
    tracker.setRest({ at: 2000 })
    tracker.set('reconnecting', 'Cannot reach the relay at http://127.0.0.1:1: connection refused')
    expect(tracker.current()).toMatchObject({ status: 'reconnecting', restAt: 2000 })
    expect(tracker.current().restError).toBeUndefined()

    tracker.setRest({ at: 2000, error: 'timeout' })
    tracker.setRest({ at: 2000, error: 'timeout' }) // a repeat pushes nothing
    expect(tracker.current()).toMatchObject({ restAt: 2000, restError: 'timeout' })
    tracker.set('live')
    expect(tracker.current()).toMatchObject({ status: 'live', restAt: 2000, restError: 'timeout' })
    expect(tracker.current().reason).toBeUndefined()
    tracker.setRest({ at: 3000 })
    expect(tracker.current().restError).toBeUndefined()
    expect(pushed.map((s) => [s.status, s.restAt ?? null, s.restError ?? null])).toEqual([
      ['live', null, null],
      ['live', 2000, null],
      ['reconnecting', 2000, null],
      ['reconnecting', 2000, 'timeout'],
      ['live', 2000, 'timeout'],
      ['live', 3000, null],
    ])
    tracker.resetData() // another account: nothing of the old one's data age stays
    expect(tracker.current()).toMatchObject({ dataAt: null, restAt: null })
    tracker.stop()
  })
})
