/**
 * `npm run package [-- --dir]`: the installers for this OS (electron-builder.config.ts), or with
 * `--dir` only the unpacked app, which is the quickest check of the configuration.
 *
 * electron-builder needs the Electron release zip for the target (from github.com, or a mirror
 * or cache set by ELECTRON_MIRROR / ELECTRON_CACHE). Where it cannot be had, as on an offline
 * machine, this says so in one line as its last output and exits 1: no installer is faked.
 */
import { build, Platform } from 'electron-builder'
import { builderConfig } from '../electron-builder.config'
import { isElectronDownloadFailure } from './package/download-failure'

const dir = process.argv.includes('--dir')
const electronVersion = (await import('electron/package.json', { with: { type: 'json' } })).default
  .version as string

try {
  const outputs = await build({
    targets: Platform.current().createTarget(dir ? 'dir' : undefined),
    config: builderConfig(),
    publish: 'never',
  })
  console.log(`Packaged ${outputs.length} file(s) in dist/:`)
  for (const file of outputs) console.log(`  ${file}`)
} catch (error) {
  if (isElectronDownloadFailure(error)) {
    const cause = error instanceof Error ? error.message : String(error)
    console.error(
      `npm run package: cannot download Electron ${electronVersion} for ${process.platform}-` +
        `${process.arch} (${cause}), so no installer was built: run it where github.com (or ` +
        'ELECTRON_MIRROR) is reachable.',
    )
    process.exit(1)
  }
  throw error
}
