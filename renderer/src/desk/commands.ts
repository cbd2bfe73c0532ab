/**
 * Commands as mutations: each owns its optimistic op (onMutate), its rollback with the reason
 * shown (onError) and, once Plivo accepted it, a deadline for the confirming event (onSuccess).
 */
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query'
import {
  transportFailure,
  type Command,
  type CommandOutcome,
  type DeskError,
} from '../../../preload/api'
import type { MpcState, Role } from '../../../preload/domain'
import { roleLabel } from '../lib/format'
import { useToastStore } from '../lib/toasts'
import { ACCEPTED_OP_TTL_MS, newPendingOp, type PendingOp, withOp } from './optimistic'
import { updateOps } from './pending-ops'
import { type CommandFailure, failureQuery, mpcQuery } from './queries'
import { useDeskRuntime } from './runtime'

/** A command main answered with `{ ok: false }`, or a transport that failed outright. */
export class CommandError extends Error {
  constructor(readonly deskError: DeskError) {
    super(deskError.message)
    this.name = 'CommandError'
  }
}

/** The typed reason of a failure: main's `{ ok: false }` error, or the bridge's own. */
export function toDeskError(err: unknown): DeskError {
  if (err instanceof CommandError) return err.deskError
  return transportFailure(err)
}

const VERB: Record<Exclude<Command['type'], 'join' | 'recording' | 'take-over'>, string> = {
  leave: 'Leave the call',
  mute: 'Mute',
  unmute: 'Unmute',
  hold: 'Hold',
  unhold: 'Unhold',
  kick: 'Remove',
  end: 'End the call',
}

/**
 * What a command asks for, in words (toasts, failure notes, the audit log). A member command
 * names the member by role and id ("Remove AI agent 1082"): give the role the member had when
 * the command was issued; without one it says "member 1082", never a bare number.
 */
export function describeCommand(c: Command, memberRole?: Role): string {
  switch (c.type) {
    case 'join':
      return c.mode === 'listen' ? 'Listen' : c.mode === 'coach' ? 'Coach' : 'Barge'
    case 'recording':
      return `${c.action[0]?.toUpperCase()}${c.action.slice(1)} recording`
    case 'take-over': {
      const hold = c.then === 'mute-hold' ? ' (keep it on hold)' : ''
      return c.endpoint !== undefined
        ? `Hand AI agent ${c.aiMemberId}'s call to ${c.endpoint}${hold}`
        : `Take over from AI agent ${c.aiMemberId}${hold}`
    }
    case 'mute':
    case 'unmute':
    case 'hold':
    case 'unhold':
    case 'kick':
      return `${VERB[c.type]} ${memberRole ? roleLabel(memberRole) : 'member'} ${c.memberId}`
    default:
      return VERB[c.type]
  }
}

export const COMMAND_MUTATION_KEY = ['desk', 'command'] as const

function addOp(qc: QueryClient, op: PendingOp): void {
  updateOps(qc, op.command.mpcUuid, (ops) => withOp(ops, op))
}

function removeOp(qc: QueryClient, op: PendingOp): void {
  updateOps(qc, op.command.mpcUuid, (ops) =>
    ops.some((o) => o.id === op.id) ? ops.filter((o) => o.id !== op.id) : ops,
  )
}

function markAccepted(qc: QueryClient, op: PendingOp): void {
  updateOps(qc, op.command.mpcUuid, (ops) =>
    ops.map((o) => (o.id === op.id ? { ...o, accepted: true } : o)),
  )
}

export function useCommand() {
  const { api, clock } = useDeskRuntime()
  const qc = useQueryClient()
  const toasts = useToastStore()
  return useMutation<CommandOutcome, Error, Command, { op: PendingOp; memberRole?: Role }>({
    mutationKey: COMMAND_MUTATION_KEY,
    mutationFn: async (command) => {
      const result = await api.command(command)
      if (!result.ok) throw new CommandError(result.error)
      return result.value
    },
    onMutate: (command) => {
      const op = newPendingOp(command, clock.now())
      addOp(qc, op)
      qc.setQueryData(failureQuery(command.mpcUuid).queryKey, null)
      // The role as the supervisor saw it when acting: a failure may come after the member left.
      const memberRole =
        'memberId' in command
          ? qc.getQueryData<MpcState>(mpcQuery(command.mpcUuid).queryKey)?.participants[
              command.memberId
            ]?.role
          : undefined
      return { op, ...(memberRole !== undefined ? { memberRole } : {}) }
    },
    onError: (err, command, context) => {
      if (context) removeOp(qc, context.op)
      const error = toDeskError(err)
      const memberRole = context?.memberRole
      const failure: CommandFailure = {
        command,
        error,
        at: clock.now(),
        ...(memberRole !== undefined ? { memberRole } : {}),
      }
      qc.setQueryData(failureQuery(command.mpcUuid).queryKey, failure)
      toasts.push('error', `${describeCommand(command, memberRole)} failed: ${error.message}`)
    },
    onSuccess: (_outcome, _command, context) => {
      markAccepted(qc, context.op)
      // If the confirming event never comes, stop pretending: the server's state shows.
      setTimeout(() => removeOp(qc, context.op), ACCEPTED_OP_TTL_MS)
    },
  })
}
