/** Updates are off unless configured; policy decides before the build's own feed. */
import { describe, expect, it } from 'vitest'
import { chooseUpdateFeed } from './update-feed'

const FEED = 'https://updates.example.com/desk/'

describe('chooseUpdateFeed', () => {
  it('is off unless configured, and always off unpackaged', () => {
    expect(chooseUpdateFeed({ policy: {}, packaged: true, builtIn: false })).toEqual({
      kind: 'off',
      reason: 'no update feed configured',
    })
    expect(
      chooseUpdateFeed({ policy: { updateUrl: FEED }, packaged: false, builtIn: true }).kind,
    ).toBe('off')
  })

  it('takes the policy’s feed over the build’s, and the build’s otherwise', () => {
    expect(
      chooseUpdateFeed({ policy: { updateUrl: FEED }, packaged: true, builtIn: true }),
    ).toEqual({ kind: 'policy', url: FEED })
    expect(chooseUpdateFeed({ policy: {}, packaged: true, builtIn: true })).toEqual({
      kind: 'built-in',
    })
  })

  it('lets the policy turn updates off whatever the build says', () => {
    const feed = chooseUpdateFeed({
      policy: { autoUpdate: false, updateUrl: FEED },
      packaged: true,
      builtIn: true,
    })
    expect(feed).toEqual({ kind: 'off', reason: 'turned off by your organisation’s policy' })
  })
})
