/**
 * The checks a command passes before anything is sent to Plivo (commands.ts): the call is on
 * the desk and live, the member is on it, the account is configured. Each failure is a
 * `DeskCommandError` the supervisor can read, so a click on a stale card explains itself
 * instead of surfacing Plivo's wording for a request that should never have been made.
 */
import type { ControlClient } from '../../mpc/client'
import type { MpcState, ParticipantState } from '../../mpc/state'
import { DeskCommandError } from './desk-errors'
import type { LiveStore } from './live-store'

function notFound(message: string): DeskCommandError {
  return new DeskCommandError({ code: 'not-found', message })
}

export function requireLiveMpc(store: LiveStore, mpcUuid: string): MpcState {
  const mpc = store.get(mpcUuid)
  if (!mpc) throw notFound('That call is not on the desk (it may have ended).')
  if (mpc.status === 'ended') throw notFound('That call has ended.')
  return mpc
}

export function requireMember(mpc: MpcState, memberId: string): ParticipantState {
  const member = mpc.participants[memberId]
  if (!member) throw notFound(`Member ${memberId} is not on this call.`)
  if (member.leftAt !== undefined) throw notFound(`Member ${memberId} has left the call.`)
  return member
}

export function requireClient(client: ControlClient | undefined): ControlClient {
  if (!client) {
    throw new DeskCommandError({
      code: 'not-configured',
      message: 'Set the Plivo auth ID and auth token in Settings first.',
    })
  }
  return client
}
