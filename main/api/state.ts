// Kiosk state, settings, devices and counts as the renderer sees them. Nothing personal lives here.
import { z } from 'zod';
import { Credential, Outcome, ScanSource, Verdict } from './verdict.ts';

export const DeviceStatus = z.object({
  id: z.string().max(200),
  kind: z.enum(['serial', 'hid-pos', 'hid-keyboard', 'camera', 'wedge', 'relay']),
  label: z.string().max(200),
  state: z.enum(['connected', 'connecting', 'disconnected', 'error']),
  lastScanAt: z.number().optional(),
  error: z.string().max(500).optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const Venue = z.object({
  nameZh: z.string().max(200),
  nameEn: z.string().max(200),
  type: z.string().max(100),
  /** the venue's own LeaveHomeSafe QR text (HKEN:...) shown on the idle screen and poster */
  code: z.string().max(4000),
  /** true for the embedded, clearly fictional demo venue */
  demo: z.boolean(),
});
export type Venue = z.infer<typeof Venue>;

export const Settings = z.object({
  /** seconds a verdict stays on screen before returning to idle */
  verdictSeconds: z.number().min(1).max(60),
  volume: z.number().min(0).max(1),
  muted: z.boolean(),
  /** which language comes first on bilingual screens */
  languageOrder: z.enum(['zh-en', 'en-zh']),
  /** language of the operator screens */
  operatorLanguage: z.enum(['zh', 'en']),
  /** what an unknown code colour does: admit with a warning, or refuse */
  unknownColourPolicy: z.enum(['warn', 'refuse']),
  /** active-checking premises refuse amber; passive ones admit it */
  venueCheck: z.enum(['active', 'passive']),
  /** 'by-date' or a pinned rule stage id */
  ruleProfile: z.string().min(1).max(80),
  camera: z.object({ enabled: z.boolean(), deviceId: z.string().max(300).optional(), mirror: z.boolean() }),
  relay: z.object({ enabled: z.boolean(), path: z.string().max(300).optional(), pulseMs: z.number().int().min(50).max(10000) }),
  printer: z.string().max(300).optional(),
  retentionDays: z.number().int().min(1).max(3650),
  statusSync: z.object({
    listUrl: z.string().max(2000).optional(),
    lookupUrl: z.string().max(2000).optional(),
    intervalMinutes: z.number().int().min(1).max(1440),
  }),
});
export type Settings = z.infer<typeof Settings>;
export const SettingsPatch = Settings.partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const StatusListInfo = z.object({
  loaded: z.boolean(),
  version: z.number().int().optional(),
  issuedAt: z.string().optional(),
  expiresAt: z.string().optional(),
  ageSeconds: z.number().optional(),
  stale: z.boolean(),
  source: z.string().max(2000).optional(),
  lastSyncAt: z.string().optional(),
  lastSyncError: z.string().max(500).optional(),
  entries: z.number().int().optional(),
});
export type StatusListInfo = z.infer<typeof StatusListInfo>;

export const GroupMember = z.object({ outcome: Outcome, credential: Credential, name: z.string().max(200).optional() });
export const GroupState = z.object({
  active: z.boolean(),
  members: z.array(GroupMember).max(9),
  /** admitted only when every member is admitted */
  admitted: z.boolean(),
  max: z.number().int(),
});
export type GroupState = z.infer<typeof GroupState>;

export const KioskState = z.object({
  ready: z.boolean(),
  shell: z.enum(['electron', 'standalone']),
  venue: Venue,
  /** demo issuer keys are trusted: verdicts are not real */
  demoTrust: z.boolean(),
  ruleProfile: z.object({ id: z.string(), label: z.string(), pinned: z.boolean() }),
  devices: z.array(DeviceStatus),
  statusList: StatusListInfo,
  operator: z.object({ loggedIn: z.boolean(), lockedForMs: z.number().optional() }),
  settings: Settings,
  group: GroupState,
  /** problems the operator must know about (database read-only, disk full...) */
  faults: z.array(z.string().max(300)),
  /** set when the kiosk is enrolled in a fleet (main/fleet) */
  fleet: z.object({
    site: z.string().max(40),
    kioskId: z.string().max(40),
    connected: z.boolean(),
    /** settings the fleet's signed configuration sets: the operator screen marks them "managed centrally" */
    managed: z.array(z.string().max(40)).max(40),
  }).optional(),
});
export type KioskState = z.infer<typeof KioskState>;

export const VerdictEvent = z.object({
  seq: z.number().int(),
  verdict: Verdict,
  source: ScanSource,
  deviceId: z.string().max(200),
  at: z.number(),
  /** set while group mode is on */
  group: GroupState.optional(),
});
export type VerdictEvent = z.infer<typeof VerdictEvent>;

export const StatsRow = z.object({
  period: z.string(),
  outcome: Outcome,
  credential: Credential,
  source: ScanSource,
  count: z.number().int().min(0),
});
export type StatsRow = z.infer<typeof StatsRow>;
