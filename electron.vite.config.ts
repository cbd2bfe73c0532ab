import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Our folders sit at the top level (DESIGN §2), so every entry is named here.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can load no module but electron itself: bundle zod and the contract into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    // No import aliases, here or in vitest.config.ts, tsconfig.web.json or eslint: the template's
    // `@renderer` went unused (inside renderer/src every import is a short sibling path), and the
    // renderer's one way down, to the contract in preload/ (api.ts, domain.ts,
    // browser-transport.ts), stays a plain relative path, so every tool (tsc, vite, vitest,
    // eslint's import bans) resolves it the same way without a mapping kept in step in four places.
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
})
