// One decision path: `kiosk verify` (the CLI, --batch) and the kiosk core (submitScan) give the same verdict for
// every door vector: same trust store (fresh keys + demo), same rules, venue, time and signed status list.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../main/api/verdict.ts';
import { run } from '../../main/cli/verify.ts';
import { createKioskCore, type KioskCore } from '../../main/kiosk/core.ts';
import { buildStatusList } from '../../main/status/build.ts';
import { DEMO_VENUE_CODE } from '../../main/venue/demo.ts';
import { demoTrustPath, makeEvt, makeMec, makeOldVac2021, makeVac } from '../fixtures/hk/sign.ts';
import { dayNo, hkPersonHash } from '../status/helpers.ts';
import { captureIo } from '../support/cli-io.ts';
import { doorVectors, hk, type DoorVector } from '../verify/door-vectors.ts';
import { freshIssuer } from '../verify/fresh-issuer.ts';

const issuer = freshIssuer();
const AMBER = { maskedId: '****999(9)', maskedName: 'LAM A** B**', dob: '20-02-1980' };
const RED = { maskedId: '****888(8)', maskedName: 'HO C** D**', dob: '21-02-1981' };
const person = (p: typeof AMBER) => issuer.vac({ ...p, reference: `REF${p.maskedId}` });

function vectors(): DoorVector[] {
  const at = hk('2022-12-10', '12:00');
  const extra: DoorVector[] = [
    { name: 'amber at an active venue', text: person(AMBER), now: at, profile: 'hk-2022-11-30', venue: 'active', expect: { outcome: 'amber' } },
    { name: 'amber at a passive venue', text: person(AMBER), now: at, profile: 'hk-2022-11-30', venue: 'passive', expect: { outcome: 'valid' } },
    { name: 'red', text: person(RED), now: at, profile: 'hk-2022-11-30', venue: 'passive', expect: { outcome: 'red' } },
    // the other suites' fixtures (demo keys, also trusted here)
    { name: 'demo VAC', text: makeVac(), now: at, profile: 'hk-2022-11-30', expect: { outcome: 'valid' } },
    { name: 'demo MEC', text: makeMec(), now: at, profile: 'hk-2022-11-30', expect: { outcome: 'exempt' } },
    { name: 'demo EVT', text: makeEvt(), now: at, profile: 'hk-2022-11-30', expect: { outcome: 'not-applicable' } },
    { name: 'demo 2021 layout', text: makeOldVac2021(), now: at, profile: 'hk-2022-11-30', expect: { outcome: 'invalid' } },
    { name: 'venue poster', text: DEMO_VENUE_CODE, now: at, profile: 'hk-2022-11-30', expect: { outcome: 'not-applicable' } },
    { name: 'garbage', text: 'hello world', now: at, profile: 'hk-2022-11-30', expect: { outcome: 'unreadable' } },
  ];
  return [...doorVectors(issuer), ...extra];
}

let dir: string;
let listFile: string;
const cores = new Map<string, KioskCore>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'one-path-'));
  listFile = join(dir, 'colours.kvsl');
  writeFileSync(listFile, buildStatusList({
    key: issuer.status, authority: 'fresh-status', issuer: 'fresh test authority', listId: 'hk-colour', version: 1,
    issuedAt: '2022-09-01T00:00:00Z', expiresAt: '2022-12-31T00:00:00Z',
    entries: [
      { hash: hkPersonHash({ recordType: 'VAC', ...AMBER }), kind: 'amber', from: 0, until: dayNo('2022-12-20') },
      { hash: hkPersonHash({ recordType: 'VAC', ...RED }), kind: 'red', from: 0, until: 0 },
    ],
  }));
});
afterAll(async () => {
  for (const c of cores.values()) await c.close();
  rmSync(dir, { recursive: true, force: true });
});

async function kiosk(profile: string, venue: 'active' | 'passive'): Promise<KioskCore> {
  const key = `${profile}|${venue}`;
  let core = cores.get(key);
  if (!core) {
    const data = join(dir, `core-${cores.size}`);
    const configFile = join(dir, `config-${cores.size}.json`);
    writeFileSync(configFile, JSON.stringify({ settings: { ruleProfile: profile, venueCheck: venue, unknownColourPolicy: 'warn' } }));
    core = await createKioskCore({
      dataDir: data, configFile, shell: 'standalone', trustFiles: [issuer.file(), demoTrustPath], statusListFiles: [listFile],
      log: { info() {}, warn() {}, error() {} },
    });
    cores.set(key, core);
  }
  return core;
}

async function cli(profile: string, items: DoorVector[]): Promise<Verdict[]> {
  const lines = items.map((v) => JSON.stringify({ text: v.text, now: v.now, venue: v.venue ?? 'active' })).join('\n') + '\n';
  const cap = captureIo(lines);
  const code = await run(['--json', '--trust', issuer.file(), '--trust', demoTrustPath, '--status', listFile, '--rules', profile, '--batch', '-'], cap.io);
  expect(code, cap.err()).toBe(0);
  return cap.out().trim().split('\n').map((l) => JSON.parse(l) as Verdict);
}

describe('kiosk verify == kiosk core, vector by vector', () => {
  it('gives the same outcome, reasons, stages, display, colour and rule set for every vector', async () => {
    const all = vectors();
    const byProfile = new Map<string, DoorVector[]>();
    for (const v of all) byProfile.set(v.profile, [...(byProfile.get(v.profile) ?? []), v]);
    let compared = 0;
    for (const [profile, items] of byProfile) {
      const fromCli = await cli(profile, items);
      expect(fromCli).toHaveLength(items.length);
      for (const [n, vec] of items.entries()) {
        const core = await kiosk(profile, vec.venue ?? 'active');
        const ev = await core.submitScan({ text: vec.text, source: 'serial', deviceId: 'one-path', at: Date.parse(vec.now) });
        const door = ev.verdict;
        const line = fromCli[n]!;
        expect(line.outcome, vec.name).toBe(vec.expect.outcome);
        expect({ ...line }, vec.name).toEqual({
          outcome: door.outcome, credential: door.credential, reasons: door.reasons, stages: door.stages, display: door.display, demo: door.demo,
          ...(door.colour ? { colour: door.colour } : {}), ...(door.ruleSet ? { ruleSet: door.ruleSet } : {}),
        });
        compared++;
      }
    }
    expect(compared).toBe(all.length);
  });
});
