/**
 * `npm run bench` — every benchmark in turn, each printing its tables (figures, and ratios to a
 * baseline measured in the same run) and writing JSON under bench/results/.
 *
 *   npm run bench                          all six, full load (several minutes)
 *   npm run bench -- --quick               all six with a tiny load (what `npm test` runs)
 *   npm run bench -- --only relay,e2e      a subset: relay, redis, e2e, memory, simulator, wallboard
 *   npm run bench -- --only memory --memory-hours 24 --memory-seats 500 --memory-scale 30
 *                                          the memory goal literally (~50 min, quiet machine)
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { runScreenBench } from './e2e/screen-bench'
import { runMemoryBench, type MemoryPlan } from './memory/memory-bench'
import { runRelayBench } from './relay/ingest-bench'
import { runScaleOutBench } from './relay/scale-out-bench'
import { runSimulatorBench } from './simulator/simulator-bench'
import { machineInfo, writeResult } from './support/results'
import { runWallboardBench } from './wallboard/wallboard-bench'

const BENCHMARKS = ['relay', 'redis', 'e2e', 'memory', 'simulator', 'wallboard'] as const
type BenchmarkName = (typeof BENCHMARKS)[number]

interface Args {
  quick: boolean
  only: BenchmarkName[]
  memory: Partial<MemoryPlan>
}

const OPTIONS = {
  quick: { type: 'boolean' },
  only: { type: 'string' },
  'memory-hours': { type: 'string' },
  'memory-seats': { type: 'string' },
  'memory-scale': { type: 'string' },
} as const

/**
 * Not `strict`: node's own errors would word an unknown option differently, so each token is
 * checked here, against the raw argument, in the order given.
 */
function parseBenchArgs(argv: string[]): Args {
  const args: Args = { quick: false, only: [...BENCHMARKS], memory: {} }
  const number = (flag: string, value: string | undefined): number => {
    const n = Number(value)
    if (value === undefined || !Number.isFinite(n) || n <= 0)
      throw new Error(`${flag} needs a positive number`)
    return n
  }
  const { tokens } = parseArgs({
    args: argv,
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  })
  for (const token of tokens) {
    const name = token.kind === 'option' && !token.inlineValue ? token.rawName : ''
    const value = token.kind === 'option' ? token.value : undefined
    switch (name) {
      case '--quick':
        args.quick = true
        break
      case '--only': {
        const names = (value ?? '').split(',').filter(Boolean)
        const unknown = names.filter((n) => !(BENCHMARKS as readonly string[]).includes(n))
        if (names.length === 0 || unknown.length > 0) {
          throw new Error(
            `--only takes a comma list of ${BENCHMARKS.join(', ')}; got "${value ?? ''}"`,
          )
        }
        args.only = names as BenchmarkName[]
        break
      }
      case '--memory-hours':
        args.memory.simMinutes = number(name, value) * 60
        args.memory.checkpointSimMin = 60
        break
      case '--memory-seats':
        args.memory.seats = number(name, value)
        break
      case '--memory-scale':
        args.memory.timeScale = number(name, value)
        break
      default:
        throw new Error(
          `unknown option ${argv[token.index] ?? ''} (options: --quick, --only, --memory-hours, --memory-seats, --memory-scale)`,
        )
    }
  }
  return args
}

interface Outcome {
  tables: string[]
}

async function runOne(
  name: BenchmarkName,
  args: Args,
  progress: (line: string) => void,
): Promise<Outcome> {
  switch (name) {
    case 'relay':
      return runRelayBench({ quick: args.quick, progress })
    case 'redis':
      return runScaleOutBench({ quick: args.quick, progress })
    case 'e2e':
      return runScreenBench({ quick: args.quick, progress })
    case 'memory':
      return runMemoryBench({ quick: args.quick, plan: args.memory, progress })
    case 'simulator':
      return runSimulatorBench({ quick: args.quick, progress })
    case 'wallboard':
      return runWallboardBench({ quick: args.quick, progress })
  }
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2))
  const machine = machineInfo()
  console.log(
    `Benchmarks (${args.quick ? 'quick' : 'full'}): ${args.only.join(', ')} — ${String(machine.cpus)} × ${String(machine.cpuModel)}, ` +
      `node ${String(machine.node)}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  )
  const progress = (line: string): void => {
    process.stderr.write(`  [${new Date().toISOString().slice(11, 19)}] ${line}\n`)
  }
  let failed = 0
  for (const name of args.only) {
    const started = Date.now()
    try {
      const outcome = await runOne(name, args, progress)
      const seconds = (Date.now() - started) / 1000
      const file = await writeResult(args.quick ? `${name}-quick` : name, {
        ...outcome,
        seconds,
        loadavgAtEnd: loadavg(),
      })
      console.log(outcome.tables.join('\n'))
      console.log(
        `  (${name}: ${seconds.toFixed(0)} s; load average now ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}; ${file})`,
      )
    } catch (error) {
      failed++
      console.error(`\n${name} benchmark failed:`, error instanceof Error ? error.message : error)
    }
  }
  if (failed > 0) process.exitCode = 1
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
