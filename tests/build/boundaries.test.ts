import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) => spawnSync(process.execPath, ['main/build/check-boundaries.mjs', ...args], { encoding: 'utf8' });

describe('import boundaries', () => {
  it('hold for the project itself', () => {
    const r = run();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('fail on a fixture that breaks each rule', () => {
    const r = run('--root', 'tests/fixtures/boundaries');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/main\/verify\/uses-fs\.ts: imports "node:fs"/);
    expect(r.stderr).toMatch(/main\/kiosk\/uses-electron\.ts: imports "electron": only main\/shell\/electron/);
    expect(r.stderr).toMatch(/renderer\/reaches-core\.tsx: imports "\.\.\/main\/kiosk\/core\.ts": renderer\/ may import only from main\/api/);
    expect(r.stderr).toMatch(/renderer\/reaches-core\.tsx: imports "\.\.\/main\/api\/verdict\.ts": renderer\/ may import only types/);
    expect(r.stderr).not.toMatch(/contract\.ts"/); // the type-only import is allowed
    expect(r.stderr).toMatch(/hardware\/uses-renderer\.ts: imports "\.\.\/renderer\/draw\.ts"/);
  });
});
