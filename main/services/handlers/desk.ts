/**
 * The `desk:` channels: the board's picture now (the renderer's start, and after a reconnect),
 * the connection banner's state, and the supervisor's commands.
 */
import type { CommandRunner } from '../commands'
import type { ConnectionTracker } from '../connection-state'
import type { DeskState } from '../desk-state'
import type { DomainHandlers } from '../desk-services'

export function deskHandlers(deps: {
  state: DeskState
  connection: ConnectionTracker
  commands: CommandRunner
}): DomainHandlers<'desk'> {
  return {
    'desk:snapshot': async () => deps.state.snapshot(),
    'desk:connection': async () => deps.connection.current(),
    'desk:command': (command) => deps.commands.run(command),
  }
}
