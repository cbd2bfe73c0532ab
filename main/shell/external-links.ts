/**
 * The one place the app hands a URL to the operating system: http(s) only, parsed, so a
 * `file:`, `javascript:` or custom-scheme link from a page can never launch anything else.
 */
import { shell } from 'electron'

export function isExternalWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.host !== ''
  } catch {
    return false
  }
}

export async function openExternalWebUrl(url: string): Promise<boolean> {
  if (!isExternalWebUrl(url)) return false
  await shell.openExternal(url)
  return true
}
