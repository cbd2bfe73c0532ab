/**
 * The wallboard tab: `4` opens it, and its figures follow the live store (a patch from main
 * changes them without a reload).
 */
import '../test/dom'
import { act, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, it } from 'vitest'
import { createFakeDesk } from '../test/fake-desk'
import { alert, mpc, participant, snapshot } from '../test/fixtures'
import { renderBoard } from '../test/render'

const NOW = 1_000_000

const waitingCall = mpc('m-wait', {
  name: 'sales-000001',
  createdAt: NOW - 75_000,
  participants: [participant('c1', { role: 'customer', joinedAt: NOW - 75_000 })],
})
const aiCall = mpc('m-ai', {
  name: 'support-000002',
  createdAt: NOW - 30_000,
  participants: [
    participant('c2', { role: 'customer', joinedAt: NOW - 30_000 }),
    participant('ai', { role: 'ai-agent', joinedAt: NOW - 29_000 }),
  ],
})

it('opens on 4 and shows the floor live', async () => {
  const desk = createFakeDesk({ snapshot: snapshot([waitingCall, aiCall], { at: NOW }) })
  await renderBoard(desk, NOW)
  await userEvent.keyboard('4')
  expect(screen.getByTestId('nav-wallboard').getAttribute('aria-current')).toBe('page')
  expect(screen.getByTestId('wb-waiting').textContent).toBe('1')
  expect(screen.getByTestId('wb-longest-wait').textContent).toBe('1:15')
  expect(screen.getByTestId('wb-active').textContent).toBe('2')
  expect(screen.getByTestId('wb-ai').textContent).toBe('1')
  expect(screen.getByTestId('wb-human').textContent).toBe('0')

  // An agent answers the waiting customer and the AI's stream is lost: the wall follows.
  act(() => {
    desk.push('desk:patch', {
      seq: 2,
      upserts: [
        mpc('m-wait', {
          name: 'sales-000001',
          createdAt: NOW - 75_000,
          participants: [
            participant('c1', { role: 'customer', joinedAt: NOW - 75_000 }),
            participant('a1', { role: 'agent', joinedAt: NOW - 1000 }),
          ],
        }),
      ],
      sources: {},
      removed: [],
      alerts: [alert('ai-stream-lost', 'm-ai', NOW - 500)],
      at: NOW,
    })
  })
  await waitFor(() => expect(screen.getByTestId('wb-waiting').textContent).toBe('0'))
  expect(screen.getByTestId('wb-human').textContent).toBe('1')
  const lost = screen.getAllByTestId('wb-alert').find((li) => li.dataset.kind === 'ai-stream-lost')
  expect(lost?.textContent).toBe('AI agent stream lost1')
})
