// The Debian package, proven on a Debian that has never seen the project: build the .deb (twice: the two must be
// the same bytes), make a clean bookworm root with mmdebstrap, `apt-get install ./venue-kiosk_*.deb` in it, then
// use, upgrade (to the same package under a higher version), remove and purge it there. lintian runs on the .deb.
// `npm test` runs it whenever the tools are here (root, mmdebstrap, dpkg-deb, lintian: tests/support/ensure-system
// installs the last two) and says why when it cannot; `npm run test:package` runs it alone (KIOSK_PACKAGE_TEST=1:
// missing tools are then a failure). KIOSK_PACKAGE_TEST=0 skips it.
// What is the same every run is cached (debian-root.ts, lintian.ts): the bookworm root with the package's
// dependencies from Debian (by Depends list, a week at most) and lintian's verdict (by the package's SHA-256).
// KIOSK_PACKAGE_CACHE=DIR puts that cache elsewhere; an empty DIR is a cold run.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, appendFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVac } from '../fixtures/hk/sign.ts';
import { connect, request } from '../support/api-client.ts';
import { dependsOf, inRoot, inRootOk, makeBookwormRoot, missingForPackageTests, spawnInRoot } from './debian-root.ts';
import { lintian, type LintianResult } from './lintian.ts';
import { waitForScreenUrl, type ScreenUrl } from './screen-url.ts';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');
const VERSION = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version as string;
const UPGRADE = `${VERSION}+upgrade1`;
const NEW_PIN = '480917';
const LONG = 30 * 60_000; // a cold run on a loaded 2-core machine: a Debian root with 250 MB of dependencies

const why = missingForPackageTests();
const mode = process.env.KIOSK_PACKAGE_TEST;
const runHere = mode === '1' || (mode !== '0' && why === null);
if (!runHere) process.stdout.write(`Debian package test skipped: ${mode === '0' ? 'KIOSK_PACKAGE_TEST=0' : why}\n`);

describe.runIf(mode === '1')('package test prerequisites', () => {
  it('has root, mmdebstrap, dpkg-deb and lintian', () => expect(why).toBeNull());
});

// the reason shows in the test report too, not only on stdout
if (!runHere) {
  describe.skip(`venue-kiosk.deb in a clean Debian bookworm: skipped (${mode === '0' ? 'KIOSK_PACKAGE_TEST=0' : why})`, () => {
    it('needs root, mmdebstrap, dpkg-deb and lintian', () => undefined);
  });
}

