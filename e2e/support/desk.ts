/**
 * The desk as a supervisor sees it: locators by accessible name and the renderer's test ids,
 * and the actions a supervisor takes. Every wait here is on something visible.
 */
import { expect, type Locator, type Page } from '@playwright/test'
import type { Stack } from './stack'

/** What the page received, collected by the fixture for the secret checks. */
export interface WireTexts {
  settled(): Promise<string[]>
}

export type Mode = 'listen' | 'coach' | 'barge'
export type MemberAction = 'mute' | 'unmute' | 'hold' | 'unhold' | 'kick'
export type RecordingAction = 'start' | 'stop' | 'pause' | 'resume'
export type Mark = 'muted' | 'hold' | 'speaking' | 'coach'

export class Desk {
  constructor(
    readonly page: Page,
    readonly stack: Stack,
    readonly wire: WireTexts,
  ) {}

  /** The board has loaded its first snapshot. */
  async ready(): Promise<void> {
    await expect(this.page.getByTestId('board')).toHaveAttribute('data-ready', 'true', {
      timeout: 20_000,
    })
  }

  /** A call's card on the board, by its friendly name. */
  card(name: string): Locator {
    return this.page.getByRole('article', { name: `Call ${name}`, exact: true })
  }

  cards(): Locator {
    return this.page.getByTestId('call-card')
  }

  /** One participant on a call's card: the chip and its marks. */
  member(name: string, memberId: string): Locator {
    return this.card(name)
      .locator('li')
      .filter({ has: this.page.locator(`[data-testid="participant"][data-member="${memberId}"]`) })
  }

  membersOfRole(name: string, role: string): Locator {
    return this.card(name).locator(`[data-testid="participant"][data-role="${role}"]`)
  }

  mark(name: string, memberId: string, mark: Mark): Locator {
    return this.member(name, memberId).getByTestId(`mark-${mark}`)
  }

  /** The desk's own presence on a call (ringing / joined with a mode / failed). */
  presence(name: string): Locator {
    return this.card(name).getByTestId('my-presence')
  }

  async join(name: string, mode: Mode): Promise<void> {
    await this.card(name).getByTestId(`join-${mode}`).click()
  }

  /** Clicks a mode and waits until the desk shows it is on the call in that mode. */
  async joinAndWait(name: string, mode: Mode): Promise<void> {
    await this.join(name, mode)
    await expect(this.presence(name)).toHaveAttribute('data-mode', mode)
    await expect(this.presence(name)).toHaveAttribute('data-status', 'joined')
  }

  async leave(name: string): Promise<void> {
    await this.card(name).getByTestId('leave').click()
  }

  failure(name: string): Locator {
    return this.card(name).getByTestId('command-failure')
  }

  // --- Detail view --------------------------------------------------------------------------

  detail(): Locator {
    return this.page.getByTestId('detail-panel')
  }

  /** Opens a call's details from its card (its name is the button). */
  async openDetail(name: string): Promise<Locator> {
    const detail = this.detail()
    if (!(await detail.getByTestId('detail-name').filter({ hasText: name }).isVisible())) {
      await this.card(name).getByTestId('call-name').click()
    }
    await expect(detail.getByTestId('detail-name')).toHaveText(name)
    return detail
  }

  async closeDetail(): Promise<void> {
    await this.detail().getByTestId('detail-close').click()
    await expect(this.detail()).toBeHidden()
  }

  /** A participant's row in the open detail view. */
  row(memberId: string): Locator {
    return this.detail().locator(`[data-testid="participant-row"][data-member="${memberId}"]`)
  }

  /** Mute / unmute / hold / unhold / kick a participant from the detail view. */
  async memberAction(name: string, memberId: string, action: MemberAction): Promise<void> {
    await this.openDetail(name)
    await this.row(memberId).getByTestId(action).click()
    if (action === 'kick') await this.confirm('Remove')
  }

