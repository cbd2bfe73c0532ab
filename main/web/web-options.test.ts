import { describe, expect, it } from 'vitest'
import { hasDisplay, openCommand } from './open-browser'
import { isLoopbackHost, urlHost } from './bind-address'
import { demoCallsFromArgv } from '../services/demo-size'
import { parseWebOptions, UsageError } from './web-options'

describe('web host flags', () => {
  it('defaults to loopback, a free port, saved settings, opening a browser', () => {
    expect(parseWebOptions([])).toEqual({
      host: '127.0.0.1',
      port: 0,
      allowRemote: false,
      mode: 'saved',
      open: true,
      help: false,
    })
  })

  it('reads every flag', () => {
    expect(
      parseWebOptions([
        '--web',
        '--host',
        '0.0.0.0',
        '--port',
        '8080',
        '--allow-remote',
        '--real',
        '--data-dir',
        '/tmp/d',
        '--no-open',
      ]),
    ).toEqual({
      host: '0.0.0.0',
      port: 8080,
      allowRemote: true,
      mode: 'real',
      dataDir: '/tmp/d',
      open: false,
      help: false,
    })
    expect(parseWebOptions(['--demo']).mode).toBe('demo')
    expect(parseWebOptions(['--calls', '1000']).calls).toBe(1000)
    expect(parseWebOptions(['--calls=2000']).calls).toBe(2000)
    expect(parseWebOptions([]).calls).toBeUndefined()
    expect(parseWebOptions(['-h']).help).toBe(true)
  })

  it('refuses nonsense with a usage error', () => {
    for (const argv of [
      ['--port', 'http'],
      ['--port', '70000'],
      ['--real', '--demo'],
      ['--calls', '0'],
      ['--calls', '2001'],
      ['--calls', '12.5'],
      ['--calls', 'lots'],
      ['--calls'],
      ['--bogus'],
      ['extra'],
    ]) {
      expect(() => parseWebOptions(argv), argv.join(' ')).toThrow(UsageError)
    }
  })
})

describe('--calls for the Electron window', () => {
  it('finds the demo size among Electron and Chromium arguments, and refuses nonsense', () => {
    expect(demoCallsFromArgv(['/opt/electron', '/app', '--calls=500'])).toBe(500)
    expect(demoCallsFromArgv(['/opt/electron', '/app', '--calls', '7', '--no-sandbox'])).toBe(7)
    expect(demoCallsFromArgv(['/opt/electron', '/app', '--no-sandbox'])).toBeUndefined()
    expect(() => demoCallsFromArgv(['--calls=5000'])).toThrow(/1 to 2000/)
  })
})

describe('addresses', () => {
  it('knows loopback from the network', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(host), host).toBe(true)
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'desk.example.com'])
      expect(isLoopbackHost(host), host).toBe(false)
  })

  it('prints wildcard binds with the loopback address', () => {
    expect(urlHost('0.0.0.0')).toBe('127.0.0.1')
    expect(urlHost('::1')).toBe('[::1]')
    expect(urlHost('192.168.1.5')).toBe('192.168.1.5')
  })
})

describe('opening the browser', () => {
  it('only where a window can appear', () => {
    expect(hasDisplay({}, 'linux')).toBe(false)
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true)
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true)
    expect(hasDisplay({ DISPLAY: ':0', CI: 'true' }, 'linux')).toBe(false)
    expect(hasDisplay({}, 'darwin')).toBe(true)
    expect(hasDisplay({ SSH_CONNECTION: '1 2 3 4' }, 'win32')).toBe(false)
  })

  it('hands only http(s) URLs to the OS, as one argument', () => {
    expect(openCommand('http://127.0.0.1:5/?token=a', 'linux')).toEqual({
      command: 'xdg-open',
      args: ['http://127.0.0.1:5/?token=a'],
    })
    expect(openCommand('https://x.example/', 'darwin').command).toBe('open')
    expect(openCommand('http://127.0.0.1:5/', 'win32').args).toEqual([
      'url.dll,FileProtocolHandler',
      'http://127.0.0.1:5/',
    ])
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share']) {
      expect(() => openCommand(url, 'linux'), url).toThrow(/only http\(s\)/)
    }
  })
})
