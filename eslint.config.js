// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/** Only main's Electron shell may load `electron`: everything else must run in plain Node tests. */
const SHELL_FILES = ['main/index.ts', 'main/shell/**/*.ts', 'preload/index.ts', 'e2e/**/*.ts']

const noElectron = {
  paths: [
    {
      name: 'electron',
      message: 'Only the Electron shell (main/shell/, preload/index.ts) may import electron.',
    },
    {
      name: 'electron-updater',
      message: 'Only the Electron shell (main/shell/updates.ts) may import electron-updater.',
    },
  ],
}

const rendererOnlyDown = {
  group: ['**/main/**', '**/relay/**', '**/simulator/**', 'socket.io', 'node:*'],
  message: 'The renderer talks to main only through DeskApi (preload/api.ts).',
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'bench/results/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', noElectron],
    },
  },
  {
    files: SHELL_FILES,
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { ...noElectron, patterns: [rendererOnlyDown] }],
    },
  },
  {
    // shell/ holds the plain pieces desk/ builds on (confirm, icons, banners): they take what
    // they show as props, so imports keep pointing down.
    files: ['renderer/src/shell/**/*.{ts,tsx}'],
    ignores: ['renderer/src/shell/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noElectron,
          patterns: [
            rendererOnlyDown,
            {
              group: ['**/desk/**', '**/board/**', '**/detail/**', '**/audit/**', '**/settings/**'],
              message: 'shell/ sits below the desk: take the state as a prop instead.',
            },
          ],
        },
      ],
    },
  },
)
