/** The connection state main reports, as an external store for `useSyncExternalStore`. */
import type { ConnectionState, DeskApi, Unsubscribe } from '../../../preload/api'

export class ConnectionStore {
  private state: ConnectionState | null = null
  private readonly listeners = new Set<
    (prev: ConnectionState | null, next: ConnectionState) => void
  >()
  private readonly renders = new Set<() => void>()

  constructor(private readonly api: DeskApi) {}

  start(): Unsubscribe {
    const off = this.api.onConnection((s) => this.set(s))
    this.api.connection().then(
      (s) => {
        // A push may have overtaken the reply: keep whichever is newer.
        if (!this.state || s.since >= this.state.since) this.set(s)
      },
      (err: unknown) => {
        if (this.state) return
        this.set({
          status: 'offline',
          dataAt: null,
          since: Date.now(),
          reason: err instanceof Error ? err.message : 'cannot reach the desk services',
          demo: false,
        })
      },
    )
    return off
  }

  private set(next: ConnectionState): void {
    const prev = this.state
    this.state = next
    for (const l of this.renders) l()
    for (const l of this.listeners) l(prev, next)
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.renders.add(listener)
    return () => this.renders.delete(listener)
  }

  readonly getSnapshot = (): ConnectionState | null => this.state

  /** Status changes, with the previous state (null before the first). */
  onChange(listener: (prev: ConnectionState | null, next: ConnectionState) => void): Unsubscribe {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
