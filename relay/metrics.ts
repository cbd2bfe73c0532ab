/**
 * Prometheus metrics of one relay, on a registry of its own (tests and demo mode run several
 * relays in one process; the global registry would make them collide).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export type RejectReason =
  | 'not_found'
  | 'unknown_account'
  | 'method_not_allowed'
  | 'unsupported_type'
  | 'too_large'
  | 'unparsable'
  | 'unsigned'
  | 'forged'
  | 'unavailable'

export interface RelayMetrics {
  registry: Registry
  accepted: Counter<'account' | 'kind'>
  duplicates: Counter<'account'>
  rejected: Counter<'reason'>
  socketRejected: Counter
  replays: Counter
  snapshots: Counter
  fanoutLag: Histogram
}

export function createRelayMetrics(
  clientCounts: () => Map<string, number>,
  processMetrics: boolean,
): RelayMetrics {
  const registry = new Registry()
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix: 'relay_' })
  const registers = [registry]
  new Gauge({
    name: 'relay_clients',
    help: 'Supervisor sockets connected to this relay',
    labelNames: ['account'],
    registers,
    collect() {
      this.reset()
      for (const [account, n] of clientCounts()) this.set({ account }, n)
    },
  })
  return {
    registry,
    accepted: new Counter({
      name: 'relay_callbacks_accepted_total',
      help: 'Callbacks accepted, stored and fanned out',
      labelNames: ['account', 'kind'],
      registers,
    }),
    duplicates: new Counter({
      name: 'relay_callbacks_duplicate_total',
      help: 'Redeliveries of an accepted callback (answered with the first seq, not fanned out)',
      labelNames: ['account'],
      registers,
    }),
    rejected: new Counter({
      name: 'relay_callbacks_rejected_total',
      help: 'Callbacks refused, by reason',
      labelNames: ['reason'],
      registers,
    }),
    socketRejected: new Counter({
      name: 'relay_socket_unauthorized_total',
      help: 'Socket handshakes refused for a wrong token',
      registers,
    }),
    replays: new Counter({
      name: 'relay_subscribe_replays_total',
      help: 'Subscriptions answered by replaying the log',
      registers,
    }),
    snapshots: new Counter({
      name: 'relay_subscribe_snapshots_total',
      help: 'Subscriptions answered with a snapshot',
      registers,
    }),
    fanoutLag: new Histogram({
      name: 'relay_fanout_lag_seconds',
      help: 'Time from accepting a callback to sending it to this relay’s sockets',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
  }
}
