/**
 * Every query key of the renderer, only through these `queryOptions` factories (STYLE.md).
 *
 * Socket-fed data never goes stale by time (`staleTime: Infinity`) and is never garbage
 * collected while the call lives (`gcTime: Infinity`): a card scrolled out of the virtualised
 * board has no observer, yet its call must still be there when it scrolls back. Keys fed only by
 * `setQueryData` use `skipToken`: nothing to fetch, the snapshot and the patches fill them.
 */
import { queryOptions, skipToken } from '@tanstack/react-query'
import type {
  Alert,
  MpcSource,
  AuditEntry,
  Command,
  DeskApi,
  DeskError,
  HandOff,
  MyPresence,
  PublicSettings,
  UpdateStatus,
} from '../../../preload/api'
import type { MpcState, Role } from '../../../preload/domain'
import type { BoardEntry } from './attention'
import { newestFirst } from './audit-order'
import type { PendingOp } from './optimistic'

export const deskKeys = {
  all: ['desk'] as const,
  snapshot: () => ['desk', 'snapshot'] as const,
  board: () => ['desk', 'board'] as const,
  mpcs: () => ['desk', 'mpc'] as const,
  mpc: (mpcUuid: string) => ['desk', 'mpc', mpcUuid] as const,
  mine: () => ['desk', 'mine'] as const,
  alerts: () => ['desk', 'alerts'] as const,
  handOffs: () => ['desk', 'hand-offs'] as const,
  /** Audit ids of the settled hand-offs the supervisor dismissed from their cards. */
  dismissedHandOffs: () => ['desk', 'hand-offs', 'dismissed'] as const,
  sources: () => ['desk', 'source'] as const,
  source: (mpcUuid: string) => ['desk', 'source', mpcUuid] as const,
  /** All pending ops in one key (by call), so settling them never scans the whole cache. */
  pending: () => ['desk', 'pending'] as const,
  failure: (mpcUuid: string) => ['desk', 'failure', mpcUuid] as const,
  settings: () => ['settings'] as const,
  audit: () => ['audit'] as const,
  update: () => ['update'] as const,
}

/** What the snapshot query itself holds: the snapshot's contents go to the narrower keys. */
export interface SnapshotMeta {
  seq: number
  /** When main produced the snapshot. */
  at: number
}

/** The last command that failed on a call, shown inline on its card until dismissed. */
export interface CommandFailure {
  command: Command
  error: DeskError
  at: number
  /** Member commands: the member's role when the command was issued. */
  memberRole?: Role
}

const live = { staleTime: Infinity, gcTime: Infinity } as const

export function snapshotQuery(load: () => Promise<SnapshotMeta>) {
  return queryOptions({
    queryKey: deskKeys.snapshot(),
    queryFn: load,
    ...live,
    retry: 3,
    retryDelay: (attempt: number) => Math.min(500 * 2 ** attempt, 5000),
  })
}

export function boardQuery() {
  return queryOptions<BoardEntry[]>({ queryKey: deskKeys.board(), queryFn: skipToken, ...live })
}

export function mpcQuery(mpcUuid: string) {
  return queryOptions<MpcState>({ queryKey: deskKeys.mpc(mpcUuid), queryFn: skipToken, ...live })
}

export function mineQuery() {
  return queryOptions<MyPresence[]>({ queryKey: deskKeys.mine(), queryFn: skipToken, ...live })
}

export function handOffsQuery() {
  return queryOptions<HandOff[]>({ queryKey: deskKeys.handOffs(), queryFn: skipToken, ...live })
}

export function dismissedHandOffsQuery() {
  return queryOptions<string[]>({
    queryKey: deskKeys.dismissedHandOffs(),
    queryFn: skipToken,
    ...live,
  })
}

export function alertsQuery() {
  return queryOptions<Alert[]>({ queryKey: deskKeys.alerts(), queryFn: skipToken, ...live })
}

/** Pending optimistic ops by call uuid; cards select their own. */
export type PendingOps = Record<string, PendingOp[]>

/**
 * Where one call's data came from and when (hosts may not send it). Per call, like the call
 * itself: a patch touches a handful of calls, and one shared map would be copied whole each time.
 */
export function sourceQuery(mpcUuid: string) {
  return queryOptions<MpcSource>({
    queryKey: deskKeys.source(mpcUuid),
    queryFn: skipToken,
    ...live,
  })
}

export function pendingQuery() {
  return queryOptions<PendingOps>({
    queryKey: deskKeys.pending(),
    queryFn: skipToken,
    ...live,
  })
}

export function failureQuery(mpcUuid: string) {
  return queryOptions<CommandFailure | null>({
    queryKey: deskKeys.failure(mpcUuid),
    queryFn: skipToken,
    ...live,
  })
}

export function settingsQuery(api: DeskApi) {
  return queryOptions<PublicSettings>({
    queryKey: deskKeys.settings(),
    queryFn: () => api.settings.get(),
    staleTime: Infinity,
  })
}

/** Fed by `update:status` pushes after the first read (update-status.ts). */
export function updateStatusQuery(api: DeskApi) {
  return queryOptions<UpdateStatus>({
    queryKey: deskKeys.update(),
    queryFn: () => api.updates.status(),
    staleTime: Infinity,
  })
}

export function auditQuery(api: DeskApi) {
  return queryOptions<AuditEntry[]>({
    queryKey: deskKeys.audit(),
    // Main lists oldest first; the renderer keeps one order, on load and as entries arrive.
    queryFn: async () => newestFirst(await api.audit.list()),
    staleTime: Infinity,
    gcTime: Infinity,
  })
}
