// The Electron security checklist, as a check: every BrowserWindow option and session handler of the kiosk shell.
// Run by tests/shell/lockdown-audit.test.ts against the real shell and against a weakened fixture.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface ShellUnderAudit {
  /** options the shell passes to the kiosk BrowserWindow (packaged build) */
  windowOptions: BrowserWindowConstructorOptions;
  /** every other BrowserWindow the shell creates (hidden print window...), by source text */
  sources: Record<string, string>;
  csp: string;
  allowNavigation(url: string): boolean;
  allowPermission(permission: string, url: string, mediaTypes?: readonly string[]): boolean;
}

export function auditElectronShell(s: ShellUnderAudit): string[] {
  const v: string[] = [];
  const wp = s.windowOptions.webPreferences ?? {};
  const want = (cond: boolean, msg: string) => { if (!cond) v.push(msg); };
  // 2-4: no Node in the page, isolation, sandbox
  want(wp.nodeIntegration === false, 'nodeIntegration must be false');
  want(wp.nodeIntegrationInWorker !== true, 'nodeIntegrationInWorker must not be enabled');
  want(wp.nodeIntegrationInSubFrames !== true, 'nodeIntegrationInSubFrames must not be enabled');
  want(wp.contextIsolation === true, 'contextIsolation must be true');
  want(wp.sandbox === true, 'sandbox must be true');
  // 6-9: web security, no insecure content, no experimental features, no blink features
  want(wp.webSecurity !== false, 'webSecurity must not be disabled');
  want(wp.allowRunningInsecureContent !== true, 'allowRunningInsecureContent must not be enabled');
  want(wp.experimentalFeatures !== true, 'experimentalFeatures must not be enabled');
  want(!wp.enableBlinkFeatures, 'enableBlinkFeatures must not be set');
  // 10: no <webview>
  want(wp.webviewTag !== true, 'webviewTag must not be enabled');
  // devtools only in development builds
  want(wp.devTools === false, 'devTools must be off in the packaged build');
  want(typeof wp.preload === 'string' && wp.preload.length > 0, 'the kiosk window needs its preload (the only API)');
  want(s.windowOptions.kiosk === true, 'the window must be a kiosk window');
  // 7: CSP
  want(/default-src 'self'/.test(s.csp), "CSP must set default-src 'self'");
  want(!/'unsafe-eval'/.test(s.csp), "CSP must not allow 'unsafe-eval'");
  want(!/script-src[^;]*('unsafe-inline'|\*|https?:)/.test(s.csp), 'CSP script-src must not allow inline or remote scripts');
  want(/object-src 'none'/.test(s.csp), "CSP must set object-src 'none'");
  want(!/connect-src[^;]*(ws:|wss:|\*)/.test(s.csp), 'CSP connect-src must not allow WebSockets (the API goes over IPC)');
  // 13-14: navigation and new windows
  for (const u of ['https://example.com/', 'http://127.0.0.1/', 'file:///etc/passwd', 'app://evil/x', 'data:text/html,x']) {
    want(!s.allowNavigation(u), `navigation to ${u} must be denied`);
  }
  // 5: permissions
  for (const p of ['geolocation', 'notifications', 'midi', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'display-capture']) {
    want(!s.allowPermission(p, 'app://kiosk/index.html', []), `permission ${p} must be denied`);
  }
  want(!s.allowPermission('media', 'https://example.com/', ['video']), 'the camera must be denied to other origins');
  want(!s.allowPermission('media', 'app://kiosk/index.html', ['audio']), 'the microphone must be denied');
  // handlers installed in the main process
  const main = s.sources['main.ts'] ?? '';
  for (const [needle, what] of [
    ["'will-navigate'", 'will-navigate handler'], ["'will-redirect'", 'will-redirect handler'],
    ['setWindowOpenHandler', 'window-open handler'], ["'will-attach-webview'", 'webview attach handler'],
    ['setPermissionRequestHandler', 'permission request handler'], ['setPermissionCheckHandler', 'permission check handler'],
    ['setDevicePermissionHandler', 'device permission handler'], ['requestSingleInstanceLock', 'single instance lock'],
    ['protocol.handle', 'custom protocol (not file://)'],
    ["'will-frame-navigate'", 'will-frame-navigate handler (subframes)'], ['refusedSwitches(', 'refusal of debugging switches'],
    ["once('destroyed'", 'IPC sessions dropped with their window'], ['app.relaunch()', 'relaunch after a main-process crash'],
  ] as const) {
    want(main.includes(needle) || Object.values(s.sources).some((src) => src.includes(needle)), `missing ${what}`);
  }
  // 11: no remote content and no shell.openExternal anywhere
  for (const [name, src] of Object.entries(s.sources)) {
    if (/\bloadURL\(\s*['"`]https?:/.test(src)) v.push(`${name}: loads remote content`);
    if (/openExternal\(/.test(src)) v.push(`${name}: uses shell.openExternal`);
    if (/nodeIntegration:\s*true/.test(src)) v.push(`${name}: a window with nodeIntegration: true`);
    if (/sandbox:\s*false/.test(src)) v.push(`${name}: a window with sandbox: false`);
    if (/contextIsolation:\s*false/.test(src)) v.push(`${name}: a window with contextIsolation: false`);
    if (/webSecurity:\s*false/.test(src)) v.push(`${name}: a window with webSecurity: false`);
  }
  return v;
}
