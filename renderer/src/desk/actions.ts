/** The supervisor's actions on calls, shared by cards, the detail view and the shortcuts. */
import { useMemo } from 'react'
import type { Command, SupervisorMode } from '../../../preload/api'
import { useConfirm } from '../shell/confirm'
import { useCommand } from './commands'

export interface CallActions {
  run(command: Command): void
  join(mpcUuid: string, mode: SupervisorMode): void
  /** Asks for confirmation first. */
  kick(mpcUuid: string, memberId: string, who: string): void
  /** Asks for confirmation first. */
  end(mpcUuid: string, name: string): void
}

export function useCallActions(): CallActions {
  const { mutate } = useCommand()
  const confirm = useConfirm()
  return useMemo<CallActions>(
    () => ({
      run: (command) => mutate(command),
      join: (mpcUuid, mode) => mutate({ type: 'join', mpcUuid, mode }),
      kick: (mpcUuid, memberId, who) =>
        confirm({
          title: `Remove ${who} from the call?`,
          body: `${who} is disconnected at once. This cannot be undone.`,
          confirmLabel: 'Remove',
          onConfirm: () => mutate({ type: 'kick', mpcUuid, memberId }),
        }),
      end: (mpcUuid, name) =>
        confirm({
          title: `End ${name}?`,
          body: 'Every participant is disconnected and the call ends for everyone.',
          confirmLabel: 'End call',
          onConfirm: () => mutate({ type: 'end', mpcUuid }),
        }),
    }),
    [mutate, confirm],
  )
}
