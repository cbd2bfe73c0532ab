/**
 * "Take over" on a card: offered only where an AI agent is on the call, it sends the take-over
 * for that AI member; the card then tells how it went — a kick that failed leaves the
 * supervisor barging with the AI still there, and the card says so as an alert.
 */
import '../test/dom'
import { fireEvent, waitFor } from '@testing-library/react'
import { expect, it } from 'vitest'
import type { MyPresence } from '../../../preload/api'
import { snapshot } from '../test/fixtures'
import { createFakeDesk } from '../test/fake-desk'
import { renderBoard } from '../test/render'
import { aiCall, card, humanCall, NOW } from '../test/ai-calls'

it('is offered on a call with an AI agent only, and takes over from that member', async () => {
  const desk = createFakeDesk({ snapshot: snapshot([aiCall, humanCall], { at: NOW }) })
  await renderBoard(desk, NOW)

  expect(card('Human call').queryByTestId('take-over')).toBeNull()
  fireEvent.click(card('Bot call').getByTestId('take-over'))
  await waitFor(() =>
    expect(desk.commands).toEqual([
      { type: 'take-over', mpcUuid: 'm-ai', aiMemberId: '2', then: 'kick' },
    ]),
  )
})

it('says so, as an alert, when the AI could not be taken off the line', async () => {
  const failedKick: MyPresence = {
    mpcUuid: 'm-ai',
    mode: 'barge',
    status: 'joined',
    memberId: '9',
    since: NOW,
    takeOver: {
      aiMemberId: '2',
      then: 'kick',
      status: 'failed',
      error:
        'Could not take AI agent 2 off the line: HTTP 500. You are on the call with the AI agent still there.',
    },
  }
  const desk = createFakeDesk({
    snapshot: snapshot([aiCall], { at: NOW, mine: [failedKick] }),
  })
  await renderBoard(desk, NOW)

  const status = card('Bot call').getByTestId('take-over-status')
  expect(status.getAttribute('role')).toBe('alert')
  expect(status.textContent).toContain('with the AI agent still there')
  expect(card('Bot call').getByTestId('my-presence').textContent).toContain('You are barging')
  // The AI is still on the call, so the supervisor can try again.
  expect((card('Bot call').getByTestId('take-over') as HTMLButtonElement).disabled).toBe(false)
})
