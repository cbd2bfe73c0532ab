import '../test/dom'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { TimelineEntry } from '../../../preload/domain'
import { mpc, participant, snapshot } from '../test/fixtures'
import { createFakeDesk } from '../test/fake-desk'
import { renderBoard } from '../test/render'

const NOW = 100_000
const T0 = NOW - 60_000

/** A call the way the simulator reports speech with participant-audio-events subscribed. */
function talkingCall() {
  const at = (s: number) => T0 + s * 1000
  const timeline: TimelineEntry[] = [
    { at: at(0), name: 'MPCInitialized' },
    { at: at(0), name: 'ParticipantJoin', memberId: '1000', role: 'customer' },
    { at: at(1), name: 'ParticipantJoin', memberId: '1082', role: 'ai-agent' },
    { at: at(2), name: 'ParticipantSpeakStart', memberId: '1082', role: 'ai-agent' },
    { at: at(2), name: 'ParticipantAudioStart', memberId: '1082', role: 'ai-agent' },
    { at: at(5), name: 'ParticipantSpeakStop', memberId: '1082', role: 'ai-agent' },
    { at: at(5), name: 'ParticipantAudioStop', memberId: '1082', role: 'ai-agent' },
    { at: at(6), name: 'ParticipantDigitInput', memberId: '1000', role: 'customer', detail: '1' },
  ]
  return mpc('mpc-talk', {
    name: 'Talking call',
    createdAt: T0,
    participants: [
      participant('1000', { role: 'customer', joinedAt: at(0) }),
      participant('1082', { role: 'ai-agent', joinedAt: at(1) }),
    ],
    timeline,
  })
}

async function openTimeline() {
  const user = userEvent.setup()
  await renderBoard(createFakeDesk({ snapshot: snapshot([talkingCall()], { at: NOW }) }), NOW)
  await user.click(
    within(screen.getByRole('article', { name: 'Call Talking call' })).getByTestId('call-name'),
  )
  const timeline = screen.getByRole('region', { name: 'Event timeline' })
  const lines = (event?: string) =>
    within(timeline)
      .queryAllByTestId('timeline-entry')
      .filter((li) => event === undefined || li.dataset.event === event)
  return { user, timeline, lines }
}

describe('the event timeline', () => {
  it('words participant audio events as Plivo means them: audio from the participant', async () => {
    const { lines } = await openTimeline()
    const [start] = lines('ParticipantAudioStart')
    const [stop] = lines('ParticipantAudioStop')
    expect(start?.textContent).toContain('Audio from AI agent 1082 started')
    expect(stop?.textContent).toContain('Audio from AI agent 1082 stopped')
    // Nothing is "played to" a participant: that is the Play API, which sends no such event.
    expect(start?.textContent).not.toContain('playing to')
  })

  it('"Hide speaking events" hides speech and the audio events that go with it', async () => {
    const { user, timeline, lines } = await openTimeline()
    expect(lines()).toHaveLength(8)
    await user.click(within(timeline).getByRole('checkbox', { name: /Hide speaking events/ }))
    expect(lines().map((li) => li.dataset.event)).toEqual([
      'ParticipantDigitInput',
      'ParticipantJoin',
      'ParticipantJoin',
      'MPCInitialized',
    ])
    await user.click(within(timeline).getByRole('checkbox', { name: /Hide speaking events/ }))
    expect(lines()).toHaveLength(8)
  })
})
