/**
 * Settings changed in the UI take effect on the running desk, and no secret ever reaches the
 * page: not in the form, not in what the host sends, not in the DOM.
 */
import { callName, placeCall } from './support/calls'
import { expect, expectNotInPage, test } from './support/fixtures'

test('secrets are write-only: the form knows only whether they are set', async ({
  stack,
  desk,
}) => {
  await desk.view('settings')
  await expect(desk.page.getByTestId('relayToken-state')).toHaveText('set')
  await expect(desk.page.getByTestId('plivoAuthToken-state')).toHaveText('set')
  await expect(desk.settingsInput('relayToken')).toHaveValue('')
  await expect(desk.settingsInput('plivoAuthToken')).toHaveValue('')
  await expect(desk.settingsInput('plivoAuthId')).toHaveValue(stack.authId)
  await expect(desk.settingsInput('relayUrl')).toHaveValue(stack.relayUrl)
  await expect(desk.page.getByTestId('secret-storage')).toContainText(
    'are kept in memory for this session only',
  )
  await expectNotInPage(desk.page, desk.wire, { ...stack.secrets })
})

test('a new alert threshold and supervisor endpoint take effect at once', async ({
  stack,
  desk,
}) => {
  const name = callName('settings')
  const { customer } = await placeCall(stack, desk, name)

  await desk.view('settings')
  await desk.settingsInput('longHoldSec').fill('5')
  await desk.settingsInput('supervisorEndpoint').fill('sip:desk-two@e2e.test')
  await desk.saveSettings()
  await expect(desk.settingsInput('longHoldSec')).toHaveValue('5')

  await desk.view('board')
  await expect(desk.page.getByTestId('thresholds')).toContainText('hold 5 s')
  await stack.rest.updateParticipant(name, customer.memberId, { hold: true })
  await expect(desk.alerts(name, 'long-hold')).toHaveCount(1, { timeout: 15_000 })

  // The desk now rings the new endpoint.
  await desk.joinAndWait(name, 'listen')
  const supervisors = (await stack.rest.listParticipants(name)).filter(
    (p) => p.role === 'supervisor' && !p.exit_time,
  )
  expect(supervisors.map((p) => p.member_address)).toEqual(['sip:desk-two@e2e.test'])
})

test('a wrong relay token disconnects, the right one reconnects, and neither shows', async ({
  stack,
  desk,
}) => {
  const name = callName('token')
  await placeCall(stack, desk, name)
  const wrong = `wrong-${stack.secrets.relayToken.slice(6)}-typed`

  await desk.view('settings')
  await desk.settingsInput('relayToken').fill(wrong)
  await desk.saveSettings()
  await expect(desk.settingsInput('relayToken')).toHaveValue('')
  await expect(desk.page.getByTestId('relayToken-state')).toHaveText('set')
  await expect(desk.connection()).not.toHaveAttribute('data-status', 'live')

  await desk.settingsInput('relayToken').fill(stack.secrets.relayToken)
  await desk.saveSettings()
  await expect(desk.settingsInput('relayToken')).toHaveValue('')
  await desk.view('board')
  await desk.expectLive()
  await expect(desk.card(name).getByTestId('participant')).toHaveCount(2)

  await expectNotInPage(desk.page, desk.wire, { wrong, ...stack.secrets })
})

test('an invalid setting is refused with the reason and changes nothing', async ({
  stack,
  desk,
}) => {
  await desk.view('settings')
  await desk.settingsInput('supervisorEndpoint').fill('not a phone')
  await desk.page.getByTestId('settings-save').click()
  await expect(desk.page.getByTestId('settings-error')).toContainText('Supervisor endpoint')
  await desk.page.reload()
  await desk.ready()
  await desk.view('settings')
  await expect(desk.settingsInput('supervisorEndpoint')).toHaveValue(
    stack.settings.supervisorEndpoint,
  )
})

