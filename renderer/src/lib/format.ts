/** Display formatting shared by the board, the detail view and the audit log. */
import type { Role } from '../../../preload/domain'

/** `0:07`, `12:30`, `1:02:03`: a clock-style duration, floored to whole seconds. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** How old something is, in words a banner can show: `just now`, `12 s`, `3 min`, `2 h`. */
export function formatAge(ms: number): string {
  if (ms < 2000) return 'just now'
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s} s ago`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ago`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h} h ago`
  return `${Math.floor(h / 24)} days ago`
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hourCycle: 'h23',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  hourCycle: 'h23',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

export function formatClock(at: number): string {
  return timeFormat.format(at)
}

export function formatDateTime(at: number): string {
  return dateTimeFormat.format(at)
}

export const ROLE_LABEL: Record<Role, string> = {
  customer: 'Customer',
  agent: 'Agent',
  supervisor: 'Supervisor',
  'ai-agent': 'AI agent',
}

export function roleLabel(role: Role | undefined): string {
  return role ? ROLE_LABEL[role] : 'Unknown role'
}

/** A short, stable label for an MPC without a friendly name. */
export function mpcLabel(mpc: { name?: string; mpcUuid: string }): string {
  return mpc.name && mpc.name.trim() !== '' ? mpc.name : `Call ${mpc.mpcUuid.slice(0, 8)}`
}
