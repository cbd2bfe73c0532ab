/** For the quick benchmark tests: every figure a run produced is a finite, positive number. */
import { expect } from 'vitest'

export function expectPositive(figures: Record<string, number>): void {
  for (const [name, value] of Object.entries(figures)) {
    expect(Number.isFinite(value), `${name} = ${value} is not finite`).toBe(true)
    expect(value, `${name} is not positive`).toBeGreaterThan(0)
  }
}
