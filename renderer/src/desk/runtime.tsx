/**
 * Everything the UI shares, built once per window: the DeskApi, the query cache, the live sync,
 * the connection store, the clock and the toasts. `start()` subscribes before the first render,
 * so no patch can slip between the snapshot request and the subscription.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react'
import type { ConnectionState, DeskApi, Unsubscribe } from '../../../preload/api'
import { type Clock, ClockContext, createTickingClock } from '../lib/clock'
import { createToastStore, ToastContext, type ToastStore } from '../lib/toasts'
import { ConnectionStore } from './connection-store'
import { LiveSync } from './live-sync'
import { deskKeys } from './queries'

export interface DeskRuntime {
  api: DeskApi
  queryClient: QueryClient
  sync: LiveSync
  connection: ConnectionStore
  clock: Clock
  toasts: ToastStore
  start(): Unsubscribe
}

export function createQueryClient(): QueryClient {
  const qc = new QueryClient({
    defaultOptions: {
      queries: { refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  })
  // The live sync keeps identities itself (an unchanged call or board entry is never replaced),
  // so react-query's deep compare on every write would only cost: it walked the whole board and
  // each call's timeline many times a second. Keys written here, not only in the query options,
  // because most calls' keys are written before (or without) any component observing them.
  // bench 2026-12-03 (2,000-call board scrolled under ~170 events/s, 3 runs each): main-thread
  // CPU 10.1–11.5 ms/frame with sharing off, 10.6–32.8 with it on (two runs of three at 33).
  for (const queryKey of [deskKeys.board(), deskKeys.mpcs()]) {
    qc.setQueryDefaults(queryKey, { structuralSharing: false })
  }
  return qc
}

export function createDeskRuntime(
  api: DeskApi,
  options: { queryClient?: QueryClient; clock?: Clock; toasts?: ToastStore } = {},
): DeskRuntime {
  const queryClient = options.queryClient ?? createQueryClient()
  const clock = options.clock ?? createTickingClock()
  const sync = new LiveSync(api, queryClient, () => clock.now())
  const connection = new ConnectionStore(api)
  return {
    api,
    queryClient,
    sync,
    connection,
    clock,
    toasts: options.toasts ?? createToastStore(),
    start() {
      const stops = [
        sync.start(),
        connection.start(),
        // Back to live after an outage: patches may have been missed while the link was down,
        // so take a fresh snapshot (cheap, and the buffer keeps the patches in between).
        connection.onChange((prev, next) => {
          if (prev && prev.status !== 'live' && next.status === 'live') {
            void queryClient.invalidateQueries({ queryKey: deskKeys.snapshot() })
          }
        }),
      ]
      return () => stops.forEach((stop) => stop())
    },
  }
}

const RuntimeContext = createContext<DeskRuntime | null>(null)

export function DeskRuntimeProvider({
  runtime,
  children,
}: {
  runtime: DeskRuntime
  children: ReactNode
}) {
  return (
    <RuntimeContext.Provider value={runtime}>
      <QueryClientProvider client={runtime.queryClient}>
        <ClockContext.Provider value={runtime.clock}>
          <ToastContext.Provider value={runtime.toasts}>{children}</ToastContext.Provider>
        </ClockContext.Provider>
      </QueryClientProvider>
    </RuntimeContext.Provider>
  )
}

export function useDeskRuntime(): DeskRuntime {
  const runtime = useContext(RuntimeContext)
  if (!runtime) throw new Error('useDeskRuntime outside DeskRuntimeProvider')
  return runtime
}

export function useDeskApi(): DeskApi {
  return useDeskRuntime().api
}

/** The connection state main reports (null before the first); re-renders the caller on change. */
export function useConnection(): ConnectionState | null {
  const { connection } = useDeskRuntime()
  return useSyncExternalStore(connection.subscribe, connection.getSnapshot)
}