  async recording(name: string, action: RecordingAction): Promise<void> {
    await this.openDetail(name)
    await this.detail().getByTestId(`recording-${action}`).click()
  }

  recordingState(name: string): Locator {
    return this.card(name).getByTestId('recording-state')
  }

  async endCall(name: string): Promise<void> {
    await this.openDetail(name)
    await this.detail().getByTestId('end-call').click()
    await this.confirm('End call')
  }

  /** Accepts the open confirmation dialog, checking what it offers. */
  async confirm(label: string): Promise<void> {
    const dialog = this.page.getByRole('alertdialog')
    await expect(dialog).toBeVisible()
    await expect(dialog.getByTestId('confirm-accept')).toHaveText(label)
    await dialog.getByTestId('confirm-accept').click()
    await expect(dialog).toBeHidden()
  }

  /** Timeline lines of the open detail view, optionally of one event kind. */
  timeline(eventName?: string): Locator {
    const entries = this.detail().getByTestId('timeline-entry')
    return eventName ? entries.and(this.page.locator(`[data-event="${eventName}"]`)) : entries
  }

  // --- App ----------------------------------------------------------------------------------

  connection(): Locator {
    return this.page.getByTestId('connection-banner')
  }

  async expectLive(): Promise<void> {
    await expect(this.connection()).toHaveAttribute('data-status', 'live', { timeout: 20_000 })
  }

  alerts(name: string, kind?: string): Locator {
    const alerts = this.card(name).getByTestId('alert')
    return kind ? alerts.and(this.page.locator(`[data-kind="${kind}"]`)) : alerts
  }

  // --- Views and settings -------------------------------------------------------------------

  async view(name: 'board' | 'audit' | 'settings'): Promise<void> {
    await this.page.getByTestId(`nav-${name}`).click()
    await expect(
      this.page.getByTestId(`${name === 'board' ? 'board' : `${name}-view`}`),
    ).toBeVisible()
  }

  settingsInput(key: string): Locator {
    return this.page.getByTestId(`input-${key}`)
  }

  /** Saves the settings form and waits for the desk to confirm it. */
  async saveSettings(): Promise<void> {
    const saved = this.page.getByTestId('toast').filter({ hasText: 'Settings saved.' })
    // An earlier save's toast would answer for this one: clear them first.
    while ((await saved.count()) > 0) {
      await saved.first().getByRole('button', { name: 'Dismiss' }).click()
    }
    await expect(saved).toHaveCount(0)
    await this.page.getByTestId('settings-save').click()
    await expect(saved).toHaveCount(1)
    await expect(this.page.getByTestId('settings-error')).toBeHidden()
  }

  /**
   * Points a desk that starts in demo mode (the Electron app, whose secrets live in its own
   * safeStorage) at this test's stack, through the settings screen as a user would.
   */
  async connectThroughSettings(): Promise<void> {
    const { settings, secrets } = this.stack
    await this.view('settings')
    const demo = this.settingsInput('demo')
    if (await demo.isChecked()) await demo.uncheck()
    await this.settingsInput('relayUrl').fill(settings.relayUrl)
    await this.settingsInput('relayToken').fill(secrets.relayToken)
    await this.settingsInput('plivoAuthId').fill(settings.plivoAuthId)
    await this.settingsInput('plivoAuthToken').fill(secrets.plivoAuthToken)
    await this.settingsInput('apiBaseUrl').fill(settings.apiBaseUrl)
    await this.settingsInput('supervisorEndpoint').fill(settings.supervisorEndpoint)
    await this.settingsInput('callerId').fill(settings.callerId)
    if (settings.thresholds) {
      for (const [key, value] of Object.entries(settings.thresholds)) {
        await this.settingsInput(key).fill(String(value))
      }
    }
    await this.saveSettings()
    await this.view('board')
    await this.expectLive()
    await expect(this.page.getByTestId('demo-marker')).toBeHidden()
  }
}
