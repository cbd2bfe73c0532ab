/**
 * The simulator's Plivo REST API as a test uses it from outside the desk: to place calls, and
 * to do things to them that the desk did not do (plivo-mpc.md §1). Plain fetch with Basic
 * auth, JSON bodies, Plivo's paths — the same requests any Plivo client would send.
 */

export type Role = 'customer' | 'agent' | 'supervisor' | 'ai-agent'

export interface AddParticipantParams {
  role: Role
  from: string
  to: string
  coach_mode?: boolean
  mute?: boolean
  hold?: boolean
  start_mpc_on_enter?: boolean
  end_mpc_on_exit?: boolean
  stay_alone?: boolean
  wait_for_agent?: boolean
  record?: boolean
  max_participants?: number
  status_callback_url?: string
  status_callback_method?: 'GET' | 'POST'
  status_callback_events?: string
  recording_callback_url?: string
  recording_callback_method?: 'GET' | 'POST'
  ai_agent_stream_status_callback_url?: string
}

export interface PlivoParticipant {
  member_id: string
  call_uuid: string
  role: string
  mute: boolean | null
  hold: boolean | null
  coach_mode: boolean
  exit_time: string | null
  exit_cause: string | null
  /** The address dialled (SIP URI or number). */
  member_address: string
}

export interface PlivoMpc {
  mpc_uuid: string
  friendly_name: string
  status: string
  recording: string
  termination_cause?: string | null
  termination_cause_code?: number | null
}

export class PlivoApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body}`)
    this.name = 'PlivoApiError'
  }
}

export interface PlivoRest {
  addParticipant(
    mpcName: string,
    params: AddParticipantParams,
  ): Promise<{ calls: { call_uuid: string; to: string }[] }>
  getMpc(mpcName: string): Promise<PlivoMpc>
  /** By uuid: the only way to read an MPC once it has ended. */
  getMpcByUuid(mpcUuid: string): Promise<PlivoMpc>
  /** Live MPCs (Plivo pages by 20). */
  listLiveMpcs(): Promise<PlivoMpc[]>
  listParticipants(mpcName: string): Promise<PlivoParticipant[]>
  updateParticipant(
    mpcName: string,
    memberId: string,
    update: { mute?: boolean; hold?: boolean; coach_mode?: boolean },
  ): Promise<void>
  kickParticipant(mpcName: string, memberId: string): Promise<void>
  startRecording(mpcName: string): Promise<void>
  participantRecording(
    mpcName: string,
    memberId: string,
    action: 'start' | 'pause' | 'resume' | 'stop',
  ): Promise<void>
  endMpc(mpcName: string): Promise<void>
}

export function plivoRest(baseUrl: string, authId: string, authToken: string): PlivoRest {
  const root = `${baseUrl.replace(/\/$/, '')}/v1/Account/${encodeURIComponent(authId)}/MultiPartyCall/`
  const authorization = `Basic ${Buffer.from(`${authId}:${authToken}`).toString('base64')}`
  const mpcPath = (name: string) => `${root}name_${encodeURIComponent(name)}/`

  async function call(method: string, url: string, body?: object): Promise<unknown> {
    const response = await fetch(url, {
      method,
      headers: {
        authorization,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await response.text()
    if (!response.ok) throw new PlivoApiError(response.status, text, `${method} ${url}`)
    return text ? (JSON.parse(text) as unknown) : undefined
  }

  return {
    addParticipant: async (name, params) =>
      (await call('POST', `${mpcPath(name)}Participant/`, params)) as {
        calls: { call_uuid: string; to: string }[]
      },
    getMpc: async (name) => (await call('GET', mpcPath(name))) as PlivoMpc,
    getMpcByUuid: async (uuid) =>
      (await call('GET', `${root}uuid_${encodeURIComponent(uuid)}/`)) as PlivoMpc,
    listLiveMpcs: async () => {
      const all: PlivoMpc[] = []
      for (const status of ['initialized', 'active']) {
        for (let offset = 0; ; offset += 20) {
          const page = (await call(
            'GET',
            `${root}?status=${status}&limit=20&offset=${offset}`,
          )) as { objects: PlivoMpc[]; meta: { next: string | null } }
          all.push(...page.objects)
          if (!page.meta.next) break
        }
      }
      return all
    },
    listParticipants: async (name) =>
      ((await call('GET', `${mpcPath(name)}Participant/`)) as { objects: PlivoParticipant[] })
        .objects,
    updateParticipant: async (name, memberId, update) => {
      await call('POST', `${mpcPath(name)}Participant/${memberId}/`, update)
    },
    kickParticipant: async (name, memberId) => {
      await call('DELETE', `${mpcPath(name)}Participant/${memberId}/`)
    },
    startRecording: async (name) => {
      await call('POST', `${mpcPath(name)}Record/`, { file_format: 'mp3' })
    },
    participantRecording: async (name, memberId, action) => {
      const record = `${mpcPath(name)}Participant/${memberId}/Record/`
      if (action === 'start') await call('POST', record, { file_format: 'mp3' })
      else if (action === 'stop') await call('DELETE', record)
      else await call('POST', `${record}${action === 'pause' ? 'Pause' : 'Resume'}/`)
    },
    endMpc: async (name) => {
      await call('DELETE', mpcPath(name))
    },
  }
}
