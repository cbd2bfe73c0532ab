/**
 * Placing calls on the simulator from outside the desk, the way a contact center's own
 * application would: add-participant requests against the Plivo REST API. The desk only ever
 * learns of them through callbacks → relay → services, like in production.
 */
import { randomInt } from 'node:crypto'
import { expect } from '@playwright/test'
import type { Desk } from './desk'
import type { AddParticipantParams, Role } from './plivo-rest'
import type { Stack } from './stack'

export interface Member {
  role: Role
  memberId: string
  callUuid: string
  to: string
}

let counter = 0

/** A destination the simulator answers: a phone number for customers, SIP URIs otherwise. */
export function address(role: Role): string {
  counter += 1
  if (role === 'customer') return `+1555${String(randomInt(1_000_000, 9_999_999))}`
  return `sip:${role}-${counter}-${randomInt(1e6)}@e2e.test`
}

/** A name no other test (or repeat) uses. */
export function callName(label: string): string {
  return `${label}-${randomInt(1e6).toString(36)}`
}

/** Every status event group Plivo offers (plivo-mpc.md §2.2). */
export const ALL_STATUS_EVENTS = [
  'mpc-state-changes',
  'participant-state-changes',
  'participant-speak-events',
  'participant-digit-input-events',
  'add-participant-api-events',
  'participant-audio-events',
].join(',')

/**
 * The callback URLs a contact center's app sets on the calls it creates: the relay's, for
 * every event group. (An MPC created without them sends no callbacks at all, as on Plivo.)
 */
export function callbackParams(stack: Stack): Partial<AddParticipantParams> {
  return {
    status_callback_url: `${stack.relayUrl}/plivo/${stack.authId}/status`,
    status_callback_method: 'POST',
    status_callback_events: ALL_STATUS_EVENTS,
    recording_callback_url: `${stack.relayUrl}/plivo/${stack.authId}/recording`,
    recording_callback_method: 'POST',
  }
}

/**
 * Adds a participant through the REST API and waits until the desk shows it on the call's
 * card; returns its member id as Plivo assigned it.
 */
export async function addMember(
  stack: Stack,
  desk: Desk,
  name: string,
  role: Role,
  extra: Partial<AddParticipantParams> = {},
): Promise<Member> {
  const to = extra.to ?? address(role)
  const reply = await stack.rest.addParticipant(name, {
    role,
    from: '+15550000001',
    to,
    ...callbackParams(stack),
    ...extra,
  })
  const callUuid = reply.calls[0]?.call_uuid
  if (!callUuid)
    throw new Error(`add participant to ${name} returned no call: ${JSON.stringify(reply)}`)
  // The response carries no member id (as on Plivo): it is known once the call answered.
  let memberId = ''
  await expect(async () => {
    const participants = await stack.rest.listParticipants(name)
    const mine = participants.find((p) => p.call_uuid === callUuid && !p.exit_time)
    expect(mine, `${role} ${to} joined ${name}`).toBeDefined()
    memberId = mine?.member_id ?? ''
  }).toPass({ timeout: 10_000 })
  await expect(desk.member(name, memberId)).toBeVisible()
  return { role, memberId, callUuid, to }
}

/** A customer and an agent talking: the usual call a supervisor looks at. */
export async function placeCall(
  stack: Stack,
  desk: Desk,
  name: string,
): Promise<{ customer: Member; agent: Member }> {
  const customer = await addMember(stack, desk, name, 'customer')
  const agent = await addMember(stack, desk, name, 'agent')
  return { customer, agent }
}
