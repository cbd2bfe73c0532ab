/**
 * The desk's managed policy: every place IT may have put one on this OS, read, checked and
 * merged. The JSON file comes first, the OS's own mechanism (MDM profile, Group Policy) after it
 * and wins field by field, because that is the channel IT manages seats through.
 *
 * A policy is read once at launch: a changed policy applies at the next start, like every
 * managed desktop app. What was wrong is returned (and logged by the host), never thrown.
 */
import { join, win32 } from 'node:path'
import { mergePolicies, parsePolicy, type PolicyValues } from './policy-schema'
import {
  nodePolicyIo,
  readJsonSource,
  readPlistSource,
  readRegistrySource,
  type PolicyIo,
  type SourceRead,
} from './policy-sources'

export const APP_ID = 'com.supervisordesk.desk'
export const LINUX_POLICY_FILE = '/etc/supervisor-desk/policy.json'
export const MAC_POLICY_FILE = '/Library/Application Support/SupervisorDesk/policy.json'
export const MAC_MANAGED_PREFERENCES = '/Library/Managed Preferences'
export const WINDOWS_POLICY_KEY = 'HKLM\\Software\\Policies\\SupervisorDesk'

export interface Policy {
  values: PolicyValues
  /** Each value (or source) ignored, and why; empty when all was well. */
  problems: string[]
  /** Where the policy came from, for the log. */
  sources: string[]
}

export const NO_POLICY: Policy = { values: {}, problems: [], sources: [] }

type Reader = () => Promise<SourceRead>

export interface PolicyLocationOptions {
  platform: NodeJS.Platform
  io: PolicyIo
  env?: NodeJS.ProcessEnv
  /** The OS user, for macOS's per-user managed preferences. */
  user?: string
}

/** The readers for this OS, lowest precedence first. */
export function policyReaders(options: PolicyLocationOptions): Reader[] {
  const { io } = options
  switch (options.platform) {
    case 'darwin': {
      const plist = (dir: string) => () => readPlistSource(join(dir, `${APP_ID}.plist`), io)
      return [
        () => readJsonSource(MAC_POLICY_FILE, io),
        plist(MAC_MANAGED_PREFERENCES),
        // A profile scoped to one user lands in their own folder and is the more specific one.
        ...(options.user ? [plist(join(MAC_MANAGED_PREFERENCES, options.user))] : []),
      ]
    }
    case 'win32': {
      const programData = options.env?.ProgramData ?? 'C:\\ProgramData'
      return [
        () => readJsonSource(win32.join(programData, 'SupervisorDesk', 'policy.json'), io),
        () => readRegistrySource(WINDOWS_POLICY_KEY, io),
      ]
    }
    default:
      return [() => readJsonSource(LINUX_POLICY_FILE, io)]
  }
}

export interface ReadPolicyOptions extends Partial<PolicyLocationOptions> {
  /** Read only this JSON file instead of the OS's places (the web host's `--policy`). */
  file?: string
}

export async function readPolicy(options: ReadPolicyOptions = {}): Promise<Policy> {
  const io = options.io ?? nodePolicyIo
  const readers = options.file
    ? [() => readJsonSource(options.file as string, io)]
    : policyReaders({
        platform: options.platform ?? process.platform,
        io,
        env: options.env ?? process.env,
        ...(options.user ? { user: options.user } : {}),
      })
  const parts: PolicyValues[] = []
  const problems: string[] = []
  const sources: string[] = []
  for (const read of readers) {
    const found = await read()
    if (found.kind === 'none') continue
    sources.push(found.origin)
    if (found.kind === 'problem') {
      problems.push(`${found.origin} ${found.problem}: none of it was applied.`)
      continue
    }
    const parsed = parsePolicy(found.raw, found.origin)
    parts.push(parsed.values)
    problems.push(...parsed.problems)
  }
  return { values: mergePolicies(parts), problems, sources }
}

/** What a host says about the policy at launch (the log, the web host's console). */
export function policyLines(policy: Policy): string[] {
  if (policy.sources.length === 0) return []
  return [
    `Managed policy from ${policy.sources.join(', ')}.`,
    ...policy.problems.map((problem) => `Managed policy problem: ${problem}`),
  ]
}
