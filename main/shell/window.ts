/**
 * The desk's one window (1280×800, at least 1024×640) with the Electron security checklist
 * written out, even where it matches the defaults, so a reader (or a future default change)
 * cannot miss it: context isolation, sandbox, no Node in the page, no webview, web security.
 * The same webPreferences in tests and production: e2e must exercise the real bridge.
 */
import { BrowserWindow, session } from 'electron'
import { contentSecurityPolicy } from '../hosts/csp'
import { APP_ENTRY_URL, type AppOrigins } from './app-origin'
import { hardenWebContents } from './harden'

export interface WindowOptions {
  preloadPath: string
  origins: AppOrigins
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Supervisor Desk',
    backgroundColor: '#111418',
    autoHideMenuBar: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  })
  hardenWebContents(window.webContents, options.origins)
  window.once('ready-to-show', () => window.show())

  const dev = options.origins.devServerUrl
  if (dev) {
    // The dev server does not send our CSP; add it to its responses.
    const csp = contentSecurityPolicy({ devServerOrigin: new URL(dev).origin })
    session.defaultSession.webRequest.onHeadersReceived(
      { urls: [`${new URL(dev).origin}/*`] },
      (details, callback) => {
        callback({
          responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
        })
      },
    )
    void window.loadURL(dev)
  } else {
    void window.loadURL(APP_ENTRY_URL)
  }
  return window
}
