// node:crypto for the I/O side: signature checks of status lists and the fast SHA-256 of their entries block.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { SignatureVerifier } from '../verify/types.ts';

const keys = new Map<string, KeyObject>();

function publicKey(spki: Uint8Array): KeyObject {
  const id = Buffer.from(spki).toString('base64');
  let k = keys.get(id);
  if (!k) {
    k = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    if (keys.size > 256) keys.clear();
    keys.set(id, k);
  }
  return k;
}

export const nodeVerifier: SignatureVerifier = {
  async verify(req) {
    try {
      if (req.alg !== 'ES256') return false;
      return verify('sha256', req.data, { key: publicKey(req.spki), dsaEncoding: req.encoding === 'raw' ? 'ieee-p1363' : 'der' }, req.signature);
    } catch {
      return false;
    }
  },
};

export function nodeSha256(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes).digest();
}
