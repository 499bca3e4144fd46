// The fleet's message formats (docs/fleet.md). Every message is small JSON with a version; every field is an
// aggregate, a device state or a setting: no name, ID, reference, payload or hash of a credential has a place here.
// The schemas are strict: an unknown key is refused, so nothing extra can ride along by accident.
import { z } from 'zod';
import { Credential, Outcome, ScanSource } from '../api/verdict.ts';
import { Settings } from '../api/state.ts';

/** refused before JSON.parse */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** a configuration may carry trust stores and rule files */
export const MAX_CONFIG_BYTES = 2 * 1024 * 1024;

export const HOUR_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:00$/;

export const CountRow = z.strictObject({
  outcome: Outcome,
  credential: Credential,
  source: ScanSource,
  count: z.number().int().min(0).max(1e9),
});
export type CountRow = z.infer<typeof CountRow>;

/** One hour bucket of one kiosk, absolute: a repeat or a late copy can never add to the count. */
export const CountsMessage = z.strictObject({
  v: z.literal(1),
  /** the kiosk's local hour, as its own `kiosk stats` shows it */
  period: z.string().regex(HOUR_RE),
  rows: z.array(CountRow).max(7 * 7 * 7),
});
export type CountsMessage = z.infer<typeof CountsMessage>;

export const HealthMessage = z.strictObject({
  v: z.literal(1),
  at: z.iso.datetime(),
  appVersion: z.string().max(40),
  shell: z.enum(['electron', 'standalone']),
  trust: z.strictObject({ demo: z.boolean(), name: z.string().max(120).optional() }),
  ruleProfile: z.strictObject({ id: z.string().max(80), pinned: z.boolean() }),
  statusList: z.strictObject({
    loaded: z.boolean(),
    version: z.number().int().optional(),
    ageSeconds: z.number().optional(),
    stale: z.boolean(),
  }),
  devices: z.array(z.strictObject({
    kind: z.string().max(20),
    label: z.string().max(200),
    state: z.enum(['connected', 'connecting', 'disconnected', 'error']),
  })).max(50),
  faults: z.array(z.string().max(300)).max(20),
  /** to the minute: when this kiosk last read a code */
  lastScanAt: z.string().max(40).optional(),
  /** minutes east of UTC of the kiosk's clock (its hour buckets are local time) */
  utcOffsetMinutes: z.number().int().min(-1440).max(1440),
  config: z.strictObject({
    siteVersion: z.number().int().optional(),
    kioskVersion: z.number().int().optional(),
    refused: z.string().max(300).optional(),
  }),
});
export type HealthMessage = z.infer<typeof HealthMessage>;

/** the operator-screen settings that make sense centrally (not the local camera, relay or printer) */
export const CENTRAL_SETTINGS = [
  'verdictSeconds', 'volume', 'muted', 'languageOrder', 'operatorLanguage', 'unknownColourPolicy', 'venueCheck',
  'ruleProfile', 'retentionDays', 'statusSync',
] as const;
export const CentralSettings = Settings.pick(Object.fromEntries(CENTRAL_SETTINGS.map((k) => [k, true])) as { [K in (typeof CENTRAL_SETTINGS)[number]]: true }).partial().strict();
export type CentralSettings = z.infer<typeof CentralSettings>;

/** a file name under DATA/fleet-managed/ (without .json): no path, no leading dot */
export const ManagedName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,59}$/);

/**
 * Trust stores the fleet rolls out: while a configuration carries them they replace the kiosk's configured trust
 * stores (docs/trust-store.md format; each passes the same loader as a local trust file).
 */
export const ManagedTrustStores = z.array(z.strictObject({ name: ManagedName, store: z.record(z.string(), z.unknown()) })).min(1).max(8);
/** Rule files (docs/rules.md format) added to the built-in stages, like files in DATA/rules/. */
export const ManagedRuleFiles = z.array(z.strictObject({ name: ManagedName, rules: z.record(z.string(), z.unknown()) })).max(20);

/** What the fleet's key signs. */
export const ConfigBody = z.strictObject({
  v: z.literal(1),
  site: z.string().max(40),
  /** absent: for every kiosk of the site */
  kiosk: z.string().max(40).optional(),
  /** strictly increasing per scope: an older or equal version is a rollback and refused */
  version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  issuedAt: z.string().max(40),
  settings: CentralSettings,
  /** absent: this scope does not manage them (the other scope's, or the kiosk's own, apply) */
  trustStores: ManagedTrustStores.optional(),
  ruleFiles: ManagedRuleFiles.optional(),
});
export type ConfigBody = z.infer<typeof ConfigBody>;

/** On the wire: the exact signed bytes (base64url) and an ES256 signature over them (raw r||s, base64url). */
export const SignedConfig = z.strictObject({
  v: z.literal(1),
  body: z.string().max(MAX_CONFIG_BYTES),
  sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
});
export type SignedConfig = z.infer<typeof SignedConfig>;
