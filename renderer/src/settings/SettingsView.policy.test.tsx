/**
 * Settings under a managed policy: what the organisation pins cannot be typed over and says who
 * set it; the rest of the form still saves; a policy's problems are shown in the window.
 */
import '../test/dom'
import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { settings } from '../test/fixtures'
import { createFakeDesk } from '../test/fake-desk'
import { renderDesk } from '../test/render'

const input = (id: string) => screen.getByTestId(`input-${id}`) as HTMLInputElement

describe('settings pinned by policy', () => {
  it('shows pinned fields read-only, "set by your organisation", and saves the others', async () => {
    const user = userEvent.setup()
    const desk = createFakeDesk({
      settings: settings({
        demo: false,
        relayUrl: 'https://relay.it.example.com',
        relayTokenSet: true,
        plivoAuthTokenSet: true,
        plivoAuthId: 'MAXXXXXXXXXXXXXXXXXX',
        policy: { pinned: ['relayUrl', 'thresholds.longHoldSec', 'demo'], problems: [] },
      }),
    })
    renderDesk(desk)
    await user.keyboard('3')
    await screen.findByTestId('settings-view')

    expect(input('relayUrl').readOnly).toBe(true)
    expect(screen.getByTestId('pinned-relayUrl').textContent).toBe('Set by your organisation')
    expect(input('longHoldSec').readOnly).toBe(true)
    expect(screen.getByTestId('pinned-thresholds.longHoldSec')).toBeTruthy()
    expect(input('demo').disabled).toBe(true)
    expect(screen.getByTestId('pinned-demo').textContent).toContain('demo mode is not allowed')
    expect(input('callerId').readOnly).toBe(false)
    expect(screen.queryByTestId('pinned-callerId')).toBeNull()

    await user.type(input('relayUrl'), 'x')
    await user.type(input('longHoldSec'), '5')
    expect(input('relayUrl').value).toBe('https://relay.it.example.com')
    await user.clear(input('callerId'))
    await user.type(input('callerId'), '+14155550199')
    await user.click(screen.getByTestId('settings-save'))
    await waitFor(() => expect(desk.settingsUpdates).toEqual([{ callerId: '+14155550199' }]))
  })

  it('shows what was wrong with the policy at the top of the window', async () => {
    const problem = '/etc/supervisor-desk/policy.json: "relayUrl" ignored: Invalid URL.'
    const desk = createFakeDesk({
      settings: settings({ policy: { pinned: [], problems: [problem] } }),
    })
    renderDesk(desk)
    const notice = await screen.findByTestId('policy-notice')
    expect(notice.textContent).toContain('these values were ignored')
    expect(notice.textContent).toContain(problem)
    await userEvent.setup().click(screen.getByRole('button', { name: 'Dismiss the policy notice' }))
    expect(screen.queryByTestId('policy-notice')).toBeNull()
  })

  it('shows no notice when the policy is fine', async () => {
    const desk = createFakeDesk({ settings: settings({ policy: { pinned: [], problems: [] } }) })
    renderDesk(desk)
    await screen.findByTestId('board')
    expect(screen.queryByTestId('policy-notice')).toBeNull()
  })
})
