// Inspects the Electron shell's lockdown without the Electron binary.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../main/shell/csp.ts';
import {
  allowNavigation, allowPermission, allowPermissionCheck, APP_URL, isBlockedShortcut, kioskWindowOptions, refusedSwitches, shouldReload,
} from '../../main/shell/electron/policy.ts';

describe('Electron kiosk window', () => {
  const o = kioskWindowOptions('/x/preload.cjs', true);
  it('is a sandboxed, isolated full-screen kiosk without Node in the page', () => {
    expect(o.kiosk).toBe(true);
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true,
      allowRunningInsecureContent: false, preload: '/x/preload.cjs',
    });
  });
  it('has devtools only when not packaged', () => {
    expect(o.webPreferences?.devTools).toBe(false);
    expect(kioskWindowOptions('/p', false).webPreferences?.devTools).toBe(true);
  });
  it('loads the app over its own protocol, not file://', () => {
    expect(APP_URL.startsWith('app://kiosk/')).toBe(true);
  });
  it('denies navigation anywhere but the app', () => {
    expect(allowNavigation('app://kiosk/index.html')).toBe(true);
    for (const u of ['https://example.com', 'file:///etc/passwd', 'app://other/x', 'javascript:alert(1)', 'not a url']) expect(allowNavigation(u)).toBe(false);
  });
  it('grants only video capture to the app origin', () => {
    expect(allowPermission('media', 'app://kiosk/index.html', ['video'])).toBe(true);
    expect(allowPermission('media', 'app://kiosk/index.html', ['audio'])).toBe(false);
    expect(allowPermission('media', 'app://kiosk/index.html', ['video', 'audio'])).toBe(false);
    expect(allowPermission('media', 'https://evil.example/', ['video'])).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb', 'openExternal']) expect(allowPermission(p, 'app://kiosk/', [])).toBe(false);
    expect(allowPermissionCheck('media', 'app://kiosk')).toBe(true);
    expect(allowPermissionCheck('geolocation', 'app://kiosk')).toBe(false);
  });
  it('swallows escape shortcuts and lets ordinary typing through', () => {
    const k = (key: string, m: Partial<{ control: boolean; alt: boolean; shift: boolean; meta: boolean }> = {}) =>
      isBlockedShortcut({ key, type: 'keyDown', control: false, alt: false, shift: false, meta: false, ...m });
    expect(k('F5')).toBe(true);
    expect(k('r', { control: true })).toBe(true);
    expect(k('I', { control: true, shift: true })).toBe(true);
    expect(k('F12')).toBe(true);
    expect(k('F11')).toBe(true);
    expect(k('F4', { alt: true })).toBe(true);
    expect(k('w', { control: true })).toBe(true);
    expect(k('a')).toBe(false);
    expect(k('Enter')).toBe(false);
    expect(k('1')).toBe(false);
  });
  it('reloads a crashed renderer', () => {
    expect(shouldReload('crashed')).toBe(true);
    expect(shouldReload('oom')).toBe(true);
    expect(shouldReload('clean-exit')).toBe(false);
  });
  it('serves a strict CSP', () => {
    expect(CSP).toMatch(/default-src 'self'/);
    expect(CSP).not.toMatch(/'unsafe-eval'/);
    expect(/script-src [^;]*'unsafe-inline'/.test(CSP)).toBe(false);
    expect(CSP).toMatch(/object-src 'none'/);
  });
  it('lets the page connect to nothing but its own origin (no ws:// to any local port)', () => {
    expect(CSP).toMatch(/connect-src 'self'(;|$)/);
    expect(CSP).not.toMatch(/ws:|wss:/);
  });
  it('refuses debugging switches in an installed kiosk', () => {
    const argv = ['/opt/Venue Kiosk/venue-kiosk', '--remote-debugging-port=9222', '--inspect=0.0.0.0:9229', '--remote-debugging-pipe', '--data-dir', '/x', '--no-sandbox'];
    expect(refusedSwitches(argv)).toEqual(['--remote-debugging-port=9222', '--inspect=0.0.0.0:9229', '--remote-debugging-pipe']);
    expect(refusedSwitches(['/opt/Venue Kiosk/venue-kiosk', '--port', '0', '--remote-debugging-portal'])).toEqual([]);
  });
  it('main.ts installs every handler the policy defines', () => {
    const src = readFileSync('main/shell/electron/main.ts', 'utf8');
    for (const needle of [
      'requestSingleInstanceLock', "'will-navigate'", "'will-redirect'", 'setWindowOpenHandler', "'will-attach-webview'",
      'setPermissionRequestHandler', 'setPermissionCheckHandler', 'setDevicePermissionHandler', "'before-input-event'",
      "'render-process-gone'", "powerSaveBlocker.start('prevent-display-sleep')", 'handleAppProtocol', 'kioskWindowOptions',
      "'will-frame-navigate'", 'refusedSwitches(process.argv)', "ev.sender.once('destroyed'", 'app.relaunch()',
    ]) expect(src, needle).toContain(needle);
  });
});

describe('shell arguments', () => {
  it('are strict for the standalone shell and lenient under Electron', async () => {
    const { parseShellArgs, UsageError } = await import('../../main/shell/args.ts');
    expect(() => parseShellArgs(['--no-such-option'])).toThrow(UsageError);
    const a = parseShellArgs(['--no-sandbox', '--enable-features=X', '--port', '0', '--trust', 'a.json', '--serial', '/dev/ttyACM0:9600'], { lenient: true });
    expect(a.port).toBe(0);
    expect(a.trust).toHaveLength(1);
    expect(a.serial).toEqual([{ path: '/dev/ttyACM0', baudRate: 9600 }]);
    expect(() => parseShellArgs(['--port', '70000'], { lenient: true })).toThrow(/port/);
  });
});
