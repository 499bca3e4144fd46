// The operator's requests against the real core (real config file, real status-list checks, a real PTY for the
// scanner): the PIN change and its policy, the USB-stick listing and import, "Sync now" without a URL, scanners
// added and removed, "Needs attention".
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKioskCore, type KioskCore, type Session } from '../../main/kiosk/core.ts';
import type { SerialScannerSetting } from '../../main/api/state.ts';
import { newPinProblem } from '../../main/kiosk/pin-policy.ts';
import { expandPattern, findListFiles, importUsbList, listUsbLists } from '../../main/kiosk/usb-lists.ts';
import { attentionItems } from '../../main/kiosk/attention.ts';
import { listWarnings } from '../../main/status/resolver.ts';
import type { StatusList } from '../../main/verify/status/format.ts';
import { killAllSocat, startSocat } from '../hardware/socat.ts';
import { demoTrust, makeList } from '../status/helpers.ts';

const NOW = Date.parse('2022-09-15T04:00:00Z'); // 12:00 in Hong Kong
const quiet = { info() {}, warn() {}, error() {} };
let dir: string;
let core: KioskCore;
let session: Session;
let applied: SerialScannerSetting[][];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-opreq-'));
  applied = [];
  core = await createKioskCore({
    dataDir: join(dir, 'data'), shell: 'standalone', clock: () => NOW, pinLockBaseMs: 1000, log: quiet,
    devices: { setSerialScanners: (l) => applied.push(l), testRelay: async () => ({ ok: true }) },
  });
  session = core.openSession();
  expect((await session.handlers.operatorLogin({ pin: '1234' })).ok).toBe(true);
});
afterEach(async () => {
  await core.close();
  await killAllSocat();
  rmSync(dir, { recursive: true, force: true });
});

describe('new PIN policy', () => {
  it('refuses the demo PIN, one digit repeated, runs up and down, a mismatch and a bad format', () => {
    expect(newPinProblem('1234', '1234', '1234')).toBe('demo');
    for (const p of ['0000', '7777777', '999999999999']) expect(newPinProblem(p, p, '1234'), p).toBe('same-digits');
    for (const p of ['2345', '6789', '7890', '9876', '3210', '456789', '0987']) expect(newPinProblem(p, p, '1234'), p).toBe('sequence');
    expect(newPinProblem('583920', '583921', '1234')).toBe('mismatch');
    for (const p of ['123', '1234567890123', '12a4', '']) expect(newPinProblem(p, p, '1234'), p).toBe('format');
    for (const p of ['583920', '1357', '2468', '1212', '13579']) expect(newPinProblem(p, p, '1234'), p).toBeNull();
  });
});

describe('changePin', () => {
  it('needs the current PIN, counts a wrong one like a wrong login, and then works once', async () => {
    const h = session.handlers;
    expect(core.state().attention).toContainEqual({ key: 'demoPin' });
    expect(await h.changePin({ current: '0000', pin: '583920', confirm: '583920' })).toEqual({ ok: false, problem: 'wrong-current' });
    expect(await h.changePin({ current: '1234', pin: '583920', confirm: '583902' })).toEqual({ ok: false, problem: 'mismatch' });
    expect(await h.changePin({ current: '1234', pin: '1111', confirm: '1111' })).toEqual({ ok: false, problem: 'same-digits' });
    expect(await h.changePin({ current: '1234', pin: '583920', confirm: '583920' })).toEqual({ ok: true });
    expect(core.state().attention ?? []).not.toContainEqual({ key: 'demoPin' });
    // the new PIN is the one that opens the screen; the demo PIN no longer does
    const other = core.openSession();
    expect((await other.handlers.operatorLogin({ pin: '1234' })).ok).toBe(false);
    expect((await other.handlers.operatorLogin({ pin: '583920' })).ok).toBe(true);
  });

  it('locks after five wrong current PINs, as the login does (no guessing through the change form)', async () => {
    let last;
    for (let i = 0; i < 5; i++) last = await session.handlers.changePin({ current: `000${i}`, pin: '583920', confirm: '583920' });
    expect(last!.problem).toBe('wrong-current');
    expect(last!.retryAfterMs).toBeGreaterThan(0);
    // even the right current PIN waits out the lock
    expect((await session.handlers.changePin({ current: '1234', pin: '583920', confirm: '583920' })).problem).toBe('locked');
  });

  it('a restarted kiosk with a changed PIN does not show the demo-PIN warning', async () => {
    await session.handlers.changePin({ current: '1234', pin: '583920', confirm: '583920' });
    await core.close();
    core = await createKioskCore({ dataDir: join(dir, 'data'), shell: 'standalone', clock: () => NOW, log: quiet });
    session = core.openSession();
    expect(core.state().attention ?? []).not.toContainEqual({ key: 'demoPin' });
  });
});

