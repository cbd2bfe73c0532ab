/**
 * The Electron fuses the packaged desk ships with, flipped in the binary at package time
 * (electron-builder's afterPack, right before signing). Every fuse is written out, including
 * those that match Electron's default, so an Electron upgrade that changes a default cannot
 * loosen the app unnoticed.
 *
 * - RunAsNode off: `ELECTRON_RUN_AS_NODE=1` must not turn the signed app into a Node runtime.
 * - NodeOptions and NodeCliInspectArguments off: no `NODE_OPTIONS` / `--inspect` to inject code
 *   into main. Playwright's `_electron.launch` needs `--inspect`, so the e2e Electron project runs
 *   the unpackaged Electron from node_modules; a packaged build is driven over CDP instead
 *   (README "Deploying to a contact center").
 * - Cookie encryption on: the session's cookies are encrypted with the OS keystore.
 * - ASAR integrity validation and only-load-from-ASAR on: main runs only the app.asar the
 *   installer shipped, unmodified (validation is enforced on macOS and Windows).
 * - File-protocol privileges off: the desk loads from its own app:// scheme, never file://.
 * - The browser-process V8 snapshot stays off: the desk ships none.
 */
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses'

export interface FuseTarget {
  /** electron-builder's platform name: darwin, mas, win32, linux. */
  platform: string
  arch: 'x64' | 'arm64' | 'ia32' | 'armv7l' | 'universal'
}

export function deskFuses(target: FuseTarget): FuseV1Config {
  return {
    version: FuseVersion.V1,
    // Flipping fuses breaks the ad-hoc signature Apple silicon needs to run an unsigned build;
    // a signed build is signed again after this anyway.
    resetAdHocDarwinSignature:
      (target.platform === 'darwin' || target.platform === 'mas') && target.arch !== 'x64',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  }
}
