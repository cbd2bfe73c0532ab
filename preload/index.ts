/**
 * The Electron preload (DESIGN §6): exposes the one typed `DeskApi` as `window.desk` over an
 * ipcRenderer transport. Runs sandboxed with context isolation, so it exposes plain functions
 * only — never `ipcRenderer` itself, never an IPC event.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { createDeskApi } from './api'
import { createIpcTransport } from './ipc-transport'

const desk = createDeskApi(createIpcTransport(ipcRenderer))

contextBridge.exposeInMainWorld('desk', desk)
