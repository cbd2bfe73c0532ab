/**
 * AI agent stream status callbacks as Plivo POSTs them to `aiAgentStreamStatusCallbackUrl`
 * (the event name under `Event`, not `EventName`), parsed as that URL parses them, and the one
 * MPC they reduce to. For tests in any folder; not used at runtime.
 */
import type { MpcEvent } from '../events'
import { parseCallback } from '../parse'
import type { MpcState } from '../state'
import { reduce } from './event-orders'
import { callbackParams, type CallbackInput } from './scenario'

/** `name` is anything, so a test can send a status Plivo does not; `extra` may override a param. */
export interface AiStreamInput extends Omit<CallbackInput, 'memberId' | 'role' | 'coachMode'> {
  memberId: string
  streamId?: string
}

/** One AI stream status callback's params: a member callback's, its name under `Event`. */
export function aiStreamParams({
  streamId,
  extra,
  ...input
}: AiStreamInput): Record<string, string> {
  const { EventName: _, ...params } = callbackParams(input)
  return {
    Event: input.name,
    ...params,
    ...(streamId === undefined ? {} : { StreamID: streamId }),
    ...extra,
  }
}

/** `parseCallback` on the AI stream URL, throwing on a parse error. */
export function parseAiStream(params: Record<string, string>): MpcEvent {
  const result = parseCallback(params, 'ai-stream')
  if (!result.ok) throw new Error(result.error.message)
  return result.event
}

/** The MPC the events make, applied in turn from nothing. */
export function mpcFrom(events: readonly MpcEvent[]): MpcState {
  const mpc = reduce(events)
  if (!mpc) throw new Error('no events')
  return mpc
}
