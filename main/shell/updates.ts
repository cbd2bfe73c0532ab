/**
 * electron-updater over the update gate: the thin, Electron-only part of updates. It downloads
 * in the background from the chosen feed (update-feed.ts) and tells the gate when a version is
 * ready; only the gate (update-gate.ts) decides when `quitAndInstall` may run. An update not
 * installed by a restart is installed when the desk quits.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type pino from 'pino'
import electronUpdater from 'electron-updater'
import { createUpdateGate, type UpdateGate } from '../services/update-gate'
import type { UpdateFeed } from '../services/update-feed'

/** How often a running desk looks for a new version. */
export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000

/** Whether the packaged app carries a feed from its build. */
export function hasBuiltInFeed(resourcesPath: string): boolean {
  return existsSync(join(resourcesPath, 'app-update.yml'))
}

export interface RunningUpdates {
  gate: UpdateGate
  stop(): void
}

export function startUpdates(feed: UpdateFeed, log: pino.Logger): RunningUpdates {
  if (feed.kind === 'off') {
    log.info(`updates off: ${feed.reason}`)
    // electron-updater is not even loaded: its getter builds an updater for this OS.
    return { gate: createUpdateGate({ enabled: false, restart: () => undefined }), stop: () => {} }
  }
  const { autoUpdater } = electronUpdater
  const gate = createUpdateGate({ enabled: true, restart: () => autoUpdater.quitAndInstall() })
  if (feed.kind === 'policy') autoUpdater.setFeedURL({ provider: 'generic', url: feed.url })
  autoUpdater.logger = log
  autoUpdater.autoDownload = true
  autoUpdater.autoInstallOnAppQuit = true
  const onDownloaded = (info: { version: string }) => gate.downloaded(info.version)
  const onError = (error: Error) => log.warn({ err: error }, 'update check failed')
  autoUpdater.on('update-downloaded', onDownloaded)
  autoUpdater.on('error', onError)

  const check = () => {
    autoUpdater.checkForUpdates().catch(onError)
  }
  check()
  const timer = setInterval(check, CHECK_INTERVAL_MS)
  timer.unref()
  return {
    gate,
    stop: () => {
      clearInterval(timer)
      autoUpdater.off('update-downloaded', onDownloaded)
      autoUpdater.off('error', onError)
    },
  }
}
