// The standalone shell serves the built renderer only: a symlink inside the build folder that points outside it
// (to /etc/passwd, to a directory, to the data dir) is not followed, over real HTTP. The page's CSP lets it open
// its own WebSocket and no other local port.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKioskCore, type KioskCore } from '../../main/kiosk/core.ts';
import { startStandaloneServer, type StandaloneServer } from '../../main/shell/standalone/server.ts';
import { resolveStatic } from '../../main/shell/standalone/static.ts';
import { quietLog } from '../faults/helpers.ts';

const base = mkdtempSync(join(tmpdir(), 'kiosk-static-'));
const root = join(base, 'renderer');
const secret = join(base, 'data', 'config.json');
let core: KioskCore;
let server: StandaloneServer;

beforeAll(async () => {
  mkdirSync(join(root, 'assets'), { recursive: true });
  mkdirSync(join(base, 'data'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(secret, '{"pinHash":"scrypt$secret"}');
  symlinkSync('/etc/passwd', join(root, 'passwd.txt'));
  symlinkSync('/etc', join(root, 'etc'));
  symlinkSync(secret, join(root, 'assets', 'config.json'));
  symlinkSync(join(root, 'assets', 'app.js'), join(root, 'alias.js')); // inside: fine
  core = await createKioskCore({ dataDir: join(base, 'core'), shell: 'standalone', log: quietLog });
  server = await startStandaloneServer(core, { port: 0, rendererDir: root });
});
afterAll(async () => {
  await server?.close();
  await core?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('static files and symlinks', () => {
  it('does not follow a symlink out of the build folder', async () => {
    const o = `http://127.0.0.1:${server.port}`;
    for (const p of ['/passwd.txt', '/etc/passwd', '/etc/hostname', '/assets/config.json']) {
      const r = await fetch(`${o}${p}`);
      expect(r.status, p).toBe(404);
      expect(await r.text(), p).not.toMatch(/root:|scrypt/);
    }
    expect(resolveStatic(root, '/passwd.txt')).toBeNull();
    expect((await fetch(`${o}/alias.js`)).status).toBe(200);
    expect((await fetch(`${o}/assets/app.js`)).status).toBe(200);
  });

  it('serves the page with a CSP naming its own WebSocket only', async () => {
    const csp = (await fetch(`http://127.0.0.1:${server.port}/`)).headers.get('content-security-policy') ?? '';
    const connect = /connect-src ([^;]*)/.exec(csp)![1]!;
    expect(connect.split(' ').sort()).toEqual(["'self'", `ws://127.0.0.1:${server.port}`, `ws://localhost:${server.port}`].sort());
    expect(connect).not.toContain('*');
  });
});
