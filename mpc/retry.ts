/**
 * Retry policy of the control client: which outcomes may be retried, and how long to wait.
 *
 * The rule that matters: a request that may already have reached Plivo is retried only when
 * repeating it is harmless (idempotent). A 429 is always safe to retry (Plivo refused it before
 * acting); so is a connection that was never established.
 */

export interface RetryPolicy {
  /** Attempts in total, the first included. Default 3. */
  maxAttempts: number
  /** Backoff base: attempt n waits about base × 2^(n-1), with jitter. Default 250 ms. */
  baseDelayMs: number
  /** Cap of one backoff wait. Default 8000 ms. */
  maxDelayMs: number
  /**
   * Longest Retry-After we are willing to sleep through. A longer one is surfaced as the 429
   * error (with `retryAfterMs`), since a supervisor's click should not hang for minutes.
   * Default 30 000 ms.
   */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 30_000,
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so retries of
 * many clients spread out but never fire immediately.
 */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(step / 2 + random() * (step / 2))
}

/**
 * `Retry-After` as delta-seconds or an HTTP-date → milliseconds from `now` (never negative).
 * Undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number,
): number | undefined {
  if (header === null || header === undefined) return undefined
  const text = header.trim()
  if (text === '') return undefined
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  // An HTTP-date always names its month; without that check Date.parse reads "-3" as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

/** 5xx means Plivo (or a proxy) failed; 501 says the method will never work, so not that one. */
export function isRetryableServerStatus(status: number): boolean {
  return status >= 500 && status <= 599 && status !== 501
}

/** System error codes meaning the TCP/TLS connection never opened: nothing reached Plivo. */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
])

export function neverConnected(systemCode: string | undefined): boolean {
  return systemCode !== undefined && NEVER_CONNECTED.has(systemCode)
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason)
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
