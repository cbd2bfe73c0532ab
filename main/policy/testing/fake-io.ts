/**
 * A `PolicyIo` over an in-memory file system and scripted commands, so each OS's reader runs
 * (and fails) on any machine: macOS's plutil and Windows's reg are not on a Linux runner.
 */
import type { PolicyIo } from '../policy-sources'

export interface FakeIo extends PolicyIo {
  files: Map<string, string>
  /** Every command run, as `file arg1 arg2 …`. */
  ran: string[]
}

type Command = (args: readonly string[]) => string

export function fakeIo(
  files: Record<string, string> = {},
  commands: Record<string, Command> = {},
): FakeIo {
  const map = new Map(Object.entries(files))
  const ran: string[] = []
  const notFound = (path: string) =>
    Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' })
  return {
    files: map,
    ran,
    readFile: async (path) => {
      const text = map.get(path)
      if (text === undefined) throw notFound(path)
      return text
    },
    exists: async (path) => map.has(path),
    exec: async (file, args) => {
      ran.push([file, ...args].join(' '))
      const command = commands[file]
      if (!command) throw Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' })
      return command(args)
    },
  }
}

/** A command that fails as a process does: exit code and stderr. */
export function failing(code: number, stderr: string): Command {
  return () => {
    throw Object.assign(new Error(`Command failed with exit code ${code}`), { code, stderr })
  }
}
