/**
 * Runtime checks for what crosses the relay socket (DESIGN §4): the events and the MPC states of a
 * snapshot. A desk applies them straight into its reducer, so a malformed one must be refused at
 * the edge with the field it got wrong, not crash the reducer later. Each schema is declared as
 * `z.ZodType` of the TypeScript type it checks, so a required field cannot be forgotten; objects
 * are loose (unknown keys pass through), so an optional field added to a type but not here is
 * kept, not silently stripped, on its way from a newer relay.
 */
import { z } from 'zod'
import {
  ADD_PARTICIPANT_API_EVENTS,
  AI_STREAM_EVENTS,
  MPC_RECORDING_EVENTS,
  MPC_STATE_EVENTS,
  PARTICIPANT_AUDIO_EVENTS,
  PARTICIPANT_DIGIT_EVENTS,
  PARTICIPANT_RECORDING_EVENTS,
  PARTICIPANT_SPEAK_EVENTS,
  PARTICIPANT_STATE_EVENTS,
  ROLES,
  type MpcEvent,
} from './events'
import type { MpcState, RecordingInfo } from './state'

const time = z.number().finite()
const id = z.string().min(1)
const role = z.enum(ROLES)

const eventBase = {
  name: id,
  mpcUuid: id,
  mpcName: z.string().optional(),
  at: time,
  sequenceNumber: z.number().optional(),
  raw: z.record(z.string(), z.string()),
  via: z.enum(['status', 'recording', 'ai-stream']).optional(),
  delivery: z.string().optional(),
}

export const mpcEventSchema: z.ZodType<MpcEvent> = z.discriminatedUnion('kind', [
  z.looseObject({
    ...eventBase,
    kind: z.literal('mpc'),
    name: z.enum(MPC_STATE_EVENTS),
    durationSec: z.number().optional(),
    billedDurationSec: z.number().optional(),
    billedAmount: z.string().optional(),
    terminationCause: z.string().optional(),
    terminationCauseCode: z.number().optional(),
  }),
  z.looseObject({
    ...eventBase,
    kind: z.literal('participant'),
    name: z.enum([
      ...PARTICIPANT_STATE_EVENTS,
      ...PARTICIPANT_SPEAK_EVENTS,
      ...PARTICIPANT_DIGIT_EVENTS,
      ...PARTICIPANT_AUDIO_EVENTS,
    ]),
    memberId: id,
    role: role.optional(),
    callUuid: z.string().optional(),
    coachMode: z.boolean().optional(),
    digits: z.string().optional(),
    exitCause: z.string().optional(),
  }),
  z.looseObject({
    ...eventBase,
    kind: z.literal('add-participant'),
    name: z.enum(ADD_PARTICIPANT_API_EVENTS),
    requestUuid: z.string().optional(),
    callUuid: z.string().optional(),
    memberId: z.string().optional(),
    role: role.optional(),
    callStatus: z.string().optional(),
    to: z.string().optional(),
  }),
  z.looseObject({
    ...eventBase,
    kind: z.literal('recording'),
    name: z.enum([...MPC_RECORDING_EVENTS, ...PARTICIPANT_RECORDING_EVENTS]),
    memberId: z.string().optional(),
    recordingUuid: z.string().optional(),
    recordingUrl: z.string().optional(),
    recordingResourceUrl: z.string().optional(),
    recordingFormat: z.string().optional(),
    recordingDurationSec: z.number().optional(),
    recordingStartAt: z.number().optional(),
    recordingEndAt: z.number().optional(),
  }),
  z.looseObject({
    ...eventBase,
    kind: z.literal('ai-stream'),
    name: z.enum(AI_STREAM_EVENTS),
    memberId: id,
    callUuid: z.string().optional(),
    streamId: z.string().optional(),
    reason: z.string().optional(),
  }),
  z.looseObject({
    ...eventBase,
    kind: z.literal('unknown'),
    memberId: z.string().optional(),
  }),
])

const timedFlag = z.looseObject({ value: z.boolean(), at: time })
const edges = z.array(z.looseObject({ at: time, on: z.boolean() }))
const recordingInfo: z.ZodType<RecordingInfo> = z.looseObject({
  status: z.enum(['not-recording', 'recording', 'paused']),
  at: time,
  recordingUuid: z.string().optional(),
  url: z.string().optional(),
  format: z.string().optional(),
  durationSec: z.number().optional(),
  memberId: z.string().optional(),
})

export const mpcStateSchema: z.ZodType<MpcState> = z.looseObject({
  mpcUuid: id,
  name: z.string().optional(),
  status: z.enum(['initialized', 'active', 'ended']),
  createdAt: time,
  startedAt: time.optional(),
  endedAt: time.optional(),
  terminationCause: z.string().optional(),
  terminationCauseCode: z.number().optional(),
  durationSec: z.number().optional(),
  recording: recordingInfo,
  recordings: z.array(recordingInfo),
  participants: z.record(
    z.string(),
    z.looseObject({
      memberId: id,
      role: role.optional(),
      callUuid: z.string().optional(),
      joinedAt: time.optional(),
      leftAt: time.optional(),
      exitCause: z.string().optional(),
      leftBy: z.enum(['exit', 'mpc-end']).optional(),
      mute: timedFlag,
      hold: timedFlag,
      coachMode: timedFlag,
      speech: edges,
      holds: edges,
      audio: edges,
      digits: z.array(z.looseObject({ at: time, digits: z.string() })),
      recording: recordingInfo.optional(),
      aiStream: z
        .looseObject({
          status: z.enum(['streaming', 'stopped', 'dropped', 'degraded']),
          at: time,
          streamId: z.string().optional(),
          reason: z.string().optional(),
        })
        .optional(),
    }),
  ),
  apiAdds: z.array(
    z.looseObject({
      requestUuid: z.string().optional(),
      callUuid: z.string().optional(),
      initiatedAt: time.optional(),
      completedAt: time.optional(),
      callStatus: z.string().optional(),
      memberId: z.string().optional(),
      role: role.optional(),
    }),
  ),
  timeline: z.array(
    z.looseObject({
      at: time,
      name: z.string(),
      memberId: z.string().optional(),
      role: role.optional(),
      detail: z.string().optional(),
    }),
  ),
  lastEventAt: time,
  seen: z.record(z.string(), z.array(z.string())),
})
