import { describe, expect, it } from 'vitest';
import { identityHashes } from '../../main/verify/status/identity.ts';
import { ALICE, h16, hkPersonHash, hkRefHash, MEC_CAROL } from './helpers.ts';

const kinds = (xs: { kind: string }[]) => xs.map((x) => x.kind);

describe('identity hashes (docs/status-lists.md)', () => {
  it('HK: person hash over record type, masked ID, masked name, ISO date of birth', () => {
    const hs = identityHashes(ALICE);
    expect(kinds(hs)).toEqual(['hk-person']);
    expect(hs[0]!.hash).toEqual(h16('hk-person/1|VAC|****456(7)|CHAN T** M**|1985-03-15'));
  });

  it('HK MEC: the record reference hash (revocation) comes as well', () => {
    const hs = identityHashes(MEC_CAROL);
    expect(kinds(hs)).toEqual(['hk-person', 'hk-ref']);
    expect(hs[1]!.hash).toEqual(h16('hk-ref/1|MEC|DEMO-MEC-0003'));
    expect(hs.every((h) => h.hash.length === 16)).toBe(true);
  });

  it('HK: the same person spelled with ISO date, extra spaces or lower case hashes the same', () => {
    const variant = { ...ALICE, dob: '1985-03-15', maskedName: '  chan  t** m** ', maskedId: '****456(7) ' };
    expect(identityHashes(variant)[0]!.hash).toEqual(identityHashes(ALICE)[0]!.hash);
  });

  it('HK: record type is part of the person hash (a VAC and an MEC of one person differ)', () => {
    const asMec = { ...ALICE, recordType: 'MEC' as const };
    expect(identityHashes(asMec)[0]!.hash).not.toEqual(identityHashes(ALICE)[0]!.hash);
    expect(identityHashes(MEC_CAROL)[1]!.hash).toEqual(hkRefHash('MEC', 'DEMO-MEC-0003'));
    expect(identityHashes(MEC_CAROL)[0]!.hash).toEqual(hkPersonHash({ recordType: 'MEC', maskedId: '****222(2)', maskedName: 'LEE S** Y**', dob: '02-02-1970' }));
  });

  it('EU DCC: UCI, country+UCI and signature hashes as the EU revocation specification defines them', () => {
    const uci = 'URN:UVCI:01:XX:DEMO0000000000000001#Z';
    const sig = new Uint8Array(64).map((_, i) => i);
    const hs = identityHashes({ family: 'eudcc', uci, country: 'XX', signature: sig });
    expect(kinds(hs)).toEqual(['eu-uci', 'eu-countryuci', 'eu-signature']);
    expect(hs[0]!.hash).toEqual(h16(uci));
    expect(hs[1]!.hash).toEqual(h16('XX' + uci));
    // ECDSA: only r (the first half of r||s) is hashed
    expect(hs[2]!.hash).toEqual(h16(sig.subarray(0, 32)));
    // RSA-PSS signatures are hashed whole
    const rsa = new Uint8Array(256).fill(7);
    expect(identityHashes({ family: 'eudcc', uci, country: 'XX', signature: rsa })[2]!.hash).toEqual(h16(rsa));
  });

  it('SHC: issuer and rid; no rid, no hash', () => {
    const hs = identityHashes({ family: 'shc', iss: 'https://demo.example/issuer', kid: 'k1', rid: 'abc123' });
    expect(hs).toHaveLength(1);
    expect(hs[0]!.hash).toEqual(h16('shc-rid/1|https://demo.example/issuer|abc123'));
    expect(identityHashes({ family: 'shc', iss: 'https://demo.example/issuer', kid: 'k1' })).toEqual([]);
  });
});
