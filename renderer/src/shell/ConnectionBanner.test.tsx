import '../test/dom'
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { connection, mpc, snapshot } from '../test/fixtures'
import { createFakeDesk } from '../test/fake-desk'
import { renderBoard, renderDesk } from '../test/render'

const NOW = 1_000_000
const banner = () => screen.getByTestId('connection-banner')

describe('connection banner', () => {
  it('shows live with the data age, ticking with the clock', async () => {
    const desk = createFakeDesk({
      connection: connection({ status: 'live', dataAt: NOW - 5000, since: NOW - 60_000 }),
    })
    const current = renderDesk(desk, NOW)
    await waitFor(() => expect(banner().dataset.status).toBe('live'))
    expect(banner().textContent).toContain('Live')
    expect(screen.getByTestId('data-age').textContent).toBe('data 5 s ago')
    act(() => current.clock.set(NOW + 175_000))
    expect(screen.getByTestId('data-age').textContent).toBe('data 3 min ago')
  })

  it('follows main through reconnecting, resyncing and offline, with the reason and how old the data is', async () => {
    const desk = createFakeDesk({ connection: connection({ dataAt: NOW }) })
    const current = renderDesk(desk, NOW)
    await waitFor(() => expect(banner().dataset.status).toBe('live'))
    act(() =>
      desk.push('desk:connection', {
        status: 'reconnecting',
        dataAt: NOW,
        since: NOW,
        reason: 'relay unreachable: ECONNREFUSED',
        demo: true,
      }),
    )
    act(() => current.clock.set(NOW + 12_000))
    expect(banner().dataset.status).toBe('reconnecting')
    expect(banner().textContent).toContain('Reconnecting…')
    expect(banner().textContent).toContain('showing data from 12 s ago')
    expect(screen.getByTestId('connection-notice').textContent).toContain(
      'relay unreachable: ECONNREFUSED',
    )

    act(() =>
      desk.push('desk:connection', {
        status: 'resyncing',
        dataAt: NOW,
        since: NOW + 12_000,
        demo: true,
      }),
    )
    expect(banner().textContent).toContain('Resyncing…')

    act(() =>
      desk.push('desk:connection', {
        status: 'offline',
        dataAt: null,
        since: NOW + 13_000,
        reason: 'no relay configured',
        demo: false,
      }),
    )
    expect(banner().dataset.status).toBe('offline')
    expect(banner().textContent).toContain('no data yet')
    expect(screen.getByTestId('connection-reason').textContent).toBe('no relay configured')
    act(() =>
      desk.push('desk:connection', {
        status: 'live',
        dataAt: NOW + 14_000,
        since: NOW + 14_000,
        demo: false,
      }),
    )
    expect(screen.queryByTestId('connection-notice')).toBeNull()
  })

  it('takes a fresh snapshot when the link comes back live', async () => {
    const desk = createFakeDesk({
      snapshot: snapshot([mpc('first', { name: 'Before the outage', createdAt: 0 })]),
    })
    await renderBoard(desk, NOW)
    expect(screen.getByText('Before the outage')).toBeTruthy()
    act(() =>
      desk.push('desk:connection', { status: 'reconnecting', dataAt: 0, since: NOW, demo: true }),
    )
    desk.snapshot = snapshot([mpc('second', { name: 'After the outage', createdAt: 0 })], {
      at: NOW + 1,
    })
    act(() =>
      desk.push('desk:connection', { status: 'live', dataAt: NOW + 1, since: NOW + 1, demo: true }),
    )
    await waitFor(() => expect(screen.getByText('After the outage')).toBeTruthy())
    expect(screen.queryByText('Before the outage')).toBeNull()
  })

  it('while the live feed is down but REST still refreshes, says so with its age, not "frozen"', async () => {
    const desk = createFakeDesk({ connection: connection({ dataAt: NOW }) })
    const current = renderDesk(desk, NOW)
    await waitFor(() => expect(banner().dataset.status).toBe('live'))
    expect(screen.queryByTestId('alerts-paused')).toBeNull()
    act(() =>
      desk.push('desk:connection', {
        status: 'reconnecting',
        dataAt: NOW,
        since: NOW,
        reason: 'Cannot reach the relay at http://127.0.0.1:9: connection refused',
        demo: false,
        restAt: NOW - 3000,
      }),
    )
    act(() => current.clock.set(NOW + 9_000))
    const notice = screen.getByTestId('connection-notice')
    expect(notice.textContent).not.toMatch(/frozen/i)
    expect(screen.getByTestId('connection-consequence').textContent).toBe(
      "Live updates are paused: the board is refreshed from Plivo's API instead, without who is speaking. Commands still go to Plivo.",
    )
    expect(screen.getByTestId('connection-refresh-age').textContent).toBe(
      'Last read from the API 12 s ago.',
    )
    expect(screen.getByTestId('alerts-paused').textContent).toBe(
      'Silence and overtalk alerts are paused while live updates are down.',
    )

    // The read-back fails too: then, and only then, the board is not being refreshed.
    act(() =>
      desk.push('desk:connection', {
        status: 'reconnecting',
        dataAt: NOW,
        since: NOW,
        demo: false,
        restAt: NOW - 3000,
        restError: 'control API timed out',
      }),
    )
    expect(screen.getByTestId('connection-consequence').textContent).toBe(
      "Live updates are paused, and reading the calls from Plivo's API failed too (control API timed out): the board is not being refreshed.",
    )
    expect(screen.getByTestId('connection-refresh-age').textContent).toBe(
      'Showing data from 9 s ago.',
    )
  })

  it('an empty board while not connected says so and why, never "No live calls"', async () => {
    const desk = createFakeDesk({
      connection: connection({
        status: 'reconnecting',
        dataAt: null,
        reason:
          'Cannot reach the relay at https://relay.example.test: DNS name not found (relay.example.test)',
      }),
    })
    await renderBoard(desk, NOW)
    const empty = screen.getByTestId('board-empty')
    expect(empty.textContent).not.toContain('No live calls')
    expect(empty.textContent).toContain('Not connected to the relay — no calls to show yet.')
    expect(screen.getByTestId('board-empty-reason').textContent).toBe(
      'Cannot reach the relay at https://relay.example.test: DNS name not found (relay.example.test)',
    )
    act(() =>
      desk.push('desk:connection', { status: 'live', dataAt: NOW, since: NOW, demo: false }),
    )
    await waitFor(() =>
      expect(screen.getByTestId('board-empty').textContent).toBe('No live calls right now.'),
    )
  })
})
