// `npm start`'s first step: builds only when a source changed since the last build it made (the renderer build
// and the bundles take seconds; a kiosk restarting after a power cut should not wait for them). The build's
// inputs (sources, resources, build config, lockfile) are fingerprinted by path, size and mtime; the fingerprint
// of the last good build is kept in dist/.build-stamp. A fresh clone, a `git pull` or an edit rebuilds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';

const root = process.cwd();
const STAMP = join(root, 'dist', '.build-stamp');
const DIRS = ['main', 'renderer', 'hardware', 'resources'];
const FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'vite.config.ts'];
/** what the kiosk needs at run time from dist/: without them there is nothing to start */
const OUTPUTS = ['dist/main/start.mjs', 'dist/main/standalone.mjs', 'dist/renderer/index.html'];

function fingerprint() {
  const h = createHash('sha256');
  const add = (path) => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isFile()) h.update(`${relative(root, path)}\0${st.size}\0${st.mtimeMs}\n`);
  };
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else add(p);
    }
  };
  for (const d of DIRS) walk(join(root, d));
  for (const f of FILES) add(join(root, f));
  return h.digest('hex');
}

const now = fingerprint();
const built = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
if (built === now && OUTPUTS.every((f) => existsSync(join(root, f)))) {
  process.stdout.write('Build is up to date.\n');
} else {
  process.stdout.write('Sources changed since the last build: building (a few seconds)...\n');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // the fingerprint taken before the build: an edit made while it ran rebuilds next time
  writeFileSync(STAMP, now + '\n');
}
