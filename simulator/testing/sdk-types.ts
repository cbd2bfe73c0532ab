/**
 * Test support: the slice of the plivo SDK's MultiPartyCall surface the tests drive. The SDK's
 * own typings say `Promise<any>`; this narrows results to unknown-valued records so tests must
 * assert what they read.
 */
import type { PlivoSdk } from './plivo-sdk'

type Obj = Record<string, unknown>
type MpcRef = { uuid?: string; friendlyName?: string }
type Params = MpcRef & Obj

export interface MpcSdk {
  list(params?: Obj): Promise<Obj[] & { meta: Obj }>
  get(params: MpcRef): Promise<Obj>
  addParticipant(role: string, params: Params): Promise<Obj>
  start(params: Params): Promise<Obj>
  stop(params: MpcRef): Promise<unknown>
  startRecording(params: Params): Promise<Obj>
  stopRecording(params: MpcRef): Promise<Obj>
  pauseRecording(params: MpcRef): Promise<Obj>
  resumeRecording(params: MpcRef): Promise<Obj>
  listParticipants(params: Params): Promise<Obj>
  getParticipant(memberId: string, params: MpcRef): Promise<Obj>
  updateParticipant(memberId: string, params: Params): Promise<Obj>
  kickParticipant(memberId: string, params: MpcRef): Promise<Obj>
  startParticipantRecording(memberId: string, params: Params): Promise<Obj>
  stopParticipantRecording(memberId: string, params: Params): Promise<Obj>
  pauseParticipantRecording(memberId: string, params: Params): Promise<Obj>
  resumeParticipantRecording(memberId: string, params: Params): Promise<Obj>
  startPlayAudio(memberId: string, url: string, params: MpcRef): Promise<Obj>
  stopPlayAudio(memberId: string, params: MpcRef): Promise<Obj>
}

export function mpcSdk(plivo: PlivoSdk, authId: string, authToken: string): MpcSdk {
  const client = new plivo.Client(authId, authToken)
  return client.multiPartyCalls as unknown as MpcSdk
}
