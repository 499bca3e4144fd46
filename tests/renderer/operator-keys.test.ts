// Every message key the operator can be shown exists in both translation files. The keys are found two ways:
// literally in the renderer's source (t('...'), k="..."), and by walking every value of each enumeration a
// template key is built from (t(`op.pin.problems.${problem}`) and so on) as the contract defines them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../renderer/i18n/en.json';
import zh from '../../renderer/i18n/zh-Hant.json';
import { ListProblem, PinProblem, requests } from '../../main/api/contract.ts';
import { AttentionItem, DeviceStatus } from '../../main/api/state.ts';
import { SECTIONS } from '../../renderer/operator/Operator.tsx';
import { DEVICE_ERROR_KEYS, deviceErrorKey } from '../../renderer/logic/device-errors.ts';
import { PRINTER_ERROR_KEYS, printerErrorKey } from '../../renderer/logic/printer-errors.ts';
import { CALL_ERROR_KEYS, callErrorKey } from '../../renderer/logic/call-errors.ts';
import { openRelay } from '../../hardware/relay.ts';
import { SerialScanner } from '../../hardware/serial-scanner.ts';
import { printPdf, savePosterPdf } from '../../main/venue/print.ts';
import { describeHttpError, HttpError } from '../../main/status/http.ts';
import { FAULT_KEYS, faultKey } from '../../renderer/logic/fault-keys.ts';
import { PIN_LOST_FAULT } from '../../main/settings/config.ts';
import { LIST_ERROR_KEYS, listErrorKey } from '../../renderer/logic/list-errors.ts';
import { describeRejection, listWarnings } from '../../main/status/resolver.ts';
import type { StatusList } from '../../main/verify/status/format.ts';

/** listWarnings reads only these fields: a list that expires in 2025 and was issued in 2024 */
const expiredAndFuture = { header: { version: 7 }, expiresAtMs: Date.parse('2025-01-01T00:00:00Z'), issuedAtMs: Date.parse('2024-01-01T00:00:00Z') } as unknown as StatusList;

type Tree = { [k: string]: string | Tree };
const has = (tree: Tree, key: string): boolean => {
  const v = key.split('.').reduce<string | Tree | undefined>((n, p) => (n && typeof n === 'object' ? n[p] : undefined), tree);
  return typeof v === 'string' && v.trim().length > 0;
};
const plural = (tree: Tree, key: string) => has(tree, key) || (has(tree, `${key}_one`) && has(tree, `${key}_other`));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

