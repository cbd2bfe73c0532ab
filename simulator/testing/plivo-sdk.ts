/**
 * Test support: the official `plivo` npm SDK as an oracle, aimed at a local simulator.
 *
 * The SDK sends voice requests to the hard-coded https://api.plivo.com through a fresh axios
 * instance per request (`axios.create` in its retry wrapper), so an interceptor on the default
 * instance alone would never fire. We wrap `create` on the SDK's own axios module so every
 * instance it makes rewrites the origin (plivo-mpc.md §4.1). Tests must still count requests at
 * the simulator to prove the rewrite happened.
 */
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type { AxiosStatic, InternalAxiosRequestConfig } from 'axios'
import type * as PlivoModule from 'plivo'

const require = createRequire(import.meta.url)
const plivoEntry = require.resolve('plivo')

export type PlivoSdk = typeof PlivoModule

/** The plivo package, loaded through Node's require so it shares its axios with us. */
export const plivo = require(plivoEntry) as PlivoSdk

/** The exact axios module instance the SDK uses. */
const sdkAxios = require(require.resolve('axios', { paths: [dirname(plivoEntry)] })) as AxiosStatic

const PLIVO_ORIGIN = 'https://api.plivo.com'

/** Rewrites every SDK request from api.plivo.com to `origin`. Returns the undo function. */
export function pointPlivoSdkAt(origin: string): () => void {
  const rewrite = (config: InternalAxiosRequestConfig): InternalAxiosRequestConfig => {
    if (config.url?.startsWith(PLIVO_ORIGIN))
      config.url = origin + config.url.slice(PLIVO_ORIGIN.length)
    return config
  }
  const originalCreate = sdkAxios.create
  const defaultInterceptor = sdkAxios.interceptors.request.use(rewrite)
  sdkAxios.create = (config) => {
    const instance = originalCreate.call(sdkAxios, config)
    instance.interceptors.request.use(rewrite)
    return instance
  }
  return () => {
    sdkAxios.create = originalCreate
    sdkAxios.interceptors.request.eject(defaultInterceptor)
  }
}
