/**
 * A relay started for one test with a fixed cast of accounts and supervisor tokens, plus
 * shortcuts for posting callbacks to it.
 */
import { afterEach } from 'vitest'
import { startRelay, type Relay, type RelayConfig } from '../index'
import {
  connectSupervisor,
  sendCallback,
  type CallbackRequest,
  type CallbackResponse,
  type Supervisor,
} from './support'

export const ACCOUNTS = {
  MA1: 'token-of-account-one',
  MA2: 'token-of-account-two',
  MA3: 'token-of-account-three',
} as const
export type AccountId = keyof typeof ACCOUNTS

export const SUPERVISOR_TOKENS: Record<AccountId, string[]> = {
  MA1: ['supervisor-one-a', 'supervisor-one-b'],
  MA2: ['supervisor-two-a'],
  MA3: ['supervisor-three-a'],
}

export function relayConfig(overrides: Partial<RelayConfig> = {}): RelayConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    accounts: Object.entries(ACCOUNTS).map(([authId, authToken]) => ({ authId, authToken })),
    supervisors: Object.entries(SUPERVISOR_TOKENS).flatMap(([authId, tokens]) =>
      tokens.map((token) => ({ token, authId })),
    ),
    logLimit: 50_000,
    endedGraceMs: 60_000,
    maxBodyBytes: 64 * 1024,
    logger: false,
    ...overrides,
  }
}

export interface TestRelay {
  relay: Relay
  publicUrl: string
  post(
    authId: AccountId,
    params: Record<string, string>,
    extra?: Partial<CallbackRequest>,
  ): Promise<CallbackResponse>
}

export async function startTestRelay(overrides: Partial<RelayConfig> = {}): Promise<TestRelay> {
  const relay = await startRelay(relayConfig(overrides))
  const publicUrl = overrides.publicUrl ?? relay.url
  return {
    relay,
    publicUrl,
    post: (authId, params, extra = {}) =>
      sendCallback({
        relayUrl: relay.url,
        publicUrl,
        authId,
        authToken: ACCOUNTS[authId],
        params,
        ...extra,
      }),
  }
}

export interface RelayPerTest {
  /** Starts this test's relay (stopped after the test). */
  start(overrides?: Partial<RelayConfig>): Promise<TestRelay>
  /** A supervisor socket to `t`, not yet subscribed (closed after the test). */
  connect(t: TestRelay, token: string): Promise<Supervisor>
}

/**
 * One relay and its supervisor sockets per test: call it at the top of a test file. After each
 * test the sockets close and the relay stops.
 */
export function useRelayPerTest(): RelayPerTest {
  let current: TestRelay | undefined
  const sockets: Supervisor[] = []
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close()
    await current?.relay.stop()
    current = undefined
  })
  return {
    async start(overrides = {}) {
      current = await startTestRelay(overrides)
      return current
    },
    async connect(t, token) {
      const s = await connectSupervisor(t.relay.url, token)
      sockets.push(s)
      return s
    },
  }
}