describe('colour lists on removable media', () => {
  function stick(): string {
    const s = join(dir, 'media', 'user', 'STICK');
    mkdirSync(s, { recursive: true });
    return s;
  }

  it('finds *.json on each mount of the patterns, not deeper, and not hidden files', () => {
    const s = stick();
    writeFileSync(join(s, 'a.json'), '{}');
    writeFileSync(join(s, '.hidden.json'), '{}');
    writeFileSync(join(s, 'b.txt'), '');
    mkdirSync(join(s, 'deeper'));
    writeFileSync(join(s, 'deeper', 'c.json'), '{}');
    expect(expandPattern(join(dir, 'media', '*', '*'))).toEqual([s]);
    expect(findListFiles([join(dir, 'media', '*', '*')])).toEqual([join(s, 'a.json')]);
    expect(findListFiles([join(dir, 'nothing', '*')])).toEqual([]);
  });

  it('shows each file\'s signed details, flags tampered, expired and future lists, and imports only offered files', async () => {
    const s = stick();
    const roots = [join(dir, 'media', '*', '*')];
    writeFileSync(join(s, 'good.json'), makeList({ version: 7, issuedAt: '2022-09-15T01:00:00Z', expiresAt: '2022-09-16T01:00:00Z', entries: [] }));
    writeFileSync(join(s, 'old.json'), makeList({ version: 3, issuedAt: '2022-09-01T00:00:00Z', expiresAt: '2022-09-02T00:00:00Z' }));
    writeFileSync(join(s, 'future.json'), makeList({ version: 9, issuedAt: '2022-09-20T00:00:00Z', expiresAt: '2022-09-21T00:00:00Z' }));
    const t = JSON.parse(makeList({ version: 8 })) as { version: number };
    t.version = 80; // the signed header no longer matches its signature
    writeFileSync(join(s, 'tampered.json'), JSON.stringify(t));
    writeFileSync(join(s, 'garbage.json'), '{"not": "a list"');
    const trust = demoTrust();
    const listed = await listUsbLists(trust, NOW, undefined, roots);
    const by = Object.fromEntries(listed.files.map((f) => [f.name, f]));
    expect(by['good.json']).toMatchObject({ ok: true, authority: 'demo-status', version: 7, entries: 0, issuedAt: '2022-09-15T01:00:00Z', expired: false, future: false });
    expect(by['old.json']).toMatchObject({ ok: true, expired: true });
    expect(by['future.json']).toMatchObject({ ok: true, future: true });
    expect(by['tampered.json']).toMatchObject({ ok: false, problem: 'bad-signature' });
    expect(by['garbage.json']).toMatchObject({ ok: false, problem: 'malformed' });

    const data = join(dir, 'data2');
    expect(await importUsbList(join(s, 'good.json'), data, trust, roots)).toEqual({ ok: true, changed: true, version: 7, entries: 0 });
    // the CLI's rollback check applies: an older list is refused with its reason
    expect(await importUsbList(join(s, 'old.json'), data, trust, roots)).toMatchObject({ ok: false, problem: 'rollback' });
    expect(await importUsbList(join(s, 'tampered.json'), data, trust, roots)).toMatchObject({ ok: false, problem: 'bad-signature' });
    // a path the listing did not offer, even through ../ or a symlink, is refused before it is read
    const outside = join(dir, 'outside.json');
    writeFileSync(outside, makeList({ version: 50 }));
    expect(await importUsbList(outside, data, trust, roots)).toEqual({ ok: false, problem: 'not-offered' });
    expect(await importUsbList(join(s, '..', '..', '..', 'outside.json'), data, trust, roots)).toEqual({ ok: false, problem: 'not-offered' });
    symlinkSync(outside, join(s, 'link.json'));
    const again = await listUsbLists(trust, NOW, 7, roots);
    expect(again.files.map((f) => f.name)).not.toContain('link.json');
    expect(await importUsbList(join(s, 'link.json'), data, trust, roots)).toEqual({ ok: false, problem: 'not-offered' });
    // with version 7 in use, the older list is shown as not importable, with the reason
    expect(again.files.find((f) => f.name === 'old.json')).toMatchObject({ ok: false, problem: 'rollback' });
  });

  it('through the session: the import is in use at once', async () => {
    process.env.KIOSK_MEDIA_ROOTS = join(dir, 'media', '*', '*');
    try {
      const s = stick();
      writeFileSync(join(s, 'list.json'), makeList({ version: 11, issuedAt: '2022-09-15T01:00:00Z', expiresAt: '2022-09-16T01:00:00Z' }));
      const listed = await session.handlers.listUsbLists({});
      expect(listed.files.map((f) => f.name)).toEqual(['list.json']);
      expect(await session.handlers.importUsbList({ path: listed.files[0]!.path })).toMatchObject({ ok: true, version: 11 });
      expect(core.state().statusList.version).toBe(11);
    } finally {
      delete process.env.KIOSK_MEDIA_ROOTS;
    }
  });
});

