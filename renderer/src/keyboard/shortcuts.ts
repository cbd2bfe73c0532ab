/**
 * Every keyboard shortcut, in one list: the handler dispatches from it and the help overlay
 * shows it, so the two cannot disagree.
 */
export const SHORTCUT_ACTIONS = [
  'next-call',
  'prev-call',
  'open-call',
  'next-member',
  'prev-member',
  'listen',
  'coach',
  'barge',
  'take-over',
  'take-over-hold',
  'leave',
  'mute',
  'hold',
  'kick',
  'recording',
  'pause-recording',
  'end',
  'search',
  'alerts-only',
  'pause-sorting',
  'view-board',
  'view-audit',
  'view-settings',
  'view-wallboard',
  'theme',
  'help',
  'close',
] as const
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number]

export interface Shortcut {
  action: ShortcutAction
  /** `KeyboardEvent.key` values that trigger it. */
  keys: string[]
  label: string
  group: 'Move' | 'Join' | 'Participant' | 'Call' | 'App'
}

export const SHORTCUTS: Shortcut[] = [
  { action: 'next-call', keys: ['j', 'ArrowDown'], label: 'Next call', group: 'Move' },
  { action: 'prev-call', keys: ['k', 'ArrowUp'], label: 'Previous call', group: 'Move' },
  { action: 'open-call', keys: ['Enter', 'o'], label: 'Open the call’s details', group: 'Move' },
  { action: 'next-member', keys: [']'], label: 'Next participant', group: 'Move' },
  { action: 'prev-member', keys: ['['], label: 'Previous participant', group: 'Move' },
  { action: 'listen', keys: ['l'], label: 'Listen (or switch to listen)', group: 'Join' },
  { action: 'coach', keys: ['c'], label: 'Coach (or switch to coach)', group: 'Join' },
  { action: 'barge', keys: ['b'], label: 'Barge (or switch to barge)', group: 'Join' },
  {
    action: 'take-over',
    keys: ['T'],
    label: 'Take over from the AI agent (barge in, then remove the AI)',
    group: 'Join',
  },
  {
    action: 'take-over-hold',
    keys: ['H'],
    label: 'Take over from the AI agent, keeping it muted and on hold',
    group: 'Join',
  },
  { action: 'leave', keys: ['q'], label: 'Leave the call', group: 'Join' },
  { action: 'mute', keys: ['m'], label: 'Mute / unmute the participant', group: 'Participant' },
  { action: 'hold', keys: ['h'], label: 'Hold / unhold the participant', group: 'Participant' },
  {
    action: 'kick',
    keys: ['x'],
    label: 'Remove the participant (asks first)',
    group: 'Participant',
  },
  { action: 'recording', keys: ['r'], label: 'Start / stop recording', group: 'Call' },
  { action: 'pause-recording', keys: ['p'], label: 'Pause / resume recording', group: 'Call' },
  { action: 'end', keys: ['e'], label: 'End the call (asks first)', group: 'Call' },
  { action: 'search', keys: ['/'], label: 'Search calls', group: 'App' },
  { action: 'alerts-only', keys: ['a'], label: 'Show only calls with alerts', group: 'App' },
  {
    action: 'pause-sorting',
    keys: ['s'],
    label: 'Pause / resume sorting the board',
    group: 'App',
  },
  { action: 'view-board', keys: ['1'], label: 'Board', group: 'App' },
  { action: 'view-audit', keys: ['2'], label: 'Audit log', group: 'App' },
  { action: 'view-settings', keys: ['3'], label: 'Settings', group: 'App' },
  { action: 'view-wallboard', keys: ['4'], label: 'Wallboard', group: 'App' },
  { action: 'theme', keys: ['t'], label: 'Switch theme (system / light / dark)', group: 'App' },
  { action: 'help', keys: ['?'], label: 'Show this help', group: 'App' },
  { action: 'close', keys: ['Escape'], label: 'Close the dialog, help or details', group: 'App' },
]

const BY_KEY = new Map<string, ShortcutAction>(
  SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.action] as const)),
)

/** True where keys are text: no shortcut may fire there. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT'
}

/** The action a key press means, or null (modifiers, typing, unknown keys). */
export function shortcutFor(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>,
): ShortcutAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null
  if (isTypingTarget(e.target)) return null
  // Enter on a button or link activates it; it must not also open the focused call.
  if (e.key === 'Enter' && e.target instanceof HTMLElement && e.target.closest('button, a'))
    return null
  return BY_KEY.get(e.key) ?? null
}

/** How a key is shown in the help overlay. */
export function keyLabel(key: string): string {
  switch (key) {
    case 'ArrowDown':
      return '↓'
    case 'ArrowUp':
      return '↑'
    case 'Escape':
      return 'Esc'
    default:
      // Shift+letter is its own shortcut (T takes over, t switches theme): say so.
      return /^[A-Z]$/.test(key) ? `Shift+${key}` : key
  }
}
