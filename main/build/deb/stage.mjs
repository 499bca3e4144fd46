// Lays out the package's files in a staging tree, by Debian convention (docs/deploy.md, "Where things live"):
//   /usr/lib/venue-kiosk/   node (the runtime this build ran on), dist/, resources/, node_modules/ (production)
//   /usr/bin/               venue-kiosk, kiosk          /etc/venue-kiosk/   kiosk.conf, trust/
//   /lib/systemd/system/    the two units               /lib/udev/rules.d/  the scanner and relay rules
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { productionPackages } from './prod-deps.mjs';

const LIB = 'usr/lib/venue-kiosk';
/** What the kiosk reads from resources/ at run time (build/ is for electron-builder, udev/ goes to /lib/udev). */
const RUNTIME_RESOURCES = ['config', 'eudcc-schema', 'fonts', 'rules', 'trust'];
/** Only the Node side of dist/main that the standalone kiosk and the CLI run (no Electron entry points). */
const DIST_MAIN = ['cli.mjs', 'standalone.mjs'];
/** Build-time leftovers: the native modules' sources (their compiler output and other platforms' binaries go too). */
const BUILD_ONLY = {
  'better-sqlite3': ['deps', 'src'],
  'node-hid': ['hidapi', 'src'],
  '@serialport/bindings-cpp': ['src'],
  '@swc/helpers': ['scripts'],
};
/**
 * Optional packages left out. cbor-extract: cbor-x's optional native string accelerator; cbor-x falls back to
 * its JavaScript decoder without it (as in the browser), and its addon is not linked against libc (lintian error).
 */
const LEFT_OUT = new Set(['cbor-extract']);
const DROP_NAMES = new Set(['.github', 'test', 'tests', '__tests__', 'binding.gyp', '.npmignore', '.eslintrc', '.editorconfig', '.travis.yml']);
const DROP_FILE = /\.(md|markdown|map|c|cc|cpp|h|hpp|gyp|gypi|o|a|mk|tsbuildinfo)$|^(Makefile|CHANGELOG.*|HISTORY.*)$/i;

function copyTree(from, to, filter) {
  cpSync(from, to, { recursive: true, dereference: true, filter: (src) => filter(src) });
}

function pruneBuild(pkgDir) {
  const build = join(pkgDir, 'build');
  if (!existsSync(build)) return;
  // keep build/Release/*.node (the compiled addon), nothing else node-gyp left there
  const keep = existsSync(join(build, 'Release')) ? readdirSync(join(build, 'Release')).filter((f) => f.endsWith('.node') && !f.startsWith('test_')) : [];
  const tmp = `${build}.keep`;
  mkdirSync(join(tmp, 'Release'), { recursive: true });
  for (const f of keep) copyFileSync(join(build, 'Release', f), join(tmp, 'Release', f));
  rmSync(build, { recursive: true, force: true });
  if (keep.length) cpSync(tmp, build, { recursive: true });
  rmSync(tmp, { recursive: true, force: true });
}

function prunePrebuilds(pkgDir) {
  const pre = join(pkgDir, 'prebuilds');
  if (!existsSync(pre)) return;
  for (const d of readdirSync(pre)) {
    // linux-x64 (serialport, node-hid HID-linux-x64 / HID_hidraw-linux-x64), never musl
    if (!/(^|-)linux-x64$/.test(d)) rmSync(join(pre, d), { recursive: true, force: true });
    else for (const f of readdirSync(join(pre, d))) if (/musl/.test(f)) rmSync(join(pre, d, f), { force: true });
  }
}

