/**
 * What a supervisor reads when a command fails: the call named by its label, never by Plivo's
 * uuid, and no request paths.
 */
import { expect, it } from 'vitest'
import { PlivoApiError, PlivoNetworkError } from '../../mpc/client-errors'
import { callLabel, humanize, toDeskError } from './desk-errors'

const UUID = '8c3e2a49-37d1-4820-9cb4-69e0f5e8f052'
const path = `/v1/Account/MA123/MultiPartyCall/uuid_${UUID}/Participant/`

it('names the call by its label where Plivo names it by uuid', () => {
  const error = new PlivoApiError({
    status: 404,
    plivoError: `multi party call uuid_${UUID} not found`,
    apiId: 'x',
    target: { method: 'POST', path },
    attempts: 1,
  })
  expect(toDeskError(error, { mpcUuid: UUID, name: 'support-7' }).message).toBe(
    'multi party call “support-7” not found',
  )
  // A call without a name goes by the board's short label.
  expect(callLabel({ mpcUuid: UUID })).toBe('Call 8c3e2a49')
  // Some other call's id, or no call given: words, not ids.
  expect(humanize(`call uuid_${UUID} and ${UUID.toUpperCase()} gone`)).toBe(
    'call this call and a call gone',
  )
})

it('leaves the request line out of a network failure', () => {
  const error = new PlivoNetworkError({
    target: { method: 'POST', path },
    attempts: 3,
    systemCode: 'ECONNREFUSED',
    detail: 'connect ECONNREFUSED 127.0.0.1:9',
    mayHaveReachedPlivo: false,
  })
  const message = toDeskError(error, { mpcUuid: UUID, name: 'support-7' }).message
  expect(message).toBe('Could not reach Plivo: connect ECONNREFUSED 127.0.0.1:9 (after 3 attempts)')
})
