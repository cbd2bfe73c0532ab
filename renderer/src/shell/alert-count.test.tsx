/** The header's alert counter reads right for one call and for several. */
import '../test/dom'
import { screen, waitFor } from '@testing-library/react'
import { expect, it } from 'vitest'
import { alert, mpc, participant, snapshot } from '../test/fixtures'
import { createFakeDesk } from '../test/fake-desk'
import { renderDesk } from '../test/render'

const NOW = 100_000
const call = (uuid: string) =>
  mpc(uuid, {
    name: uuid,
    createdAt: NOW - 60_000,
    participants: [participant(`${uuid}-c`, { role: 'customer', joinedAt: NOW - 60_000 })],
  })

it.each([
  [1, '1 call with alerts: show only them', '1 call alerting'],
  [2, '2 calls with alerts: show only them', '2 calls alerting'],
])('%i alerting call(s): "%s"', async (count, label, text) => {
  const uuids = ['mpc-a', 'mpc-b'].slice(0, count)
  renderDesk(
    createFakeDesk({
      snapshot: snapshot(uuids.map(call), {
        alerts: uuids.map((uuid) => alert('customer-waiting', uuid, NOW - 40_000)),
        at: NOW,
      }),
    }),
    NOW,
  )
  await waitFor(() => expect(screen.getByTestId('alert-count')).toBeTruthy())
  expect(screen.getByTestId('alert-count').getAttribute('aria-label')).toBe(label)
  expect(screen.getByTestId('alert-count').textContent).toBe(text)
})
