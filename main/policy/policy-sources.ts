/**
 * Where IT puts a policy, one small reader per kind of place. Each reader returns the same plain
 * object (the JSON form) for `parsePolicy`, or says why it could not: a reader never throws, so
 * one broken source never stops the desk from starting.
 *
 * - a JSON file: Linux's /etc/supervisor-desk/policy.json, and the common form on every OS;
 * - macOS managed preferences (a configuration profile pushed by MDM lands as a plist in
 *   /Library/Managed Preferences): converted with `plutil -convert json`, which ships with macOS
 *   and reads binary and XML plists alike;
 * - the Windows registry under HKLM\Software\Policies\SupervisorDesk (Group Policy's place),
 *   read with `reg query /s`: values become fields, subkeys nested objects (`thresholds`).
 *
 * The file system and process calls are injected, so each reader is tested on any OS.
 */
import { execFile } from 'node:child_process'
import { access, readFile } from 'node:fs/promises'

export interface PolicyIo {
  /** Rejects with `code: 'ENOENT'` when there is no such file. */
  readFile(path: string): Promise<string>
  exists(path: string): Promise<boolean>
  /** Rejects when the command fails, with its exit `code` and `stderr` where known. */
  exec(file: string, args: readonly string[]): Promise<string>
}

/** What one source held: nothing, a raw policy object, or a problem that voids the source. */
export type SourceRead =
  | { kind: 'none' }
  | { kind: 'raw'; origin: string; raw: unknown }
  | { kind: 'problem'; origin: string; problem: string }

export const nodePolicyIo: PolicyIo = {
  readFile: (path) => readFile(path, 'utf8'),
  exists: (path) =>
    access(path).then(
      () => true,
      () => false,
    ),
  exec: (file, args) =>
    new Promise((resolve, reject) => {
      execFile(file, [...args], { timeout: 10_000, windowsHide: true }, (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr: String(stderr) }))
        else resolve(String(stdout))
      })
    }),
}

const errorCode = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
const errorText = (error: unknown): string => {
  const stderr =
    typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : ''
  return stderr.trim() || (error instanceof Error ? error.message : String(error))
}

export async function readJsonSource(path: string, io: PolicyIo): Promise<SourceRead> {
  let text: string
  try {
    text = await io.readFile(path)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'none' }
    return { kind: 'problem', origin: path, problem: `cannot be read (${errorText(error)})` }
  }
  try {
    return { kind: 'raw', origin: path, raw: JSON.parse(text) }
  } catch (error) {
    return { kind: 'problem', origin: path, problem: `is not valid JSON (${errorText(error)})` }
  }
}

export async function readPlistSource(path: string, io: PolicyIo): Promise<SourceRead> {
  if (!(await io.exists(path))) return { kind: 'none' }
  let json: string
  try {
    json = await io.exec('/usr/bin/plutil', ['-convert', 'json', '-o', '-', '--', path])
  } catch (error) {
    return { kind: 'problem', origin: path, problem: `cannot be read (${errorText(error)})` }
  }
  try {
    return { kind: 'raw', origin: path, raw: JSON.parse(json) }
  } catch (error) {
    return { kind: 'problem', origin: path, problem: `gave no JSON (${errorText(error)})` }
  }
}

/** `reg` prints this (exit code 1) when the key does not exist: no policy, not a problem. */
const REG_NOT_FOUND = /unable to find the specified registry key/i

export async function readRegistrySource(key: string, io: PolicyIo): Promise<SourceRead> {
  let out: string
  try {
    // /reg:64: the 64-bit view whatever the process, where Group Policy writes.
    out = await io.exec('reg', ['query', key, '/s', '/reg:64'])
  } catch (error) {
    if (REG_NOT_FOUND.test(errorText(error))) return { kind: 'none' }
    return { kind: 'problem', origin: key, problem: `cannot be read (${errorText(error)})` }
  }
  const raw = parseRegQuery(out, key)
  return Object.keys(raw).length === 0 ? { kind: 'none' } : { kind: 'raw', origin: key, raw }
}

const VALUE_LINE = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/

/**
 * `reg query <key> /s` output as a plain object: each value by name under its key; a subkey's
 * values under the subkey's name. DWORD and QWORD values are numbers; strings stay strings.
 * The unnamed default value and types a policy has no use for (binary, multi-string) are skipped.
 */
export function parseRegQuery(output: string, rootKey: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  const rootName = rootKey.toLowerCase().replace(/^hklm\\/, 'hkey_local_machine\\')
  // Where the values that follow go; undefined under a key outside the root.
  let target: Record<string, unknown> | undefined = root
  for (const line of output.split(/\r?\n/)) {
    if (line.startsWith('HKEY_')) {
      const key = line.trim()
      target = key.toLowerCase().startsWith(rootName) ? root : undefined
      const relative = key.slice(rootName.length).replace(/^\\/, '')
      if (!target || relative === '') continue
      for (const part of relative.split('\\')) {
        const next: unknown = target[part]
        target = (typeof next === 'object' && next !== null ? next : (target[part] = {})) as Record<
          string,
          unknown
        >
      }
      continue
    }
    const match = VALUE_LINE.exec(line)
    if (!match || !target) continue
    const [, name = '', type = '', data = ''] = match
    if (name === '(Default)') continue
    if (type === 'REG_DWORD' || type === 'REG_QWORD') target[name] = Number.parseInt(data, 16)
    else if (type === 'REG_SZ' || type === 'REG_EXPAND_SZ') target[name] = data
  }
  return root
}