/** The npm packages the Node side imports (the renderer's, React among them, are bundled into dist/renderer). */
async function importedPackages(root, entryPoints) {
  const r = await build({ entryPoints, bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, outdir: '/nonexistent', logLevel: 'silent' });
  const names = new Set();
  for (const o of Object.values(r.metafile.outputs)) {
    for (const i of o.imports) {
      if (!i.external || i.path.startsWith('node:') || i.path.startsWith('.')) continue;
      const parts = i.path.split('/');
      names.add(i.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
    }
  }
  return [...names].sort();
}

/** Production node_modules: the run-time tree of what the Node side imports, copied package by package, pruned. */
async function stageNodeModules(root, dest, entryPoints) {
  const pkgs = productionPackages(root, await importedPackages(root, entryPoints), LEFT_OUT);
  for (const { at } of pkgs) {
    const src = join(root, at);
    copyTree(src, join(dest, at), (p) => {
      const rel = relative(src, p);
      if (!rel) return true;
      const first = rel.split('/')[0];
      // nested node_modules are packages of their own, listed (or not needed) separately
      if (first === 'node_modules') return false;
      const name = basename(p);
      if (DROP_NAMES.has(name) || name.startsWith('.')) return false; // .yarn, .github, .vscode: tooling
      return !(DROP_FILE.test(name) && !lstatSync(p).isDirectory()) && !name.endsWith('.d.ts') && !name.endsWith('.d.mts') && !name.endsWith('.d.cts');
    });
  }
  for (const [name, dirs] of Object.entries(BUILD_ONLY)) {
    const dir = join(dest, 'node_modules', name);
    if (!existsSync(dir)) continue;
    for (const d of dirs) rmSync(join(dir, d), { recursive: true, force: true });
    pruneBuild(dir);
    prunePrebuilds(dir);
  }
  for (const { at } of pkgs) prunePrebuilds(join(dest, at));
  return pkgs;
}

/** Every directory 0755, files 0644; executables 0755 only where they are meant to be run. */
function normalizeModes(dir, executable) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      chmodSync(p, 0o755);
      normalizeModes(p, executable);
    } else if (e.isFile()) chmodSync(p, executable(p) ? 0o755 : 0o644);
  }
}

