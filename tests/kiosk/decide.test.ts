// decide(): the one decision path's gate between verification and the colour / revocation step, and its last-resort
// catch. Mutation testing (issue 17) found both unexercised: a resolver that records its calls shows exactly which
// verdicts ask for a colour, and a resolver that throws shows the calm answer the entrant gets instead of a crash.
import { describe, expect, it, vi } from 'vitest';
import type { ColourResolver, StatusLookup } from '../../main/kiosk/ports.ts';
import { decide, type DecideEnv } from '../../main/kiosk/decide.ts';
import { loadTrustStore, mergeTrustStores } from '../../main/verify/index.ts';
import type { CredentialIdentity } from '../../main/verify/types.ts';
import { mintDcc, signerDer } from '../fixtures/eudcc/mint.ts';
import { makeEvt, makeMec, makeVac } from '../fixtures/hk/sign.ts';
import { demoTrust, verifyContext } from '../fuzz/support.ts';

const BLUE: StatusLookup = { colour: { value: 'blue', source: 'list', listVersion: 3 }, revoked: false };
const RED: StatusLookup = { colour: { value: 'red', source: 'list', listVersion: 3 }, revoked: false };

function recorder(answer: StatusLookup | (() => never)) {
  const calls: { identity: CredentialIdentity | undefined; now: Date }[] = [];
  const colour: ColourResolver = {
    async resolve(identity, now) {
      calls.push({ identity, now });
      if (typeof answer === 'function') answer();
      return answer as StatusLookup;
    },
    info: () => { throw new Error('not used'); },
    sync: () => { throw new Error('not used'); },
    close: () => undefined,
  };
  return { colour, calls };
}

const eu = loadTrustStore({ version: 1, name: 'EU test signer', eudcc: [{ certificate: Buffer.from(signerDer).toString('base64') }] });
if (!eu.ok) throw new Error(eu.error);
const trust = mergeTrustStores(demoTrust(), eu.store);

function env(now: Date, colour: ColourResolver | null, extra: Partial<DecideEnv> = {}): DecideEnv {
  return { ...verifyContext(trust, now, 'active'), colour, unknownColourPolicy: 'warn', ...extra };
}

const HK_NOW = new Date('2022-12-10T04:00:00Z');
const EU_NOW = new Date('2021-06-02T00:00:00Z');
const dcc = () => mintDcc({ iat: Date.parse('2021-06-01T00:00:00Z') / 1000, exp: Date.parse('2021-12-01T00:00:00Z') / 1000 });
const expiredDcc = () => mintDcc({ iat: Date.parse('2021-05-01T00:00:00Z') / 1000, exp: Date.parse('2021-06-01T00:00:00Z') / 1000 });

describe('decide(): which verdicts ask for a colour', () => {
  it('kills: gate removed / inverted — an admitted HK VAC asks once, with its identity and the decision time, and takes the answer', async () => {
    const r = recorder(RED);
    const v = await decide(makeVac(), env(HK_NOW, r.colour));
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]!.now).toBe(HK_NOW);
    expect(r.calls[0]!.identity).toBeTruthy();
    expect(v.outcome).toBe('red');
    expect(v.reasons).toContain('colour-red');
  });

  it('kills: "credential === hk-vac" dropped — a refused HK VAC still asks, so the guard sees its colour', async () => {
    const r = recorder(RED);
    const one = makeVac({ doses: [{ date: '01-06-2021', code: 'BNT' }] });
    const v = await decide(one, env(HK_NOW, r.colour));
    expect(r.calls).toHaveLength(1);
    expect(v.credential).toBe('hk-vac');
    expect(v.colour?.value).toBe('red');
    expect(['invalid', 'red']).toContain(v.outcome);
    expect(v.outcome).not.toBe('valid');
  });

  it('kills: "credential === hk-mec" dropped / ADMITTING without exempt — an exemption asks', async () => {
    const r = recorder(BLUE);
    const v = await decide(makeMec(), env(HK_NOW, r.colour));
    expect(r.calls).toHaveLength(1);
    expect(v.outcome).toBe('exempt');
    expect(v.colour?.value).toBe('blue');
  });

  it('kills: "credential === hk-mec" dropped — a refused (expired) exemption still asks, so the guard sees its colour', async () => {
    const r = recorder(RED);
    const v = await decide(makeMec({ validUntil: '30-06-2022' }), env(HK_NOW, r.colour));
    expect(v.credential).toBe('hk-mec');
    expect(v.outcome).not.toBe('exempt');
    expect(r.calls).toHaveLength(1);
    expect(v.colour?.value).toBe('red');
  });

  it('kills: gate always true — a testing record (not admitting, not a pass) never asks', async () => {
    const r = recorder(RED);
    const v = await decide(makeEvt(), env(HK_NOW, r.colour));
    expect(v.outcome).toBe('not-applicable');
    expect(r.calls).toHaveLength(0);
    expect(v.colour).toBeUndefined();
  });

  it('kills: identity check dropped — unreadable text never asks', async () => {
    const r = recorder(RED);
    const v = await decide('hello world', env(HK_NOW, r.colour));
    expect(v.outcome).toBe('unreadable');
    expect(r.calls).toHaveLength(0);
  });

  it('kills: ADMITTING emptied / "valid" dropped — an admitted EU DCC asks; a refused one does not', async () => {
    // ADMITTING is built when the module loads: a fresh copy, so that a mutated set is the one under test
    vi.resetModules();
    const fresh = (await import('../../main/kiosk/decide.ts')).decide;
    const ok = recorder(RED);
    const v = await fresh(dcc(), env(EU_NOW, ok.colour));
    expect(ok.calls).toHaveLength(1);
    expect(v.credential).toBe('eu-dcc');
    expect(v.outcome).toBe('red');

    const refused = recorder(RED);
    const x = await fresh(expiredDcc(), env(EU_NOW, refused.colour));
    expect(x.credential).toBe('eu-dcc');
    expect(x.outcome).toBe('invalid');
    expect(refused.calls).toHaveLength(0);
  });

  it('kills: colour null not honoured — without a status step the verdict is verification\'s alone', async () => {
    const v = await decide(makeVac(), env(HK_NOW, null));
    expect(v.outcome).toBe('valid');
    expect(v.colour).toBeUndefined();
  });
});

describe('decide(): a pipeline bug gets a calm answer', () => {
  it('kills: catch removed / internalVerdict emptied — a throwing resolver gives "unreadable: internal-error" and is reported', async () => {
    const boom = new Error('resolver exploded');
    const r = recorder(() => { throw boom; });
    const errors: unknown[] = [];
    const v = await decide(makeVac(), env(HK_NOW, r.colour, { onError: (e) => errors.push(e) }));
    expect(v).toEqual({ outcome: 'unreadable', credential: 'unknown', reasons: ['internal-error'], stages: {}, display: {}, demo: false });
    expect(errors).toEqual([boom]);
  });

  it('kills: onError required — without a listener the bug still ends in a verdict, not a rejection', async () => {
    const r = recorder(() => { throw new Error('again'); });
    await expect(decide(makeVac(), env(HK_NOW, r.colour))).resolves.toMatchObject({ outcome: 'unreadable', reasons: ['internal-error'] });
  });
});
