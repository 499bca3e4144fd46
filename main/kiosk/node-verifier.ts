// The kiosk's fast SignatureVerifier: node:crypto's synchronous verify with a KeyObject cached per SPKI
// (WebCrypto's promise round trips and per-call key import dominate a sub-millisecond budget).
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { derToRaw } from '../verify/crypto/ecdsa-der.ts';
import type { SignatureVerifier } from '../verify/types.ts';

const byArray = new WeakMap<Uint8Array, KeyObject>();
const byBytes = new Map<string, KeyObject>();
const MAX_CACHED = 10_000;

function keyFor(spki: Uint8Array): KeyObject {
  let k = byArray.get(spki);
  if (k) return k;
  const id = Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength).toString('latin1');
  k = byBytes.get(id);
  if (!k) {
    k = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    if (byBytes.size >= MAX_CACHED) byBytes.clear();
    byBytes.set(id, k);
  }
  byArray.set(spki, k);
  return k;
}

export const nodeSignatureVerifier: SignatureVerifier = {
  async verify({ alg, spki, data, signature, encoding }) {
    try {
      const key = keyFor(spki);
      if (alg === 'ES256') {
        // the same strict DER reading as the WebCrypto path, so that both verifiers agree on every input
        const raw = encoding === 'der' ? derToRaw(signature) : signature.length === 64 ? signature : null;
        if (!raw) return false;
        return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, raw);
      }
      return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
    } catch {
      return false;
    }
  },
};
