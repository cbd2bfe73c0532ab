/**
 * Opening the desk in the user's browser: only where there is a screen to show it on, and only
 * for http(s) URLs (the one helper allowed to hand a URL to the OS, STYLE.md).
 */
import { spawn } from 'node:child_process'

/**
 * Whether a browser window could appear for this user. CI never counts; on Linux and the BSDs
 * a display server must be named; macOS and Windows sessions have one unless reached over SSH.
 */
export function hasDisplay(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (isTruthy(env.CI)) return false
  if (platform === 'darwin' || platform === 'win32') return !env.SSH_CONNECTION
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

/** The command that opens a URL with the user's default browser on this platform. */
export function openCommand(
  url: string,
  platform: NodeJS.Platform = process.platform,
): { command: string; args: string[] } {
  const parsed = new URL(url)
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`Refusing to open ${parsed.protocol} URLs: only http(s) is allowed.`)
  }
  const href = parsed.href
  if (platform === 'darwin') return { command: 'open', args: [href] }
  // rundll32 takes the URL as one argument: no shell parses it (unlike `cmd /c start`).
  if (platform === 'win32')
    return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', href] }
  return { command: 'xdg-open', args: [href] }
}

/** Opens `url` in the default browser; resolves false (never throws) when that failed. */
export function openInBrowser(
  url: string,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  let command: { command: string; args: string[] }
  try {
    command = openCommand(url, platform)
  } catch {
    return Promise.resolve(false)
  }
  return new Promise((resolve) => {
    const child = spawn(command.command, command.args, { stdio: 'ignore', detached: true })
    child.once('error', () => resolve(false))
    child.once('spawn', () => {
      child.unref()
      resolve(true)
    })
  })
}