describe.runIf(runHere && why === null)('venue-kiosk.deb in a clean Debian bookworm', () => {
  let work: string;
  let root: string;
  const debs = { first: '', again: '', upgrade: '' };
  let lint: Promise<LintianResult>;

  const build = (version: string, out: string) => run(process.execPath, [join(repo, 'main/build/deb/build.mjs'), '--version', version, '--out', out], { cwd: repo, maxBuffer: 16 * 1024 * 1024 })
    .then(() => join(out, `venue-kiosk_${version}_amd64.deb`));
  const aptInstall = (file: string) => inRootOk(root, ['sh', '-c', `cd /tmp && apt-get install -y -q --no-install-recommends ./${file}`]);
  const status = async () => (await inRoot(root, ['dpkg-query', '-W', '-f=${Status} ${Version}', 'venue-kiosk'])).stdout.trim();
  const stat = async (path: string) => (await inRootOk(root, ['stat', '-c', '%U:%G %a', path])).trim();
  const inside = (p: string) => join(root, p);

  /** The same package under a higher version: only the control file's Version differs (dpkg compares no more). */
  async function withVersion(deb: string, version: string): Promise<string> {
    const dir = join(work, 'repack');
    await run('dpkg-deb', ['--raw-extract', deb, dir]);
    const control = join(dir, 'DEBIAN/control');
    writeFileSync(control, readFileSync(control, 'utf8').replace(/^Version: .*$/m, `Version: ${version}`));
    const out = join(work, `venue-kiosk_${version}_amd64.deb`);
    await run('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z1', '--build', dir, out]);
    rmSync(dir, { recursive: true });
    return out;
  }
  /** `venue-kiosk --headless` in the root as `user` (setpriv execs: the process we hold is the kiosk itself). */
  async function startKiosk(asRoot = false): Promise<{ url: ScreenUrl; pid: number; stop: () => Promise<void> }> {
    const argv = ['venue-kiosk', '--headless', '--port', '0'];
    const { proc, output } = spawnInRoot(root, asRoot ? argv : ['setpriv', '--reuid=venue-kiosk', '--regid=venue-kiosk', '--init-groups', ...argv]);
    const url = await waitForScreenUrl(proc, output, root);
    return {
      url,
      pid: proc.pid!,
      stop: async () => {
        if (proc.exitCode !== null || proc.signalCode !== null) return;
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      },
    };
  }

  /** One connection (one screen session: an operator login holds for its calls). */
  async function session(url: ScreenUrl) {
    const ws = await connect(url);
    let id = 0;
    return {
      async call(method: string, params: unknown): Promise<unknown> {
        const r = await request(ws, { id: ++id, method, params });
        if (!r.ok) throw new Error(`${method}: ${r.error?.code} ${r.error?.message}`);
        return r.result;
      },
      close: () => ws.close(),
    };
  }

  const uidOf = (pid: number) => /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  const kioskUid = async () => (await inRootOk(root, ['id', '-u', 'venue-kiosk'])).trim();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kiosk-deb-'));
    root = join(work, 'root');
    const t0 = performance.now();
    const took: Record<string, string> = {};
    const timed = <T>(what: string, p: Promise<T>) => p.then((r) => { took[what] = `${((performance.now() - t0) / 1000).toFixed(0)} s`; return r; });
    // the root unpacks while the package builds; then the second build, the upgrade and lintian run side by side
    const made = timed('root', makeBookwormRoot(root, dependsOf(readFileSync(join(repo, 'resources/debian/control.in'), 'utf8'))));
    made.catch(() => undefined); // awaited below; a failure there fails the set-up
    debs.first = await timed('build', build(VERSION, join(work, 'a')));
    lint = timed('lintian', lintian(debs.first));
    lint.catch(() => undefined);
    const again = timed('second build', build(VERSION, join(work, 'b')));
    const upgrade = timed('upgrade package', withVersion(debs.first, UPGRADE));
    [debs.again, debs.upgrade] = await Promise.all([again, upgrade, made.then((m) => (took['root made now'] = String(m.made)))]);
    for (const f of [debs.first, debs.upgrade]) copyFileSync(f, inside(`tmp/${basename(f)}`));
    process.stdout.write(`package test set-up (seconds since start): ${JSON.stringify(took)}\n`);
  }, LONG);

  afterAll(async () => {
    await lint?.catch(() => undefined);
    // --one-file-system: should anything still be mounted inside, it is left alone, never emptied
    if (work) await run('rm', ['-rf', '--one-file-system', work]).catch(() => undefined);
  }, LONG);

  it('is reproducible: a second build elsewhere is the same bytes, every file 0:0 at the last commit\'s time, no build paths', async () => {
    const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    expect(sha(debs.again)).toBe(sha(debs.first));
    const epoch = Number(process.env.SOURCE_DATE_EPOCH || (await run('git', ['log', '-1', '--format=%ct'], { cwd: repo })).stdout.trim());
    const when = new Date(epoch * 1000).toISOString().replace('T', ' ').slice(0, 19);
    for (const part of ['--fsys-tarfile', '--ctrl-tarfile']) {
      const listing = (await run('sh', ['-c', `dpkg-deb ${part} "$1" | tar --list --verbose --numeric-owner --full-time`, 'sh', debs.first], { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 64 * 1024 * 1024 })).stdout;
      const entries = listing.trim().split('\n').map((l) => l.split(/\s+/));
      expect(entries.length).toBeGreaterThan(part === '--fsys-tarfile' ? 1000 : 3);
      expect(entries.filter((e) => e[1] !== '0/0').map((e) => e.join(' ')), part).toEqual([]);
      expect(entries.filter((e) => `${e[3]} ${e[4]}` !== when).map((e) => e.join(' ')), part).toEqual([]);
      // each directory's entries sorted by name, as dpkg-deb writes them (not in the file system's own order)
      const children = new Map<string, string[]>();
      for (const e of entries) {
        const name = e.slice(5).join(' ').replace(/\/$/, '');
        const at = name.lastIndexOf('/');
        if (at < 0) continue;
        const list = children.get(name.slice(0, at)) ?? [];
        list.push(name.slice(at + 1));
        children.set(name.slice(0, at), list);
      }
      const unsorted = [...children].filter(([, names]) => names.join('\n') !== [...names].sort().join('\n')).map(([dir]) => dir);
      expect(unsorted, part).toEqual([]);
    }
    // no path of this machine's checkout, its node_modules or the build's output directory inside
    const data = (await run('sh', ['-c', 'dpkg-deb --fsys-tarfile "$1"; dpkg-deb --ctrl-tarfile "$1"', 'sh', debs.first], { encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 })).stdout;
    for (const p of new Set([repo, dirname(realpathSync(join(repo, 'node_modules'))), work])) {
      expect(data.includes(Buffer.from(`${p}/`)), p).toBe(false);
    }
  }, LONG);

  it('installs with apt-get, its dependencies from Debian, and needs no Node of the system', async () => {
    await aptInstall(basename(debs.first));
    expect(await status()).toBe(`install ok installed ${VERSION}`);
    for (const dep of ['chromium', 'cage', 'cups-client']) {
      expect((await inRoot(root, ['dpkg-query', '-W', '-f=${Status}', dep])).stdout, dep).toBe('install ok installed');
    }
    // the kiosk brings its runtime: the root has no node at all
    expect((await inRoot(root, ['sh', '-c', 'command -v node nodejs'])).stdout.trim()).toBe('');
  }, LONG);

  it('kiosk verify: a demo pass minted on the host is valid inside', async () => {
    appendFileSync(inside('tmp/pass.txt'), `${makeVac()}\n`);
    const v = JSON.parse(await inRootOk(root, ['kiosk', 'verify', '--json', '@/tmp/pass.txt'])) as { outcome: string; demo: boolean };
    expect(v).toMatchObject({ outcome: 'valid', demo: true });
  }, LONG);

  it('lays out files with the owners and modes Debian expects, units enabled, the kiosk user in the device groups', async () => {
    expect(await stat('/var/lib/venue-kiosk')).toBe('venue-kiosk:venue-kiosk 750');
    for (const p of ['/usr/bin/venue-kiosk', '/usr/bin/kiosk', '/usr/lib/venue-kiosk/node']) expect(await stat(p), p).toBe('root:root 755');
    for (const p of ['/etc/venue-kiosk/kiosk.conf', '/lib/systemd/system/venue-kiosk.service', '/lib/systemd/system/venue-kiosk-screen.service',
      '/lib/udev/rules.d/60-venue-kiosk.rules', '/etc/pam.d/venue-kiosk-screen', '/etc/chromium.d/venue-kiosk']) expect(await stat(p), p).toBe('root:root 644');
    // nothing of the program is writable by anyone but root
    const loose = await inRootOk(root, ['find', '/usr/lib/venue-kiosk', '/etc/venue-kiosk', '(', '-perm', '/022', '-o', '!', '-user', 'root', ')', '-print']);
    expect(loose.trim()).toBe('');
    const [, , , , , home, shell] = (await inRootOk(root, ['getent', 'passwd', 'venue-kiosk'])).trim().split(':');
    expect([home, shell]).toEqual(['/var/lib/venue-kiosk', '/usr/sbin/nologin']);
    const groups = (await inRootOk(root, ['id', '-nG', 'venue-kiosk'])).trim().split(/\s+/);
    expect(groups).toEqual(expect.arrayContaining(['dialout', 'plugdev', 'video']));
    // enabled: the symlinks point into the root's /lib, so they are read inside it
    const wants = (target: string, unit: string) => inRootOk(root, ['readlink', `/etc/systemd/system/${target}.wants/${unit}`]).then((s) => s.trim());
    expect(await wants('multi-user.target', 'venue-kiosk.service')).toBe('/lib/systemd/system/venue-kiosk.service');
    expect(await wants('graphical.target', 'venue-kiosk-screen.service')).toBe('/lib/systemd/system/venue-kiosk-screen.service');
    // systemd itself reads both units (unknown options, missing binaries and bad paths are errors)
    const verify = await inRoot(root, ['systemd-analyze', 'verify', '/lib/systemd/system/venue-kiosk.service', '/lib/systemd/system/venue-kiosk-screen.service']);
    expect(verify.stderr.split('\n').filter((l) => /venue-kiosk/.test(l)), verify.stderr).toEqual([]);
  }, LONG);

  it('venue-kiosk --headless as the venue-kiosk user serves its page and verdicts through the API', async () => {
    const k = await startKiosk();
    try {
      expect(uidOf(k.pid)).toBe(await kioskUid());
      const page = await fetch(`${k.url.origin}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">/);
      const s = await session(k.url);
      const v = (await s.call('submitScan', { text: makeVac(), source: 'manual' })) as { verdict: { outcome: string } };
      expect(v.verdict.outcome).toBe('valid');
      expect(await s.call('operatorLogin', { pin: '1234' })).toMatchObject({ ok: true });
      expect(await s.call('changePin', { current: '1234', pin: NEW_PIN, confirm: NEW_PIN })).toMatchObject({ ok: true });
      const { rows } = (await s.call('getStats', { granularity: 'day' })) as { rows: { outcome: string; count: number }[] };
      expect(rows.filter((r) => r.outcome === 'valid').reduce((n, r) => n + r.count, 0)).toBe(1);
      s.close();
    } finally {
      await k.stop();
    }
    // what it wrote is the kiosk user's alone (the service's umask 027 is the launcher's too)
    expect(existsSync(inside('var/lib/venue-kiosk/config.json'))).toBe(true);
    const foreign = await inRootOk(root, ['find', '/var/lib/venue-kiosk', '(', '!', '-user', 'venue-kiosk', '-o', '-perm', '/007', ')', '-print']);
    expect(foreign.trim()).toBe('');
  }, LONG);

  it('run by root, venue-kiosk becomes the venue-kiosk user before it touches the data', async () => {
    const k = await startKiosk(true);
    try {
      expect(uidOf(k.pid)).toBe(await kioskUid());
    } finally {
      await k.stop();
    }
    const foreign = await inRootOk(root, ['find', '/var/lib/venue-kiosk', '!', '-user', 'venue-kiosk', '-print']);
    expect(foreign.trim()).toBe('');
  }, LONG);

  it('upgrades to a higher version with the counts, the PIN hash and the operator\'s /etc edit intact', async () => {
    const pinHash = () => (JSON.parse(readFileSync(inside('var/lib/venue-kiosk/config.json'), 'utf8')) as { pinHash?: string }).pinHash;
    const counts = () => inRootOk(root, ['kiosk', 'stats', '--json']);
    const hashBefore = pinHash();
    const countsBefore = await counts();
    expect(hashBefore).toBeTruthy();
    expect(countsBefore).toMatch(/valid/);
    appendFileSync(inside('etc/venue-kiosk/kiosk.conf'), '# edited at the venue\n');

    await aptInstall(basename(debs.upgrade));
    expect(await status()).toBe(`install ok installed ${UPGRADE}`);
    expect(pinHash()).toBe(hashBefore);
    expect(await counts()).toBe(countsBefore);
    expect(readFileSync(inside('etc/venue-kiosk/kiosk.conf'), 'utf8')).toMatch(/# edited at the venue\n$/);
    // and the upgraded kiosk takes the PIN set before the upgrade
    const k = await startKiosk();
    try {
      const s = await session(k.url);
      expect(await s.call('operatorLogin', { pin: NEW_PIN })).toMatchObject({ ok: true });
      s.close();
    } finally {
      await k.stop();
    }
  }, LONG);

  it('remove keeps /var/lib/venue-kiosk; purge deletes it', async () => {
    await inRootOk(root, ['apt-get', 'remove', '-y', '-q', 'venue-kiosk']);
    expect(await status()).toMatch(/^deinstall ok config-files/);
    expect(existsSync(inside('usr/lib/venue-kiosk'))).toBe(false);
    expect(existsSync(inside('usr/bin/venue-kiosk'))).toBe(false);
    expect(statSync(inside('var/lib/venue-kiosk/stats.db')).size).toBeGreaterThan(0);
    expect(existsSync(inside('var/lib/venue-kiosk/config.json'))).toBe(true);
    expect(existsSync(inside('etc/venue-kiosk/kiosk.conf'))).toBe(true);

    await inRootOk(root, ['apt-get', 'purge', '-y', '-q', 'venue-kiosk']);
    expect(existsSync(inside('var/lib/venue-kiosk'))).toBe(false);
    expect(existsSync(inside('etc/venue-kiosk'))).toBe(false);
    expect(await status()).not.toMatch(/installed|config-files/);
  }, LONG);

  it('lintian: no errors, and every warning left is explained in docs/deploy.md', async () => {
    const { out } = await lint;
    const tags = out.split('\n').map((l) => /^([EW]): venue-kiosk[^:]*: (\S+)/.exec(l)).filter((m) => m !== null);
    expect(tags.filter((m) => m[1] === 'E').map((m) => m.input), out).toEqual([]);
    const docs = readFileSync(join(repo, 'docs/deploy.md'), 'utf8');
    const unexplained = [...new Set(tags.map((m) => m[2]!))].filter((t) => !docs.includes(`\`${t}\``));
    expect(unexplained, out).toEqual([]);
  }, LONG);
});
