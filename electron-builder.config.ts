/**
 * How `npm run package` turns the built desk (out/) into installers (issue #19): electron-builder,
 * as Element, Mattermost and Rocket.Chat ship. Product name, app id and icon here; the version is
 * package.json's. Each OS gets what its IT departments deploy: Linux AppImage and deb, Windows
 * NSIS and MSI (per machine, for silent installs), macOS dmg and zip (zip is what updates use).
 *
 * The update feed is off unless configured: `DESK_UPDATE_URL` (https) at package time writes a
 * generic feed into the app (app-update.yml); a managed policy's `updateUrl` overrides it on a
 * seat. The fuses are flipped in afterPack with scripts/package/fuses.ts.
 */
import { Arch, type Configuration } from 'electron-builder'
import { APP_ID } from './main/policy/read-policy'
import { deskFuses, type FuseTarget } from './scripts/package/fuses'

export const PRODUCT_NAME = 'Supervisor Desk'

/** The build's own update feed, or none: a URL that is not https is refused, not ignored. */
export function buildFeedUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env.DESK_UPDATE_URL?.trim()
  if (!url) return undefined
  if (!url.startsWith('https://')) {
    throw new Error(`DESK_UPDATE_URL must be an https:// URL, not "${url}"`)
  }
  return url
}

export function builderConfig(env: NodeJS.ProcessEnv = process.env): Configuration {
  const feed = buildFeedUrl(env)
  return {
    appId: APP_ID,
    productName: PRODUCT_NAME,
    executableName: 'supervisor-desk',
    copyright: 'Copyright © Supervisor Desk contributors',
    directories: { output: 'dist', buildResources: 'build' },
    files: ['out/**/*', 'package.json', '!**/*.map'],
    asar: true,
    // No dependency has a native part to rebuild: @napi-rs/keyring ships Node-API prebuilds.
    npmRebuild: false,
    afterPack: async (context) => {
      const target: FuseTarget = {
        platform: context.electronPlatformName,
        arch: Arch[context.arch] as FuseTarget['arch'],
      }
      await context.packager.addElectronFuses(context, deskFuses(target))
    },
    publish: feed ? [{ provider: 'generic', url: feed }] : null,
    linux: {
      target: ['AppImage', 'deb'],
      icon: 'build/icon.png',
      category: 'Office',
      maintainer: 'Supervisor Desk <desk@supervisordesk.invalid>',
      synopsis: 'Live supervision of Plivo Multi-Party Calls',
    },
    deb: { packageName: 'supervisor-desk' },
    win: { target: ['nsis', 'msi'], icon: 'build/icon.png' },
    nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true },
    msi: { perMachine: true, oneClick: true },
    mac: {
      target: ['dmg', 'zip'],
      icon: 'build/icon.png',
      category: 'public.app-category.business',
      hardenedRuntime: true,
    },
  }
}

export default builderConfig()
