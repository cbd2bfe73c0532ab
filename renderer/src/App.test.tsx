import './test/dom'
import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { CommandOutcome, Result } from '../../preload/api'
import { alert, mpc, participant, snapshot } from './test/fixtures'
import { createFakeDesk, type FakeDesk } from './test/fake-desk'
import { renderDesk } from './test/render'

const NOW = 100_000

function busyDesk(): FakeDesk {
  const served = (uuid: string, name: string, createdAt: number) =>
    mpc(uuid, {
      name,
      createdAt,
      participants: [
        participant(`${uuid}-cust`, { role: 'customer', joinedAt: createdAt }),
        participant(`${uuid}-agent`, {
          role: 'agent',
          joinedAt: createdAt,
          speech: [[createdAt + 1000]],
        }),
      ],
    })
  const waiting = mpc('mpc-wait', {
    name: 'Waiting customer',
    createdAt: NOW - 40_000,
    participants: [participant('mpc-wait-cust', { role: 'customer', joinedAt: NOW - 40_000 })],
  })
  return createFakeDesk({
    snapshot: snapshot(
      [
        served('mpc-old', 'Oldest call', NOW - 90_000),
        served('mpc-hold', 'Held too long', NOW - 30_000),
        waiting,
      ],
      {
        alerts: [alert('long-hold', 'mpc-hold', NOW - 5000, 'Customer on hold for 65 s')],
        at: NOW,
      },
    ),
  })
}

function start(desk: FakeDesk) {
  return renderDesk(desk, NOW)
}

async function ready() {
  await waitFor(() => expect(screen.getByTestId('board').dataset.ready).toBe('true'))
}

const cardNames = () => screen.getAllByTestId('call-name').map((b) => b.textContent)
const card = (name: string) => screen.getByRole('article', { name: `Call ${name}` })

describe('the board', () => {
  it('is ready once the snapshot loaded, calls ordered by need of attention', async () => {
    start(busyDesk())
    expect(screen.getByTestId('board').dataset.ready).toBe('false')
    await ready()
    expect(cardNames()).toEqual(['Held too long', 'Waiting customer', 'Oldest call'])
    expect(within(card('Held too long')).getByTestId('alert').textContent).toContain(
      'Customer on hold for 65 s',
    )
    expect(within(card('Waiting customer')).getByTestId('customer-waiting').textContent).toContain(
      '0:40',
    )
    expect(screen.getByTestId('demo-marker')).toBeTruthy()
  })

  it('filters by search text and by alert', async () => {
    const user = userEvent.setup()
    start(busyDesk())
    await ready()
    await user.type(screen.getByTestId('search'), 'oldest')
    await waitFor(() => expect(cardNames()).toEqual(['Oldest call']))
    await user.clear(screen.getByTestId('search'))
    await user.click(screen.getByTestId('filter-alerts'))
    await waitFor(() => expect(cardNames()).toEqual(['Held too long']))
  })

  it('moves a patch onto the board: a new alert moves that call to the top', async () => {
    const desk = busyDesk()
    start(desk)
    await ready()
    act(() =>
      desk.push('desk:patch', {
        seq: 2,
        upserts: [],
        sources: {},
        removed: [],
        alerts: [alert('overtalk', 'mpc-old', NOW - 60_000, 'Overtalk for 6 s')],
        at: NOW + 1,
      }),
    )
    await waitFor(() =>
      expect(cardNames()).toEqual(['Oldest call', 'Waiting customer', 'Held too long']),
    )
  })
})

