/** Every timeline event kind in words (detail view). Unknown kinds show their raw name. */
import type { TimelineEntry } from '../../../preload/domain'
import { roleLabel } from '../lib/format'

function who(e: TimelineEntry): string {
  const id = e.memberId ? ` ${e.memberId}` : ''
  return e.role ? `${roleLabel(e.role)}${id}` : e.memberId ? `Member ${e.memberId}` : 'A member'
}

const TEXT: Record<string, (e: TimelineEntry) => string> = {
  MPCInitialized: () => 'Call created',
  MPCStart: () => 'Call started',
  MPCEnd: () => 'Call ended',
  ParticipantJoin: (e) => `${who(e)} joined`,
  ParticipantExit: (e) => `${who(e)} left`,
  ParticipantMute: (e) => `${who(e)} muted`,
  ParticipantUnmute: (e) => `${who(e)} unmuted`,
  ParticipantHold: (e) => `${who(e)} put on hold`,
  ParticipantUnhold: (e) => `${who(e)} taken off hold`,
  ParticipantCoachModeStart: (e) => `${who(e)} now heard by agents only (coach mode)`,
  ParticipantCoachModeStop: (e) => `${who(e)} now heard by everyone (coach mode off)`,
  ParticipantSpeakStart: (e) => `${who(e)} started speaking`,
  ParticipantSpeakStop: (e) => `${who(e)} stopped speaking`,
  ParticipantDigitInput: (e) => `${who(e)} pressed digits`,
  AddParticipantByAPIActionInitiated: (e) =>
    `Adding a participant by API${e.detail ? `: dialling ${e.detail}` : ''}`,
  AddParticipantByAPIActionCompleted: (e) =>
    `Add participant by API finished${e.memberId ? ` (${who(e)})` : ''}${e.detail ? `: ${e.detail}` : ''}`,
  // Plivo: "triggered when audio from a participant starts or stops" (participant-audio-events,
  // multipartycall-element.txt). It is the member's own sound reaching the call, not audio played
  // to them: the Play API sends no event at all.
  ParticipantAudioStart: (e) => `Audio from ${who(e)} started`,
  ParticipantAudioStop: (e) => `Audio from ${who(e)} stopped`,
  MPCRecordingInitiated: () => 'Call recording started',
  MPCRecordingPaused: () => 'Call recording paused',
  MPCRecordingResumed: () => 'Call recording resumed',
  MPCRecordingCompleted: () => 'Call recording completed',
  MPCRecordingFailed: () => 'Call recording failed',
  ParticipantRecordingInitiated: (e) => `Recording of ${who(e)} started`,
  ParticipantRecordingPaused: (e) => `Recording of ${who(e)} paused`,
  ParticipantRecordingResumed: (e) => `Recording of ${who(e)} resumed`,
  ParticipantRecordingCompleted: (e) => `Recording of ${who(e)} completed`,
  ParticipantRecordingFailed: (e) => `Recording of ${who(e)} failed`,
  StartStream: (e) => `${who(e)}'s stream started`,
  StopStream: (e) => `${who(e)}'s stream stopped${e.detail ? ` (${e.detail})` : ''}`,
  DroppedStream: (e) => `${who(e)}'s stream lost${e.detail ? ` (${e.detail})` : ''}`,
  DegradedStream: (e) => `${who(e)}'s stream is slow`,
}

export function timelineText(e: TimelineEntry): string {
  const text = TEXT[e.name]
  return text ? text(e) : `Event ${e.name}${e.memberId ? ` (${who(e)})` : ''}`
}

const SPEECH_SIDE = new Set([
  'ParticipantSpeakStart',
  'ParticipantSpeakStop',
  'ParticipantAudioStart',
  'ParticipantAudioStop',
])

/**
 * Speaking edges are frequent: the timeline can hide them to keep the rest readable. Audio
 * events go with them: Plivo documents ParticipantAudioStart/Stop only as "audio from a
 * participant starts or stops", the same side of the call as speech (the member's own sound),
 * and in practice they come in step with the speak events — hiding one and not the other would
 * leave half the noise.
 */
export function isSpeechEvent(name: string): boolean {
  return SPEECH_SIDE.has(name)
}
