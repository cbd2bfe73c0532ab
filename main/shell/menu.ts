/**
 * The application menu: the standard roles (so copy/paste, zoom, full screen and quit work with
 * the usual shortcuts on every platform), developer tools only in development, and no item that
 * loads anything from the network.
 */
import { app, Menu, type MenuItemConstructorOptions } from 'electron'

export function buildAppMenu(options: { dev: boolean }): Menu {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: '&File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...(options.dev
          ? ([
              { role: 'reload' },
              { role: 'forceReload' },
              { role: 'toggleDevTools' },
              { type: 'separator' },
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: `About ${app.getName()}`,
          click: () => app.showAboutPanel(),
        },
      ],
    },
  ]
  return Menu.buildFromTemplate(template)
}
