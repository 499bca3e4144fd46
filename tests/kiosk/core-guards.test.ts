// The core's own guards around decide() (main/kiosk/core.ts submitScan, openDoor, endGroup, the SMART Health Card
// part path): when the door opens, what is counted and under which bucket, what the verdict event carries. Real
// core, real SQLite in a temp dir, demo keys; onAdmit and the logger spied on. Each test names the mutant of
// core.ts it kills (docs/testing.md). Expected values come from the contract comments (CoreOptions.onAdmit: "once
// per admitted single scan, once per admitted group (when it ends); never otherwise") and hand calculation.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope } from '../../main/api/contract.ts';
import type { StatsRow } from '../../main/api/state.ts';
import type { ScanSource, Verdict } from '../../main/api/verdict.ts';
import { createKioskCore, type CoreOptions, type KioskCore, type Session } from '../../main/kiosk/core.ts';
import type { ColourResolver } from '../../main/kiosk/ports.ts';
import { makeMec, makeVac } from '../fixtures/hk/sign.ts';

const NOON_HK = Date.parse('2022-12-05T04:00:00Z'); // final stage
let dir: string;
let now: number;
let core: KioskCore;
let session: Session;
let opened: (Verdict | null)[];
let logged: { level: string; msg: string }[];
let events: EventEnvelope[];

const log = {
  info: (msg: string) => { logged.push({ level: 'info', msg }); },
  warn: (msg: string) => { logged.push({ level: 'warn', msg }); },
  error: (msg: string) => { logged.push({ level: 'error', msg }); },
};

async function start(extra: Partial<CoreOptions> = {}) {
  await core?.close();
  core = await createKioskCore({
    dataDir: join(dir, `data-${Math.random().toString(36).slice(2)}`), shell: 'standalone', clock: () => now,
    onAdmit: (v) => opened.push(v), log, ...extra,
  });
  core.onEvent((e) => events.push(e));
  session = core.openSession();
}
const submit = (text: string, source: ScanSource = 'serial', deviceId = 'test') =>
  core.submitScan({ text, source, deviceId, at: now });
