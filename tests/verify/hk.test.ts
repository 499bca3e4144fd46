// HK records end to end through verify(): every record type, issuer/key selection, tampering, layouts, artefacts.
import { describe, expect, it } from 'vitest';
import { loadTrustStore } from '../../main/verify/index.ts';
import { evtUnsigned, makeEvt, makeMec, makeOldVac2021, makeVac, signHk, vacUnsigned } from '../fixtures/hk/sign.ts';
import { check, ctx, demoTrust, nodeSignatureVerifier, webCryptoVerifier } from './helpers.ts';

describe('VAC records', () => {
  it('a 3-dose adult record signed by the version-3 issuer is valid under the final stage', async () => {
    const { verdict, identity } = await check(makeVac());
    expect(verdict.outcome).toBe('valid');
    expect(verdict.credential).toBe('hk-vac');
    expect(verdict.stages).toEqual({ format: true, issuer: true, signature: true, layout: true, rules: true });
    expect(verdict.ruleSet).toBe('hk-2022-11-30');
    expect(verdict.demo).toBe(true);
    expect(verdict.display).toMatchObject({ name: 'CHAN T** M**', id: '****456(7)', doses: 3, lastDose: '2022-01-25', recordType: 'VAC' });
    expect(identity).toEqual({ family: 'hk', recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985', reference: 'DEMO0000000001' });
  });

  it('display carries only the masked name and ID and dose facts', async () => {
    const { verdict } = await check(makeVac({ reference: 'REF-SECRET-1' }));
    const keys = Object.keys(verdict.display).sort();
    expect(keys).toEqual(['doses', 'id', 'issuer', 'lastDose', 'name', 'recordType']);
    expect(JSON.stringify(verdict)).not.toContain('REF-SECRET-1');
    expect(JSON.stringify(verdict)).not.toContain('1985');
  });

  for (const [version, key] of [['2.00', 'evt'], ['3.00', 'ehs'], ['4.00', 'cms']] as const) {
    it(`version ${version} is checked with the ${key} issuer key`, async () => {
      expect((await check(makeVac({ version }))).verdict.outcome).toBe('valid');
      // signed by another issuer's key: the version's key does not verify it
      const other = key === 'ehs' ? 'cms' : 'ehs';
      const v = (await check(makeVac({ version, key: other }))).verdict;
      expect(v.outcome).toBe('invalid');
      expect(v.reasons).toEqual(['signature-invalid']);
      expect(v.stages).toEqual({ format: true, issuer: true, signature: false });
    });
  }

  it('an issuer slot the store does not hold is refused as issuer-unknown, never accepted unchecked', async () => {
    const v = (await check(makeVac({ version: '5.00', key: 'ehs' }))).verdict;
    expect(v).toMatchObject({ outcome: 'invalid', reasons: ['issuer-unknown'], stages: { format: true, issuer: false } });
  });

  it('a key version the store does not hold is refused as key-version-unknown', async () => {
    const v = (await check(makeVac({ keyVersion: '2' }))).verdict;
    expect(v).toMatchObject({ outcome: 'invalid', reasons: ['key-version-unknown'] });
  });

  it('a key in no trust store fails the signature', async () => {
    expect((await check(makeVac({ key: 'rogue' }))).verdict.reasons).toEqual(['signature-invalid']);
  });

  it('the production store does not accept demo-signed records', async () => {
    const { readFileSync } = await import('node:fs');
    const { productionTrustPath } = await import('../fixtures/hk/sign.ts');
    const p = loadTrustStore(JSON.parse(readFileSync(productionTrustPath, 'utf8')));
    if (!p.ok) throw new Error(p.error);
    const v = (await check(makeVac(), ctx({ trust: p.store }))).verdict;
    expect(v.outcome).toBe('invalid');
    expect(v.reasons).toEqual(['signature-invalid']);
    expect(v.demo).toBe(false);
  });

  it('demo is false when a non-demo store holds the key that verified', async () => {
    const raw = JSON.parse((await import('node:fs')).readFileSync((await import('../fixtures/hk/sign.ts')).demoTrustPath, 'utf8'));
    const r = loadTrustStore({ ...raw, name: 'Operator keys', demo: false });
    if (!r.ok) throw new Error(r.error);
    const v = (await check(makeVac(), ctx({ trust: r.store }))).verdict;
    expect(v.outcome).toBe('valid');
    expect(v.demo).toBe(false);
  });

  describe('tampering with any signed field breaks the signature', () => {
    const good = makeVac();
    const fields = good.split('|');
    const edits: [number, string][] = [
      [4, 'DEMO0000000002'], [5, '****999(9)'], [6, 'CHAN T** N**'], [7, '02-07-2021'], [12, '26-01-2022'],
      [10, '001'], [15, '15-03-2015,3'], [15, '15-03-1985,4'], [17, '29-Jan-2022 10:53'],
    ];
    for (const [i, value] of edits) {
      it(`field ${i} -> ${value}`, async () => {
        const f = [...fields];
        f[i] = value;
        const v = (await check(f.join('|'))).verdict;
        expect(v.outcome).toBe('invalid');
        expect(v.reasons).toEqual(['signature-invalid']);
      });
    }
    it('one flipped signature character', async () => {
      const sig = fields[18]!;
      const flipped = (sig[10] === 'A' ? 'B' : 'A');
      const v = (await check([...fields.slice(0, 18), sig.slice(0, 10) + flipped + sig.slice(11)].join('|'))).verdict;
      expect(['invalid', 'unreadable']).toContain(v.outcome);
      expect(v.outcome).not.toBe('valid');
    });
    it('signature swapped from another valid record', async () => {
      const other = makeVac({ reference: 'DEMO0000000009' }).split('|')[18]!;
      const v = (await check([...fields.slice(0, 18), other].join('|'))).verdict;
      expect(v.reasons).toEqual(['signature-invalid']);
    });
  });

  it('a properly signed 2021-layout record is refused as record-outdated from stage 3 (by the rules)', async () => {
    const v = (await check(makeOldVac2021())).verdict;
    expect(v).toMatchObject({ outcome: 'invalid', credential: 'hk-vac', reasons: ['record-outdated'] });
    expect(v.stages).toEqual({ format: true, issuer: true, signature: true, layout: true, rules: false });
  });

  it('an old layout with a bad signature is a signature failure, not "outdated"', async () => {
    const f = makeOldVac2021().split('|');
    f[4] = 'X';
    expect((await check(f.join('|'))).verdict.reasons).toEqual(['signature-invalid']);
  });

  it('signed but inconsistent dose data is refused as malformed', async () => {
    // total says 3 but only one dose is listed
    const v = (await check(makeVac({ doses: [{ date: '01-06-2021', code: 'BNT' }], total: 3 }))).verdict;
    expect(v).toMatchObject({ outcome: 'invalid', reasons: ['malformed'] });
    const bad = (await check(makeVac({ dob: '31-02-1985' }))).verdict;
    expect(bad).toMatchObject({ outcome: 'invalid', reasons: ['malformed'] });
  });

  it('more than three doses: the total decides, the last three are listed', async () => {
    const doses = ['01-03-2021', '01-04-2021', '01-06-2021', '01-07-2021', '25-01-2022'].map((date) => ({ date, code: 'BNT' }));
    const v = (await check(makeVac({ doses }))).verdict;
    expect(v.outcome).toBe('valid');
    expect(v.display.doses).toBe(5);
  });
});

describe('MEC records', () => {
  it('in date: exempt (one tone), valid until shown', async () => {
    const v = (await check(makeMec({ validUntil: '31-12-2022' }))).verdict;
    expect(v).toMatchObject({ outcome: 'exempt', credential: 'hk-mec', display: { validUntil: '2022-12-31', recordType: 'MEC' } });
  });

  it('valid through the whole valid-until day in Hong Kong, expired from the next HK midnight', async () => {
    const mec = makeMec({ validUntil: '10-12-2022' });
    // 2022-12-10 23:59:59 HKT = 15:59:59Z
    expect((await check(mec, ctx({ now: '2022-12-10T15:59:59Z' }))).verdict.outcome).toBe('exempt');
    const after = (await check(mec, ctx({ now: '2022-12-10T16:00:00Z' }))).verdict;
    expect(after).toMatchObject({ outcome: 'invalid', reasons: ['exemption-expired'] });
  });

  it('MEC from the version-4 issuer; and an issuer not trusted for MEC', async () => {
    expect((await check(makeMec({ version: '4.00' }))).verdict.outcome).toBe('exempt');
    // the demo store's version-2 key signs VAC and EVT only
    expect((await check(makeMec({ version: '2.00', key: 'evt' }))).verdict.reasons).toEqual(['issuer-unknown']);
  });

  it('a MEC without the exemption code is malformed', async () => {
    const f = makeMec().split('|').slice(0, 19);
    f[9] = '003';
    const v = (await check(signHk(f.join('|') + '|', 'ehs'))).verdict;
    expect(v).toMatchObject({ outcome: 'invalid', reasons: ['malformed'] });
  });

  it('returns the identity for status lookups', async () => {
    const { identity } = await check(makeMec({ reference: 'MECREF1' }));
    expect(identity).toMatchObject({ family: 'hk', recordType: 'MEC', reference: 'MECREF1', dob: '02-08-1990' });
  });
});

describe('EVT records', () => {
  it('verified, then not applicable as a Vaccine Pass (13 fields)', async () => {
    const v = (await check(makeEvt())).verdict;
    expect(v).toMatchObject({ outcome: 'not-applicable', credential: 'hk-evt', reasons: ['not-a-pass'] });
    expect(v.stages).toEqual({ format: true, issuer: true, signature: true });
  });
  it('12-field form', async () => {
    expect((await check(makeEvt({ downloaded: null }))).verdict.outcome).toBe('not-applicable');
  });
  it('tampered result field fails the signature', async () => {
    const f = makeEvt().split('|');
    f[9] = 'Positive';
    expect((await check(f.join('|'))).verdict).toMatchObject({ outcome: 'invalid', reasons: ['signature-invalid'] });
  });
  it('signed by an issuer key not trusted for EVT', async () => {
    expect((await check(signHk(evtUnsigned(), 'ehs'))).verdict.reasons).toEqual(['signature-invalid']);
  });
});

describe('venue codes and other prefixes', () => {
  it('HKEN: is a venue poster: not applicable', async () => {
    const { encodeVenueCode } = await import('../../main/venue/hken.ts');
    const code = encodeVenueCode({ venueId: 'DEMO0001', nameZh: '示範餐廳', nameEn: 'Demo Restaurant', type: 'RESTAURANT', metadata: null });
    const v = (await check(code)).verdict;
    expect(v).toMatchObject({ outcome: 'not-applicable', credential: 'hk-venue', reasons: ['venue-code'] });
    expect(v.display.venueNameEn).toBe('Demo Restaurant');
    expect((await check('HKEN:0garbage')).verdict).toMatchObject({ outcome: 'not-applicable', credential: 'hk-venue' });
  });
  it('unknown text is unreadable', async () => {
    expect((await check('hello')).verdict).toMatchObject({ outcome: 'unreadable', credential: 'unknown', reasons: ['unknown-format'] });
    expect((await check('HKSARG|XYZ|1|2|sig')).verdict).toMatchObject({ outcome: 'unreadable', reasons: ['unknown-record-type'] });
  });
});

describe('scanner artefacts', () => {
  const rec = makeVac();
  const variants: [string, string][] = [
    ['CR', rec + '\r'], ['LF', rec + '\n'], ['CRLF', rec + '\r\n'], ['Tab', rec + '\t'], ['BOM', '\uFEFF' + rec],
    ['spaces', '  ' + rec + '  '], ['BOM + CRLF', '\uFEFF' + rec + '\r\n'],
  ];
  for (const [name, text] of variants) {
    it(`${name} is stripped`, async () => {
      expect((await check(text)).verdict.outcome).toBe('valid');
    });
  }
  it('anything else inside the record is unreadable with the reason', async () => {
    const v = (await check(rec.replace('CHAN', 'CH\rAN'))).verdict;
    expect(v.outcome).toBe('unreadable');
    expect(v.reasons[0]).toBe('malformed');
    const trailing = (await check(rec + 'x')).verdict;
    expect(trailing.outcome).not.toBe('valid');
  });
});

describe('both verifiers agree', () => {
  for (const crypto of [webCryptoVerifier, nodeSignatureVerifier]) {
    it(crypto === webCryptoVerifier ? 'WebCrypto' : 'node:crypto', async () => {
      expect((await check(makeVac(), ctx({ crypto }))).verdict.outcome).toBe('valid');
      expect((await check(makeVac({ key: 'rogue' }), ctx({ crypto }))).verdict.reasons).toEqual(['signature-invalid']);
      expect((await check(makeMec(), ctx({ crypto }))).verdict.outcome).toBe('exempt');
    });
  }
});

it('the default demo trust helper holds every issuer slot', () => {
  const t = demoTrust();
  expect(t.hk.map((k) => k.versionMajor).sort()).toEqual([2, 3, 4]);
  expect(vacUnsigned().endsWith('|')).toBe(true);
});
