/**
 * Test support: plain HTTP calls to the simulator's API, for what the SDK cannot send (bad
 * input, form bodies, missing auth) and to read status codes and error bodies exactly.
 */
import type { Simulator } from '../index'

export interface RawResponse {
  status: number
  headers: Headers
  body: Record<string, unknown> | undefined
}

export interface RawOptions {
  form?: boolean
  auth?: string | false
}

export function rawApi(sim: Simulator) {
  const prefix = `${sim.baseUrl}/v1/Account/${sim.authId}/MultiPartyCall/`
  const basic = `Basic ${Buffer.from(`${sim.authId}:${sim.authToken}`).toString('base64')}`
  return async function call(
    method: 'GET' | 'POST' | 'DELETE' | 'PUT',
    path: string,
    params?: Record<string, unknown>,
    options: RawOptions = {},
  ): Promise<RawResponse> {
    const headers: Record<string, string> = {}
    if (options.auth !== false) headers.Authorization = options.auth ?? basic
    let url = path.startsWith('http') ? path : prefix + path
    let body: string | undefined
    if (params && method === 'GET') {
      url += `?${new URLSearchParams(params as Record<string, string>).toString()}`
    } else if (params && options.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(params as Record<string, string>).toString()
    } else if (params) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(params)
    }
    const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) })
    const text = await response.text()
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    }
  }
}
