/** Two calls at one instant, for the AI-agent controls' tests: one with an AI agent, one without. */
import { within, screen } from '@testing-library/react'
import { mpc, participant } from './fixtures'

export const NOW = 1_000_000

export const aiCall = mpc('m-ai', {
  name: 'Bot call',
  createdAt: NOW - 60_000,
  participants: [
    participant('1', { role: 'customer', joinedAt: NOW - 60_000 }),
    participant('2', { role: 'ai-agent', joinedAt: NOW - 59_000 }),
  ],
})

export const humanCall = mpc('m-human', {
  name: 'Human call',
  createdAt: NOW - 60_000,
  participants: [
    participant('3', { role: 'customer', joinedAt: NOW - 60_000 }),
    participant('4', { role: 'agent', joinedAt: NOW - 59_000 }),
  ],
})

/** The card of the call named `name`, to query inside. */
export const card = (name: string) => within(screen.getByRole('article', { name: `Call ${name}` }))
