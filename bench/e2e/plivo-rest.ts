/** The few Plivo MPC REST calls the end-to-end benchmark makes against the simulator. */
import { z } from 'zod'

export interface RestTarget {
  baseUrl: string
  authId: string
  authToken: string
}

const participantsSchema = z.object({
  objects: z.array(
    z.object({ member_id: z.string(), exit_time: z.string().nullable().optional() }),
  ),
})
const mpcSchema = z.object({ mpc_uuid: z.string() })

async function request(
  t: RestTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: object,
): Promise<unknown> {
  const res = await fetch(`${t.baseUrl}/v1/Account/${t.authId}/MultiPartyCall/${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${t.authId}:${t.authToken}`).toString('base64')}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return text ? (JSON.parse(text) as unknown) : null
}

/** Dials a customer into a new MPC named `name` whose callbacks go to `statusUrl`. */
export async function dialCustomer(t: RestTarget, name: string, statusUrl: string): Promise<void> {
  await request(t, 'POST', `name_${name}/Participant/`, {
    role: 'customer',
    from: '+15550001000',
    to: '+15550002000',
    status_callback_url: statusUrl,
    status_callback_method: 'POST',
    status_callback_events: 'mpc-state-changes,participant-state-changes',
  })
}

export async function mpcUuid(t: RestTarget, name: string): Promise<string> {
  return mpcSchema.parse(await request(t, 'GET', `name_${name}/`)).mpc_uuid
}

/** Member ids of the members still in the MPC. */
export async function liveMembers(t: RestTarget, name: string): Promise<string[]> {
  const page = participantsSchema.parse(await request(t, 'GET', `name_${name}/Participant/`))
  return page.objects.filter((p) => !p.exit_time).map((p) => p.member_id)
}

export async function setMute(
  t: RestTarget,
  name: string,
  memberId: string,
  mute: boolean,
): Promise<void> {
  await request(t, 'POST', `name_${name}/Participant/${memberId}/`, { mute })
}
