// npm run package [-- --deb] [--appimage] [--nsis] [--check]: builds the installers with electron-builder where
// everything an offline build needs is at hand, and otherwise says exactly what is missing and exits non-zero.
// Needs: an Electron distribution (ELECTRON_DIST, else node_modules/electron/dist), Electron's headers to rebuild
// the native modules (SQLite, HID, serial) for Electron's ABI, and each target's packaging tool.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const checkOnly = argv.includes('--check');
const asked = ['deb', 'appimage', 'nsis'].filter((t) => argv.includes(`--${t}`));
const targets = asked.length ? asked : process.platform === 'win32' ? ['nsis'] : ['deb', 'appimage'];

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const platform = targets.includes('nsis') && targets.length === 1 ? 'win32' : 'linux';
const arch = process.arch;
const cacheDir = process.env.ELECTRON_BUILDER_CACHE
  || (process.platform === 'win32' ? join(process.env.LOCALAPPDATA ?? homedir(), 'electron-builder', 'Cache')
    : process.platform === 'darwin' ? join(homedir(), 'Library/Caches/electron-builder') : join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'electron-builder'));

const onPath = (cmd) => (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, cmd)));
const cached = (prefix) => existsSync(cacheDir) && readdirSync(cacheDir).some((n) => n.startsWith(prefix));

/** Each check: ok, what was found, and when not ok, what to do (one or two lines). */
const checks = [];

function electronDist() {
  const want = `electron-v${electronVersion}-${platform}-${arch}.zip`;
  const candidates = [process.env.ELECTRON_DIST, join(root, 'node_modules/electron/dist')].filter(Boolean).map((p) => resolve(p));
  for (const dir of candidates) {
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir);
    const unpacked = files.includes(platform === 'win32' ? 'electron.exe' : 'electron');
    if (files.includes(want) || (unpacked && platform === process.platform)) {
      const v = existsSync(join(dir, 'version')) ? readFileSync(join(dir, 'version'), 'utf8').trim().replace(/^v/, '') : null;
      if (v && v !== electronVersion) {
        checks.push({ name: 'Electron', ok: false, found: `${dir} is Electron ${v}`, fix: `needs Electron ${electronVersion} (package.json); point ELECTRON_DIST at that version` });
        return null;
      }
      checks.push({ name: 'Electron', ok: true, found: dir });
      return dir;
    }
  }
  checks.push({
    name: 'Electron', ok: false, found: candidates.length ? `no Electron ${electronVersion} for ${platform}-${arch} in ${candidates.join(', ')}` : 'none',
    fix: `set ELECTRON_DIST to an unpacked Electron ${electronVersion} (${platform}-${arch}) or a folder holding ${want};\n`
      + '      or, with internet, `node node_modules/electron/install.js` fills node_modules/electron/dist',
  });
  return null;
}

function nativeHeaders() {
  // @electron/rebuild compiles better-sqlite3, node-hid and @serialport against Electron's headers (another ABI than Node's)
  const dirs = [process.env.npm_config_nodedir, join(homedir(), '.electron-gyp', electronVersion), join(homedir(), '.cache/node-gyp', electronVersion)].filter(Boolean);
  const found = dirs.find((d) => existsSync(join(d, 'include', 'node')));
  checks.push(found
    ? { name: 'Electron headers (native modules)', ok: true, found }
    : { name: 'Electron headers (native modules)', ok: false, found: `none in ${dirs.join(', ')}`,
      fix: `unpack node-v${electronVersion}-headers.tar.gz (from https://artifacts.electronjs.org/headers/dist/v${electronVersion}/) and set\n`
        + '      npm_config_nodedir to it, or build once with internet (it is then cached in ~/.electron-gyp)' });
}

function tool(target) {
  if (target === 'deb') {
    const ok = (process.env.CUSTOM_FPM_PATH && existsSync(process.env.CUSTOM_FPM_PATH)) || (process.env.USE_SYSTEM_FPM === 'true' && onPath('fpm')) || cached('fpm');
    checks.push(ok ? { name: '.deb: fpm', ok: true, found: process.env.CUSTOM_FPM_PATH || (process.env.USE_SYSTEM_FPM === 'true' ? 'fpm on PATH' : cacheDir) }
      : { name: '.deb: fpm', ok: false, found: `not in ${cacheDir}; USE_SYSTEM_FPM/CUSTOM_FPM_PATH not set`,
        fix: `install fpm (gem install fpm) and set USE_SYSTEM_FPM=true, or copy an electron-builder cache holding fpm@* to ${cacheDir}` });
  } else if (target === 'appimage') {
    const ok = (process.env.APPIMAGE_TOOLS_PATH && existsSync(process.env.APPIMAGE_TOOLS_PATH)) || cached('appimage');
    checks.push(ok ? { name: 'AppImage tools', ok: true, found: process.env.APPIMAGE_TOOLS_PATH || cacheDir }
      : { name: 'AppImage tools', ok: false, found: `not in ${cacheDir}; APPIMAGE_TOOLS_PATH not set`,
        fix: `set APPIMAGE_TOOLS_PATH to unpacked electron-builder-binaries appimage tools, or copy a cache holding appimage* to ${cacheDir}` });
  } else if (target === 'nsis') {
    const ok = cached('nsis');
    checks.push(ok ? { name: 'NSIS', ok: true, found: cacheDir }
      : { name: 'NSIS', ok: false, found: `not in ${cacheDir}`,
        fix: `copy an electron-builder cache holding nsis-* and nsis-resources-* to ${cacheDir} (build on Windows, or once with internet)` });
  }
}

const dist = electronDist();
nativeHeaders();
for (const t of targets) tool(t);
if (!existsSync(join(root, 'dist/main/electron-main.mjs'))) checks.push({ name: 'app bundle', ok: false, found: 'dist/ missing', fix: 'run `npm run build` first (npm run package does)' });

const bad = checks.filter((c) => !c.ok);
process.stdout.write(`Packaging Venue Kiosk ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version} (Electron ${electronVersion}) for: ${targets.join(', ')}\n`);
for (const c of checks) process.stdout.write(`  ${c.ok ? 'ok     ' : 'MISSING'} ${c.name}: ${c.found}${c.ok ? '' : `\n      -> ${c.fix}`}\n`);
if (bad.length) {
  process.stdout.write(`\nCannot build here: ${bad.length} thing(s) missing (electron-builder would download them; this build stays offline).\n`
    + 'The standalone shell needs none of this: `npm start` runs the kiosk in the system Chromium.\n');
  process.exit(2);
}
if (checkOnly) process.exit(0);

const builderArgs = [join(root, 'node_modules/electron-builder/cli.js'), '--config', 'electron-builder.yml', '--publish', 'never', `--config.electronDist=${dist}`];
if (targets.includes('deb') || targets.includes('appimage')) builderArgs.push('--linux', ...targets.filter((t) => t !== 'nsis').map((t) => (t === 'appimage' ? 'AppImage' : t)));
if (targets.includes('nsis')) builderArgs.push('--win', 'nsis');
const r = spawnSync(process.execPath, builderArgs, { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  process.stderr.write('\nelectron-builder failed (see above). If it tried to download something, the check above missed a tool: '
    + 'fill the electron-builder cache on a machine with internet and copy it here.\n');
  process.exit(r.status ?? 1);
}
process.stdout.write('\nInstallers are in release/.\n');
