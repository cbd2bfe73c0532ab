/**
 * Desktop notifications for new alerts (DESIGN §7). The services call `notify` once per alert
 * id; clicking the notification brings the desk's window to the front. A notification stands
 * alone, so its text names the call (the alert's own message leaves the name to the card).
 */
import { Notification, type BrowserWindow } from 'electron'
import type { Alert } from '../../preload/api'
import { alertText } from '../services/alerts'

const TITLES: Record<Alert['kind'], string> = {
  'customer-waiting': 'Customer waiting',
  'long-hold': 'Long hold',
  'long-silence': 'Long silence',
  overtalk: 'Overtalk',
  'ai-stream-lost': 'AI agent stream lost',
}

export function createAlertNotifier(window: () => BrowserWindow | undefined) {
  // Held until closed: a notification garbage-collected early loses its click handler.
  const shown = new Set<Notification>()
  return (alert: Alert): void => {
    if (!Notification.isSupported()) return
    const notification = new Notification({ title: TITLES[alert.kind], body: alertText(alert) })
    shown.add(notification)
    notification.on('close', () => shown.delete(notification))
    notification.on('click', () => {
      shown.delete(notification)
      const win = window()
      if (!win || win.isDestroyed()) return
      if (win.isMinimized()) win.restore()
      win.focus()
    })
    notification.show()
  }
}
