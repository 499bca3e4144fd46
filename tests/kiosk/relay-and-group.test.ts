// The door relay and group mode through the real core (real verifier, SQLite in a temp dir, demo keys), with
// onAdmit spied on and the colour answer injected through the ColourResolver port. Also: a status answer applies
// to EU DCC and SMART Health Cards, not only HK records. Each test names the mutant it kills.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Verdict } from '../../main/api/verdict.ts';
import { createKioskCore, type KioskCore, type Session } from '../../main/kiosk/core.ts';
import type { ColourResolver, StatusLookup } from '../../main/kiosk/ports.ts';
import type { CredentialIdentity } from '../../main/verify/types.ts';
import { makeMec, makeVac } from '../fixtures/hk/sign.ts';
import { mintDcc, signerDer } from '../fixtures/eudcc/mint.ts';

const DEC_2022 = Date.parse('2022-12-05T04:00:00Z');
const BLUE: StatusLookup = { colour: { value: 'blue', source: 'list', listVersion: 1 }, revoked: false };
let dir: string;
let now: number;
let core: KioskCore;
let session: Session;
let opened: (Verdict | null)[];
let answer: StatusLookup;
let asked: CredentialIdentity[];

const colour: ColourResolver = {
  async resolve(identity) { if (identity) asked.push(identity); return answer; },
  info: () => ({ state: 'none' }) as never,
  sync: async () => ({ state: 'none' }) as never,
  close() {},
};

