// The default SignatureVerifier: the platform's WebCrypto (browser, Electron renderer, Node's globalThis.crypto).
// Imported keys are cached per SPKI: importKey costs more than the verification itself.
import { bytesKey } from '../bytes.ts';
import type { SignatureVerifier } from '../types.ts';
import { derToRaw } from './ecdsa-der.ts';

type Alg = 'ES256' | 'PS256';
const cache = new Map<string, Promise<CryptoKey>>();
const byArray = new WeakMap<Uint8Array, Promise<CryptoKey>>();
const MAX_CACHED = 10_000;

function importSpki(spki: Uint8Array, alg: Alg): Promise<CryptoKey> {
  const weak = alg === 'ES256' ? byArray.get(spki) : undefined;
  if (weak) return weak;
  const key = alg + bytesKey(spki);
  let p = cache.get(key);
  if (!p) {
    const params = alg === 'ES256' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSA-PSS', hash: 'SHA-256' };
    p = crypto.subtle.importKey('spki', spki as BufferSource, params, false, ['verify']);
    p.catch(() => cache.delete(key));
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, p);
  }
  if (alg === 'ES256') byArray.set(spki, p);
  return p;
}

export const webCryptoVerifier: SignatureVerifier = {
  async verify({ alg, spki, data, signature, encoding }) {
    try {
      const key = await importSpki(spki, alg);
      if (alg === 'ES256') {
        const raw = encoding === 'der' ? derToRaw(signature) : signature.length === 64 ? signature : null;
        if (!raw) return false;
        return await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, raw as BufferSource, data as BufferSource);
      }
      return await crypto.subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, key, signature as BufferSource, data as BufferSource);
    } catch {
      return false;
    }
  },
};
