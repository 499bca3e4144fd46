// ES256 signatures of fleet configuration. The fleet's private key stays with whoever runs the fleet (never on the
// broker, never on a kiosk); each kiosk holds the public key from enrolment. The signature covers the exact
// bytes carried, so there is no canonicalisation to get wrong.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { ConfigBody, MAX_CONFIG_BYTES, SignedConfig, type ConfigBody as Body } from './messages.ts';

export function generateFleetKey(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function loadPublicKey(pem: string): KeyObject {
  const k = createPublicKey(pem);
  if (k.asymmetricKeyType !== 'ec' || k.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('the fleet key must be an EC P-256 public key');
  return k;
}

export function signConfig(body: Body, privatePem: string): string {
  const key = createPrivateKey(privatePem);
  const bytes = Buffer.from(JSON.stringify(ConfigBody.parse(body)), 'utf8');
  const sig = sign('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' });
  return JSON.stringify({ v: 1, body: bytes.toString('base64url'), sig: sig.toString('base64url') });
}

export type VerifyResult = { ok: true; body: Body } | { ok: false; reason: string };

/** Checks size, shape and signature before trusting a byte of the body. Never throws. */
export function verifyConfig(message: Uint8Array, key: KeyObject): VerifyResult {
  try {
    if (message.length > MAX_CONFIG_BYTES) return { ok: false, reason: 'too large' };
    let env: SignedConfig;
    try {
      env = SignedConfig.parse(JSON.parse(Buffer.from(message).toString('utf8')));
    } catch {
      return { ok: false, reason: 'not a signed fleet configuration' };
    }
    const bytes = Buffer.from(env.body, 'base64url');
    const sig = Buffer.from(env.sig, 'base64url');
    if (sig.length !== 64 || !verify('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' }, sig)) return { ok: false, reason: 'bad signature' };
    const body = ConfigBody.safeParse(JSON.parse(bytes.toString('utf8')));
    if (!body.success) return { ok: false, reason: 'signed, but not a valid configuration' };
    return { ok: true, body: body.data };
  } catch (e) {
    return { ok: false, reason: `unreadable (${(e as Error).name})` };
  }
}