async function start(trustFiles?: string[]) {
  core = await createKioskCore({
    dataDir: join(dir, 'data'), shell: 'standalone', clock: () => now, colour, trustFiles,
    onAdmit: (v) => opened.push(v), log: { info() {}, warn() {}, error() {} },
  });
  session = core.openSession();
}
const scan = async (text: string) => (await core.submitScan({ text, source: 'serial', deviceId: 'test', at: now })).verdict;
const scanEv = (text: string) => core.submitScan({ text, source: 'serial', deviceId: 'test', at: now });
/** distinct passes (distinct references), so no group or repeat logic treats them as the same pass */
const vac = (i: number) => makeVac({ reference: `DEMO${String(i).padStart(10, '0')}`, maskedName: `CHAN ${String.fromCharCode(65 + i)}** M**` });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-relay-'));
  now = DEC_2022;
  opened = [];
  asked = [];
  answer = BLUE;
});
afterEach(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('door relay (onAdmit)', () => {
  beforeEach(() => start());

  it('kills: relay opened on every verdict (valid and exempt open it, once each)', async () => {
    expect((await scan(vac(1))).outcome).toBe('valid');
    expect(opened.map((v) => v?.outcome ?? "group")).toEqual(['valid']);
    expect((await scan(makeMec())).outcome).toBe('exempt');
    expect(opened.map((v) => v?.outcome ?? "group")).toEqual(['valid', 'exempt']);
  });

  it('kills: relay opened on every verdict (invalid, unreadable, not-applicable never open it)', async () => {
    const forged = vac(2).slice(0, -8) + 'AAAAAAA=';
    expect((await scan(forged)).outcome).toBe('invalid');
    expect((await scan('not a pass at all')).outcome).toBe('unreadable');
    const short = makeVac({ doses: [{ date: '01-06-2021', code: 'BNT' }], total: 1, reference: 'DEMO0000000099' });
    expect((await scan(short)).outcome).toBe('invalid');
    expect(opened).toEqual([]);
  });

  it('kills: relay opened for red and amber (a red or amber code at an active venue keeps the door shut)', async () => {
    answer = { colour: { value: 'red', source: 'list', listVersion: 1 }, revoked: false };
    const red = await scan(vac(3));
    expect(red.outcome).toBe('red');
    expect(red.reasons).toContain('colour-red');
    answer = { colour: { value: 'amber', source: 'list', listVersion: 1 }, revoked: false };
    const amber = await scan(vac(4));
    expect(amber.outcome).toBe('amber');
    expect(amber.reasons).toContain('colour-amber');
    answer = { colour: { value: 'blue', source: 'list', listVersion: 1 }, revoked: true };
    const revoked = await scan(vac(5));
    expect(revoked.outcome).toBe('invalid');
    expect(revoked.reasons).toContain('revoked');
    expect(opened).toEqual([]);
  });

  it('kills: a throwing relay taking the verdict down (the verdict is still shown and counted)', async () => {
    await core.close();
    core = await createKioskCore({
      dataDir: join(dir, 'data2'), shell: 'standalone', clock: () => now, colour,
      onAdmit: () => { throw new Error('relay unplugged'); }, log: { info() {}, warn() {}, error() {} },
    });
    expect((await scan(vac(6))).outcome).toBe('valid');
  });
});

describe('group mode through the core', () => {
  beforeEach(() => start());

  it('kills: empty group admitted (a started group with no member is not admitted)', async () => {
    const g = await session.handlers.groupStart({});
    expect(g).toMatchObject({ active: true, members: [], admitted: false });
    expect(core.state().group.admitted).toBe(false);
    expect(opened).toEqual([]);
  });

  it('kills: an exempt member breaking a group (valid + exempt is admitted, outcomes per member)', async () => {
    await session.handlers.groupStart({});
    await scanEv(vac(1));
    const ev = await scanEv(makeMec());
    expect(ev.group?.members.map((m) => m.outcome)).toEqual(['valid', 'exempt']);
    expect(ev.group?.members.map((m) => m.credential)).toEqual(['hk-vac', 'hk-mec']);
    expect(ev.group?.admitted).toBe(true);
  });

  it('kills: relay opened for each admitted member of a refused group (refused first member: door never opens)', async () => {
    await session.handlers.groupStart({});
    const first = await scanEv('not a pass at all');
    expect(first.group?.admitted).toBe(false);
    await scanEv(vac(1));
    const last = await scanEv(vac(2));
    expect(last.group?.members.map((m) => m.outcome)).toEqual(['unreadable', 'valid', 'valid']);
    expect(last.group?.admitted).toBe(false);
    expect(opened).toEqual([]);
  });

  it('kills: a red member not refusing the group (colour applies to members; door shut)', async () => {
    await session.handlers.groupStart({});
    answer = { colour: { value: 'red', source: 'list', listVersion: 1 }, revoked: false };
    await scanEv(vac(1));
    answer = BLUE;
    const ev = await scanEv(vac(2));
    expect(ev.group?.members.map((m) => m.outcome)).toEqual(['red', 'valid']);
    expect(ev.group?.admitted).toBe(false);
    expect(opened).toEqual([]);
  });

  it('kills: the cap of 9 removed or moved (a 10th pass is never a member)', async () => {
    await session.handlers.groupStart({});
    let ev;
    for (let i = 0; i < 10; i++) ev = await scanEv(vac(i));
    expect(ev!.group?.members.length).toBe(9);
    expect(ev!.group?.max).toBe(9);
    expect(core.state().group.members.length).toBe(9);
    expect(core.state().group.members.every((m) => m.outcome === 'valid')).toBe(true);
  });

  it('kills: groupEnd doing nothing (after the end: no group, no members, a single scan decides alone)', async () => {
    await session.handlers.groupStart({});
    await scanEv('not a pass at all');
    const end = await session.handlers.groupEnd({});
    expect(end).toMatchObject({ active: false, members: [], admitted: false });
    expect(core.state().group).toMatchObject({ active: false, members: [] });
    const ev = await scanEv(vac(7));
    expect(ev.group).toBeUndefined();
    expect(ev.verdict.outcome).toBe('valid');
    expect(opened.map((v) => v?.outcome ?? "group")).toEqual(['valid']);
  });

  it('kills: groupStart keeping the last group\'s members (a new group starts empty)', async () => {
    await session.handlers.groupStart({});
    await scanEv('not a pass at all');
    await session.handlers.groupEnd({});
    const g = await session.handlers.groupStart({});
    expect(g.members).toEqual([]);
    const ev = await scanEv(vac(8));
    expect(ev.group?.members.map((m) => m.outcome)).toEqual(['valid']);
    expect(ev.group?.admitted).toBe(true);
  });
});

describe('status lists apply to every credential family through the core', () => {
  it('kills: status applied to HK records only (a red EU DCC is red, the lookup asked with its UCI)', async () => {
    const trustFile = join(dir, 'eu-trust.json');
    writeFileSync(trustFile, JSON.stringify({
      version: 1, name: 'EU test signer', demo: false, hk: [], shc: [], status: [],
      eudcc: [{ certificate: Buffer.from(signerDer).toString('base64') }],
    }));
    now = Date.parse('2021-06-02T00:00:00Z');
    await start([trustFile]);
    const text = mintDcc({ iat: Date.parse('2021-06-01T00:00:00Z') / 1000, exp: Date.parse('2021-12-01T00:00:00Z') / 1000 });
    expect((await scan(text)).outcome).toBe('valid');
    expect(opened.length).toBe(1);
    answer = { colour: { value: 'red', source: 'list', listVersion: 1 }, revoked: false };
    now += 60_000;
    const red = await scan(text);
    expect(red.credential).toBe('eu-dcc');
    expect(red.outcome).toBe('red');
    expect(red.reasons).toContain('colour-red');
    expect(red.colour?.value).toBe('red');
    expect(asked.at(-1)).toMatchObject({ family: 'eudcc', uci: 'URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W' });
    answer = { colour: { value: 'blue', source: 'list', listVersion: 1 }, revoked: false, demo: true };
    const demo = await scan(text);
    expect(demo.outcome).toBe('valid');
    expect(demo.demo).toBe(true);
    expect(opened.length).toBe(2);
  });

  it('kills: status applied to HK records only (a revoked SMART Health Card is refused)', async () => {
    const DIR = '../shared/testdata/shc/';
    const read = (f: string) => readFileSync(DIR + f, 'utf8').trim();
    const trustFile = join(dir, 'shc-trust.json');
    writeFileSync(trustFile, JSON.stringify({
      version: 1, name: 'SMART example issuer', demo: true, hk: [], eudcc: [], status: [],
      shc: [{ iss: 'https://spec.smarthealth.cards/examples/issuer', jwks: JSON.parse(read('issuer/.well-known/jwks.json')), crls: [] }],
    }));
    const nbf = (JSON.parse(read('example-00-b-jws-payload-expanded.json')) as { nbf: number }).nbf;
    now = nbf * 1000 + 86_400_000;
    await start([trustFile]);
    const text = read('example-00-f-qr-code-numeric-value-0.txt');
    const before = await scan(text);
    expect(before.credential).toBe('shc');
    expect(['valid', 'exempt']).toContain(before.outcome);
    answer = { colour: { value: 'blue', source: 'list', listVersion: 1 }, revoked: true };
    now += 60_000;
    const revoked = await scan(text);
    expect(revoked.outcome).toBe('invalid');
    expect(revoked.reasons).toContain('revoked');
    expect(asked.at(-1)?.family).toBe('shc');
    expect(opened.length).toBe(1);
  });
});

