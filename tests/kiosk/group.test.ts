// Group mode in the real core (SQLite in a temp dir, real verifier): repeats count once, a 10th pass is not added,
// the door opens once per admitted group and never for a refused member, and nothing of the passes reaches the disk.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createKioskCore, type KioskCore, type Session } from '../../main/kiosk/core.ts';
import { freshIssuer } from '../verify/fresh-issuer.ts';

const issuer = freshIssuer();
let dir: string;
let core: KioskCore;
let session: Session;
let pulses = 0;
let n = 0;
const valid = () => issuer.vac({ reference: `SECRETREF${++n}`, maskedName: 'SECRET N** M**' });
const twoDoses = () => issuer.vac({ reference: `SECRETREF${++n}`, doses: [{ date: '01-06-2021', code: 'BNT' }, { date: '01-07-2021', code: 'BNT' }], total: 2 });
const at = Date.parse('2022-12-05T04:00:00Z');
const scan = (text: string) => core.submitScan({ text, source: 'serial', deviceId: 'g', at });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-group-'));
  pulses = 0;
  core = await createKioskCore({
    dataDir: dir, shell: 'standalone', trustFiles: [issuer.file()], clock: () => at, onAdmit: () => { pulses++; },
    log: { info() {}, warn() {}, error() {} },
  });
  session = core.openSession();
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a single admitted scan opens the door once; a refusal never', async () => {
  await scan(valid());
  await scan(twoDoses());
  expect(pulses).toBe(1);
});

it('an admitted group with a repeated pass: two members, no pulse per member, one pulse when it ends', async () => {
  await session.handlers.groupStart({});
  const a = valid();
  expect((await scan(a)).groupEntry).toBe('added');
  expect((await scan(valid())).groupEntry).toBe('added');
  const again = await scan(a);
  expect(again.groupEntry).toBe('repeat');
  expect(again.group?.members).toHaveLength(2);
  expect(pulses).toBe(0);
  await session.handlers.groupEnd({});
  expect(pulses).toBe(1);
  // a new group forgets the old one's passes
  await session.handlers.groupStart({});
  expect((await scan(a)).groupEntry).toBe('added');
  await session.handlers.groupEnd({});
  expect(pulses).toBe(2);
});

it('a 10th pass is not added and a refused member keeps the group out', async () => {
  await session.handlers.groupStart({});
  for (let i = 0; i < 9; i++) await scan(valid());
  const tenth = await scan(twoDoses());
  expect(tenth.groupEntry).toBe('full');
  expect(tenth.group?.members).toHaveLength(9);
  expect(tenth.group?.admitted).toBe(true);
  await session.handlers.groupEnd({});
  expect(pulses).toBe(1);

  await session.handlers.groupStart({});
  await scan(valid());
  const refused = await scan(twoDoses());
  expect(refused.group?.admitted).toBe(false);
  expect(refused.group?.members[1]).toMatchObject({ outcome: 'invalid', reasons: ['doses-insufficient', 'needs-3-doses'] });
  await session.handlers.groupEnd({});
  expect(pulses).toBe(1);
});

it('nothing of a group\'s passes reaches the disk', async () => {
  await session.handlers.groupStart({});
  const a = valid();
  await scan(a);
  await scan(a);
  await session.handlers.groupEnd({});
  await core.close();
  const files: string[] = [];
  const walk = (d: string) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else files.push(p); } };
  walk(dir);
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) {
    const bytes = readFileSync(f).toString('latin1');
    expect(bytes, f).not.toContain('SECRETREF');
    expect(bytes, f).not.toContain('SECRET N');
  }
  // afterEach closes again: harmless
  core = await createKioskCore({ dataDir: dir, shell: 'standalone', log: { info() {}, warn() {}, error() {} } });
});
