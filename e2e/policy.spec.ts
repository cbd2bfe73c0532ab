/**
 * A managed policy over the real chain (policy file → reader → settings → web host → page): the
 * organisation's values are what the desk runs on, Settings shows them read-only, a bad value is
 * named in the window and the rest still applies, and demo mode stays off.
 */
import { CALLER_ID } from './support/stack'
import { expect, expectNotInPage, test } from './support/fixtures'

const LEAKED = 'policy-relay-token-never-read'

test.use({
  stackOptions: {
    policy: {
      callerId: CALLER_ID,
      thresholds: { longHoldSec: 90, longSilenceSec: 2 },
      demoAllowed: false,
      relayToken: LEAKED,
    },
  },
})

test('pinned settings are read-only, set by your organisation, and in force', async ({ desk }) => {
  const notice = desk.page.getByTestId('policy-notice')
  await expect(notice).toContainText('"thresholds.longSilenceSec" ignored')
  await expect(notice).toContainText('"relayToken" ignored: secrets are never read from a policy')
  // The valid rest applies: the board's alerts already use the pinned hold threshold.
  await expect(desk.page.getByTestId('thresholds')).toContainText('hold 90 s')

  await desk.view('settings')
  await expect(desk.settingsInput('callerId')).toHaveAttribute('readonly', '')
  await expect(desk.page.getByTestId('pinned-callerId')).toHaveText('Set by your organisation')
  await expect(desk.settingsInput('longHoldSec')).toHaveValue('90')
  await expect(desk.settingsInput('longHoldSec')).toHaveAttribute('readonly', '')
  await expect(desk.settingsInput('longSilenceSec')).not.toHaveAttribute('readonly', '')
  await expect(desk.settingsInput('demo')).toBeDisabled()
  await expect(desk.settingsInput('demo')).not.toBeChecked()

  // What is not pinned still saves.
  await desk.settingsInput('supervisorEndpoint').fill('sip:desk-two@e2e.test')
  await desk.saveSettings()
  await expect(desk.settingsInput('supervisorEndpoint')).toHaveValue('sip:desk-two@e2e.test')
  await expect(desk.settingsInput('callerId')).toHaveValue(CALLER_ID)
  await expectNotInPage(desk.page, desk.wire, { leaked: LEAKED })
})
