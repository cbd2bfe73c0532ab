/**
 * "Hand to agent…" on a card: offered only where an AI agent is on the call, it opens a small
 * form (endpoint, then what to do with the AI), refuses a malformed endpoint beside the field
 * with main's own reason, and sends the take-over with the endpoint. The card then tells how the
 * hand-off goes, from main's record of it: ringing, done, failed (the AI stays), dismissible.
 */
import '../test/dom'
import { act, fireEvent, waitFor } from '@testing-library/react'
import { expect, it } from 'vitest'
import { channels, type HandOff } from '../../../preload/api'
import { createFakeDesk, type FakeDesk } from '../test/fake-desk'
import { snapshot } from '../test/fixtures'
import { renderBoard } from '../test/render'
import { aiCall, card, humanCall, NOW } from '../test/ai-calls'

const AGENT = 'sip:alice@agents.example'

const handOff = (init: Partial<HandOff>): HandOff => ({
  auditId: 'a-1',
  mpcUuid: 'm-ai',
  endpoint: AGENT,
  aiMemberId: '2',
  then: 'kick',
  status: 'pending',
  callUuid: 'c-9',
  since: NOW,
  ...init,
})

async function show(desk: FakeDesk) {
  await renderBoard(desk, NOW)
}

/**
 * Refuses a malformed command the way main's door does (main/services/desk-services.ts
 * `dispatchInvoke`: a refusal naming the channel and field), where the fake desk would throw.
 */
function refuseAtTheDoor(desk: FakeDesk) {
  const send = desk.api.command
  desk.api = {
    ...desk.api,
    command: async (command) => {
      const parsed = channels.invoke['desk:command'].input.safeParse(command)
      if (parsed.success) return send(command)
      const issue = parsed.error.issues[0]
      const where = issue?.path.join('.') ?? 'payload'
      return {
        ok: false,
        error: { code: 'invalid', message: `desk:command: ${where}: ${issue?.message}` },
      }
    },
  }
}

function pushHandOffs(desk: FakeDesk, handOffs: HandOff[]) {
  act(() =>
    desk.push('desk:patch', { seq: 2, upserts: [], sources: {}, removed: [], handOffs, at: NOW }),
  )
}

it('opens a labelled form that Escape closes, focus back on its button', async () => {
  const desk = createFakeDesk({ snapshot: snapshot([aiCall, humanCall], { at: NOW }) })
  await show(desk)
  expect(card('Human call').queryByTestId('hand-off')).toBeNull()

  const open = card('Bot call').getByRole('button', {
    name: 'Hand Bot call from AI agent 2 to an agent',
  })
  fireEvent.click(open)
  expect(open.getAttribute('aria-expanded')).toBe('true')
  const endpoint = card('Bot call').getByLabelText('Agent endpoint')
  expect(document.activeElement).toBe(endpoint)
  // What to do with the AI defaults to the take-over button's own: remove it.
  expect((card('Bot call').getByLabelText('Remove the AI') as HTMLInputElement).checked).toBe(true)

  fireEvent.keyDown(endpoint, { key: 'Escape' })
  expect(card('Bot call').queryByTestId('hand-off-form')).toBeNull()
  await waitFor(() => expect(document.activeElement).toBe(open))
  expect(desk.commands).toEqual([])
})

