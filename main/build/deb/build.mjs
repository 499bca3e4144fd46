// npm run package:deb [-- --version V] [--out DIR]: release/venue-kiosk_<version>_amd64.deb with dpkg-deb, from
// the built dist/ and the installed node_modules (the production part of it). Reproducible: every file's time is
// the last commit's (SOURCE_DATE_EPOCH), owners root:root, modes normalised. Needs dpkg-deb and strip.
// gzip, not xz: xz takes minutes on a small build machine for 15 MB less; zstd is not an official .deb format
// for Debian's tools (lintian: malformed-deb-archive).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lutimesSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { copyrightFile, nodeLicensePath } from './copyright.mjs';
import { installedSizeKiB, listFiles, stageTree } from './stage.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values: opt } = parseArgs({ options: { version: { type: 'string' }, out: { type: 'string' } } });
const pkgJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = opt.version ?? pkgJson.version;
const out = resolve(opt.out ?? join(root, 'release'));
const ARCH = { x64: 'amd64', arm64: 'arm64' }[process.arch];

function fail(msg) {
  process.stderr.write(`package:deb: ${msg}\n`);
  process.exit(1);
}
if (process.platform !== 'linux' || !ARCH) fail(`builds on Linux x64/arm64 only (this is ${process.platform}-${process.arch})`);
for (const tool of ['dpkg-deb', 'strip']) if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) fail(`${tool} is missing (apt-get install dpkg-dev binutils)`);
if (!/^[0-9][A-Za-z0-9.+~-]*$/.test(version)) fail(`not a Debian version: ${version}`);
for (const f of ['dist/main/standalone.mjs', 'dist/main/cli.mjs', 'dist/renderer/index.html']) if (!existsSync(join(root, f))) fail(`${f} is missing: run npm run build`);

const epoch = Number(process.env.SOURCE_DATE_EPOCH
  || spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8' }).stdout.trim()
  || 0);
const stage = join(out, `.stage-${version}`);
const started = Date.now();
const { pkgs } = await stageTree(root, stage, { version, arch: ARCH });
const deb = join(root, 'resources/debian');

// documentation Debian wants with every package
const doc = join(stage, 'usr/share/doc/venue-kiosk');
writeFileSync(join(doc, 'copyright'), copyrightFile(root, pkgs, process.version));
const nodeLicense = nodeLicensePath(process.execPath);
if (!nodeLicense) fail(`Node's LICENSE not found beside ${process.execPath}`);
copyFileSync(nodeLicense, join(doc, 'nodejs-LICENSE'));
let changelog = readFileSync(join(deb, 'changelog'), 'utf8');
if (!changelog.startsWith(`venue-kiosk (${version})`)) {
  // a build under another version (an upgrade test, a local rebuild) says so at the top of the changelog
  const when = new Date(epoch * 1000).toUTCString().replace('GMT', '+0000');
  changelog = `venue-kiosk (${version}) unstable; urgency=medium\n\n  * Rebuild of the same sources as ${version}.\n\n -- Venue Kiosk contributors <venue-kiosk@example.invalid>  ${when}\n\n${changelog}`;
}
// a native package (no Debian revision): changelog.gz, as Debian policy names it
writeFileSync(join(doc, 'changelog.gz'), gzipSync(changelog, { level: 9 }).fill(0, 4, 8)); // no gzip mtime

// control area
const control = join(stage, 'DEBIAN');
mkdirSync(control, { recursive: true });
writeFileSync(join(control, 'control'), readFileSync(join(deb, 'control.in'), 'utf8')
  .replace('@VERSION@', version).replace('@ARCH@', ARCH).replace('@INSTALLED_SIZE@', String(installedSizeKiB(stage))));
copyFileSync(join(deb, 'conffiles'), join(control, 'conffiles'));
for (const s of ['postinst', 'prerm', 'postrm']) copyFileSync(join(deb, s), join(control, s));
execFileSync('chmod', ['0755', ...['postinst', 'prerm', 'postrm'].map((s) => join(control, s))]);
execFileSync('chmod', ['0644', join(control, 'control'), join(control, 'conffiles')]);
const sums = listFiles(stage).filter((f) => !f.startsWith(control + '/')).map((f) => relative(stage, f)).sort()
  .map((rel) => `${createHash('md5').update(readFileSync(join(stage, rel))).digest('hex')}  ${rel}`);
writeFileSync(join(control, 'md5sums'), `${sums.join('\n')}\n`);
execFileSync('chmod', ['0644', join(control, 'md5sums')]);

// one time for every file, so that two builds of one commit are the same bytes
const touch = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) touch(p);
    lutimesSync(p, epoch, epoch);
  }
};
touch(stage);
lutimesSync(stage, epoch, epoch);

mkdirSync(out, { recursive: true });
const file = join(out, `venue-kiosk_${version}_${ARCH}.deb`);
const r = spawnSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z6', '--build', stage, `${file}.part`], {
  stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) },
});
if (r.status !== 0) fail('dpkg-deb failed (see above)');
renameSync(`${file}.part`, file);
execFileSync('rm', ['-rf', stage]);
process.stdout.write(`${relative(process.cwd(), file) || file} (${pkgs.length} npm packages, Node ${process.version}, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
