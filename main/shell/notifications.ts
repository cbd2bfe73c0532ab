/**
 * Desktop notifications for new alerts (DESIGN §7). The services call `notify` once per alert
 * id; clicking the notification brings the desk's window to the front.
 */
import { Notification, type BrowserWindow } from 'electron'
import type { Alert } from '../../preload/api'

const TITLES: Record<Alert['kind'], string> = {
  'customer-waiting': 'Customer waiting',
  'long-hold': 'Long hold',
  'long-silence': 'Long silence',
  overtalk: 'Overtalk',
}

export function createAlertNotifier(window: () => BrowserWindow | undefined) {
  // Held until closed: a notification garbage-collected early loses its click handler.
  const shown = new Set<Notification>()
  return (alert: Alert): void => {
    if (!Notification.isSupported()) return
    const notification = new Notification({ title: TITLES[alert.kind], body: alert.message })
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
