// `npm start`'s first step (main/build/build-if-stale.mjs) builds only when a source changed: run for real with
// npm in a throw-away project whose build script counts its runs and writes the outputs the kiosk needs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = resolve('main/build/build-if-stale.mjs');
let root = '';
afterEach(() => { if (root) rmSync(root, { recursive: true, force: true }); });

function project(): string {
  root = mkdtempSync(join(tmpdir(), 'kiosk-stale-'));
  for (const d of ['main', 'renderer', 'hardware', 'resources']) mkdirSync(join(root, d));
  writeFileSync(join(root, 'main', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'renderer', 'b.tsx'), 'export const b = 1;\n');
  writeFileSync(join(root, 'make.mjs'), [
    "import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';",
    "mkdirSync('dist/main', { recursive: true }); mkdirSync('dist/renderer', { recursive: true });",
    "for (const f of ['dist/main/start.mjs', 'dist/main/standalone.mjs', 'dist/renderer/index.html']) writeFileSync(f, '');",
    "appendFileSync('builds.txt', 'x');",
  ].join('\n'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'stale-test', private: true, scripts: { build: 'node make.mjs' } }));
  return root;
}

function start(): string {
  const r = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}
const builds = () => (existsSync(join(root, 'builds.txt')) ? readFileSync(join(root, 'builds.txt'), 'utf8').length : 0);

describe('npm start builds only when sources changed', () => {
  it('builds a fresh clone, skips an unchanged one, rebuilds after an edit or a lost output', () => {
    project();
    expect(start()).toMatch(/building/);
    expect(builds()).toBe(1);
    expect(start()).toMatch(/up to date/);
    expect(builds()).toBe(1);
    // an edit: new content and a new mtime
    writeFileSync(join(root, 'renderer', 'b.tsx'), 'export const b = 2;\n');
    utimesSync(join(root, 'renderer', 'b.tsx'), new Date(), new Date(Date.now() + 5000));
    expect(start()).toMatch(/building/);
    expect(builds()).toBe(2);
    // an output removed: nothing to start, so it builds
    rmSync(join(root, 'dist', 'main', 'standalone.mjs'));
    start();
    expect(builds()).toBe(3);
    expect(existsSync(join(root, 'dist', 'main', 'standalone.mjs'))).toBe(true);
  }, 240_000); // three real `npm run build`s: npm alone takes seconds on a loaded machine
});
