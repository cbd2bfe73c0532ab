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
