/**
 * The desk's update status for the header, and the restart it offers (main's update gate
 * refuses a restart while the supervisor is on a call, so a stale button cannot cause one).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { toDeskError } from './commands'
import { deskKeys, updateStatusQuery } from './queries'
import { useDeskApi } from './runtime'
import { useToastStore } from '../lib/toasts'

export function useUpdateStatus() {
  const api = useDeskApi()
  const qc = useQueryClient()
  const toasts = useToastStore()
  const status = useQuery(updateStatusQuery(api))
  useEffect(
    () => api.updates.onStatus((next) => qc.setQueryData(deskKeys.update(), next)),
    [api, qc],
  )
  const restart = useMutation({
    mutationFn: async () => {
      const result = await api.updates.restart()
      if (!result.ok) throw Object.assign(new Error(result.error.message), { error: result.error })
    },
    onError: (err) => toasts.push('error', toDeskError(err).message),
  })
  return { status: status.data, restart: () => restart.mutate(), restarting: restart.isPending }
}
