/**
 * The header's update offer: nothing until a version is ready; held while the supervisor is on
 * a call; offered (and sent) once they leave.
 */
import '../test/dom'
import { act, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { createFakeDesk } from '../test/fake-desk'
import { renderDesk } from '../test/render'

describe('update badge', () => {
  it('shows nothing while updates are off or nothing is ready', async () => {
    const desk = createFakeDesk({ update: { state: 'idle' } })
    renderDesk(desk)
    await screen.findByTestId('board')
    expect(screen.queryByTestId('update-ready')).toBeNull()
    expect(screen.queryByTestId('update-waiting')).toBeNull()
  })

  it('holds the restart during a call and offers it once the supervisor leaves', async () => {
    const desk = createFakeDesk({ update: { state: 'ready', version: '1.4.0', onCall: true } })
    renderDesk(desk)
    const waiting = await screen.findByTestId('update-waiting')
    expect(waiting.textContent).toBe('Update 1.4.0 ready — you will be asked after this call')
    expect(screen.queryByTestId('update-ready')).toBeNull()

    desk.update = { state: 'ready', version: '1.4.0', onCall: false }
    act(() => desk.push('update:status', desk.update))
    const button = await screen.findByTestId('update-ready')
    expect(button.textContent).toBe('Update 1.4.0 ready — restart')
    await userEvent.setup().click(button)
    await waitFor(() => expect(desk.restarts).toBe(1))
  })
})
