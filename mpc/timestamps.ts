/**
 * Plivo's time format (plivo-mpc.md §1.1, §2.3): `YYYY-MM-DD HH:mm:ss±hh:mm`, e.g.
 * `2020-12-24 09:20:03+00:00`.
 *
 * Parsing is lenient about what Plivo is known or likely to send: fractional seconds, `Z`, an ISO
 * `T` separator, offsets written `±hh:mm`, `±hhmm` or `±hh`, and no offset at all (read as UTC:
 * Plivo's clocks are UTC and some of its timestamps, e.g. `SessionStart`, carry no offset).
 * Anything that is not a real calendar time (month 13, 31 April, 24:00) is refused.
 */

const PLIVO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:\s*(Z|[+-]\d{2}(?::?\d{2})?))?$/i

function daysInMonth(year: number, month: number): number {
  // The Gregorian calendar repeats every 400 years; shift into a range Date.UTC reads literally.
  return new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate()
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
  if (hours > 23 || minutes > 59) return undefined
  return sign * (hours * 60 + minutes)
}

/**
 * Epoch milliseconds for a Plivo timestamp, or undefined when it is not one — a missing field
 * (`params.EventTimestamp` may be undefined) included.
 */
export function parsePlivoTime(text: string | undefined): number | undefined {
  if (typeof text !== 'string') return undefined
  const match = PLIVO_TIME.exec(text.trim())
  if (!match) return undefined
  const [, y, mo, d, h, mi, s, frac, zone] = match
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  const offset = offsetMinutes(zone)
  if (offset === undefined) return undefined
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000)
  const utc = new Date(0)
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  utc.setUTCFullYear(year, month - 1, day)
  utc.setUTCHours(hour, minute, second, millis)
  return utc.getTime() - offset * 60_000
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `YYYY-MM-DD HH:mm:ss+00:00` (UTC, whole seconds, as Plivo writes it). */
export function formatPlivoTime(ms: number): string {
  const date = new Date(ms)
  if (!Number.isFinite(ms) || Number.isNaN(date.getTime())) {
    throw new RangeError(`not a time: ${String(ms)}`)
  }
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}+00:00`
  )
}
