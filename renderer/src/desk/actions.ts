/** The supervisor's actions on calls, shared by cards, the detail view and the shortcuts. */
import { type QueryClient, useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { Command, MyPresence, SupervisorMode, TakeOverThen } from '../../../preload/api'
import type { MpcState } from '../../../preload/domain'
import { useConfirm } from '../shell/confirm'
import { useCommand } from './commands'
import { mineQuery, mpcQuery } from './queries'
import { type RemovalWarning, removalOutcome, removalWarning } from './removal'

/**
 * What removing this member does to the call, from the call as the desk knows it at the click
 * (element defaults for the flags the desk cannot know: see `removal.ts`).
 */
function kickWarning(
  qc: QueryClient,
  mpcUuid: string,
  memberId: string,
  who: string,
): RemovalWarning {
  const mpc = qc.getQueryData<MpcState>(mpcQuery(mpcUuid).queryKey)
  if (!mpc) return { endsCall: false, text: `${who} is disconnected at once.` }
  const mine = qc.getQueryData<MyPresence[]>(mineQuery().queryKey)
  const selfMemberId = mine?.find((p) => p.mpcUuid === mpcUuid)?.memberId
  const context = selfMemberId !== undefined ? { selfMemberId } : {}
  return removalWarning(removalOutcome(mpc, memberId, context), who, context)
}

export interface CallActions {
  run(command: Command): void
  join(mpcUuid: string, mode: SupervisorMode): void
  /** Barge in and take the AI member off the line (kick it, or mute and hold it). */
  takeOver(mpcUuid: string, aiMemberId: string, then: TakeOverThen): void
  /** Asks for confirmation first. */
  kick(mpcUuid: string, memberId: string, who: string): void
  /** Asks for confirmation first. */
  end(mpcUuid: string, name: string): void
}

export function useCallActions(): CallActions {
  const { mutate } = useCommand()
  const confirm = useConfirm()
  const qc = useQueryClient()
  return useMemo<CallActions>(
    () => ({
      run: (command) => mutate(command),
      join: (mpcUuid, mode) => mutate({ type: 'join', mpcUuid, mode }),
      takeOver: (mpcUuid, aiMemberId, then) =>
        mutate({ type: 'take-over', mpcUuid, aiMemberId, then }),
      kick: (mpcUuid, memberId, who) => {
        const warning = kickWarning(qc, mpcUuid, memberId, who)
        confirm({
          title: `Remove ${who} from the call?`,
          body: `${warning.text} This cannot be undone.`,
          confirmLabel: warning.endsCall ? 'Remove and end call' : 'Remove',
          onConfirm: () => mutate({ type: 'kick', mpcUuid, memberId }),
        })
      },
      end: (mpcUuid, name) =>
        confirm({
          title: `End ${name}?`,
          body: 'Every participant is disconnected and the call ends for everyone.',
          confirmLabel: 'End call',
          onConfirm: () => mutate({ type: 'end', mpcUuid }),
        }),
    }),
    [mutate, confirm, qc],
  )
}
