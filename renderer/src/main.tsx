/**
 * Renderer entry. In the Electron window the preload exposes `window.desk`; in a browser tab
 * (the web host) there is none, so the API runs over the web host's socket instead.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createDeskApi, type DeskApi } from '../../preload/api'
import { createWebTransport } from '../../preload/browser-transport'
import { App } from './App'
import { createDeskRuntime, DeskRuntimeProvider } from './desk/runtime'
import './styles/app.css'

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a browser tab. */
    desk?: DeskApi
  }
}

const api: DeskApi = window.desk ?? createDeskApi(createWebTransport())
const runtime = createDeskRuntime(api)
runtime.start()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <DeskRuntimeProvider runtime={runtime}>
      <App />
    </DeskRuntimeProvider>
  </StrictMode>,
)
