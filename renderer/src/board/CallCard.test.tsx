/**
 * A card whose data nobody has confirmed for a while says so on the card, and stops claiming
 * live facts it cannot know (who is speaking, a talk share that keeps growing).
 */
import '../test/dom'
import { act, screen, waitFor, within } from '@testing-library/react'
import { expect, it } from 'vitest'
import { connection, mpc, participant, snapshot } from '../test/fixtures'
import { createFakeDesk } from '../test/fake-desk'
import { renderBoard } from '../test/render'

const NOW = 1_000_000
const QUIET_SINCE = NOW - 12 * 60_000

/** A call where the customer started speaking 13 minutes ago and nobody heard more since. */
function frozenCall(uuid: string, name: string) {
  const start = NOW - 13 * 60_000
  return mpc(uuid, {
    name,
    createdAt: start,
    participants: [
      participant(`${uuid}-c`, { role: 'customer', joinedAt: start, speech: [[start + 30_000]] }),
      participant(`${uuid}-a`, {
        role: 'agent',
        joinedAt: start,
        speech: [[start, start + 30_000]],
      }),
    ],
  })
}

const card = (name: string) => screen.getByRole('article', { name: `Call ${name}` })

it('says how long a stale call has gone without an update, and shows no speaking', async () => {
  const desk = createFakeDesk({
    snapshot: snapshot([frozenCall('m-stale', 'Frozen'), frozenCall('m-live', 'Fresh')], {
      sources: {
        'm-stale': { from: 'relay', at: QUIET_SINCE, noUpdateSince: QUIET_SINCE },
        'm-live': { from: 'relay', at: NOW - 1000 },
      },
      at: NOW,
    }),
  })
  await renderBoard(desk, NOW)

  const stale = within(card('Frozen'))
  expect(stale.getByTestId('call-stale').textContent).toBe('No update for 12 min')
  expect(card('Frozen').dataset.stale).toBe('true')
  expect(stale.queryByTestId('mark-speaking')).toBeNull()
  // The talk share stops where the data does: 30 s each when the updates stopped, not the
  // customer's open speech growing into 96% over the 12 minutes nobody heard of since.
  expect(stale.getByTestId('talk-share').getAttribute('title')).toContain('Customer m-stale-c 50%')

  const live = within(card('Fresh'))
  expect(live.queryByTestId('call-stale')).toBeNull()
  expect(live.getByTestId('mark-speaking')).toBeTruthy()

  // Confirmed again: the mark goes, the live facts come back.
  act(() =>
    desk.push('desk:patch', {
      seq: 2,
      upserts: [frozenCall('m-stale', 'Frozen')],
      sources: { 'm-stale': { from: 'rest', at: NOW } },
      removed: [],
      at: NOW,
    }),
  )
  await waitFor(() => expect(stale.queryByTestId('call-stale')).toBeNull())
  expect(stale.getByTestId('mark-speaking')).toBeTruthy()
})

it('shows why a call ended when the desk ended it', async () => {
  const ended = {
    ...frozenCall('m-gone', 'Gone call'),
    status: 'ended' as const,
    endedAt: NOW - 1000,
    terminationCause: 'Plivo no longer knows this call',
  }
  const desk = createFakeDesk({ snapshot: snapshot([ended], { at: NOW }) })
  await renderBoard(desk, NOW)
  expect(within(card('Gone call')).getByTestId('ended-reason').textContent).toBe(
    'Plivo no longer knows this call',
  )
})

it('claims no live facts while the live feed is down, on the card and in the detail', async () => {
  // A minute into the call: each had spoken 30 s (the customer's speech is still open).
  const FEED_DOWN = NOW - 12 * 60_000
  const desk = createFakeDesk({
    snapshot: snapshot([frozenCall('m-1', 'Outage call')], {
      sources: { 'm-1': { from: 'relay', at: NOW - 1000 } },
      at: NOW,
    }),
    connection: connection({ status: 'reconnecting', since: FEED_DOWN, dataAt: FEED_DOWN }),
  })
  await renderBoard(desk, NOW)
  const onCard = within(card('Outage call'))
  await waitFor(() => expect(onCard.queryByTestId('mark-speaking')).toBeNull())
  // Not "stale": the call is not at fault, the feed is (the banner says so).
  expect(onCard.queryByTestId('call-stale')).toBeNull()
  // The talk share as of when the feed went down: 50% each, not the customer's open speech
  // grown into 96% over the 12 minutes nobody heard of since.
  expect(onCard.getByTestId('talk-share').getAttribute('title')).toContain('Customer m-1-c 50%')
  act(() => onCard.getByTestId('call-name').click())
  const detail = within(await screen.findByTestId('detail-panel'))
  expect(detail.getByText(/Silence now/).nextElementSibling?.textContent).toContain(
    'live updates paused',
  )
  expect(detail.queryByTestId('mark-speaking')).toBeNull()

  // The feed is back: the live facts are current again.
  act(() => desk.push('desk:connection', connection({ status: 'live', since: NOW, dataAt: NOW })))
  await waitFor(() => expect(onCard.getByTestId('mark-speaking')).toBeTruthy())
  expect(detail.getByText(/Silence now/).nextElementSibling?.textContent).not.toContain(
    'live updates paused',
  )
})
