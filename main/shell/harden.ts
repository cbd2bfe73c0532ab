/**
 * Every guard a web contents gets, in one place (STYLE.md "Main process"): navigation away from
 * the app, redirects, window.open (http(s) links go to the system browser, nothing opens in
 * the app), <webview> attachment, and permission requests (all denied: the desk needs none —
 * desktop notifications are shown by main, not the page).
 *
 * `installWebContentsBackstop` applies the same to every web contents the app ever creates,
 * so a contents created some other way cannot slip past.
 */
import type { App, Session, WebContents } from 'electron'
import { isAppUrl, type AppOrigins } from './app-origin'
import { openExternalWebUrl } from './external-links'

const hardened = new WeakSet<WebContents>()

export function hardenWebContents(contents: WebContents, origins: AppOrigins): void {
  if (hardened.has(contents)) return
  hardened.add(contents)
  const refuseForeign = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url, origins)) event.preventDefault()
  }
  contents.on('will-navigate', refuseForeign)
  contents.on('will-redirect', refuseForeign)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalWebUrl(url)
    return { action: 'deny' }
  })
  hardenSession(contents.session)
}

const hardenedSessions = new WeakSet<Session>()

export function hardenSession(session: Session): void {
  if (hardenedSessions.has(session)) return
  hardenedSessions.add(session)
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

export function installWebContentsBackstop(app: App, origins: AppOrigins): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origins))
}
