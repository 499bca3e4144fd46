// Kiosk state, settings, devices and counts as the renderer sees them. Nothing personal lives here.
import { z } from 'zod';
import { Colour, Credential, Outcome, ScanSource, Verdict } from './verdict.ts';

export const DeviceStatus = z.object({
  id: z.string().max(200),
  kind: z.enum(['serial', 'hid-pos', 'hid-keyboard', 'camera', 'wedge', 'relay']),
  label: z.string().max(200),
  state: z.enum(['connected', 'connecting', 'disconnected', 'error']),
  lastScanAt: z.number().optional(),
  error: z.string().max(500).optional(),
  /** e.g. a camera's granted resolution, "1920x1080 @ 30 fps" */
  detail: z.string().max(200).optional(),
  /** serial scanners: how a scan's end is found (a CR/LF terminator, a quiet gap, or whichever comes: 'auto') */
  framing: z.object({
    mode: z.enum(['terminator', 'quiet-gap', 'auto']),
    /** what ends scans now ('auto' starts with the quiet gap and keeps to terminators once it has seen one) */
    active: z.enum(['terminator', 'quiet-gap']),
    quietGapMs: z.number().int().min(1).max(5000),
  }).optional(),
  /** scanners the operator added on the Devices screen: their number ("Scanner 2") and that they can be removed */
  configured: z.object({ number: z.number().int().min(1).max(99), baudRate: z.number().int() }).optional(),
  /** ms since epoch when the device last stopped being connected */
  since: z.number().optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const Venue = z.object({
  nameZh: z.string().max(200),
  nameEn: z.string().max(200),
  type: z.string().max(100),
  /** the type as people read it (main/venue/poster-text.ts typeLabel): the code's own words, else a known type's
   * names in both languages, else the code's type as given */
  typeLabel: z.string().max(400),
  /** the venue's own LeaveHomeSafe QR text (HKEN:...) shown on the idle screen and poster */
  code: z.string().max(4000),
  /** true for the embedded, clearly fictional demo venue */
  demo: z.boolean(),
});
export type Venue = z.infer<typeof Venue>;

/** One serial scanner the operator configured: the port, its speed and how its scans end. */
export const SerialScannerSetting = z.object({
  number: z.number().int().min(1).max(99),
  path: z.string().min(1).max(300),
  baudRate: z.number().int().min(300).max(4_000_000),
  /** 'auto': CR/LF ends a scan, and so does a quiet gap until the scanner has sent a terminator */
  framing: z.enum(['auto', 'terminator', 'quiet-gap']),
  quietGapMs: z.number().int().min(5).max(2000),
}).strict();
export type SerialScannerSetting = z.infer<typeof SerialScannerSetting>;

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
  /** serial scanners added on the operator's Devices screen */
  serialScanners: z.array(SerialScannerSetting).max(8).optional(),
  retentionDays: z.number().int().min(1).max(3650),
  statusSync: z.object({
    listUrl: z.string().max(2000).optional(),
    lookupUrl: z.string().max(2000).optional(),
    intervalMinutes: z.number().int().min(1).max(1440),
    /** code-colour list caps (main/status/limits.ts; defaults 64 MiB / 2,000,000 entries; the bounds are its limits) */
    maxListMiB: z.number().int().min(1).max(500).optional(),
    maxEntries: z.number().int().min(1000).max(15_000_000).optional(),
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
  /** set on a sync request when no list URL is configured (nothing was fetched) */
  noUrl: z.boolean().optional(),
});
export type StatusListInfo = z.infer<typeof StatusListInfo>;

export const GroupMember = z.object({
  outcome: Outcome,
  credential: Credential,
  name: z.string().max(200).optional(),
  /** the member's first reasons (the row's words) */
  reasons: z.array(z.string().max(80)).max(8).optional(),
  /** the member's code colour, when one was looked up ('unknown': colour not checked) */
  colour: Colour.optional(),
});
/** What a scan in group mode did to the group: added, already in it (same pass again), or not added (full). */
export const GroupEntry = z.enum(['added', 'repeat', 'full']);
export type GroupEntry = z.infer<typeof GroupEntry>;
export const GroupState = z.object({
  active: z.boolean(),
  members: z.array(GroupMember).max(9),
  /** admitted only when every member is admitted */
  admitted: z.boolean(),
  max: z.number().int(),
});
export type GroupState = z.infer<typeof GroupState>;

export const AttentionItem = z.object({
  key: z.enum(['demoPin', 'scannerDisconnected', 'listExpired', 'listFuture', 'listRejected']),
  /** scanner number, or the device label when it has none */
  scanner: z.string().max(200).optional(),
  at: z.number().optional(),
  detail: z.string().max(500).optional(),
}).strict();
export type AttentionItem = z.infer<typeof AttentionItem>;

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
  /** what needs the operator, as message keys the screens translate (times are ms since epoch) */
  attention: z.array(AttentionItem).max(50).optional(),
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
  /** set while group mode is on: whether this scan was added to the group */
  groupEntry: GroupEntry.optional(),
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
