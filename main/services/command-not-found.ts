/**
 * What a "not found" (404) from Plivo on a command means for the supervisor (commands.ts), once
 * the call itself has been read by uuid (reconcile.ts `verify`): Plivo's 404 text cannot tell a
 * call that is gone from a member that left, so the read decides which message they get.
 */
import type { PlivoApiError } from '../../mpc/client-errors'
import type { DeskError } from '../../preload/api'
import { GONE_MESSAGE, toDeskError, type CallRef } from './desk-errors'
import type { ReadOutcome } from './reconcile'

export function notFoundError(
  outcome: ReadOutcome,
  error: PlivoApiError,
  call: CallRef,
): DeskError {
  switch (outcome) {
    case 'gone':
      return { code: 'not-found', message: GONE_MESSAGE, status: 404 }
    case 'ended':
      return { code: 'not-found', message: 'That call has ended.', status: 404 }
    case 'live':
      // The call is there: the 404 was about a member (or a recording); Plivo's reason says which.
      return toDeskError(error, call)
    case 'unknown':
      return {
        code: 'not-found',
        message:
          'Plivo’s API does not know this call, yet the desk has it: check the API base URL ' +
          'and auth ID in Settings.',
        status: 404,
      }
  }
}
