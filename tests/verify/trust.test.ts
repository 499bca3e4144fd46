// Trust store format (docs/trust-store.md): every section validated on load, errors naming the bad entry.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrustStore, loadTrustStoreText, mergeTrustStores } from '../../main/verify/index.ts';
import { demoTrustPath, productionTrustPath } from '../fixtures/hk/sign.ts';

const shared = resolve(import.meta.dirname, '../../../shared/testdata');
const demo = () => JSON.parse(readFileSync(demoTrustPath, 'utf8'));
const prod = () => JSON.parse(readFileSync(productionTrustPath, 'utf8'));
const shcIssuer = () => ({
  iss: 'https://spec.smarthealth.cards/examples/issuer',
  jwks: JSON.parse(readFileSync(`${shared}/shc/issuer/.well-known/jwks.json`, 'utf8')),
  crls: [JSON.parse(readFileSync(`${shared}/shc/issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json`, 'utf8'))],
});
const euCert = () => (JSON.parse(readFileSync(`${shared}/eu-dcc/AT/2DCode/raw/3.json`, 'utf8')) as { TESTCTX: { CERTIFICATE: string } }).TESTCTX.CERTIFICATE;

function error(json: unknown): string {
  const r = loadTrustStore(json);
  if (r.ok) throw new Error('expected a load error');
  return r.error;
}

describe('shipped stores', () => {
  it('the demo store loads, is marked demo, and holds every issuer slot and the status authority', () => {
    const r = loadTrustStore(demo());
    if (!r.ok) throw new Error(r.error);
    expect(r.store.demo).toBe(true);
    expect(r.store.hk.every((k) => k.demo)).toBe(true);
    expect(r.store.hk.map((k) => [k.versionMajor, k.types.join('+')])).toEqual([[2, 'VAC+EVT'], [3, 'VAC+MEC'], [4, 'VAC+MEC']]);
    expect(r.store.status.map((s) => s.id)).toEqual(['demo-status']);
    expect(r.store.status[0]!.spki.length).toBe(91);
  });
  it('the production store holds the three published keys, byte for byte, and is not demo', () => {
    const r = loadTrustStore(prod());
    if (!r.ok) throw new Error(r.error);
    expect(r.store.demo).toBe(false);
    const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
    // from ../shared/docs/hk-formats.md
    expect(b64(r.store.hk.find((k) => k.versionMajor === 3)!.spki)).toBe('MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEOBxm8jQVg9VN5yGUj7bkvsor73k4r1AvNs2EoXiDYVVQCChFkDKhASMIaqMSbf5H73ub8WT3A+3mn/mnZPqbtQ==');
    expect(r.store.hk.map((k) => k.id)).toEqual(['evt', 'ehs', 'cms']);
  });
});

describe('demo marking', () => {
  it('by flag or by name', () => {
    const byName = loadTrustStore({ version: 1, name: 'Venue demo keys' });
    expect(byName.ok && byName.store.demo).toBe(true);
    const plain = loadTrustStore({ version: 1, name: 'Operator keys' });
    expect(plain.ok && plain.store.demo).toBe(false);
    const flagged = loadTrustStore({ version: 1, name: 'Operator keys', demo: true });
    expect(flagged.ok && flagged.store.demo).toBe(true);
  });
  it('merging keeps each entry\'s own flag', () => {
    const d = loadTrustStore(demo());
    const p = loadTrustStore(prod());
    if (!d.ok || !p.ok) throw new Error('load');
    const m = mergeTrustStores(p.store, d.store);
    expect(m.hk).toHaveLength(6);
    expect(m.hk.filter((k) => k.demo)).toHaveLength(3);
    expect(m.demo).toBe(true);
  });
});

describe('eudcc and shc sections (consumed by the international formats)', () => {
  it('accepts a real signing certificate and a real SHC issuer with its CRL', () => {
    const r = loadTrustStore({ version: 1, name: 'intl', eudcc: [{ certificate: euCert() }], shc: [shcIssuer()] });
    if (!r.ok) throw new Error(r.error);
    expect(r.store.eudcc[0]!.der[0]).toBe(0x30);
    expect(r.store.shc[0]!.jwks.keys.length).toBeGreaterThan(0);
    expect(r.store.shc[0]!.crls[0]!.method).toBe('rid');
  });
  it('shc crls default to none', () => {
    const { crls: _, ...noCrls } = shcIssuer();
    const r = loadTrustStore({ version: 1, name: 'intl', shc: [noCrls] });
    expect(r.ok && r.store.shc[0]!.crls).toEqual([]);
  });
});

describe('errors name the bad entry', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['not an object', () => 'x', /^trust store: /],
    ['wrong version', () => ({ ...prod(), version: 2 }), /^version: /],
    ['missing name', () => ({ version: 1 }), /^name: /],
    ['unknown top-level key', () => ({ ...prod(), extra: 1 }), /extra/],
    ['bad spki', () => { const t = prod(); t.hk[1].spki = 'AAAA'; return t; }, /^hk\[1\] \(id "ehs"\)\.spki: not a P-256 public key/],
    ['RSA-sized key', () => { const t = prod(); t.hk[0].spki = Buffer.alloc(294, 1).toString('base64'); return t; }, /^hk\[0\] \(id "evt"\)\.spki/],
    ['bad type', () => { const t = prod(); t.hk[2].types = ['VAX']; return t; }, /^hk\[2\] \(id "cms"\)\.types\[0\]/],
    ['bad versionMajor', () => { const t = prod(); t.hk[0].versionMajor = 10; return t; }, /^hk\[0\] \(id "evt"\)\.versionMajor/],
    ['duplicate id', () => { const t = prod(); t.hk[1].id = 'evt'; return t; }, /^hk\[1\] \(id "evt"\)\.id: duplicate/],
    ['eudcc not DER', () => ({ version: 1, name: 'x', eudcc: [{ certificate: btoa('hello world') }] }), /^eudcc\[0\]\.certificate: not a base64 DER X\.509/],
    ['eudcc not base64', () => ({ version: 1, name: 'x', eudcc: [{ certificate: euCert() + '!' }] }), /^eudcc\[0\]\.certificate/],
    ['shc iss not a URL', () => ({ version: 1, name: 'x', shc: [{ ...shcIssuer(), iss: 'issuer' }] }), /^shc\[0\] \(iss "issuer"\)\.iss: not an http\(s\) URL/],
    ['shc jwks without keys', () => ({ version: 1, name: 'x', shc: [{ ...shcIssuer(), jwks: {} }] }), /^shc\[0\].*\.jwks\.keys/],
    ['shc crl without rids', () => ({ version: 1, name: 'x', shc: [{ ...shcIssuer(), crls: [{ kid: 'k', method: 'rid', ctr: 1 }] }] }), /^shc\[0\].*\.crls\[0\]\.rids/],
    ['status bad key', () => { const t = demo(); t.status[0].spki = 'AAAA'; return t; }, /^status\[0\] \(id "demo-status"\)\.spki/],
  ];
  for (const [name, make, re] of cases) it(name, () => expect(error(make())).toMatch(re));

  it('text that is not JSON', () => {
    const r = loadTrustStoreText('{ nope');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/not JSON/);
  });
});
