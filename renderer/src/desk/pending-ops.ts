/** Writes to the one key holding every call's pending optimistic ops. */
import type { QueryClient } from '@tanstack/react-query'
import type { PendingOp } from './optimistic'
import { pendingQuery } from './queries'

/** Replaces one call's ops; a call without ops leaves the record. */
export function updateOps(
  qc: QueryClient,
  mpcUuid: string,
  update: (ops: PendingOp[]) => PendingOp[],
): void {
  qc.setQueryData(pendingQuery().queryKey, (all = {}) => {
    const before = all[mpcUuid] ?? []
    const after = update(before)
    if (after === before) return all
    const next = { ...all }
    if (after.length > 0) next[mpcUuid] = after
    else delete next[mpcUuid]
    return next
  })
}