/** Literal keys: t('a.b'), t("a.b"), k="a.b", k={'a.b'}, fixedT(x)('a.b'), biText('a.b'). */
function literalKeys(): string[] {
  const out = new Set<string>();
  for (const f of sources('renderer')) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:\bt|\)|biText)\(\s*'([a-zA-Z][\w.-]*\.[\w.-]+)'/g)) out.add(m[1]!);
    for (const m of text.matchAll(/\bk=\{?['"]([a-zA-Z][\w.-]*\.[\w.-]+)['"]/g)) out.add(m[1]!);
  }
  return [...out];
}

const enumValues = (schema: { options: readonly string[] }) => [...schema.options];
const resultProblem = (m: 'addScanner' | 'testRelay' | 'setVenue') =>
  enumValues((requests[m].result.shape.problem as unknown as { unwrap(): { options: string[] } }).unwrap());

/** Keys built from templates, one per value the contract allows. */
function templateKeys(): string[] {
  return [
    ...enumValues(PinProblem).map((p) => `op.pin.problems.${p}`),
    ...enumValues(ListProblem).map((p) => `op.colour.problems.${p}`),
    ...resultProblem('addScanner').map((p) => `op.devices.addProblems.${p}`),
    ...resultProblem('testRelay').map((p) => `op.devices.relayProblems.${p}`),
    ...resultProblem('setVenue').map((p) => `op.venue.errors.${p}`),
    ...enumValues(AttentionItem.shape.key).map((k) => `idle.attentionItems.${k}`),
    ...enumValues(DeviceStatus.shape.kind).map((k) => `op.devices.kinds.${k}`),
    ...enumValues(DeviceStatus.shape.state).map((k) => `op.devices.states.${k}`),
    ...SECTIONS.map((s) => `op.tabs.${s}`),
    ...['hour', 'day'].map((g) => `op.counts.${g}`),
    ...['electron', 'standalone'].map((g) => `op.system.shells.${g}`),
  ];
}

describe('operator-visible message keys', () => {
  it('finds the keys it checks (the source scan works)', () => {
    const lit = literalKeys();
    expect(lit).toContain('op.pin.changed');
    expect(lit).toContain('op.colour.noUrl');
    expect(lit.length).toBeGreaterThan(150);
  });

  it('every literal key in the renderer exists in both languages', () => {
    const missing = literalKeys().filter((k) => !plural(en as unknown as Tree, k) || !plural(zh as unknown as Tree, k));
    expect(missing).toEqual([]);
  });

  it('every key built from a contract enumeration exists in both languages', () => {
    const missing = templateKeys().filter((k) => !has(en as unknown as Tree, k) || !has(zh as unknown as Tree, k));
    expect(missing).toEqual([]);
  });

  it('every driver error the screen translates has its own key in both languages; real drivers\' errors among them', async () => {
    // real failures first: a relay and a serial scanner on a missing port and on a file that is not a tty
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-keys-'));
    const plain = join(dir, 'not-a-tty');
    writeFileSync(plain, 'x');
    const real: string[] = [];
    try {
      for (const path of [join(dir, 'missing'), plain]) {
        const relay = openRelay({ path, pulseMs: 50 });
        await relay.pulse();
        real.push(relay.status().error ?? 'no relay error');
        await relay.close();
        const errors: string[] = [];
        const scanner = new SerialScanner({ path, events: { scan: () => {}, status: (st) => { if (st.error) errors.push(st.error); } } });
        scanner.start();
        await expect.poll(() => errors.length, { timeout: 5000, interval: 20 }).toBeGreaterThan(0);
        await scanner.stop();
        real.push(errors[0]!);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(real.every((e) => e.length > 0)).toBe(true);
    const written = ['device not present', 'not present', 'device disconnected', 'permission denied: see docs/hardware.md',
      'cannot open /dev/hidraw3: permission denied, see docs/hardware.md (udev rule)',
      'port in use by another program', 'Error Resource temporarily unavailable Cannot lock port',
      'unreadable bytes dropped (check baud rate)', 'line longer than the limit dropped', 'incomplete line dropped',
      'scan dropped (bad-report)', 'too many scans per second: some dropped', 'camera not found', 'camera permission denied',
      'camera busy or failed to start', 'no camera support in this browser', 'decoder failed to start: x',
      'cannot list devices: EMFILE', 'HID unavailable: no native module', 'relay disconnected', 'relay: EIO',
      'relay: relay write timed out', 'no relay configured'];
    for (const e of [...real, ...written]) {
      const k = deviceErrorKey(e);
      expect(k.key, e).not.toBe('op.devices.errors.other');
    }
    // a text nobody foresaw still reads as a sentence in the operator's language, with the driver's words inside
    expect(deviceErrorKey('something new')).toEqual({ key: 'op.devices.errors.other', opts: { detail: 'something new' } });
    const missing = DEVICE_ERROR_KEYS.filter((k) => !has(en as unknown as Tree, k) || !has(zh as unknown as Tree, k));
    expect(missing).toEqual([]);
    expect(DEVICE_ERROR_KEYS.length).toBeGreaterThan(20);
  });

  it('every printing and saving error of the poster has its key in both languages', async () => {
    const path = process.env.PATH;
    const real: string[] = [];
    try {
      process.env.PATH = '/nonexistent'; // no lp: the real "no CUPS" answer
      real.push((await printPdf(new Uint8Array([1]))).error ?? '');
    } finally {
      process.env.PATH = path;
    }
    real.push((await printPdf(new Uint8Array([1]), '-o evil')).error ?? '');
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-keys-'));
    writeFileSync(join(dir, 'file'), 'x');
    const saved = await savePosterPdf(new Uint8Array([1]), { dir: join(dir, 'file', 'sub') }); // a folder under a file
    rmSync(dir, { recursive: true, force: true });
    real.push(saved.ok ? '' : saved.error);
    expect(real.map((e) => printerErrorKey(e).key)).toEqual(['op.poster.errors.noCups', 'op.poster.errors.badPrinter', 'op.poster.errors.saveFailed']);
    for (const [e, k] of [['Printing timed out: the print system did not answer in 30 s.', 'timeout'], ['Printing failed: lp: Error - no such queue', 'printFailed'],
      ['cancelled', 'cancelled'], ['ENOSPC: no space left on device, open \'/x.pdf\'', 'saveFull'], ['EROFS: read-only file system', 'saveReadOnly'],
      ['Could not save the poster to /x: the disk is full.', 'saveFull'], ['Invalid deviceName provided', 'badPrinter']] as const) {
      expect(printerErrorKey(e).key, e).toBe(`op.poster.errors.${k}`);
    }
    const missing = PRINTER_ERROR_KEYS.filter((k) => !has(en as unknown as Tree, k) || !has(zh as unknown as Tree, k));
    expect(missing).toEqual([]);
  });

  it('a request that fails outright (not saved, signed out, timed out, refused) has its key in both languages', () => {
    for (const [e, k] of [['The change could not be saved (disk full or read-only?); the previous configuration is kept.', 'notSaved'],
      ['forbidden: setSettings needs the operator PIN', 'signedOut'], ['setSettings timed out', 'timeout'],
      ['invalid params for addScanner: path: too long', 'refused'], ['request failed', 'connection']] as const) {
      expect(callErrorKey(new Error(e)).key, e).toBe(`op.errors.${k}`);
    }
    expect(callErrorKey(new Error('odd')).key).toBe('op.errors.other');
    const missing = CALL_ERROR_KEYS.filter((k) => !has(en as unknown as Tree, k) || !has(zh as unknown as Tree, k));
    expect(missing).toEqual([]);
  });

  it('every core fault the screens translate has its own key in both languages', () => {
    const faults = ['DEMO issuer keys are trusted: verdicts are for demonstration only.',
      'The configuration could not be saved (disk full or read-only?).',
      'The configured venue code could not be read; showing the demo venue.',
      'The counts database stats.db is full (disk full or size limit reached); 3 count(s) are held in memory until it can be written.',
      'The counts database stats.db cannot be written (read-only).', 'The counts database stats.db is damaged.',
      'The counts database stats.db is locked by another program.', 'The counts database stats.db failed (EIO).',
      PIN_LOST_FAULT, 'The operator PIN was missing from the configuration file; the last good copy\'s PIN is in use.',
      'The configuration file was missing; the kiosk started on its last good copy.',
      'The configuration file was damaged (not JSON); the kiosk started on its last good copy.',
      'The configuration file was damaged (not JSON); the kiosk started on the defaults for what could not be read.',
      'rule file x.json ignored: bad', 'rule profile "x" unusable (missing); using by-date'];
    const keys = faults.map((f) => faultKey(f).key);
    expect(new Set(keys).size).toBe(faults.length);
    expect(keys).not.toContain('faults.other');
    expect(faultKey('something new')).toEqual({ key: 'faults.other', opts: { detail: 'something new' } });
    const missing = FAULT_KEYS.filter((k) => !has(en as unknown as Tree, k) || !has(zh as unknown as Tree, k));
    expect(missing).toEqual([]);
  });

  it('every colour-list rejection and sync error the core words has its key in both languages', () => {
    const codes = enumValues(ListProblem).filter((p) => !['unreadable', 'not-offered', 'failed'].includes(p));
    for (const c of codes) {
      const k = listErrorKey(describeRejection(c, 'detail'));
      expect(k.key, c).toBe(`op.colour.problems.${c}`);
    }
    for (const e of ['HTTP 503', 'timeout: no complete answer within 30000 ms', 'bad-url: not a URL', 'network error',
      'unreachable: connection refused', 'truncated: connection closed', 'oversized: answer larger than 5 bytes',
      'list in use but not saved (ENOSPC)', 'server answered 304 but no list is held', 'list file missing', 'saved list oversized',
      'saved list unreadable (EIO)', 'lookup URL refused: use https (plain http only on 127.0.0.1)', 'lookup answer refused: bad-signature',
      ...listWarnings(expiredAndFuture, Date.parse('2030-01-01T00:00:00Z')), ...listWarnings(expiredAndFuture, Date.parse('2020-01-01T00:00:00Z')),
      describeHttpError(new HttpError('timeout', 'x')), describeHttpError(new HttpError('unreachable', 'connection refused'))]) {
      const k = listErrorKey(e);
      expect(k.key, e).not.toBe('op.colour.syncErrors.other');
      expect(has(en as unknown as Tree, k.key) && has(zh as unknown as Tree, k.key), k.key).toBe(true);
    }
    expect(listErrorKey('sync failed: odd')).toEqual({ key: 'op.colour.syncErrors.other', opts: { detail: 'sync failed: odd' } });
    const missing = LIST_ERROR_KEYS.filter((k) => !has(en as unknown as Tree, k) || !has(zh as unknown as Tree, k));
    expect(missing).toEqual([]);
  });
});
