// The two SignatureVerifier implementations agree on every input, including malformed signatures.
import { constants, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeSignatureVerifier } from '../../main/kiosk/node-verifier.ts';
import { derToRaw } from '../../main/verify/crypto/ecdsa-der.ts';
import { webCryptoVerifier } from '../../main/verify/index.ts';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = new Uint8Array(ec.publicKey.export({ type: 'spki', format: 'der' }));
const data = new TextEncoder().encode('HKSARG|VAC|3.00|1|test|');
const der = new Uint8Array(sign('sha256', data, ec.privateKey));
const raw = new Uint8Array(sign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }));

const verifiers = [['WebCrypto', webCryptoVerifier], ['node:crypto', nodeSignatureVerifier]] as const;

describe('DER to raw', () => {
  it('gives the r||s that node:crypto itself accepts as IEEE P1363', () => {
    const rawFromDer = derToRaw(der)!;
    expect(rawFromDer).toHaveLength(64);
    expect(verify('sha256', data, { key: ec.publicKey, dsaEncoding: 'ieee-p1363' }, rawFromDer)).toBe(true);
  });
  it('refuses non-DER encodings', () => {
    expect(derToRaw(new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]))).not.toBeNull();
    // trailing garbage, wrong tag, negative integer, non-minimal padding
    expect(derToRaw(new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00]))).toBeNull();
    expect(derToRaw(new Uint8Array([0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]))).toBeNull();
    expect(derToRaw(new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01]))).toBeNull();
    expect(derToRaw(new Uint8Array([0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01]))).toBeNull();
  });
});

for (const [name, v] of verifiers) {
  describe(name, () => {
    it('ES256 DER and raw signatures verify', async () => {
      expect(await v.verify({ alg: 'ES256', spki, data, signature: der, encoding: 'der' })).toBe(true);
      expect(await v.verify({ alg: 'ES256', spki, data, signature: raw, encoding: 'raw' })).toBe(true);
    });
    it('a wrong encoding, changed data, or a garbage key is false, never a throw', async () => {
      expect(await v.verify({ alg: 'ES256', spki, data, signature: der, encoding: 'raw' })).toBe(false);
      expect(await v.verify({ alg: 'ES256', spki, data, signature: raw, encoding: 'der' })).toBe(false);
      const other = new Uint8Array(data);
      other[0] = other[0]! ^ 1;
      expect(await v.verify({ alg: 'ES256', spki, data: other, signature: der, encoding: 'der' })).toBe(false);
      expect(await v.verify({ alg: 'ES256', spki: new Uint8Array([1, 2, 3]), data, signature: der, encoding: 'der' })).toBe(false);
      expect(await v.verify({ alg: 'ES256', spki, data, signature: new Uint8Array(0), encoding: 'der' })).toBe(false);
    });
    it('PS256 (salt 32)', async () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const rspki = new Uint8Array(rsa.publicKey.export({ type: 'spki', format: 'der' }));
      const sig = new Uint8Array(sign('sha256', data, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }));
      expect(await v.verify({ alg: 'PS256', spki: rspki, data, signature: sig, encoding: 'raw' })).toBe(true);
      expect(await v.verify({ alg: 'PS256', spki: rspki, data: data.subarray(1), signature: sig, encoding: 'raw' })).toBe(false);
      // an EC key used as PS256 is false, not an exception
      expect(await v.verify({ alg: 'PS256', spki, data, signature: sig, encoding: 'raw' })).toBe(false);
    });
    it('the same SPKI bytes in a fresh array hit the same result (cache keyed by content)', async () => {
      for (let i = 0; i < 3; i++) expect(await v.verify({ alg: 'ES256', spki: new Uint8Array(spki), data, signature: der, encoding: 'der' })).toBe(true);
    });
  });
}