describe('commands', () => {
  it('shows "ringing your phone…" at once on listen, while the join is pending', async () => {
    const user = userEvent.setup()
    const desk = busyDesk()
    let answer: (r: Result<CommandOutcome>) => void = () => {}
    desk.onCommand = () => new Promise((resolve) => (answer = resolve))
    start(desk)
    await ready()
    await user.click(
      within(card('Oldest call')).getByRole('button', { name: 'Listen on Oldest call' }),
    )
    expect(desk.commands).toEqual([{ type: 'join', mpcUuid: 'mpc-old', mode: 'listen' }])
    expect(within(card('Oldest call')).getByTestId('my-presence').textContent).toContain(
      'Ringing your phone',
    )
    act(() => answer({ ok: true, value: { auditId: 'x', pendingCallUuid: 'call-1' } }))
    expect(within(card('Oldest call')).getByTestId('my-presence').dataset.status).toBe('ringing')
  })

  it('mutes optimistically, then rolls back and shows Plivo’s reason when the command fails', async () => {
    const user = userEvent.setup()
    const desk = busyDesk()
    let answer: (r: Result<CommandOutcome>) => void = () => {}
    desk.onCommand = () => new Promise((resolve) => (answer = resolve))
    start(desk)
    await ready()
    await user.click(within(card('Oldest call')).getByTestId('call-name'))
    const detail = screen.getByTestId('detail-panel')
    await user.click(within(detail).getByRole('button', { name: 'Mute Customer mpc-old-cust' }))
    expect(desk.commands.at(-1)).toEqual({
      type: 'mute',
      mpcUuid: 'mpc-old',
      memberId: 'mpc-old-cust',
    })
    // Muted at once, on the card and in the detail view.
    expect(within(card('Oldest call')).getByTestId('mark-muted')).toBeTruthy()
    expect(
      within(detail).getByRole('button', { name: 'Unmute Customer mpc-old-cust' }),
    ).toBeTruthy()

    act(() =>
      answer({
        ok: false,
        error: { code: 'plivo', message: 'Member is not in the call', status: 404 },
      }),
    )
    await waitFor(() => expect(within(card('Oldest call')).queryByTestId('mark-muted')).toBeNull())
    expect(within(card('Oldest call')).getByTestId('command-failure').textContent).toContain(
      'Mute Customer mpc-old-cust failed: Member is not in the call',
    )
    expect(screen.getByTestId('toast').textContent).toContain('Member is not in the call')
    expect(within(detail).getByRole('button', { name: 'Mute Customer mpc-old-cust' })).toBeTruthy()
  })

  it('asks before removing a participant, and does nothing on cancel', async () => {
    const user = userEvent.setup()
    const desk = busyDesk()
    start(desk)
    await ready()
    await user.click(within(card('Oldest call')).getByTestId('call-name'))
    const detail = screen.getByTestId('detail-panel')
    await user.click(
      within(detail).getByRole('button', { name: 'Remove Agent mpc-old-agent from the call' }),
    )
    const dialog = screen.getByRole('alertdialog', {
      name: 'Remove Agent mpc-old-agent from the call?',
    })
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }))
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(desk.commands).toEqual([])

    await user.click(
      within(detail).getByRole('button', { name: 'Remove Agent mpc-old-agent from the call' }),
    )
    // Customer and agent only: removing the agent ends the call, and the button says so.
    await user.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove and end call' }),
    )
    expect(desk.commands).toEqual([{ type: 'kick', mpcUuid: 'mpc-old', memberId: 'mpc-old-agent' }])
    expect(within(detail).getByText('removing…')).toBeTruthy()
  })

  it('selecting a participant on the board shows their controls right there', async () => {
    const user = userEvent.setup()
    const desk = busyDesk()
    start(desk)
    await ready()
    const c = card('Oldest call')
    expect(within(c).queryByTestId('chip-mute')).toBeNull()
    await user.click(within(c).getByRole('button', { name: 'Select Agent mpc-old-agent' }))
    await user.click(within(c).getByTestId('chip-hold'))
    expect(desk.commands).toEqual([{ type: 'hold', mpcUuid: 'mpc-old', memberId: 'mpc-old-agent' }])
    expect(within(c).getByTestId('mark-hold')).toBeTruthy()
    expect(within(c).getByTestId('chip-unhold')).toBeTruthy()
  })

  it('asks before ending a call', async () => {
    const user = userEvent.setup()
    const desk = busyDesk()
    start(desk)
    await ready()
    await user.click(within(card('Held too long')).getByTestId('call-name'))
    await user.click(screen.getByTestId('end-call'))
    await user.click(
      within(screen.getByRole('alertdialog', { name: 'End Held too long?' })).getByRole('button', {
        name: 'End call',
      }),
    )
    expect(desk.commands).toEqual([{ type: 'end', mpcUuid: 'mpc-hold' }])
    expect(within(card('Held too long')).getByTestId('call-status').textContent).toBe('Ending…')
  })
})

describe('keyboard', () => {
  it('moves with j / k and acts on the focused call and participant', async () => {
    const user = userEvent.setup()
    const desk = busyDesk()
    start(desk)
    await ready()
    await user.keyboard('jj')
    expect(card('Waiting customer').getAttribute('aria-current')).toBe('true')
    await user.keyboard('k')
    expect(card('Held too long').getAttribute('aria-current')).toBe('true')
    await user.keyboard('c')
    expect(desk.commands.at(-1)).toEqual({ type: 'join', mpcUuid: 'mpc-hold', mode: 'coach' })
    await user.keyboard(']')
    await user.keyboard('m')
    expect(desk.commands.at(-1)).toEqual({
      type: 'mute',
      mpcUuid: 'mpc-hold',
      memberId: 'mpc-hold-cust',
    })
    await user.keyboard('h')
    expect(desk.commands.at(-1)).toEqual({
      type: 'hold',
      mpcUuid: 'mpc-hold',
      memberId: 'mpc-hold-cust',
    })
    await user.keyboard('r')
    expect(desk.commands.at(-1)).toEqual({
      type: 'recording',
      mpcUuid: 'mpc-hold',
      action: 'start',
    })
    await user.keyboard('x')
    expect(
      screen.getByRole('alertdialog', { name: 'Remove Customer mpc-hold-cust from the call?' }),
    ).toBeTruthy()
    await user.keyboard('{Escape}')
    await user.keyboard('e')
    expect(screen.getByRole('alertdialog', { name: 'End Held too long?' })).toBeTruthy()
    await user.keyboard('{Escape}')
    expect(desk.commands).toHaveLength(4)
  })

  it('never fires while typing in a field; / focuses search, Esc leaves it', async () => {
    const user = userEvent.setup()
    const desk = busyDesk()
    start(desk)
    await ready()
    await user.keyboard('j')
    await user.keyboard('/')
    const search = screen.getByTestId('search')
    await waitFor(() => expect(document.activeElement).toBe(search))
    await user.keyboard('lcbmherx')
    expect(desk.commands).toEqual([])
    expect((search as HTMLInputElement).value).toBe('lcbmherx')
    await user.keyboard('{Escape}')
    expect(document.activeElement).not.toBe(search)
    await user.keyboard('b')
    expect(desk.commands).toEqual([{ type: 'join', mpcUuid: 'mpc-hold', mode: 'barge' }])
  })

  it('? lists every shortcut; Esc closes it', async () => {
    const user = userEvent.setup()
    start(busyDesk())
    await ready()
    await user.keyboard('?')
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    for (const label of [
      'Listen (or switch to listen)',
      'Mute / unmute the participant',
      'End the call (asks first)',
      'Search calls',
    ]) {
      expect(within(help).getByText(label)).toBeTruthy()
    }
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull()
  })
})
