import '../test/dom'
import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { auditEntry, settings } from '../test/fixtures'
import { createFakeDesk } from '../test/fake-desk'
import { renderDesk } from '../test/render'

describe('settings', () => {
  it('never shows a secret, sends only what changed, and explains demo mode and storage', async () => {
    const user = userEvent.setup()
    const desk = createFakeDesk({
      settings: settings({ demo: false, relayTokenSet: true, plivoAuthTokenSet: false }),
    })
    renderDesk(desk)
    await user.keyboard('3')
    await screen.findByTestId('settings-view')
    expect(screen.getByTestId('relayToken-state').textContent).toBe('set')
    expect(screen.getByTestId('plivoAuthToken-state').textContent).toBe('not set')
    expect((screen.getByTestId('input-relayToken') as HTMLInputElement).value).toBe('')
    expect(screen.getByText(/Demo mode runs a simulated Plivo account/)).toBeTruthy()
    expect(screen.getByTestId('secret-storage').textContent).toBe(
      'Secrets (tokens) are kept in memory for this session only: they are forgotten when the ' +
        'desk stops, and you will enter them again next time. They are never shown again, not ' +
        'even here.',
    )

    await user.type(screen.getByTestId('input-plivoAuthToken'), 's3cret-token')
    await user.clear(screen.getByTestId('input-longHoldSec'))
    await user.type(screen.getByTestId('input-longHoldSec'), '90')
    await user.click(screen.getByTestId('settings-save'))
    await waitFor(() => expect(desk.settingsUpdates).toHaveLength(1))
    expect(desk.settingsUpdates[0]).toEqual({
      plivoAuthToken: 's3cret-token',
      thresholds: { customerWaitSec: 30, longHoldSec: 90, longSilenceSec: 20, overtalkSec: 5 },
    })
    await waitFor(() => expect(screen.getByTestId('plivoAuthToken-state').textContent).toBe('set'))
    expect((screen.getByTestId('input-plivoAuthToken') as HTMLInputElement).value).toBe('')
    expect(document.body.textContent).not.toContain('s3cret-token')
  })

  it('empties a replaced secret after saving even though the public settings did not change', async () => {
    const user = userEvent.setup()
    const desk = createFakeDesk({
      settings: settings({ demo: false, relayTokenSet: true, plivoAuthTokenSet: true }),
    })
    renderDesk(desk)
    await user.keyboard('3')
    await screen.findByTestId('settings-view')
    await user.type(screen.getByTestId('input-relayToken'), 'n3w-relay-token')
    await user.click(screen.getByTestId('settings-save'))
    await waitFor(() => expect(desk.settingsUpdates).toEqual([{ relayToken: 'n3w-relay-token' }]))
    await screen.findByText('Settings saved.')
    const input = screen.getByTestId('input-relayToken') as HTMLInputElement
    await waitFor(() => expect(input.value).toBe(''))
    expect(screen.getByTestId('relayToken-state').textContent).toBe('set')
    expect(document.body.innerHTML).not.toContain('n3w-relay-token')
    expect(
      [...document.querySelectorAll('input')].some((i) => i.value.includes('n3w-relay-token')),
    ).toBe(false)
  })

  it('refuses an invalid value with a clear reason and sends nothing', async () => {
    const user = userEvent.setup()
    const desk = createFakeDesk({ settings: settings({ demo: false }) })
    renderDesk(desk)
    await user.keyboard('3')
    await screen.findByTestId('settings-view')
    await user.clear(screen.getByTestId('input-relayUrl'))
    await user.type(screen.getByTestId('input-relayUrl'), 'not a url')
    await user.click(screen.getByTestId('settings-save'))
    expect(screen.getByTestId('settings-error').textContent).toContain('relayUrl')
    expect(desk.settingsUpdates).toEqual([])
  })

  it('leaving demo mode names each missing field at the field and sends nothing', async () => {
    const user = userEvent.setup()
    const desk = createFakeDesk({
      settings: settings({
        demo: true,
        relayUrl: '',
        relayTokenSet: false,
        plivoAuthId: '',
        plivoAuthTokenSet: false,
        supervisorEndpoint: '',
        callerId: '',
      }),
    })
    renderDesk(desk)
    await user.keyboard('3')
    await screen.findByTestId('settings-view')
    await user.click(screen.getByTestId('input-demo'))
    await user.click(screen.getByTestId('settings-save'))
    expect(screen.getByTestId('field-error-relayUrl').textContent).toBe('Enter the relay URL.')
    expect(screen.getByTestId('field-error-relayToken').textContent).toBe('Enter the relay token.')
    expect(screen.getByTestId('field-error-plivoAuthId').textContent).toBe('Enter the auth ID.')
    expect(screen.getByTestId('field-error-plivoAuthToken').textContent).toBe(
      'Enter the auth token.',
    )
    expect(screen.getByTestId('input-relayUrl').getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByTestId('settings-error').textContent).toBe(
      'To leave demo mode, fill in: relay URL, relay token, auth ID, auth token.',
    )
    // The phone is not required, but its absence is said before saving.
    expect(screen.getByTestId('field-warning-supervisorEndpoint').textContent).toContain(
      'cannot ring you',
    )
    expect(desk.settingsUpdates).toEqual([])

    // Filling a field clears its mark at once.
    await user.type(screen.getByTestId('input-relayUrl'), 'https://relay.example.com')
    expect(screen.queryByTestId('field-error-relayUrl')).toBeNull()
    expect(screen.getByTestId('field-error-relayToken')).toBeTruthy()
  })

  it('tests the typed connection without sending secrets left blank, and shows each result', async () => {
    const user = userEvent.setup()
    const desk = createFakeDesk({
      settings: settings({ demo: false, relayTokenSet: true, plivoAuthTokenSet: true }),
    })
    desk.onSettingsTest = async () => ({
      ok: true,
      value: {
        relay: { status: 'unreachable', message: 'Could not reach the relay: connection refused.' },
        plivo: { status: 'unauthorized', message: 'Plivo refused these credentials (401).' },
      },
    })
    renderDesk(desk)
    await user.keyboard('3')
    await screen.findByTestId('settings-view')
    await user.clear(screen.getByTestId('input-relayUrl'))
    await user.type(screen.getByTestId('input-relayUrl'), 'https://relay.example.com')
    await user.click(screen.getByTestId('settings-test'))
    const relay = await screen.findByTestId('test-result-relay')
    expect(relay.dataset.status).toBe('unreachable')
    expect(relay.textContent).toContain('connection refused')
    expect(screen.getByTestId('test-result-plivo').textContent).toContain(
      'Plivo refused these credentials (401).',
    )
    expect(desk.settingsTests).toEqual([
      {
        relayUrl: 'https://relay.example.com',
        plivoAuthId: 'MADEMO0000000000000',
        apiBaseUrl: 'https://api.plivo.com',
      },
    ])
    expect(desk.settingsUpdates).toEqual([])
    // An edit makes the old result stale: it goes.
    await user.type(screen.getByTestId('input-relayToken'), 'x')
    expect(screen.queryByTestId('test-results')).toBeNull()
  })

  it('saved in real mode without a phone, it says Listen, Coach and Barge will not work', async () => {
    const user = userEvent.setup()
    const desk = createFakeDesk({
      settings: settings({ demo: false, relayTokenSet: true, plivoAuthTokenSet: true }),
    })
    renderDesk(desk)
    await user.keyboard('3')
    await screen.findByTestId('settings-view')
    expect(screen.queryByTestId('settings-warning')).toBeNull()
    await user.clear(screen.getByTestId('input-callerId'))
    await user.click(screen.getByTestId('settings-save'))
    await waitFor(() => expect(desk.settingsUpdates).toEqual([{ callerId: '' }]))
    expect((await screen.findByTestId('settings-warning')).textContent).toBe(
      'Listen, Coach and Barge will not work until you set the caller ID.',
    )
  })

  it('sizes the demo: shown in demo mode only, 1 to 2,000, sent as a number', async () => {
    const user = userEvent.setup()
    const desk = createFakeDesk({ settings: settings({ demo: true, demoCalls: 16 }) })
    renderDesk(desk)
    await user.keyboard('3')
    await screen.findByTestId('settings-view')
    const calls = screen.getByTestId('input-demoCalls') as HTMLInputElement
    expect(calls.value).toBe('16')
    await user.clear(calls)
    await user.type(calls, '5000')
    await user.click(screen.getByTestId('settings-save'))
    expect(screen.getByTestId('settings-error').textContent).toContain('demoCalls')
    expect(desk.settingsUpdates).toEqual([])
    await user.clear(calls)
    await user.type(calls, '1000')
    await user.click(screen.getByTestId('settings-save'))
    await waitFor(() => expect(desk.settingsUpdates).toEqual([{ demoCalls: 1000 }]))
    await waitFor(() =>
      expect((screen.getByTestId('input-demoCalls') as HTMLInputElement).value).toBe('1000'),
    )
    await user.click(screen.getByTestId('input-demo'))
    expect(screen.queryByTestId('input-demoCalls')).toBeNull()
  })
})

