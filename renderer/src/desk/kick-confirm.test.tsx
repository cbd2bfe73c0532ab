import '../test/dom'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { mpc, participant, presence, snapshot } from '../test/fixtures'
import { createFakeDesk, type FakeDesk } from '../test/fake-desk'
import { renderBoard } from '../test/render'

const NOW = 100_000

function deskWith(members: ReturnType<typeof participant>[], mine = snapshot([]).mine): FakeDesk {
  return createFakeDesk({
    snapshot: snapshot(
      [mpc('mpc-1', { name: 'Support 1', createdAt: NOW - 60_000, participants: members })],
      { at: NOW, mine },
    ),
  })
}

async function askToRemove(desk: FakeDesk, who: string) {
  const user = userEvent.setup()
  await renderBoard(desk, NOW)
  await user.click(
    within(screen.getByRole('article', { name: 'Call Support 1' })).getByTestId('call-name'),
  )
  await user.click(
    within(screen.getByTestId('detail-panel')).getByRole('button', {
      name: `Remove ${who} from the call`,
    }),
  )
  return { user, dialog: screen.getByRole('alertdialog', { name: `Remove ${who} from the call?` }) }
}

describe('the confirmation before removing a participant says what happens to the call', () => {
  it('the only agent: the customer is left alone and Plivo ends the call', async () => {
    const desk = deskWith([
      participant('1000', { role: 'customer', joinedAt: NOW - 60_000 }),
      participant('1001', { role: 'agent', joinedAt: NOW - 50_000 }),
    ])
    const { user, dialog } = await askToRemove(desk, 'Agent 1001')
    expect(dialog.textContent).toContain(
      'Removing Agent 1001 leaves Customer 1000 alone: Plivo will end the call for them (stay alone is not permitted).',
    )
    await user.click(within(dialog).getByRole('button', { name: 'Remove and end call' }))
    expect(desk.commands).toEqual([{ type: 'kick', mpcUuid: 'mpc-1', memberId: '1001' }])
  })

  it('with others staying, it names them and the call goes on', async () => {
    const desk = deskWith(
      [
        participant('1000', { role: 'customer', joinedAt: NOW - 60_000 }),
        participant('1001', { role: 'agent', joinedAt: NOW - 50_000 }),
        participant('1003', { role: 'supervisor', joinedAt: NOW - 40_000, coach: true }),
      ],
      [presence('mpc-1', { memberId: '1003' })],
    )
    const { dialog } = await askToRemove(desk, 'Agent 1001')
    expect(dialog.textContent).toContain(
      'the call goes on with Customer 1000 and you (Supervisor 1003)',
    )
    expect(within(dialog).getByRole('button', { name: 'Remove' })).toBeTruthy()
  })
})
