/**
 * "The board shows the simulator's truth": for every live call the simulator has, the board
 * shows exactly one card with exactly its live participants, their roles and their mute /
 * hold marks — and no card for a call the simulator no longer has live.
 */
import { expect } from '@playwright/test'
import type { Desk } from './desk'
import type { PlivoParticipant } from './plivo-rest'
import type { Stack } from './stack'

export async function expectBoardMatchesSimulator(desk: Desk, stack: Stack): Promise<void> {
  const mpcs = await stack.rest.listLiveMpcs()
  const live = desk.page.locator('[data-testid="call-card"]:not([data-status="ended"])')
  await expect(live).toHaveCount(mpcs.length)
  for (const mpc of mpcs) {
    const card = desk.card(mpc.friendly_name)
    await expect(card).toHaveCount(1)
    await expect(card).toHaveAttribute('data-mpc', mpc.mpc_uuid)
    const participants = (await stack.rest.listParticipants(mpc.friendly_name)).filter(
      (p) => !p.exit_time,
    )
    await expect(card.getByTestId('participant')).toHaveCount(participants.length)
    for (const p of participants) await expectMemberLike(desk, mpc.friendly_name, p)
  }
}

async function expectMemberLike(desk: Desk, name: string, p: PlivoParticipant): Promise<void> {
  const member = desk.member(name, p.member_id)
  await expect(member).toHaveCount(1)
  await expect(member.getByTestId('participant')).toHaveAttribute('data-role', p.role)
  // A held member is muted too (Plivo: hold = muted + music); the card shows hold for it.
  if (p.hold) await expect(member.getByTestId('mark-hold')).toBeVisible()
  else await expect(member.getByTestId('mark-hold')).toBeHidden()
  if (p.role === 'supervisor') {
    const mode = !p.coach_mode ? 'barge' : p.mute ? 'listen' : 'coach'
    await expect(member.getByTestId('mark-coach')).toHaveAttribute('data-mode', mode)
  } else if (!p.hold) {
    if (p.mute) await expect(member.getByTestId('mark-muted')).toBeVisible()
    else await expect(member.getByTestId('mark-muted')).toBeHidden()
  }
}
