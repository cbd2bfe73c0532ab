/** Per-call subscriptions: each reads only its own keys, so one call's event re-renders one card. */
import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { Alert, HandOff, MpcSource, MyPresence } from '../../../preload/api'
import { optimisticView, type OptimisticView } from './optimistic'
import {
  alertsQuery,
  boardQuery,
  dismissedHandOffsQuery,
  handOffsQuery,
  type CommandFailure,
  failureQuery,
  mineQuery,
  mpcQuery,
  pendingQuery,
  type PendingOps,
  sourceQuery,
} from './queries'
import type { BoardEntry } from './attention'

const NO_ALERTS: Alert[] = []

export function useCallAlerts(mpcUuid: string): Alert[] {
  const { data } = useQuery({
    ...alertsQuery(),
    select: (alerts: Alert[]) => alerts.filter((a) => a.mpcUuid === mpcUuid),
  })
  return data ?? NO_ALERTS
}

export function useMyPresence(mpcUuid: string): MyPresence | undefined {
  const { data } = useQuery({
    ...mineQuery(),
    select: (mine: MyPresence[]) => mine.find((p) => p.mpcUuid === mpcUuid) ?? null,
  })
  return data ?? undefined
}

/** The call's hand-off to an agent endpoint, unless the supervisor dismissed it. */
export function useHandOff(mpcUuid: string): HandOff | undefined {
  const { data } = useQuery({
    ...handOffsQuery(),
    select: (all: HandOff[]) => all.find((h) => h.mpcUuid === mpcUuid) ?? null,
  })
  const { data: dismissed } = useQuery(dismissedHandOffsQuery())
  return data && !dismissed?.includes(data.auditId) ? data : undefined
}

/** The call as it should look now: server state with this supervisor's pending commands. */
export function useCallView(mpcUuid: string): OptimisticView | undefined {
  const { data: mpc } = useQuery(mpcQuery(mpcUuid))
  const presence = useMyPresence(mpcUuid)
  const { data: ops } = useQuery({
    ...pendingQuery(),
    select: (all: PendingOps) => all[mpcUuid] ?? null,
  })
  return useMemo(
    () => (mpc ? optimisticView(mpc, presence, ops ?? undefined) : undefined),
    [mpc, presence, ops],
  )
}

export function useCallSource(mpcUuid: string): MpcSource | undefined {
  return useQuery(sourceQuery(mpcUuid)).data
}

export function useCallFailure(mpcUuid: string): CommandFailure | null {
  return useQuery(failureQuery(mpcUuid)).data ?? null
}

const NO_ENTRIES: BoardEntry[] = []

export function useBoardEntries(): BoardEntry[] {
  return useQuery(boardQuery()).data ?? NO_ENTRIES
}