it("refuses a malformed endpoint beside the field with main's reason, then sends a good one", async () => {
  const desk = createFakeDesk({ snapshot: snapshot([aiCall], { at: NOW }) })
  refuseAtTheDoor(desk)
  await show(desk)
  fireEvent.click(card('Bot call').getByTestId('hand-off'))
  const endpoint = card('Bot call').getByLabelText('Agent endpoint')

  fireEvent.change(endpoint, { target: { value: 'alice at agents' } })
  fireEvent.submit(card('Bot call').getByTestId('hand-off-form'))
  const error = await card('Bot call').findByRole('alert')
  expect(error.textContent).toBe(
    'Hand-off endpoint must be a SIP URI (sip:user@host) or a phone number.',
  )
  expect(endpoint.getAttribute('aria-invalid')).toBe('true')
  expect(endpoint.getAttribute('aria-describedby')).toBe(error.id)
  // Refused at the door: nothing was dialled, and the form is still open to correct it.
  expect(desk.commands).toEqual([])
  expect(card('Bot call').queryByTestId('command-failure')).toBeNull()

  fireEvent.change(endpoint, { target: { value: ` ${AGENT} ` } })
  fireEvent.click(card('Bot call').getByLabelText('Mute and hold the AI'))
  fireEvent.submit(card('Bot call').getByTestId('hand-off-form'))
  await waitFor(() =>
    expect(desk.commands).toEqual([
      { type: 'take-over', mpcUuid: 'm-ai', aiMemberId: '2', then: 'mute-hold', endpoint: AGENT },
    ]),
  )
  await waitFor(() => expect(card('Bot call').queryByTestId('hand-off-form')).toBeNull())
  await waitFor(() => expect(document.activeElement).toBe(card('Bot call').getByTestId('hand-off')))
})

it('shows the hand-off ringing, then done; a reloaded window shows it from the snapshot', async () => {
  const desk = createFakeDesk({
    snapshot: snapshot([aiCall], { at: NOW, handOffs: [handOff({ status: 'pending' })] }),
  })
  await show(desk)
  const status = card('Bot call').getByTestId('hand-off-status')
  expect(status.textContent).toBe(`Handing to ${AGENT}… ringing`)
  expect(status.getAttribute('role')).toBe('status')
  // One hand-off at a time.
  expect(card('Bot call').getByTestId('hand-off').getAttribute('aria-disabled')).toBe('true')
  fireEvent.click(card('Bot call').getByTestId('hand-off'))
  expect(card('Bot call').queryByTestId('hand-off-form')).toBeNull()

  pushHandOffs(desk, [handOff({ status: 'done', memberId: '9' })])
  await waitFor(() =>
    expect(card('Bot call').getByTestId('hand-off-status').textContent).toContain(
      `${AGENT} took over; AI agent 2 removed`,
    ),
  )

  pushHandOffs(desk, [
    handOff({ status: 'done', then: 'mute-hold', note: 'It ends the call when it leaves.' }),
  ])
  await waitFor(() =>
    expect(card('Bot call').getByTestId('hand-off-status').textContent).toContain(
      'AI agent 2 muted and on hold (It ends the call when it leaves.)',
    ),
  )
})

it('says a failed hand-off as an alert, the AI staying, until dismissed', async () => {
  const error = `${AGENT} did not answer within 45 s. The AI agent stays on the call.`
  const desk = createFakeDesk({
    snapshot: snapshot([aiCall], { at: NOW, handOffs: [handOff({ status: 'failed', error })] }),
  })
  await show(desk)
  const status = card('Bot call').getByTestId('hand-off-status')
  expect(status.getAttribute('role')).toBe('alert')
  expect(status.textContent).toContain(`Hand-off failed: ${error}`)
  // The AI is still there: the supervisor can try again.
  expect(card('Bot call').getByTestId('hand-off').getAttribute('aria-disabled')).toBe('false')

  fireEvent.click(
    card('Bot call').getByRole('button', { name: `Dismiss the hand-off to ${AGENT}` }),
  )
  await waitFor(() => expect(card('Bot call').queryByTestId('hand-off-status')).toBeNull())
  // Another patch carrying the same hand-off does not bring it back; a new one shows.
  pushHandOffs(desk, [handOff({ status: 'failed', error })])
  expect(card('Bot call').queryByTestId('hand-off-status')).toBeNull()
  pushHandOffs(desk, [handOff({ auditId: 'a-2', status: 'pending' })])
  await waitFor(() =>
    expect(card('Bot call').getByTestId('hand-off-status').dataset.status).toBe('pending'),
  )
})
