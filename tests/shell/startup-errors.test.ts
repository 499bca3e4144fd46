// The standalone shell refuses to start on a broken trust file or a port in use, with one clear line.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const start = (...args: string[]) =>
  spawnSync(process.execPath, ['dist/main/standalone.mjs', '--headless', '--data-dir', join(dir, 'data'), ...args], { encoding: 'utf8', timeout: 30_000 });

describe('standalone shell start-up errors', () => {
  it('names the broken trust file and exits 1', () => {
    const bad = join(dir, 'trust.json');
    writeFileSync(bad, JSON.stringify({ version: 1, name: 'x', hk: [{ id: 'k', versionMajor: 3, types: ['VAC'], spki: 'not base64!' }] }));
    const r = start('--port', '0', '--trust', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('The kiosk cannot start');
    expect(r.stderr).toContain(bad);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('says so when the port is taken', async () => {
    const srv = createServer();
    await new Promise<void>((res) => srv.listen(0, '127.0.0.1', () => res()));
    const port = (srv.address() as { port: number }).port;
    const r = await new Promise<ReturnType<typeof start>>((res) => setImmediate(() => res(start('--port', String(port)))));
    srv.close();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot start: .*EADDRINUSE/);
  });

  it('refuses an unknown option with the usage text (exit 2)', () => {
    const r = start('--no-such-option');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage: npm start');
  });
});
