// The lockdown audit passes on the real Electron shell and fails on every weakening (fixture).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditElectronShell } from '../../main/build/lockdown-audit.ts';
import { CSP } from '../../main/shell/csp.ts';
import { allowNavigation, allowPermission, kioskWindowOptions } from '../../main/shell/electron/policy.ts';
import { weakShell } from '../fixtures/lockdown/weak-shell.ts';

const dir = 'main/shell/electron';
const sources = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('Electron lockdown audit', () => {
  it('finds nothing in the real shell', () => {
    expect(auditElectronShell({ windowOptions: kioskWindowOptions('/app/dist/main/preload.cjs', true), sources, csp: CSP, allowNavigation, allowPermission })).toEqual([]);
  });

  it('flags each weakening in the fixture', () => {
    const v = auditElectronShell(weakShell).join('\n');
    for (const expected of [
      'nodeIntegration must be false', 'contextIsolation must be true', 'sandbox must be true', 'webviewTag',
      'devTools must be off', 'webSecurity', "'unsafe-eval'", 'script-src', 'navigation to https://example.com/',
      'permission geolocation', 'the microphone', 'missing will-navigate handler', 'loads remote content',
      'openExternal', 'kiosk window', 'a window with sandbox: false',
    ]) expect(v).toContain(expected);
  });

  it('flags a single weakened option on the real shell', () => {
    const base = kioskWindowOptions('/p', true);
    const weakened = { ...base, webPreferences: { ...base.webPreferences, sandbox: false } };
    expect(auditElectronShell({ windowOptions: weakened, sources, csp: CSP, allowNavigation, allowPermission })).toEqual(['sandbox must be true']);
  });
});
