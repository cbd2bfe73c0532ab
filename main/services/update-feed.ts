/**
 * Where the packaged desk looks for updates, if anywhere: off unless configured. A managed
 * policy decides first (IT may turn updates off because it pushes every version itself, or
 * point seats at its own mirror); otherwise the feed built into the app (DESK_UPDATE_URL at
 * package time, electron-builder's app-update.yml). An unpackaged run never updates itself.
 */
import type { PolicyValues } from '../policy/policy-schema'

export type UpdateFeed =
  { kind: 'off'; reason: string } | { kind: 'policy'; url: string } | { kind: 'built-in' }

export interface UpdateFeedInput {
  policy: PolicyValues
  packaged: boolean
  /** The app carries a feed from its build (app-update.yml in its resources). */
  builtIn: boolean
}

export function chooseUpdateFeed(input: UpdateFeedInput): UpdateFeed {
  if (!input.packaged) return { kind: 'off', reason: 'not a packaged app' }
  if (input.policy.autoUpdate === false) {
    return { kind: 'off', reason: 'turned off by your organisation’s policy' }
  }
  if (input.policy.updateUrl) return { kind: 'policy', url: input.policy.updateUrl }
  if (input.builtIn) return { kind: 'built-in' }
  return { kind: 'off', reason: 'no update feed configured' }
}
