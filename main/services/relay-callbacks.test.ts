/** The recording callback URL the desk names when it starts a recording. */
import { expect, it } from 'vitest'
import { relayCallbackUrl } from './relay-callbacks'

it('is the relay URL with the account’s recording path, whatever the URL’s shape', () => {
  expect(relayCallbackUrl('https://relay.example.com', 'MA1', 'recording')).toBe(
    'https://relay.example.com/plivo/MA1/recording',
  )
  expect(relayCallbackUrl('https://relay.example.com/', 'MA1', 'recording')).toBe(
    'https://relay.example.com/plivo/MA1/recording',
  )
  // A relay behind a path prefix, with a query the desk's socket needed: the prefix stays.
  expect(relayCallbackUrl('https://x.example.com/relay/?a=1', 'MA1', 'status')).toBe(
    'https://x.example.com/relay/plivo/MA1/status',
  )
})

it('is none without a usable relay URL or account, rather than a URL Plivo cannot call', () => {
  expect(relayCallbackUrl('', 'MA1', 'recording')).toBeUndefined()
  expect(relayCallbackUrl('https://relay.example.com', '', 'recording')).toBeUndefined()
  expect(relayCallbackUrl('not a url', 'MA1', 'recording')).toBeUndefined()
  expect(relayCallbackUrl('ws://relay.example.com', 'MA1', 'recording')).toBeUndefined()
})
