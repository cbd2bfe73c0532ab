/**
 * The one shared `electron` mock for shell tests (STYLE.md "Tests"): the Electron binary is not
 * available in Node, so tests do `vi.mock('electron', () => import('./test/electron-mock'))`.
 *
 * Only what the shell uses, with enough behaviour to observe it: ipcMain keeps its handlers so
 * a test can invoke them with a fake event; safeStorage encrypts reversibly and can be told to
 * be unavailable or to report a Linux backend.
 */
type Handler = (event: unknown, ...args: unknown[]) => unknown

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, handler)
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  },
  /** Test helper: call a registered handler as Electron would. */
  async invoke(channel: string, event: unknown, payload: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return handler(event, payload)
  },
}

export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable(): boolean {
    return this.available
  },
  getSelectedStorageBackend(): string {
    return this.backend
  },
  encryptString(text: string): Buffer {
    // Reversible but not plain: tests check the file never holds the secret as text.
    return Buffer.from([...Buffer.from(text, 'utf8')].map((b) => b ^ 0x5a))
  },
  decryptString(data: Buffer): string {
    return Buffer.from([...data].map((b) => b ^ 0x5a)).toString('utf8')
  },
}

export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    this.opened.push(url)
  },
}

export const app = {}
export const protocol = {}
export const net = {}
export const session = {}
export const BrowserWindow = class {}
export const Menu = {}
export const Notification = class {}
export const contextBridge = {}
export const ipcRenderer = {}
export default { ipcMain, safeStorage, shell, app, protocol, net, session }