describe('colour list from the shell\'s file dialog (Electron)', () => {
  it('describes the chosen file, imports it for that screen only, and is unavailable without a dialog', async () => {
    // without a file chooser (the standalone shell) the screen is told so
    expect(await session.handlers.pickListFile({})).toEqual({ available: false });
    await core.close();
    const chosen = join(dir, 'elsewhere', 'list.json');
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(chosen, makeList({ version: 21, issuedAt: '2022-09-15T01:00:00Z', expiresAt: '2022-09-16T01:00:00Z' }));
    let answer: string | null = null;
    core = await createKioskCore({ dataDir: join(dir, 'data'), shell: 'electron', clock: () => NOW, log: quiet, pickListFile: async () => answer });
    session = core.openSession();
    expect((await session.handlers.operatorLogin({ pin: '1234' })).ok).toBe(true);
    // the operator cancelled the dialog
    expect(await session.handlers.pickListFile({})).toEqual({ available: true });
    // a file another screen chose, or nobody chose, is not importable here
    expect(await session.handlers.importUsbList({ path: chosen })).toEqual({ ok: false, problem: 'not-offered' });
    answer = chosen;
    const picked = await session.handlers.pickListFile({});
    expect(picked.file).toMatchObject({ ok: true, version: 21, authority: 'demo-status', path: chosen });
    const other = core.openSession();
    expect((await other.handlers.importUsbList({ path: chosen })).problem).toBe('not-offered');
    expect(await session.handlers.importUsbList({ path: chosen })).toMatchObject({ ok: true, version: 21 });
    expect(core.state().statusList.version).toBe(21);
  });
});

describe('sync now', () => {
  it('without a list URL says so instead of "finished"', async () => {
    expect((await session.handlers.syncStatusList({})).noUrl).toBe(true);
  });
});

