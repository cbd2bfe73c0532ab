/**
 * AI agent stream status callbacks as Plivo POSTs them to `aiAgentStreamStatusCallbackUrl`
 * (the event name under `Event`, not `EventName`), parsed as that URL parses them, and the one
 * MPC they reduce to. For tests in any folder; not used at runtime.
 */
import type { MpcEvent } from '../events'
import { parseCallback } from '../parse'
import type { MpcState } from '../state'
import { formatPlivoTime } from '../timestamps'
import { reduce } from './event-orders'

export interface AiStreamInput {
  /** StartStream, DroppedStream, …: anything, so a test can send a name Plivo does not. */
  name: string
  mpcUuid: string
  /** Epoch ms. */
  at: number
  memberId: string
  mpcName?: string
  callUuid?: string
  streamId?: string
  /** Any further params (a stop reason, another member), as Plivo would send them. */
  extra?: Record<string, string>
}

/** One AI stream status callback's params. */
export function aiStreamParams(input: AiStreamInput): Record<string, string> {
  const params: Record<string, string> = {
    Event: input.name,
    EventTimestamp: formatPlivoTime(input.at),
    MPCUUID: input.mpcUuid,
  }
  if (input.mpcName !== undefined) params.MPCName = input.mpcName
  params.MemberID = input.memberId
  if (input.callUuid !== undefined) params.ParticipantCallUUID = input.callUuid
  if (input.streamId !== undefined) params.StreamID = input.streamId
  return { ...params, ...input.extra }
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