describe('audit log', () => {
  it('lists who did what on which call, when, with the result and the reason; new entries arrive live', async () => {
    const user = userEvent.setup()
    const desk = createFakeDesk({
      audit: [
        auditEntry({
          id: '1',
          at: 1000,
          who: 'sip:anna@desk',
          command: { type: 'kick', mpcUuid: 'mpc-1', memberId: '42' },
          memberRole: 'agent',
          mpcName: 'Billing dispute',
          result: 'failed',
          error: { code: 'plivo', message: 'Member not found' },
        }),
      ],
    })
    renderDesk(desk)
    await user.keyboard('2')
    const rows = await screen.findAllByTestId('audit-row')
    expect(rows).toHaveLength(1)
    expect(rows[0]?.textContent).toContain('sip:anna@desk')
    expect(rows[0]?.textContent).toContain('Remove Agent 42')
    expect(rows[0]?.textContent).toContain('Billing dispute')
    expect(rows[0]?.textContent).toContain('Failed')
    expect(rows[0]?.textContent).toContain('Member not found')
    desk.push(
      'audit:entry',
      auditEntry({
        id: '2',
        at: 2000,
        command: { type: 'join', mpcUuid: 'mpc-2', mode: 'coach' },
        result: 'pending',
      }),
    )
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(2))
    expect(screen.getAllByTestId('audit-row')[0]?.dataset.result).toBe('pending')
  })
})