describe('scanners from the Devices screen', () => {
  it('adds a scanner on a real PTY (numbered, saved, handed to the hardware), refuses bad ports, removes it', async () => {
    const pair = await startSocat(join(dir, 'scan-a'), join(dir, 'scan-b'));
    const add = (path: string) => session.handlers.addScanner({ path, baudRate: 9600, framing: 'auto', quietGapMs: 50 });
    expect(await add(pair.a)).toEqual({ ok: true, number: 1 });
    expect(applied.at(-1)).toEqual([{ number: 1, path: pair.a, baudRate: 9600, framing: 'auto', quietGapMs: 50 }]);
    expect(await add(pair.a)).toEqual({ ok: false, problem: 'duplicate' });
    expect(await add(join(dir, 'no-such-port'))).toEqual({ ok: false, problem: 'not-a-device' });
    writeFileSync(join(dir, 'plain-file'), '');
    expect(await add(join(dir, 'plain-file'))).toEqual({ ok: false, problem: 'not-a-device' });
    expect(await add(pair.b)).toEqual({ ok: true, number: 2 });
    // saved: a restarted kiosk still has both
    await core.close();
    core = await createKioskCore({ dataDir: join(dir, 'data'), shell: 'standalone', clock: () => NOW, log: quiet, devices: { setSerialScanners: (l) => applied.push(l), testRelay: async () => ({ ok: true }) } });
    session = core.openSession();
    await session.handlers.operatorLogin({ pin: '1234' });
    expect(core.state().settings.serialScanners?.map((s) => s.number)).toEqual([1, 2]);
    expect(await session.handlers.removeScanner({ number: 1 })).toEqual({ ok: true });
    expect(applied.at(-1)!.map((s) => s.number)).toEqual([2]);
    // the freed number is used again
    expect(await add(pair.a)).toEqual({ ok: true, number: 1 });
  });

  it('the relay test needs a configured relay', async () => {
    expect(await session.handlers.testRelay({})).toEqual({ ok: false, problem: 'not-configured' });
    await session.handlers.setSettings({ patch: { relay: { enabled: true, path: '/dev/ttyUSB9', pulseMs: 500 } } });
    expect(await session.handlers.testRelay({})).toEqual({ ok: true });
  });
});

describe('needs attention', () => {
  it('lists a disconnected configured scanner with the time it went, expired, future and failed lists', () => {
    const items = attentionItems({
      devices: [
        { id: 'serial:/dev/a', kind: 'serial', label: 'Scanner 2', state: 'disconnected', since: NOW - 60_000, configured: { number: 2, baudRate: 9600 } },
        { id: 'serial:/dev/b', kind: 'serial', label: 'Scanner 1', state: 'connected', configured: { number: 1, baudRate: 9600 } },
        { id: 'camera', kind: 'camera', label: 'Camera', state: 'disconnected' },
      ],
      list: { loaded: true, stale: true, expiresAt: '2022-09-15T03:00:00Z', issuedAt: '2022-09-16T00:00:00Z', lastSyncError: 'HTTP 500' },
      demoPin: true,
      now: NOW,
    });
    expect(items).toEqual([
      { key: 'demoPin' },
      { key: 'scannerDisconnected', scanner: '2', at: NOW - 60_000 },
      { key: 'listExpired', at: Date.parse('2022-09-15T03:00:00Z') },
      { key: 'listFuture', at: Date.parse('2022-09-16T00:00:00Z') },
      { key: 'listRejected', detail: 'HTTP 500' },
    ]);
  });

  it('an accepted list that is expired or issued in the future is not also called a failed update', () => {
    const list = { header: { version: 7 }, expiresAtMs: NOW - 3_600_000, issuedAtMs: NOW + 3_600_000 } as unknown as StatusList;
    const notes = listWarnings(list, NOW);
    expect(notes).toHaveLength(2);
    const only = (lastSyncError: string) => attentionItems({
      devices: [], demoPin: false, now: NOW,
      list: { loaded: true, stale: true, expiresAt: '2022-09-15T03:00:00Z', issuedAt: '2022-09-15T05:00:00Z', lastSyncError },
    }).map((a) => a.key);
    expect(only(notes.join('; '))).toEqual(['listExpired', 'listFuture']);
    expect(only(['HTTP 500', ...notes].join('; '))).toEqual(['listExpired', 'listFuture', 'listRejected']);
  });
});
