/**
 * Maps whatever a command ran into to the contract's `DeskError` (preload/api.ts): a stable
 * code the UI can branch on and a message the supervisor can read, carrying Plivo's own reason
 * whenever Plivo gave one.
 *
 * A supervisor knows calls by their names, not by Plivo's identifiers: wherever Plivo's text
 * (or our client's) names the call by its uuid (`uuid_…` in a path, or the bare uuid), the
 * message names it by the label the board shows, and request paths are left out.
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

/** The call a message is about, to name it as the board does. */
export interface CallRef {
  mpcUuid: string
  name?: string | undefined
}

/** The board's label of a call (renderer/src/lib/format.ts `mpcLabel`, same rule). */
export function callLabel(call: CallRef): string {
  return call.name && call.name.trim() !== '' ? call.name : `Call ${call.mpcUuid.slice(0, 8)}`
}

/** Shown when Plivo answered "not found" for a call and the desk ended it (reconcile.ts). */
export const GONE_MESSAGE = 'This call no longer exists at Plivo; removed from the board.'

const UUID_ID = /\buuid_[A-Za-z0-9-]+/g
const BARE_UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi

/**
 * `text` with the call named by its label instead of its uuid, and any other Plivo identifier of
 * a call (`uuid_…`, a bare uuid) replaced by words: nothing in it a supervisor cannot read.
 */
export function humanize(text: string, call?: CallRef): string {
  let out = text
  if (call) {
    const label = `“${callLabel(call)}”`
    out = out.split(`uuid_${call.mpcUuid}`).join(label).split(call.mpcUuid).join(label)
  }
  return out.replace(UUID_ID, 'this call').replace(BARE_UUID, 'a call')
}

/** A client error's message without the request line (`POST /v1/Account/…/`). */
function withoutRequest(error: { message: string; method: string; path: string }): string {
  return error.message
    .replace(` for ${error.method} ${error.path}`, '')
    .replace(`${error.method} ${error.path}`, 'the request')
}

export function toDeskError(error: unknown, call?: CallRef): DeskError {
  const raw = rawDeskError(error)
  return { ...raw, message: humanize(raw.message, call) }
}

function rawDeskError(error: unknown): DeskError {
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
    return { code: 'network', message: withoutRequest(error) }
  }
  if (error instanceof PlivoValidationError) {
    return { code: 'invalid', message: error.message }
  }
  if (error instanceof PlivoResponseError) {
    return { code: 'plivo', message: withoutRequest(error), status: error.status }
  }
  if (error instanceof PlivoAbortedError) {
    return { code: 'internal', message: `Cancelled: ${withoutRequest(error)}` }
  }
  return {
    code: 'internal',
    message: error instanceof Error ? error.message : String(error),
  }
}
