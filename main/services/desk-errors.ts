/**
 * Maps whatever a command ran into to the contract's `DeskError` (preload/api.ts): a stable
 * code the UI can branch on and a message the supervisor can read, carrying Plivo's own reason
 * verbatim whenever Plivo gave one.
 */
import {
  PlivoAbortedError,
  PlivoApiError,
  PlivoNetworkError,
  PlivoResponseError,
  PlivoTimeoutError,
  PlivoValidationError,
} from '../../mpc/client-errors'
import type { DeskError } from '../../preload/api'

export class DeskCommandError extends Error {
  constructor(readonly error: DeskError) {
    super(error.message)
    this.name = 'DeskCommandError'
  }
}

export function toDeskError(error: unknown): DeskError {
  if (error instanceof DeskCommandError) return error.error
  if (error instanceof PlivoApiError) {
    const reason = error.plivoError?.trim() || `HTTP ${error.status}`
    if (error.status === 429) {
      return {
        code: 'rate-limited',
        message: `Plivo's rate limit was hit, even after retrying: ${reason}`,
        status: 429,
      }
    }
    if (error.status === 401 || error.status === 403) {
      return {
        code: 'unauthorized',
        message: `Plivo refused the credentials: ${reason}`,
        status: error.status,
      }
    }
    if (error.status === 404) {
      return { code: 'not-found', message: reason, status: 404 }
    }
    return { code: 'plivo', message: reason, status: error.status }
  }
  if (error instanceof PlivoTimeoutError) {
    return {
      code: 'timeout',
      message: `Plivo did not answer in time (${error.timeoutMs} ms); the action may or may not have happened — check the call.`,
    }
  }
  if (error instanceof PlivoNetworkError) {
    return { code: 'network', message: `Could not reach Plivo: ${error.message}` }
  }
  if (error instanceof PlivoValidationError) {
    return { code: 'invalid', message: error.message }
  }
  if (error instanceof PlivoResponseError) {
    return { code: 'plivo', message: error.message, status: error.status }
  }
  if (error instanceof PlivoAbortedError) {
    return { code: 'internal', message: `Cancelled: ${error.message}` }
  }
  return {
    code: 'internal',
    message: error instanceof Error ? error.message : String(error),
  }
}
