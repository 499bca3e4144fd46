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

export type EnrolOutcome = { ok: true; path: string } | { ok: false; problem: 'invalid' | 'not-saved'; detail: string };

/**
 * Enrols this kiosk: the one path for `kiosk fleet enrol` and the operator screen. Empty optional fields are
 * left out; every field is checked (ids, URL, the key is an EC P-256 public key) before the file is written.
 */
export function enrol(dataDir: string, input: { broker: string; site: string; kioskId: string; username?: string; password?: string; fleetPublicKey?: string; ca?: string }): EnrolOutcome {
  // ids and the URL lose stray spaces; a password and PEM text are kept exactly as given
  const trimmed = new Set(['broker', 'site', 'kioskId', 'username']);
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, trimmed.has(k) ? v.trim() : v]));
  const r = Enrolment.safeParse(given);
  if (!r.success) return { ok: false, problem: 'invalid', detail: r.error.issues.map((i) => i.path.join('.') || 'input').join(', ').slice(0, 500) };
  try {
    if (r.data.fleetPublicKey) loadPublicKey(r.data.fleetPublicKey);
  } catch (e) {
    return { ok: false, problem: 'invalid', detail: `fleetPublicKey: ${(e as Error).message}`.slice(0, 500) };
  }
  try {
    return { ok: true, path: writeEnrolment(dataDir, r.data) };
  } catch (e) {
    return { ok: false, problem: 'not-saved', detail: (e as Error).message.slice(0, 500) };
  }
}
