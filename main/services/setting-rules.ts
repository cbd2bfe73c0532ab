/**
 * What a well-formed phone field looks like, shared by what a user saves (settings.ts) and what
 * IT pins (main/policy/): a value refused in Settings must not slip in through a policy file.
 */

/** A SIP URI or a phone number: the contract's rule, which a hand-off's endpoint obeys too. */
export { ENDPOINT } from '../../preload/api'
export const CALLER_ID = /^(?:\+?[0-9]{4,15}|sips?:[^\s@]+@[^\s@]+)$/
export const AUTH_ID = /^[A-Za-z0-9_-]{1,64}$/

export const ENDPOINT_MESSAGE =
  'Supervisor endpoint must be a SIP URI (sip:user@host) or a phone number.'
export const CALLER_ID_MESSAGE =
  'Caller ID must be a phone number (digits, optional +) or a SIP URI.'
