/**
 * Where the web host keeps settings.json and the audit log by default: the folder the Electron
 * app uses as its userData (Electron names it after package.json's "name"), so both hosts share
 * the saved relay URL, account id, thresholds and audit log. Secrets are not shared: each host
 * keeps them in its own keystore.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_NAME = 'supervisor-desk'

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME)
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME)
}
