/**
 * `npm run package` says "cannot download Electron" only when that is what happened: a real
 * packaging error must reach the user as itself.
 */
import { describe, expect, it } from 'vitest'
import { isElectronDownloadFailure } from './download-failure'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

describe('isElectronDownloadFailure', () => {
  it('recognises an unreachable github.com, directly or as a cause', () => {
    expect(
      isElectronDownloadFailure(withCode('getaddrinfo ENOTFOUND github.com', 'ENOTFOUND')),
    ).toBe(true)
    const wrapped = new Error('download failed', {
      cause: withCode('connect ETIMEDOUT 140.82.121.3:443', 'ETIMEDOUT'),
    })
    expect(isElectronDownloadFailure(wrapped)).toBe(true)
    expect(
      isElectronDownloadFailure(
        new Error('HTTP 403 for https://github.com/electron/electron/releases/download/v45.4.1/x'),
      ),
    ).toBe(true)
  })

  it('leaves a packaging error alone', () => {
    expect(isElectronDownloadFailure(new Error('Invalid configuration object'))).toBe(false)
    expect(isElectronDownloadFailure(withCode('EACCES: permission denied', 'EACCES'))).toBe(false)
    expect(isElectronDownloadFailure('boom')).toBe(false)
  })
})
