/**
 * The Electron main process: a thin shell (DESIGN §5) over the desk's services.
 *
 * Order matters: the app:// scheme is registered and the single-instance lock taken before the
 * app is ready; every web contents is hardened the moment it exists; secrets go to safeStorage
 * (or, refused, to memory — and the settings screen says so); the services start; IPC and the
 * push forwarding are wired; then the window opens. Quitting stops the services (and the
 * demo's simulator and relay) before the process exits.
 */
import { userInfo } from 'node:os'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { app, BrowserWindow, ipcMain, Menu, safeStorage, session } from 'electron'
import pino from 'pino'
import { policyLines, readPolicy } from './policy/read-policy'
import { demoCallsFromArgv } from './services/demo-size'
import { chooseUpdateFeed } from './services/update-feed'
import { withUpdateGate } from './services/update-services'
import { createDesk, createMemorySecretStore, type Desk } from './services/index'
import type { AppOrigins } from './shell/app-origin'
import { handleAppProtocol, registerAppScheme } from './shell/app-protocol'
import { hardenSession, installWebContentsBackstop } from './shell/harden'
import { forwardPushes, registerDeskIpc } from './shell/ipc'
import { buildAppMenu } from './shell/menu'
import { createAlertNotifier } from './shell/notifications'
import { createSafeSecretStore } from './shell/safe-secret-store'
import { hasBuiltInFeed, startUpdates } from './shell/updates'
import { createMainWindow } from './shell/window'

const log = pino({ name: 'desk-main', level: process.env.DESK_LOG_LEVEL ?? 'info' })
const here = fileURLToPath(new URL('.', import.meta.url))
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const origins: AppOrigins = devServerUrl ? { devServerUrl } : {}

let window: BrowserWindow | undefined
let desk: Desk | undefined

registerAppScheme()
app.enableSandbox()
installWebContentsBackstop(app, origins)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // A second launch focuses this one (or reopens its window, e.g. after closing it on macOS).
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) {
      if (desk) openWindow()
      return
    }
    if (window.isMinimized()) window.restore()
    window.focus()
  })

  app.whenReady().then(start, (error: unknown) => {
    log.fatal({ err: error }, 'the app failed to start')
    app.exit(1)
  })

  app.on('activate', () => {
    if (desk && BrowserWindow.getAllWindows().length === 0) openWindow()
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting || !desk) return
    event.preventDefault()
    quitting = true
    const running = desk
    desk = undefined
    running
      .stop()
      .catch((error: unknown) => log.error({ err: error }, 'stopping the services failed'))
      .finally(() => app.quit())
  })
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession)
  handleAppProtocol(join(here, '../renderer'))

  const userData = app.getPath('userData')
  const safe = createSafeSecretStore(safeStorage, userData)
  if (!safe.ok) {
    log.warn(
      `Secrets will be kept in memory for this session only: ${safe.reason}. ` +
        'They will have to be entered again after a restart.',
    )
  }
  const policy = await readPolicy({ user: osUser() })
  for (const line of policyLines(policy)) log.warn(line)
  desk = await createDesk({
    policy,
    secrets: safe.ok ? safe.store : createMemorySecretStore(),
    dataDir: userData,
    notify: createAlertNotifier(() => window),
    log,
    ...demoCallsOption(),
  })
  const updates = startUpdates(
    chooseUpdateFeed({
      policy: policy.values,
      packaged: app.isPackaged,
      builtIn: hasBuiltInFeed(process.resourcesPath),
    }),
    log,
  )
  // The window's services: the desk's, with the update gate in front (no restart mid-call).
  const services = await withUpdateGate(desk, updates.gate)
  registerDeskIpc(ipcMain, services, { origins, log })
  forwardPushes(services, () => window?.webContents, origins)
  Menu.setApplicationMenu(buildAppMenu({ dev: devServerUrl !== undefined }))
  openWindow()
}

/** `--calls N` from `npm start` (scripts/start.ts passes it on); a bad value is ignored, said once. */
function demoCallsOption(): { demoCalls?: number } {
  try {
    const demoCalls = demoCallsFromArgv(process.argv)
    return demoCalls !== undefined ? { demoCalls } : {}
  } catch (error) {
    log.warn(`${error instanceof Error ? error.message : String(error)}: using the saved demo size`)
    return {}
  }
}

function openWindow(): void {
  window = createMainWindow({ preloadPath: join(here, '../preload/index.cjs'), origins })
  window.on('closed', () => {
    window = undefined
  })
}

/** For macOS's per-user managed preferences; none when the OS cannot say. */
function osUser(): string | undefined {
  try {
    return userInfo().username
  } catch {
    return undefined
  }
}
