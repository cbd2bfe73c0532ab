/**
 * Typed errors of the Plivo control-API client (`client.ts`).
 *
 * Every failure a caller can see is a `ControlApiError` with a stable `code`, so main can map it
 * to a user-facing explanation without string matching, and a `message` that already reads well
 * in an audit log (it carries Plivo's own reason verbatim when there is one).
 */

export type ControlApiErrorCode =
  | 'plivo_api_error'
  | 'plivo_timeout'
  | 'plivo_network'
  | 'plivo_validation'
  | 'plivo_response'
  | 'plivo_aborted'

/** Where a request was going; attached to every error raised for a request. */
export interface RequestTarget {
  method: string
  /** Path below the base URL, e.g. `/v1/Account/MA…/MultiPartyCall/name_x/Participant/`. */
  path: string
}

export abstract class ControlApiError extends Error {
  abstract readonly code: ControlApiErrorCode
  override name = 'ControlApiError'
}

/** An error raised for one request: it names where the request was going (`method`, `path`). */
export abstract class ControlApiRequestError extends ControlApiError {
  readonly method: string
  readonly path: string

  constructor(target: RequestTarget, message: string, options?: ErrorOptions) {
    super(message, options)
    this.method = target.method
    this.path = target.path
  }
}

/** The message suffix for a request that was retried. */
function afterAttempts(attempts: number): string {
  return attempts > 1 ? ` (after ${attempts} attempts)` : ''
}

/** Plivo answered with a non-2xx status (after any retries). */
export class PlivoApiError extends ControlApiRequestError {
  readonly code = 'plivo_api_error' as const
  override name = 'PlivoApiError'
  readonly status: number
  /** Plivo's `error` text exactly as sent (or the raw body when it was not Plivo's JSON shape). */
  readonly plivoError: string | undefined
  readonly apiId: string | undefined
  /** How many attempts were made, including the first. */
  readonly attempts: number
  /** The delay Plivo asked for (Retry-After), when it sent one. */
  readonly retryAfterMs: number | undefined

  constructor(init: {
    status: number
    plivoError: string | undefined
    apiId: string | undefined
    target: RequestTarget
    attempts: number
    retryAfterMs?: number | undefined
  }) {
    const reason = init.plivoError ? `: ${init.plivoError}` : ''
    super(
      init.target,
      `Plivo refused ${init.target.method} ${init.target.path} with HTTP ${init.status}${reason}` +
        afterAttempts(init.attempts),
    )
    this.status = init.status
    this.plivoError = init.plivoError
    this.apiId = init.apiId
    this.attempts = init.attempts
    this.retryAfterMs = init.retryAfterMs
  }
}

/** No complete answer within the per-attempt timeout. */
export class PlivoTimeoutError extends ControlApiRequestError {
  readonly code = 'plivo_timeout' as const
  override name = 'PlivoTimeoutError'
  readonly timeoutMs: number
  readonly attempts: number
  /**
   * A timed-out request may have been carried out by Plivo. For a non-idempotent request (add
   * participant, start recording) the caller must check the MPC before trying again.
   */
  readonly mayHaveReachedPlivo = true

  constructor(init: { target: RequestTarget; timeoutMs: number; attempts: number }) {
    super(
      init.target,
      `Plivo did not answer ${init.target.method} ${init.target.path} within ${init.timeoutMs} ms` +
        afterAttempts(init.attempts),
    )
    this.timeoutMs = init.timeoutMs
    this.attempts = init.attempts
  }
}

/** The connection failed (refused, reset, DNS, TLS…). */
export class PlivoNetworkError extends ControlApiRequestError {
  readonly code = 'plivo_network' as const
  override name = 'PlivoNetworkError'
  readonly attempts: number
  /** The system error code when there is one (`ECONNREFUSED`, `ECONNRESET`, …). */
  readonly systemCode: string | undefined
  /** False only when the connection was never established, so Plivo cannot have acted. */
  readonly mayHaveReachedPlivo: boolean

  constructor(init: {
    target: RequestTarget
    attempts: number
    systemCode: string | undefined
    detail: string
    mayHaveReachedPlivo: boolean
    cause?: unknown
  }) {
    super(
      init.target,
      `Could not reach Plivo for ${init.target.method} ${init.target.path}: ${init.detail}` +
        afterAttempts(init.attempts),
      { cause: init.cause },
    )
    this.attempts = init.attempts
    this.systemCode = init.systemCode
    this.mayHaveReachedPlivo = init.mayHaveReachedPlivo
  }
}

export interface ValidationIssue {
  /** The parameter at fault, in the caller's (camelCase) naming, e.g. `callUuid`. */
  field: string
  message: string
}

/** Refused on our side, before any request, because Plivo would refuse it too. */
export class PlivoValidationError extends ControlApiError {
  readonly code = 'plivo_validation' as const
  override name = 'PlivoValidationError'
  readonly issues: readonly ValidationIssue[]

  constructor(operation: string, issues: readonly ValidationIssue[]) {
    const list = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ')
    super(`Invalid ${operation} request: ${list}`)
    this.issues = issues
  }
}

/**
 * Plivo answered 2xx but the body is not the shape we rely on. The request itself was accepted,
 * which the message says, so nobody retries a dial-out that is already ringing.
 */
export class PlivoResponseError extends ControlApiRequestError {
  readonly code = 'plivo_response' as const
  override name = 'PlivoResponseError'
  readonly status: number
  /** The body as received (truncated for very large bodies). */
  readonly body: string
  readonly problems: readonly string[]

  constructor(init: {
    target: RequestTarget
    status: number
    body: string
    problems: readonly string[]
  }) {
    super(
      init.target,
      `Plivo accepted ${init.target.method} ${init.target.path} (HTTP ${init.status}) but its ` +
        `response was not understood: ${init.problems.join('; ')}`,
    )
    this.status = init.status
    this.body = init.body
    this.problems = init.problems
  }
}

/** The caller cancelled the request (its AbortSignal fired) or the rate limiter was stopped. */
export class PlivoAbortedError extends ControlApiRequestError {
  readonly code = 'plivo_aborted' as const
  override name = 'PlivoAbortedError'

  constructor(init: { target: RequestTarget; reason: string; cause?: unknown }) {
    super(init.target, `${init.target.method} ${init.target.path} was cancelled: ${init.reason}`, {
      cause: init.cause,
    })
  }
}

export function isControlApiError(value: unknown): value is ControlApiError {
  return value instanceof ControlApiError
}
