/**
 * A relay benchmark keeps going when one measurement fails: the failure is recorded, announced and
 * shown under the tables, and the other measurements still report.
 */

/** A measurement that could not be made. */
export interface MeasurementFailure {
  what: string
  error: string
}

/**
 * Runs one measurement. When it throws, the failure is added to `failures` and announced with
 * `say` as `<prefix>: <what> failed: <message>`; it does not end the benchmark.
 */
export async function attemptMeasurement(
  failures: MeasurementFailure[],
  say: (line: string) => void,
  prefix: string,
  what: string,
  run: () => Promise<void>,
): Promise<void> {
  try {
    await run()
  } catch (error) {
    const failure = { what, error: error instanceof Error ? error.message : String(error) }
    failures.push(failure)
    say(`${prefix}: ${what} failed: ${failure.error}`)
  }
}

/** The lines that follow a benchmark's tables, one a failed measurement. */
export function failureLines(failures: readonly MeasurementFailure[]): string[] {
  return failures.map((f) => `  (${f.what} failed: ${f.error})`)
}
