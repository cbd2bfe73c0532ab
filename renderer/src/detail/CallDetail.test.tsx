import '../test/dom'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { ParticipantState } from '../../../preload/domain'
import { mpc, participant, presence, snapshot } from '../test/fixtures'
import { createFakeDesk } from '../test/fake-desk'
import { renderBoard } from '../test/render'
import { formatClock } from '../lib/format'

const NOW = 100_000
const CAUSE = 'Kicked Out of Multiparty Call by the supervisor desk after an agent request'

/** A call with the supervisor on it (member "sup-9"), a second supervisor, and one who left. */
function deskWithMe() {
  const left: ParticipantState = {
    ...participant('ai-7', { role: 'ai-agent', joinedAt: NOW - 50_000, leftAt: NOW - 20_000 }),
    exitCause: CAUSE,
  }
  return createFakeDesk({
    snapshot: snapshot(
      [
        mpc('mpc-1', {
          name: 'Billing call',
          createdAt: NOW - 60_000,
          participants: [
            participant('cust-1', { role: 'customer', joinedAt: NOW - 60_000 }),
            participant('agent-1', { role: 'agent', joinedAt: NOW - 55_000 }),
            participant('sup-9', {
              role: 'supervisor',
              joinedAt: NOW - 10_000,
              coach: true,
              muted: true,
            }),
            participant('sup-2', { role: 'supervisor', joinedAt: NOW - 8000, coach: true }),
            left,
          ],
        }),
      ],
      { mine: [presence('mpc-1', { memberId: 'sup-9', callUuid: 'call-sup-9' })], at: NOW },
    ),
  })
}

async function openDetail() {
  const user = userEvent.setup()
  await renderBoard(deskWithMe(), NOW)
  await user.click(screen.getByTestId('call-name'))
  return screen.getByTestId('detail-panel')
}

const row = (detail: HTMLElement, memberId: string) => {
  const found = detail.querySelector<HTMLElement>(
    `[data-testid="participant-row"][data-member="${memberId}"]`,
  )
  if (!found) throw new Error(`no row for ${memberId}`)
  return found
}

describe('the supervisor’s own leg', () => {
  it('reads "(you)" on the board chip and in the detail table, and only for their own member', async () => {
    const detail = await openDetail()
    const card = screen.getByRole('article', { name: 'Call Billing call' })
    expect(within(card).getByRole('button', { name: 'Select Supervisor sup-9 (you)' })).toBeTruthy()
    expect(within(card).getByRole('button', { name: 'Select Supervisor sup-2' })).toBeTruthy()
    expect(within(card).getAllByText('(you)')).toHaveLength(1)

    expect(within(row(detail, 'sup-9')).getByTestId('participant-name').textContent).toBe(
      'Supervisor sup-9 (you)',
    )
    expect(within(row(detail, 'sup-2')).getByTestId('participant-name').textContent).toBe(
      'Supervisor sup-2',
    )
    expect(within(row(detail, 'agent-1')).getByTestId('participant-name').textContent).toBe(
      'Agent agent-1',
    )
  })
})

describe('a participant who left', () => {
  it('shows when and why under the name, with the whole exit cause in its title', async () => {
    const detail = await openDetail()
    const gone = row(detail, 'ai-7')
    const note = within(gone).getByTestId('left-note')
    const text = `left ${formatClock(NOW - 20_000)} (${CAUSE})`
    expect(note.textContent).toBe(text)
    expect(note.getAttribute('title')).toBe(text)
    // In the name's cell, which gives way, not the duration's, which keeps its width.
    expect(note.closest('td')?.classList.contains('who-cell')).toBe(true)
  })
})
