// Compression bombs and oversized inputs are refused, with the reason the limits predict, without inflating or
// copying them (memory bounded per input). How fast: tests/bench/hostile.bench.ts.
import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../main/api/dispatch.ts';
import { decodeVenueCode } from '../../main/venue/hken.ts';
import { verify } from '../../main/verify/index.ts';
import { BUILTIN_RULE_FILES } from '../../main/verify/rules/builtin.ts';
import { loadRuleSet } from '../../main/verify/rules/load.ts';
import { loadStatusList } from '../../main/verify/status/format.ts';
import { loadTrustStore, loadTrustStoreText } from '../../main/verify/trust/load.ts';
import { nodeSignatureVerifier } from '../../main/kiosk/node-verifier.ts';
import { coseToHc1 } from './codecs.ts';
import { hostileInputs } from './hostile-inputs.ts';
import { bounded, demoTrust, extendedTrust, verifyContext } from './support.ts';

const ctx = verifyContext(extendedTrust(), new Date('2022-12-05T04:00:00Z'));

describe('hostile scans', () => {
  for (const h of hostileInputs()) {
    it(`refuses ${h.label}`, async () => {
      const out = await bounded(h.label, () => verify(h.text, ctx));
      expect(out.verdict.outcome).toBe(h.outcome);
      expect(out.verdict.reasons.some((r) => h.reason.test(r)), out.verdict.reasons.join(',')).toBe(true);
      if (h.stage) expect(out.verdict.stages[h.stage]).toBe(false);
      expect(out.identity).toBeUndefined();
    });
  }

  // CBOR headers that declare 2^64-1 elements or a 2 GiB byte string must not make the decoder allocate them
  const cbor: [string, number[]][] = [
    ['an array of 2^64-1 items', [0xd2, 0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
    ['a map of 2^32-1 pairs', [0xd2, 0x84, 0x40, 0xba, 0xff, 0xff, 0xff, 0xff]],
    ['a 2 GiB byte string', [0xd2, 0x84, 0x5a, 0x7f, 0xff, 0xff, 0xff, 0x00]],
    ['20,000 nested arrays', new Array<number>(20_000).fill(0x81)],
    ['20,000 nested tags', new Array<number>(20_000).fill(0xd2)],
  ];
  for (const [label, bytes] of cbor) {
    it(`refuses a COSE message declaring ${label} at the cose stage`, async () => {
      const out = await bounded(label, () => verify(coseToHc1(Uint8Array.from(bytes)), ctx));
      expect(out.verdict.outcome).toBe('unreadable');
      expect(out.verdict.reasons.some((r) => /cose/.test(r)), out.verdict.reasons.join(',')).toBe(true);
      expect(out.verdict.stages.inflate).toBe(true);
      expect(out.verdict.stages.cose).toBe(false);
    });
  }
});

describe('hostile files and messages', () => {
  it('refuses a 1 MB scan at the API boundary before any handler runs', async () => {
    let reached = false;
    const handlers = new Proxy({}, { get: () => () => { reached = true; } }) as Handlers;
    const r = await dispatch({ id: 1, method: 'submitScan', params: { text: 'HC1:' + 'A'.repeat(1024 * 1024), source: 'camera' } }, handlers, { isOperator: () => false });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('bad-request');
    expect(reached).toBe(false);
  });

  it('refuses a 1 MB venue code by its length', () => {
    const r = decodeVenueCode('HKEN:0DEMO0001' + 'A'.repeat(1024 * 1024));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/longer than 4000/);
  });

  it('refuses a status list over the size limit before parsing it', async () => {
    const text = '{"format":"kiosk-status-list",' + ' '.repeat(2 * 1024 * 1024) + '}';
    const r = await loadStatusList(text, demoTrust(), nodeSignatureVerifier, { maxBytes: 1024 * 1024 });
    expect(r).toEqual({ ok: false, error: 'oversized' });
  });

  it('refuses a trust store of 1 MB garbage and one nested 100,000 deep, with a reason', () => {
    const garbage = loadTrustStoreText('{'.repeat(1024 * 1024));
    expect(garbage.ok).toBe(false);
    if (!garbage.ok) expect(garbage.error).toMatch(/not JSON/);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const nested = loadTrustStore({ version: 1, name: 'nested', hk: deep });
    expect(nested.ok).toBe(false);
  });

  it('refuses a rule whose CertLogic expression is nested 100,000 deep, naming the clause', () => {
    let e: unknown = true;
    for (let i = 0; i < 100_000; i++) e = { '!': [e] };
    const file = structuredClone(BUILTIN_RULE_FILES[0]) as { vac: { when: unknown }[] };
    file.vac[0]!.when = e;
    const r = loadRuleSet(file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/vac\[0\].*nested too deeply/);
  });
});