test.describe('leaving demo mode', () => {
  // A new user's desk: nothing saved, in demo mode. (The Electron project's app connects itself
  // through Settings before each test, so it never meets this state.)
  test.skip(({ deskHost }) => deskHost === 'electron', 'the browser host starts the fresh demo')
  test.use({ stackOptions: { demo: { traffic: false } } })

  test('shows your own empty settings, names each missing field, tests and checks the account before switching', async ({
    stack,
    desk,
  }) => {
    const { page } = desk
    await expect(page.getByTestId('demo-marker')).toBeVisible()
    await desk.view('settings')
    await desk.settingsInput('demo').uncheck()
    // Nothing of the demo's own relay, account or tokens: the user never set any.
    for (const key of ['relayUrl', 'plivoAuthId', 'supervisorEndpoint', 'callerId']) {
      await expect(desk.settingsInput(key)).toHaveValue('')
    }
    await expect(page.getByTestId('relayToken-state')).toHaveText('not set')
    await expect(page.getByTestId('plivoAuthToken-state')).toHaveText('not set')

    await page.getByTestId('settings-save').click()
    await expect(page.getByTestId('field-error-relayUrl')).toHaveText('Enter the relay URL.')
    await expect(page.getByTestId('field-error-relayToken')).toHaveText('Enter the relay token.')
    await expect(page.getByTestId('field-error-plivoAuthId')).toHaveText('Enter the auth ID.')
    await expect(page.getByTestId('field-error-plivoAuthToken')).toHaveText('Enter the auth token.')
    await expect(desk.settingsInput('relayUrl')).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByTestId('settings-error')).toContainText('relay URL')

    await desk.settingsInput('relayUrl').fill(stack.settings.relayUrl)
    await desk.settingsInput('relayToken').fill(stack.secrets.relayToken)
    await desk.settingsInput('plivoAuthId').fill(stack.settings.plivoAuthId)
    await desk.settingsInput('plivoAuthToken').fill(`${stack.secrets.plivoAuthToken}-typo`)
    await desk.settingsInput('apiBaseUrl').fill(stack.settings.apiBaseUrl)
    await expect(page.getByTestId('field-error-relayUrl')).toBeHidden()

    // Test connection, with the typed, unsaved values.
    await page.getByTestId('settings-test').click()
    await expect(page.getByTestId('test-result-relay')).toHaveAttribute('data-status', 'ok')
    await expect(page.getByTestId('test-result-plivo')).toHaveAttribute(
      'data-status',
      'unauthorized',
    )
    await expect(page.getByTestId('test-result-plivo')).toContainText(
      'Plivo refused these credentials (401)',
    )

    // Saving the bad credentials is refused at once, and the demo keeps running.
    await page.getByTestId('settings-save').click()
    await expect(page.getByTestId('settings-error')).toContainText(
      'Plivo refused these credentials (401)',
    )
    await expect(page.getByTestId('demo-marker')).toBeVisible()

    // Right credentials, no phone yet: saved, with a warning that stays on the form.
    await desk.settingsInput('plivoAuthToken').fill(stack.secrets.plivoAuthToken)
    await desk.saveSettings()
    await expect(page.getByTestId('settings-warning')).toContainText(
      'Listen, Coach and Barge will not work until you set the supervisor endpoint and caller ID',
    )
    await expect(page.getByTestId('demo-marker')).toBeHidden()
    await desk.view('board')
    await desk.expectLive()
  })
})

test('back in demo and out again, the form shows the saved real settings, not the demo’s', async ({
  stack,
  desk,
}) => {
  const { page } = desk
  await desk.view('settings')
  await desk.settingsInput('demo').check()
  await desk.saveSettings()
  await expect(page.getByTestId('demo-marker')).toBeVisible()
  await expect(desk.settingsInput('demo')).toBeChecked()
  await desk.settingsInput('demo').uncheck()
  await expect(desk.settingsInput('relayUrl')).toHaveValue(stack.settings.relayUrl)
  await expect(desk.settingsInput('plivoAuthId')).toHaveValue(stack.settings.plivoAuthId)
  await expect(desk.settingsInput('apiBaseUrl')).toHaveValue(stack.settings.apiBaseUrl)
  await expect(desk.settingsInput('supervisorEndpoint')).toHaveValue(
    stack.settings.supervisorEndpoint,
  )
  await expect(page.getByTestId('relayToken-state')).toHaveText('set')

  // A wrong relay token typed but not saved: the test names it; the stored one is still good.
  await desk.settingsInput('relayToken').fill('not-the-relay-token')
  await page.getByTestId('settings-test').click()
  await expect(page.getByTestId('test-result-relay')).toHaveAttribute('data-status', 'unauthorized')
  await expect(page.getByTestId('test-result-plivo')).toHaveAttribute('data-status', 'ok')
  await desk.settingsInput('relayToken').fill('')
  await page.getByTestId('settings-test').click()
  await expect(page.getByTestId('test-result-relay')).toHaveAttribute('data-status', 'ok')

  await desk.saveSettings()
  await expect(page.getByTestId('demo-marker')).toBeHidden()
  await desk.view('board')
  await desk.expectLive()
})
