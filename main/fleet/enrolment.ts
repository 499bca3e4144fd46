// A kiosk's fleet enrolment: broker URL, site, kiosk id, its own broker credentials and the fleet's public key.
// Kept in DATA_DIR/fleet.json, mode 0600 (it holds the broker password).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../settings/atomic-write.ts';
import { ID_RE } from './topics.ts';
import { loadPublicKey } from './signing.ts';

export const Enrolment = z.strictObject({
  broker: z.string().regex(/^(mqtts?|wss?):\/\/[^\s]+$/).max(500),
  site: z.string().regex(ID_RE),
  kioskId: z.string().regex(ID_RE),
  username: z.string().min(1).max(200).optional(),
  password: z.string().min(1).max(500).optional(),
  /** PEM (SPKI) of the fleet's ES256 public key; without it the kiosk applies no configuration at all */
  fleetPublicKey: z.string().max(2000).optional(),
  /** PEM of a CA to trust for mqtts:// (a private fleet CA) */
  ca: z.string().max(20000).optional(),
});
export type Enrolment = z.infer<typeof Enrolment>;

export const enrolmentPath = (dataDir: string): string => join(dataDir, 'fleet.json');

export function readEnrolment(dataDir: string): Enrolment | null {
  const p = enrolmentPath(dataDir);
  if (!existsSync(p)) return null;
  const e = Enrolment.parse(JSON.parse(readFileSync(p, 'utf8')));
  if (e.fleetPublicKey) loadPublicKey(e.fleetPublicKey);
  return e;
}

export function writeEnrolment(dataDir: string, e: Enrolment): string {
  const checked = Enrolment.parse(e);
  if (checked.fleetPublicKey) loadPublicKey(checked.fleetPublicKey);
  const p = enrolmentPath(dataDir);
  writeFileAtomic(p, JSON.stringify(checked, null, 2) + '\n');
  return p;
}
