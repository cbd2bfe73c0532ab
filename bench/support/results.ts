/** Where benchmark results go: JSON files under bench/results/ (ignored by git). */
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from './child'

export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results')

/** What the numbers were measured on: they mean little without it. */
export function machineInfo(): Record<string, unknown> {
  const cpu = cpus()
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadavgAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  }
}

/** Writes `<name>.json` (latest) and `<name>-<timestamp>.json` (history); returns the path. */
export async function writeResult(
  name: string,
  result: unknown,
  dir = RESULTS_DIR,
): Promise<string> {
  await mkdir(dir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const body = JSON.stringify(
    { benchmark: name, at: new Date().toISOString(), machine: machineInfo(), result },
    null,
    2,
  )
  const path = join(dir, `${name}-${stamp}.json`)
  await writeFile(path, body)
  await writeFile(join(dir, `${name}.json`), body)
  return path
}