export async function stageTree(root, stage, { version, arch }) {
  rmSync(stage, { recursive: true, force: true });
  const lib = join(stage, LIB);
  const deb = join(root, 'resources/debian');
  mkdirSync(join(lib, 'dist/main'), { recursive: true });

  // the program: the bundles, the screen, what they read, a package.json (projectRoot() finds the app by it)
  // the launchers run them with the bundled node: no '#!/usr/bin/env node' line, which would name a system Node
  for (const f of DIST_MAIN) writeFileSync(join(lib, 'dist/main', f), readFileSync(join(root, 'dist/main', f), 'utf8').replace(/^#![^\n]*\n/, ''));
  // the bundles are code-split (one chunk per command and shared ones): the entries import dist/main/chunks/*
  if (existsSync(join(root, 'dist/main/chunks'))) cpSync(join(root, 'dist/main/chunks'), join(lib, 'dist/main/chunks'), { recursive: true, filter: (p) => !p.endsWith('.map') });
  cpSync(join(root, 'dist/renderer'), join(lib, 'dist/renderer'), { recursive: true, filter: (p) => !p.endsWith('.map') });
  for (const r of RUNTIME_RESOURCES) cpSync(join(root, 'resources', r), join(lib, 'resources', r), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(join(lib, 'package.json'), `${JSON.stringify({ name: pkg.name, version, private: true, type: pkg.type, license: pkg.license }, null, 2)}\n`);
  const service = { serve: join(root, 'main/shell/service/serve.ts'), screen: join(root, 'main/shell/service/screen.ts') };
  await build({
    entryPoints: service,
    outdir: join(lib, 'dist/service'), outExtension: { '.js': '.mjs' },
    bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning', legalComments: 'none',
    // the bundle's path comments are relative to this, not to wherever the build was started from
    absWorkingDir: root,
  });
  const pkgs = await stageNodeModules(root, lib, [join(root, 'main/cli.ts'), join(root, 'main/shell/standalone/entry.ts'), ...Object.values(service)]);

  // the Node runtime this build runs on (the native modules are built for its ABI), stripped as dh_strip does
  // (the dynamic symbols the addons link against stay)
  copyFileSync(process.execPath, join(lib, 'node'));
  execFileSync('strip', ['--remove-section=.comment', '--remove-section=.note', join(lib, 'node')]);
  for (const f of listFiles(join(lib, 'node_modules')).filter((f) => f.endsWith('.node'))) {
    execFileSync('strip', ['--remove-section=.comment', '--remove-section=.note', '--strip-unneeded', f]);
  }

  // launchers, configuration, units, udev rules, docs
  mkdirSync(join(stage, 'usr/bin'), { recursive: true });
  for (const b of ['venue-kiosk', 'kiosk']) copyFileSync(join(deb, 'bin', b), join(stage, 'usr/bin', b));
  mkdirSync(join(stage, 'etc/venue-kiosk/trust'), { recursive: true });
  copyFileSync(join(deb, 'kiosk.conf'), join(stage, 'etc/venue-kiosk/kiosk.conf'));
  mkdirSync(join(stage, 'etc/chromium.d'), { recursive: true });
  copyFileSync(join(deb, 'chromium-flags'), join(stage, 'etc/chromium.d/venue-kiosk'));
  mkdirSync(join(stage, 'etc/pam.d'), { recursive: true });
  copyFileSync(join(deb, 'pam-venue-kiosk-screen'), join(stage, 'etc/pam.d/venue-kiosk-screen'));
  mkdirSync(join(stage, 'lib/systemd/system'), { recursive: true });
  for (const u of readdirSync(join(deb, 'systemd'))) copyFileSync(join(deb, 'systemd', u), join(stage, 'lib/systemd/system', u));
  mkdirSync(join(stage, 'lib/udev/rules.d'), { recursive: true });
  copyFileSync(join(root, 'resources/udev/60-kiosk-scanners.rules'), join(stage, 'lib/udev/rules.d/60-venue-kiosk.rules'));
  mkdirSync(join(stage, 'usr/share/metainfo'), { recursive: true });
  copyFileSync(join(deb, 'hk.venue.kiosk.metainfo.xml'), join(stage, 'usr/share/metainfo/hk.venue.kiosk.metainfo.xml'));
  const doc = join(stage, 'usr/share/doc/venue-kiosk');
  mkdirSync(doc, { recursive: true });
  copyFileSync(join(deb, 'README.Debian'), join(doc, 'README.Debian'));
  mkdirSync(join(stage, 'usr/share/man/man1'), { recursive: true });
  for (const m of readdirSync(join(deb, 'man'))) {
    writeFileSync(join(stage, 'usr/share/man/man1', `${m}.gz`), gzipSync(readFileSync(join(deb, 'man', m)), { level: 9 }).fill(0, 4, 8));
  }
  mkdirSync(join(stage, 'usr/share/lintian/overrides'), { recursive: true });
  copyFileSync(join(deb, 'lintian-overrides'), join(stage, 'usr/share/lintian/overrides/venue-kiosk'));

  // executable: the launchers and the runtime. The npm packages' own tools (bin/*.js with '#!/usr/bin/env node')
  // stay 0644: the kiosk never runs them, and as executables they would need Debian's nodejs.
  normalizeModes(stage, (p) => {
    const rel = relative(stage, p);
    return rel.startsWith('usr/bin/') || rel === `${LIB}/node`;
  });
  return { pkgs, lib };
}

export function listFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/** Installed-Size: KiB, as dpkg-gencontrol counts it (each file rounded up to 1 KiB, 1 per directory). */
export function installedSizeKiB(stage) {
  let kib = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (dir === stage && e.name === 'DEBIAN') continue;
      const p = join(dir, e.name);
      kib += e.isDirectory() ? 1 : Math.ceil(statSync(p).size / 1024);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(stage);
  return kib;
}
