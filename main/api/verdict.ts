// The verdict is the one thing every part of the kiosk agrees on: verify produces it, the core counts it,
// the renderer shows it. It lives in memory only.
import { z } from 'zod';

export const OUTCOMES = ['valid', 'exempt', 'invalid', 'red', 'amber', 'not-applicable', 'unreadable'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

export const CREDENTIALS = ['hk-vac', 'hk-mec', 'hk-evt', 'hk-venue', 'eu-dcc', 'shc', 'unknown'] as const;
export const Credential = z.enum(CREDENTIALS);
export type Credential = z.infer<typeof Credential>;

/** Where a scan came from; also a key of the aggregated counts. */
export const SOURCES = ['hid-pos', 'hid-keyboard', 'serial', 'camera', 'wedge', 'manual', 'cli'] as const;
export const ScanSource = z.enum(SOURCES);
export type ScanSource = z.infer<typeof ScanSource>;

export const Colour = z.enum(['blue', 'red', 'amber', 'unknown']);
export type Colour = z.infer<typeof Colour>;

export const ColourInfo = z.object({
  value: Colour,
  /** online lookup, offline signed list, or nothing available */
  source: z.enum(['online', 'list', 'none']),
  listVersion: z.number().int().optional(),
  listAgeSeconds: z.number().optional(),
  stale: z.boolean().optional(),
});
export type ColourInfo = z.infer<typeof ColourInfo>;

/** Only what the record itself already shows masked, plus the facts a guard needs. */
export const VerdictDisplay = z.object({
  name: z.string().max(200).optional(),
  id: z.string().max(100).optional(),
  doses: z.number().int().min(0).max(99).optional(),
  lastDose: z.string().max(40).optional(),
  validUntil: z.string().max(40).optional(),
  recordType: z.string().max(60).optional(),
  issuer: z.string().max(200).optional(),
  venueNameZh: z.string().max(200).optional(),
  venueNameEn: z.string().max(200).optional(),
});
export type VerdictDisplay = z.infer<typeof VerdictDisplay>;

export const Verdict = z.object({
  outcome: Outcome,
  credential: Credential,
  /** stable reason codes, e.g. signature-invalid, doses-insufficient */
  reasons: z.array(z.string().max(80)).max(32),
  /** one boolean per verification stage reached, in order */
  stages: z.record(z.string(), z.boolean()),
  display: VerdictDisplay,
  /** true when a demo (test) issuer key or list signed what was checked */
  demo: z.boolean(),
  colour: ColourInfo.optional(),
  /** the rule set that decided, e.g. hk-2022-11-30 */
  ruleSet: z.string().max(80).optional(),
});
export type Verdict = z.infer<typeof Verdict>;