const vac = (i: number) => makeVac({ reference: `DEMO${String(i).padStart(10, '0')}`, maskedName: `LAU ${String.fromCharCode(65 + i)}** M**` });
/** local hour bucket, as the stats store keys hours (YYYY-MM-DDTHH:00 in the kiosk's time zone) */
const hourOf = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:00`;
};
async function rows(): Promise<StatsRow[]> {
  const s = core.openSession();
  expect((await s.handlers.operatorLogin({ pin: '1234' })).ok).toBe(true);
  const { rows: r } = await s.handlers.getStats({ granularity: 'hour' });
  return [...r].sort((a, b) => `${a.outcome}${a.source}`.localeCompare(`${b.outcome}${b.source}`));
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-guards-'));
  now = NOON_HK;
  opened = [];
  logged = [];
  events = [];
  await start();
});
afterEach(async () => {
  await core?.close();
  core = undefined as never;
  rmSync(dir, { recursive: true, force: true });
});

describe('the door in group mode (endGroup)', () => {
  it('kills: endGroup never opening the door (an admitted group opens it once, at the end, with no single verdict)', async () => {
    await session.handlers.groupStart({});
    await submit(vac(1));
    const ev = await submit(makeMec());
    expect(ev.group?.admitted).toBe(true);
    // the members themselves never open it: a family passes together
    expect(opened).toEqual([]);
    const end = await session.handlers.groupEnd({});
    expect(end.active).toBe(false);
    expect(opened).toEqual([null]);
    // ending again (no group) opens nothing more
    await session.handlers.groupEnd({});
    expect(opened).toEqual([null]);
  });

  it('kills: a refused group opening the door at its end (red member: the end opens nothing)', async () => {
    await start({
      colour: {
        async resolve() { return { colour: { value: 'red', source: 'list', listVersion: 1 }, revoked: false }; },
        info: () => ({ state: 'none' }) as never, sync: async () => ({ state: 'none' }) as never, close() {},
      } satisfies ColourResolver,
    });
    await session.handlers.groupStart({});
    await submit(vac(2));
    await session.handlers.groupEnd({});
    expect(opened).toEqual([]);
  });
});

describe('what the verdict event carries', () => {
  it('kills: seq not counting up (each verdict, a part of a card included, has the next number)', async () => {
    const a = await submit(vac(1));
    const b = await submit('not a pass');
    const c = await submit(makeMec());
    expect([b.seq - a.seq, c.seq - b.seq]).toEqual([1, 1]);
    expect(a.seq).toBe(1);
    const verdictEvents = events.filter((e) => e.event === 'verdict');
    expect(verdictEvents.length).toBe(3);
  });

  it('kills: deviceId not cut at 200 characters, source and time not carried', async () => {
    const long = 'd'.repeat(250);
    const ev = await submit(vac(3), 'camera', long);
    expect(ev.deviceId).toBe('d'.repeat(200));
    expect(ev.source).toBe('camera');
    expect(ev.at).toBe(NOON_HK);
    expect(ev.group).toBeUndefined();
    expect(ev.groupEntry).toBeUndefined();
  });

  it('kills: the group entry not carried (added, repeat, full in the event; the group state beside it)', async () => {
    await session.handlers.groupStart({});
    const one = vac(1); // one signed text: each signing makes new bytes
    const first = await submit(one);
    expect(first.groupEntry).toBe('added');
    expect(first.group?.members.length).toBe(1);
    const again = await submit(one);
    expect(again.groupEntry).toBe('repeat');
    for (let i = 2; i <= 9; i++) await submit(vac(i));
    const tenth = await submit(vac(10));
    expect(tenth.groupEntry).toBe('full');
    expect(tenth.group?.members.length).toBe(9);
  });

  it('kills: a hardware scanner\'s last scan time not kept (only the scanner that read it)', async () => {
    core.setDevices([
      { id: 'serial:/dev/ttyACM0', kind: 'serial', label: 'scanner A', state: 'connected' },
      { id: 'serial:/dev/ttyACM1', kind: 'serial', label: 'scanner B', state: 'connected' },
    ]);
    now += 5_000;
    // the second scanner reads it: a lookup that takes the first device would mark the wrong one
    await submit(vac(4), 'serial', 'serial:/dev/ttyACM1');
    const devs = core.state().devices;
    expect(devs.find((d) => d.id === 'serial:/dev/ttyACM1')?.lastScanAt).toBe(NOON_HK + 5_000);
    expect(devs.find((d) => d.id === 'serial:/dev/ttyACM0')?.lastScanAt).toBeUndefined();
  });
});

describe('what is counted', () => {
  it('kills: the count\'s outcome, credential, source or hour not recorded (one row per bucket, by hand)', async () => {
    await submit(vac(1), 'camera');
    await submit('not a pass', 'serial');
    expect(await rows()).toEqual([
      { period: hourOf(NOON_HK), outcome: 'unreadable', credential: 'unknown', source: 'serial', count: 1 },
      { period: hourOf(NOON_HK), outcome: 'valid', credential: 'hk-vac', source: 'camera', count: 1 },
    ]);
  });

  it('kills: group members not counted, or a repeat in a group counted twice', async () => {
    await session.handlers.groupStart({});
    const one = vac(1);
    await submit(one);
    await submit(vac(2));
    await submit(one); // the same pass again, within the 30 s window
    await session.handlers.groupEnd({});
    expect(await rows()).toEqual([{ period: hourOf(NOON_HK), outcome: 'valid', credential: 'hk-vac', source: 'serial', count: 2 }]);
  });

  it('kills: a refused scan counted as a repeat of nothing, or not counted (each refusal counts)', async () => {
    await submit('not a pass');
    now += 31_000;
    await submit('not a pass');
    expect((await rows()).map((r) => [r.outcome, r.count])).toEqual([['unreadable', 2]]);
  });
});

describe('the door relay port (openDoor)', () => {
  it('kills: a throwing relay not reported (the verdict stands, the operator log says the relay failed)', async () => {
    await start({ onAdmit: () => { throw new Error('relay unplugged'); } });
    expect((await submit(vac(1))).verdict.outcome).toBe('valid');
    expect(logged).toContainEqual({ level: 'warn', msg: 'door relay failed: relay unplugged' });
  });

  it('kills: a kiosk without a relay calling it anyway (no relay: no relay warning)', async () => {
    await start({ onAdmit: undefined });
    expect((await submit(vac(1))).verdict.outcome).toBe('valid');
    expect(logged.filter((l) => l.msg.includes('relay'))).toEqual([]);
  });
});

describe('a pipeline bug (decide\'s onError)', () => {
  const throwing = (e: unknown): ColourResolver => ({
    async resolve() { throw e; },
    info: () => ({ state: 'none' }) as never, sync: async () => ({ state: 'none' }) as never, close() {},
  });

  it('kills: a pipeline error not logged by its name (a calm verdict, the error name in the log, never its message)', async () => {
    await start({ colour: throwing(new TypeError('secret pass text')) });
    const ev = await submit(vac(1));
    expect(ev.verdict).toMatchObject({ outcome: 'unreadable', reasons: ['internal-error'] });
    expect(opened).toEqual([]);
    expect(logged).toContainEqual({ level: 'error', msg: 'pipeline error: TypeError' });
    expect(JSON.stringify(logged)).not.toContain('secret');
  });

  it('kills: a thrown non-Error crashing the log line (logged as unknown)', async () => {
    await start({ colour: throwing(null) });
    expect((await submit(vac(1))).verdict.reasons).toEqual(['internal-error']);
    expect(logged).toContainEqual({ level: 'error', msg: 'pipeline error: unknown' });
  });
});

describe('SMART Health Card parts (the shc:/C/N/ path)', () => {
  const part = readFileSync('../shared/testdata/shc/example-02-f-qr-code-numeric-value-0.txt', 'utf8').trim();
  const body = part.replace(/^shc:\/\d+\/\d+\//, '');

  it('kills: a part not answered as a part (not counted, door shut, the event on the screen, the next seq)', async () => {
    const ev = await submit(part, 'camera', 'c'.repeat(220));
    expect(ev.verdict).toMatchObject({ outcome: 'not-applicable', credential: 'shc', reasons: ['shc-chunk-partial'], demo: false });
    expect(ev.verdict.display.recordType).toBe('SMART Health Card 1/3');
    expect(ev.verdict.stages).toEqual({ prefix: true });
    expect(ev).toMatchObject({ seq: 1, source: 'camera', at: NOON_HK, deviceId: 'c'.repeat(200) });
    expect(events.filter((e) => e.event === 'verdict').length).toBe(1);
    expect(opened).toEqual([]);
    expect(await rows()).toEqual([]);
    expect((await submit(vac(1))).seq).toBe(2);
  });

  it('kills: the part pattern losing `\\s*` or `\\d+` (leading white space; part 10 of 10)', async () => {
    const spaced = await submit(` \n${part}`);
    expect(spaced.verdict.reasons).toEqual(['shc-chunk-partial']);
    const tenth = await submit(`shc:/10/10/${body}`);
    expect(tenth.verdict.reasons).toEqual(['shc-chunk-partial']);
    expect(tenth.verdict.display.recordType).toBe('SMART Health Card 1/10');
  });

  it('kills: the 16 KiB bound of the part path moved or dropped (16,383 characters: a part; 16,384: not held)', async () => {
    const head = 'shc:/1/2/';
    const under = await submit(head + '5'.repeat(16_383 - head.length));
    expect(under.verdict.reasons).toEqual(['shc-chunk-partial']);
    const at = await submit(head + '6'.repeat(16_384 - head.length));
    expect(at.verdict.credential).toBe('shc');
    expect(at.verdict.reasons).not.toContain('shc-chunk-partial');
    expect(['unreadable', 'invalid']).toContain(at.verdict.outcome);
  });

  it('kills: a text that only looks like a part losing its text (shc:/3/2/: part 3 of 2 is judged as the SMART Health Card text it is)', async () => {
    const v = (await submit(`shc:/3/2/${body}`)).verdict;
    expect(v.credential).toBe('shc');
    expect(v.reasons).not.toContain('empty');
    expect(v.reasons).not.toContain('shc-chunk-partial');
    expect(['unreadable', 'invalid']).toContain(v.outcome);
  });
});

describe('ADMITTING (module level: a fresh import of core.ts)', () => {
  it('kills: ADMITTING emptied or losing valid / exempt (valid and exempt open the door, invalid does not)', async () => {
    vi.resetModules();
    const fresh = await import('../../main/kiosk/core.ts');
    await core.close();
    core = await fresh.createKioskCore({ dataDir: join(dir, 'fresh'), shell: 'standalone', clock: () => now, onAdmit: (v) => opened.push(v), log });
    await submit(vac(1));
    await submit(makeMec());
    await submit('not a pass');
    expect(opened.map((v) => v?.outcome)).toEqual(['valid', 'exempt']);
  });
});
