/**
 * Every shortcut obeys its button: where the button is disabled, the key sends nothing and
 * says why (issue #20, item 12: `r` on an ended call still sent Start recording).
 */
import '../test/dom'
import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { createFakeDesk, type FakeDesk } from '../test/fake-desk'
import { mpc, participant, presence, snapshot } from '../test/fixtures'
import { renderBoard } from '../test/render'

const NOW = 100_000

function deskWith(init: Parameters<typeof mpc>[1], mine = snapshot([]).mine): FakeDesk {
  return createFakeDesk({
    snapshot: snapshot(
      [
        mpc('mpc-1', {
          name: 'The call',
          participants: [
            participant('cust', { role: 'customer', joinedAt: NOW - 50_000 }),
            participant('agent', { role: 'agent', joinedAt: NOW - 50_000 }),
          ],
          ...init,
        }),
      ],
      { at: NOW, mine },
    ),
  })
}

let current: Awaited<ReturnType<typeof renderBoard>> | undefined
async function start(desk: FakeDesk) {
  current = await renderBoard(desk, NOW)
  return userEvent.setup()
}

const toasts = () => screen.queryAllByTestId('toast').map((t) => t.textContent ?? '')

describe('shortcuts obey their buttons', () => {
  it('on an ended call no key sends anything, and each says why', async () => {
    const desk = deskWith({ createdAt: NOW - 60_000, status: 'ended', endedAt: NOW - 1000 })
    const user = await start(desk)
    await user.keyboard('j')
    const card = screen.getByRole('article', { name: 'Call The call' })
    expect(card.getAttribute('aria-current')).toBe('true')
    // The card's buttons are disabled...
    for (const mode of ['listen', 'coach', 'barge']) {
      expect(within(card).getByTestId(`join-${mode}`).hasAttribute('disabled')).toBe(true)
    }
    // ...and so are their keys: join, record, pause, end, and the participant's mute / hold /
    // remove once one is selected.
    await user.keyboard('lcbrpe')
    await user.keyboard(']')
    await user.keyboard('mhx')
    expect(desk.commands).toEqual([])
    expect(screen.queryByRole('alertdialog')).toBeNull()
    await waitFor(() => expect(toasts().some((t) => t.includes('This call has ended.'))).toBe(true))
  })

  it('while the call is ending, join and participant keys wait like their buttons', async () => {
    const desk = deskWith({ createdAt: NOW - 60_000 })
    desk.onCommand = () => new Promise(() => undefined) // the end stays pending
    const user = await start(desk)
    await user.keyboard('j')
    await user.keyboard('e')
    await user.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'End call' }),
    )
    expect(desk.commands).toEqual([{ type: 'end', mpcUuid: 'mpc-1' }])
    const card = screen.getByRole('article', { name: 'Call The call' })
    expect(within(card).getByTestId('call-status').textContent).toBe('Ending…')
    await user.keyboard('b]m')
    expect(desk.commands).toEqual([{ type: 'end', mpcUuid: 'mpc-1' }])
    expect(toasts().some((t) => t.includes('This call is ending.'))).toBe(true)
  })

  it('recording keys follow the recording buttons', async () => {
    const desk = deskWith({ createdAt: NOW - 60_000, recording: 'paused' })
    const user = await start(desk)
    await user.keyboard('j')
    await user.keyboard('{Enter}')
    const detail = screen.getByTestId('detail-panel')
    expect(within(detail).getByTestId('recording-start').hasAttribute('disabled')).toBe(true)
    expect(within(detail).getByTestId('recording-pause').hasAttribute('disabled')).toBe(true)
    expect(within(detail).getByTestId('recording-resume').hasAttribute('disabled')).toBe(false)
    // p on a paused recording resumes it (its enabled button); r stops it.
    await user.keyboard('p')
    expect(desk.commands).toEqual([{ type: 'recording', mpcUuid: 'mpc-1', action: 'resume' }])
  })

  it('p on a call that is not recording sends nothing', async () => {
    const desk = deskWith({ createdAt: NOW - 60_000 })
    const user = await start(desk)
    await user.keyboard('jp')
    expect(desk.commands).toEqual([])
    expect(toasts().some((t) => t.includes('This call is not recording.'))).toBe(true)
  })

  it('q without being on the call, and l while already listening, send nothing', async () => {
    const desk = deskWith({ createdAt: NOW - 60_000 }, [
      presence('mpc-1', { mode: 'listen', status: 'joined' }),
    ])
    const user = await start(desk)
    await user.keyboard('jl')
    expect(desk.commands).toEqual([])
    await user.keyboard('q')
    expect(desk.commands).toEqual([{ type: 'leave', mpcUuid: 'mpc-1' }])
    act(() => current?.runtime.queryClient.setQueryData(['desk', 'mine'], []))
    await user.keyboard('q')
    expect(desk.commands).toHaveLength(1)
  })
})

describe('s pauses sorting', () => {
  it('toggles the board’s Pause sorting button, and the help lists it', async () => {
    const user = await start(deskWith({ createdAt: NOW - 60_000 }))
    const pause = screen.getByRole('button', { name: 'Pause sorting' })
    expect(pause.getAttribute('aria-pressed')).toBe('false')
    await user.keyboard('s')
    expect(pause.getAttribute('aria-pressed')).toBe('true')
    expect(screen.getByTestId('held-note').textContent).toBe('Sorting paused')
    await user.keyboard('s')
    expect(pause.getAttribute('aria-pressed')).toBe('false')
    await user.keyboard('?')
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    expect(within(help).getByText('Pause / resume sorting the board')).toBeTruthy()
  })
})
