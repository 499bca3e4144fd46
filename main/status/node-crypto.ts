// node:crypto for the I/O side: signature checks of status lists and the fast SHA-256 of their entries block.
import { createHash } from 'node:crypto';

/** Status-list signatures go through the kiosk's one node:crypto verifier (keys cached per SPKI, strict encodings). */
export { nodeSignatureVerifier as nodeVerifier } from '../kiosk/node-verifier.ts';

export function nodeSha256(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes).digest();
}
