/**
 * Keyboard-only use: a supervisor who never touches the mouse can find a call, join it in each
 * mode, act on its participants and its recording, remove someone and end it — and the help
 * overlay lists every shortcut.
 */
import { addMember, callName, placeCall } from './support/calls'
import { expect, test } from './support/fixtures'

test('every action of a supervisor’s day works from the keyboard', async ({ stack, desk }) => {
  const name = callName('keys')
  const { customer, agent } = await placeCall(stack, desk, name)
  const extra = await addMember(stack, desk, name, 'agent')
  const { page } = desk
  const key = (k: string) => page.keyboard.press(k)
  const chip = (memberId: string) =>
    desk.card(name).locator(`[data-testid="participant"][data-member="${memberId}"]`)

  // The help overlay lists the shortcuts; Esc closes it.
  await key('?')
  const help = page.getByTestId('help-overlay')
  await expect(help).toBeVisible()
  await expect(help.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeVisible()
  for (const label of [
    'Listen (or switch to listen)',
    'Mute / unmute the participant',
    'End the call (asks first)',
  ]) {
    await expect(help).toContainText(label)
  }
  await key('Escape')
  await expect(help).toBeHidden()

  // Highlight the call.
  await key('j')
  await expect(desk.card(name)).toHaveAttribute('aria-current', 'true')

  // Join in each mode, then leave.
  await key('l')
  await expect(desk.presence(name)).toHaveAttribute('data-mode', 'listen')
  await expect(desk.presence(name)).toHaveAttribute('data-status', 'joined')
  // Each switch is waited out on the supervisor's own chip, which shows what Plivo reported
  // (the presence mark shows the mode asked for at once). Leaving mid-switch is its own
  // scenario in supervise.spec.ts.
  const myMark = desk
    .card(name)
    .locator('li')
    .filter({ has: page.locator('[data-testid="participant"][data-role="supervisor"]') })
    .getByTestId('mark-coach')
  await key('c')
  await expect(desk.presence(name)).toHaveAttribute('data-mode', 'coach')
  await expect(myMark).toHaveAttribute('data-mode', 'coach')
  await key('b')
  await expect(desk.presence(name)).toHaveAttribute('data-mode', 'barge')
  await expect(myMark).toHaveAttribute('data-mode', 'barge')
  await key('q')
  await expect(desk.presence(name)).toBeHidden()
  await expect(desk.membersOfRole(name, 'supervisor')).toHaveCount(0)

  // Select participants with ] and [, then mute and hold them.
  await key(']')
  await expect(chip(customer.memberId)).toHaveAttribute('aria-pressed', 'true')
  await key('h')
  await expect(desk.mark(name, customer.memberId, 'hold')).toBeVisible()
  await key('h')
  await expect(desk.mark(name, customer.memberId, 'hold')).toBeHidden()
  await key(']')
  await expect(chip(agent.memberId)).toHaveAttribute('aria-pressed', 'true')
  await expect(chip(customer.memberId)).toHaveAttribute('aria-pressed', 'false')
  await key('m')
  await expect(desk.mark(name, agent.memberId, 'muted')).toBeVisible()
  await key('m')
  await expect(desk.mark(name, agent.memberId, 'muted')).toBeHidden()

  // Recording: r starts and stops, p pauses and resumes.
  await key('r')
  await expect(desk.recordingState(name)).toHaveText('Recording')
  await key('p')
  await expect(desk.recordingState(name)).toHaveText('Recording paused')
  await key('p')
  await expect(desk.recordingState(name)).toHaveText('Recording')
  await key('r')
  await expect(desk.recordingState(name)).toHaveText('Not recording')

  // Details open with Enter and close with Esc.
  await key('Enter')
  await expect(desk.detail().getByTestId('detail-name')).toHaveText(name)
  await key('Escape')
  await expect(desk.detail()).toBeHidden()

  // Remove a participant: x asks first; the dialog is keyboard-operable too.
  await key(']')
  await expect(chip(extra.memberId)).toHaveAttribute('aria-pressed', 'true')
  await key('x')
  const dialog = page.getByRole('alertdialog')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('confirm-cancel')).toBeFocused()
  await key('Escape')
  await expect(dialog).toBeHidden()
  await expect(desk.member(name, extra.memberId)).toBeVisible()
  await key('x')
  await expect(dialog.getByTestId('confirm-cancel')).toBeFocused()
  await key('Tab')
  await expect(dialog.getByTestId('confirm-accept')).toBeFocused()
  await key('Enter')
  await expect(desk.member(name, extra.memberId)).toBeHidden()

  // Search: / focuses the box, Esc leaves it, and shortcuts do nothing while typing.
  await key('/')
  await expect(page.getByTestId('search')).toBeFocused()
  await page.keyboard.type('no-such-call')
  await expect(desk.cards()).toHaveCount(0)
  await expect(desk.presence(name)).toBeHidden()
  await page.getByTestId('search').fill('')
  await key('Escape')
  await expect(page.getByTestId('search')).not.toBeFocused()
  await expect(desk.card(name)).toBeVisible()

  // Views: 2 audit log (it lists what the keys did), 3 settings, 1 back to the board.
  await key('2')
  await expect(page.getByTestId('audit-view')).toBeVisible()
  await expect(page.getByTestId('audit-row').first()).toBeVisible()
  await key('3')
  await expect(page.getByTestId('settings-view')).toBeVisible()
  await key('1')
  await expect(page.getByTestId('board')).toBeVisible()

  // End the call: e asks first.
  await key('j')
  await expect(desk.card(name)).toHaveAttribute('aria-current', 'true')
  await key('e')
  await expect(dialog).toBeVisible()
  await key('Tab')
  await key('Enter')
  await expect(desk.card(name).getByTestId('call-status')).toHaveText('Ended')
})
