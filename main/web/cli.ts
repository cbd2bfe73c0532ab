/**
 * `npm run web`: the desk in your browser (DESIGN §6). See web-options.ts for the flags.
 */
import { runWebCommand } from './web-command'

runWebCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `The web host failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exit(1)
  },
)
