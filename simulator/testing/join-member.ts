/**
 * Test support: dials a member of `role` into MPC `mpc` over the raw API and waits until the
 * simulator has them on the call; resolves to their participant record.
 */
import { expect } from 'vitest'
import { waitFor } from '../../mpc/testing/wait-for'
import type { Simulator } from '../index'
import type { rawApi } from './raw-api'

export async function joinMember(
  s: Simulator,
  call: ReturnType<typeof rawApi>,
  mpc: string,
  role: string,
  extra: Record<string, unknown> = {},
) {
  const reply = await call('POST', `name_${mpc}/Participant/`, {
    role,
    from: '+14155550100',
    to: `sip:${role}-${Math.random().toString(36).slice(2, 8)}@x.example.com`,
    ...extra,
  })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  const callUuid = (reply.body?.calls as { call_uuid: string }[])[0]?.call_uuid
  return waitFor(`${role} to join ${mpc}`, () =>
    Object.values(s.truth().participants)
      .flat()
      .find((p) => p.call_uuid === callUuid && p.exit_time === null),
  )
}
