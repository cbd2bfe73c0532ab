import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatPlivoTime, parsePlivoTime } from './timestamps'

const T = Date.UTC(2024, 4, 1, 10, 0, 0) // 2024-05-01 10:00:00 UTC

describe('parsePlivoTime', () => {
  it.each([
    ['2024-05-01 10:00:00+00:00', T],
    ['2024-05-01 12:00:00+02:00', T],
    ['2024-05-01 04:30:00-05:30', T],
    ['2024-05-01 12:00:00+0200', T],
    ['2024-05-01 12:00:00+02', T],
    ['2024-05-01T10:00:00Z', T],
    ['2024-05-01T10:00:00z', T],
    ['2024-05-01 10:00:00', T],
    ['  2024-05-01 10:00:00+00:00 ', T],
    ['2024-05-01 10:00:00.238707', T + 238],
    ['2024-05-01 10:00:00.5+00:00', T + 500],
    ['2024-05-01T10:00:00.123Z', T + 123],
    ['2024-02-29 00:00:00+00:00', Date.UTC(2024, 1, 29)],
    ['2000-02-29 00:00:00+00:00', Date.UTC(2000, 1, 29)],
    ['0099-01-01 00:00:00+00:00', -59042995200000],
  ])('%s', (text, expected) => {
    expect(parsePlivoTime(text)).toBe(expected)
  })

  it.each([
    '',
    'null',
    'yesterday',
    '2024-05-01',
    '2024-05-01 10:00',
    '2024-13-01 10:00:00+00:00',
    '2024-00-01 10:00:00+00:00',
    '2024-04-31 10:00:00+00:00',
    '2023-02-29 10:00:00+00:00',
    '1900-02-29 10:00:00+00:00',
    '2024-05-01 24:00:00+00:00',
    '2024-05-01 10:60:00+00:00',
    '2024-05-01 10:00:60+00:00',
    '2024-05-01 10:00:00+24:00',
    '2024-05-01 10:00:00+00:60',
    '2024-05-01 10:00:00 UTC',
    '2024-5-1 10:00:00+00:00',
    '1714557600',
  ])('refuses %j', (text) => {
    expect(parsePlivoTime(text)).toBeUndefined()
  })

  it('refuses non-strings without throwing', () => {
    expect(parsePlivoTime(undefined)).toBeUndefined()
  })
})

describe('formatPlivoTime', () => {
  it('writes Plivo format in UTC, whole seconds', () => {
    expect(formatPlivoTime(T)).toBe('2024-05-01 10:00:00+00:00')
    expect(formatPlivoTime(T + 999)).toBe('2024-05-01 10:00:00+00:00')
    expect(formatPlivoTime(Date.UTC(2020, 11, 24, 9, 20, 3))).toBe('2020-12-24 09:20:03+00:00')
  })

  it('throws RangeError on a non-time', () => {
    expect(() => formatPlivoTime(Number.NaN)).toThrow(RangeError)
    expect(() => formatPlivoTime(Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })

  it('round-trips whole seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799 }), (seconds) => {
        expect(parsePlivoTime(formatPlivoTime(seconds * 1000))).toBe(seconds * 1000)
      }),
    )
  })
})
