/**
 * The managed policy's part in the settings (main/policy/ reads it): which fields it pins, the
 * settings with its values over the user's, and the refusal of an update that would change a
 * pinned field. Kept apart from settings.ts because the rule "the policy wins, the user's own
 * value stays saved underneath" is one job, tested on its own terms.
 */
import {
  DEFAULT_THRESHOLDS,
  PINNABLE_SETTINGS,
  type AlertThresholds,
  type DeskError,
  type PinnableSetting,
  type SettingsUpdate,
} from '../../preload/api'
import type { Policy } from '../policy/read-policy'
import type { ResolvedSettings } from './settings'

const FIELD_LABEL: Record<PinnableSetting, string> = {
  relayUrl: 'The relay URL',
  apiBaseUrl: 'The API base URL',
  supervisorEndpoint: 'The supervisor endpoint',
  callerId: 'The caller ID',
  'thresholds.customerWaitSec': 'The customer-waiting threshold',
  'thresholds.longHoldSec': 'The long-hold threshold',
  'thresholds.longSilenceSec': 'The long-silence threshold',
  'thresholds.overtalkSec': 'The overtalk threshold',
  demo: 'Demo mode',
}

/** What the policy pins, in the Settings view's terms. */
export function pinnedSettings(policy: Policy): PinnableSetting[] {
  const v = policy.values
  const thresholdKeys = Object.keys(v.thresholds ?? {}) as (keyof AlertThresholds)[]
  return PINNABLE_SETTINGS.filter((name) => {
    if (name === 'demo') return v.demoAllowed === false
    if (name.startsWith('thresholds.')) return thresholdKeys.some((k) => name === `thresholds.${k}`)
    return v[name as 'relayUrl'] !== undefined
  })
}

/** The user's settings with the policy's values over them. */
export function withPolicy(own: ResolvedSettings, policy: Policy): ResolvedSettings {
  const v = policy.values
  return {
    ...own,
    demo: v.demoAllowed === false ? false : own.demo,
    relayUrl: v.relayUrl ?? own.relayUrl,
    apiBaseUrl: v.apiBaseUrl ?? own.apiBaseUrl,
    supervisorEndpoint: v.supervisorEndpoint ?? own.supervisorEndpoint,
    callerId: v.callerId ?? own.callerId,
    thresholds: { ...own.thresholds, ...v.thresholds },
  }
}

/** An update may repeat a pinned value (the form sends what it shows) but never change one. */
export function checkPinned(
  update: SettingsUpdate,
  current: ResolvedSettings,
  pinned: ReadonlySet<PinnableSetting>,
): DeskError | undefined {
  for (const name of pinned) {
    let differs: boolean
    if (name.startsWith('thresholds.')) {
      const key = name.slice('thresholds.'.length) as keyof AlertThresholds
      differs =
        update.thresholds !== undefined && update.thresholds[key] !== current.thresholds[key]
    } else {
      const key = name as 'demo' | 'relayUrl' | 'apiBaseUrl' | 'supervisorEndpoint' | 'callerId'
      differs = update[key] !== undefined && update[key] !== current[key]
    }
    if (differs) {
      const message =
        name === 'demo'
          ? 'Demo mode is turned off by your organisation.'
          : `${FIELD_LABEL[name]} is set by your organisation and cannot be changed here.`
      return { code: 'invalid', message }
    }
  }
  return undefined
}

/** The thresholds to save: the user's for what they may change, their old ones where pinned. */
export function ownThresholds(
  after: AlertThresholds,
  stored: AlertThresholds | undefined,
  pinned: ReadonlySet<PinnableSetting>,
): AlertThresholds {
  const out = { ...after }
  for (const key of Object.keys(after) as (keyof AlertThresholds)[]) {
    if (pinned.has(`thresholds.${key}`)) out[key] = (stored ?? DEFAULT_THRESHOLDS)[key]
  }
  return out
}
