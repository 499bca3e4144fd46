// The Debian package, proven on a Debian that has never seen the project: build the .deb (and a higher version
// of it), make a clean bookworm root with mmdebstrap, `apt-get install ./venue-kiosk_*.deb` in it (dependencies
// from Debian), then use, upgrade, remove and purge it there. lintian runs on the same .deb meanwhile.
// It takes 5-15 minutes (most of it dpkg unpacking Chromium and its 190 dependencies), so `npm test` runs it in CI
// (CI=true) when the tools are here (root, mmdebstrap, dpkg-deb, lintian), and a developer with
// `npm run test:package` (KIOSK_PACKAGE_TEST=1: missing tools are then a failure). KIOSK_PACKAGE_TEST=0 skips it.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, appendFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVac } from '../fixtures/hk/sign.ts';
import { connect, request } from '../support/api-client.ts';
import { inRoot, inRootOk, makeBookwormRoot, missingForPackageTests, spawnInRoot } from './debian-root.ts';
import { waitForScreenUrl, type ScreenUrl } from './screen-url.ts';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');
const VERSION = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version as string;
const UPGRADE = `${VERSION}+upgrade1`;
const NEW_PIN = '480917';
const LONG = 30 * 60_000; // a loaded 2-core machine: building, a Debian root and 250 MB of dependencies

const why = missingForPackageTests();
const mode = process.env.KIOSK_PACKAGE_TEST;
const runHere = mode === '1' || (mode !== '0' && process.env.CI === 'true' && why === null);

describe.runIf(mode === '1')('package test prerequisites', () => {
  it('has root, mmdebstrap, dpkg-deb and lintian', () => expect(why).toBeNull());
});

describe.runIf(runHere && why === null)('venue-kiosk.deb in a clean Debian bookworm', () => {
  let work: string;
  let root: string;
  let debs: { first: string; upgrade: string };
  let lintian: Promise<{ code: number; out: string }>;

  const deb = (version: string) => join(work, `venue-kiosk_${version}_amd64.deb`);
  const build = (version: string) => run(process.execPath, [join(repo, 'main/build/deb/build.mjs'), '--version', version, '--out', work], { cwd: repo, maxBuffer: 16 * 1024 * 1024 });
  const aptInstall = (file: string) => inRootOk(root, ['sh', '-c', `cd /tmp && apt-get install -y -q --no-install-recommends ./${file}`]);
  const status = async () => (await inRoot(root, ['dpkg-query', '-W', '-f=${Status} ${Version}', 'venue-kiosk'])).stdout.trim();
  const stat = async (path: string) => (await inRootOk(root, ['stat', '-c', '%U:%G %a', path])).trim();
  const inside = (p: string) => join(root, p);

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
    // the Debian root downloads while the package builds; lintian starts as soon as there is a .deb
    const made = makeBookwormRoot(root);
    await build(VERSION);
    lintian = run('lintian', ['--tag-display-limit', '0', deb(VERSION)], { maxBuffer: 16 * 1024 * 1024 })
      .then((r) => ({ code: 0, out: r.stdout + r.stderr }), (e) => ({ code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }));
    lintian.catch(() => undefined);
    await Promise.all([made, build(UPGRADE)]);
    debs = { first: deb(VERSION), upgrade: deb(UPGRADE) };
    for (const f of Object.values(debs)) copyFileSync(f, inside(`tmp/${basename(f)}`));
  }, LONG);

  afterAll(async () => {
    await lintian?.catch(() => undefined);
    // --one-file-system: should anything still be mounted inside, it is left alone, never emptied
    if (work) await run('rm', ['-rf', '--one-file-system', work]).catch(() => undefined);
  }, LONG);

  it('installs with apt-get, its dependencies from Debian, and needs no Node of the system', async () => {
    await inRootOk(root, ['apt-get', 'update', '-q']);
    await aptInstall(`venue-kiosk_${VERSION}_amd64.deb`);
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

    await aptInstall(`venue-kiosk_${UPGRADE}_amd64.deb`);
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
    const { out } = await lintian;
    const tags = out.split('\n').map((l) => /^([EW]): venue-kiosk[^:]*: (\S+)/.exec(l)).filter((m) => m !== null);
    expect(tags.filter((m) => m[1] === 'E').map((m) => m.input), out).toEqual([]);
    const docs = readFileSync(join(repo, 'docs/deploy.md'), 'utf8');
    const unexplained = [...new Set(tags.map((m) => m[2]!))].filter((t) => !docs.includes(`\`${t}\``));
    expect(unexplained, out).toEqual([]);
  }, LONG);
});
