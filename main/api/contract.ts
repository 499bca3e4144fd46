// The whole renderer <-> core contract: every request with its params and result, every pushed event.
// Both shells carry exactly these messages; the dispatcher checks each one against these schemas.
import { z } from 'zod';
import { ScanSource } from './verdict.ts';
import {
  DeviceStatus, GroupState, KioskState, SerialScannerSetting, Settings, SettingsPatch, StatsRow, StatusListInfo, Venue, VerdictEvent,
} from './state.ts';

const Empty = z.object({}).strict();
/** why a PIN change was refused; the screen says each in the operator's language */
export const PinProblem = z.enum(['wrong-current', 'locked', 'format', 'mismatch', 'demo', 'same-digits', 'sequence', 'unchanged', 'save-failed']);
/** why a colour list cannot be used (the status-list checks' codes, plus reading problems) */
export const ListProblem = z.enum([
  'oversized', 'malformed', 'unknown-authority', 'bad-signature', 'entries-digest-mismatch', 'entries-invalid',
  'expiry-before-issue', 'rollback', 'version-not-newer', 'unreadable', 'not-offered', 'failed',
]);
/** a colour-list file found on removable media, with what its signed header says */
export const UsbListFile = z.object({
  path: z.string().max(4000),
  name: z.string().max(300),
  ok: z.boolean(),
  authority: z.string().max(200).optional(),
  demo: z.boolean().optional(),
  listId: z.string().max(200).optional(),
  version: z.number().int().optional(),
  issuedAt: z.string().max(40).optional(),
  expiresAt: z.string().max(40).optional(),
  entries: z.number().int().optional(),
  expired: z.boolean().optional(),
  future: z.boolean().optional(),
  problem: ListProblem.optional(),
  detail: z.string().max(500).optional(),
});
export type UsbListFile = z.infer<typeof UsbListFile>;
const Ok = z.object({ ok: z.boolean(), error: z.string().max(1000).optional() });

/** A scan the renderer itself read (camera, keyboard wedge, typed by staff). Size-limited before anything else. */
export const SubmitScanParams = z.object({
  text: z.string().max(16384),
  source: ScanSource.extract(['camera', 'wedge', 'manual']),
  deviceId: z.string().max(200).optional(),
}).strict();

export const requests = {
  getState: { params: Empty, result: KioskState },
  submitScan: { params: SubmitScanParams, result: VerdictEvent },
  operatorLogin: { params: z.object({ pin: z.string().max(64) }).strict(), result: z.object({ ok: z.boolean(), retryAfterMs: z.number().optional() }) },
  operatorLogout: { params: Empty, result: Ok },
  changePin: {
    params: z.object({ current: z.string().max(64), pin: z.string().max(64), confirm: z.string().max(64) }).strict(),
    result: z.object({ ok: z.boolean(), problem: PinProblem.optional(), retryAfterMs: z.number().optional() }),
  },
  getSettings: { params: Empty, result: Settings },
  setSettings: { params: z.object({ patch: SettingsPatch }).strict(), result: Settings },
  setVenue: { params: z.object({ code: z.string().max(4000) }).strict(), result: z.object({ ok: z.boolean(), venue: Venue.optional(), error: z.string().max(500).optional(), problem: z.enum(['not-hken', 'bad-base64', 'too-long', 'bad-fields', 'bad-hash']).optional() }) },
  getStats: {
    params: z.object({ granularity: z.enum(['hour', 'day']), from: z.string().max(40).optional(), to: z.string().max(40).optional() }).strict(),
    result: z.object({ rows: z.array(StatsRow) }),
  },
  exportStats: { params: z.object({ granularity: z.enum(['hour', 'day']) }).strict(), result: z.object({ csv: z.string() }) },
  listPrinters: { params: Empty, result: z.object({ printers: z.array(z.object({ name: z.string(), isDefault: z.boolean() })) }) },
  printPoster: { params: z.object({ size: z.enum(['a4', 'a5']), printer: z.string().max(300).optional() }).strict(), result: Ok },
  savePoster: { params: z.object({ size: z.enum(['a4', 'a5']) }).strict(), result: z.object({ ok: z.boolean(), path: z.string().optional(), error: z.string().optional() }) },
  groupStart: { params: Empty, result: GroupState },
  groupEnd: { params: Empty, result: GroupState },
  syncStatusList: { params: Empty, result: StatusListInfo },
  reportDevice: { params: DeviceStatus, result: Ok },
  exitKiosk: { params: Empty, result: Ok },
  listUsbLists: { params: Empty, result: z.object({ roots: z.array(z.string().max(1000)).max(20), files: z.array(UsbListFile).max(50) }) },
  /** Electron only: the operator chooses a list file in the system's file dialog; it is described, not imported */
  pickListFile: { params: Empty, result: z.object({ available: z.boolean(), file: UsbListFile.optional() }) },
  importUsbList: {
    params: z.object({ path: z.string().min(1).max(4000) }).strict(),
    result: z.object({ ok: z.boolean(), changed: z.boolean().optional(), version: z.number().int().optional(), entries: z.number().int().optional(), problem: ListProblem.optional(), detail: z.string().max(500).optional() }),
  },
  addScanner: {
    params: z.object({ path: z.string().min(1).max(300), baudRate: z.number().int().min(300).max(4_000_000), framing: SerialScannerSetting.shape.framing, quietGapMs: SerialScannerSetting.shape.quietGapMs }).strict(),
    result: z.object({ ok: z.boolean(), number: z.number().int().optional(), problem: z.enum(['duplicate', 'too-many', 'not-a-device', 'relay-port', 'unavailable']).optional() }),
  },
  removeScanner: { params: z.object({ number: z.number().int().min(1).max(99) }).strict(), result: z.object({ ok: z.boolean() }) },
  testRelay: { params: Empty, result: z.object({ ok: z.boolean(), problem: z.enum(['not-configured', 'failed', 'unavailable']).optional(), detail: z.string().max(500).optional() }) },
  /** the operator screen's `kiosk fleet enrol` (main/fleet/enrolment.ts checks every field); joins at the next start */
  fleetEnrol: {
    params: z.object({
      broker: z.string().max(500), site: z.string().max(40), kioskId: z.string().max(40),
      username: z.string().max(200).optional(), password: z.string().max(500).optional(), fleetPublicKey: z.string().max(2000).optional(),
    }).strict(),
    result: z.object({ ok: z.boolean(), problem: z.enum(['invalid', 'not-saved']).optional(), detail: z.string().max(500).optional() }),
  },
} as const;

export const events = {
  verdict: VerdictEvent,
  devices: z.array(DeviceStatus),
  state: KioskState,
} as const;

export type Method = keyof typeof requests;
export type EventName = keyof typeof events;
export type Params<M extends Method> = z.input<(typeof requests)[M]['params']>;
export type Result<M extends Method> = z.infer<(typeof requests)[M]['result']>;
export type EventData<E extends EventName> = z.infer<(typeof events)[E]>;

/** Methods that need the operator to be logged in. */
export const OPERATOR_ONLY: ReadonlySet<Method> = new Set<Method>([
  'changePin', 'setSettings', 'setVenue', 'getStats', 'exportStats', 'listPrinters', 'printPoster', 'savePoster',
  'syncStatusList', 'exitKiosk',
  'listUsbLists', 'pickListFile', 'importUsbList', 'addScanner', 'removeScanner', 'testRelay',
  'fleetEnrol',
]);

/** What the renderer holds: the same interface whether it comes from the Electron preload or the WebSocket client. */
export interface KioskApi {
  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (data: EventData<E>) => void): () => void;
}

/** Wire format shared by both transports. */
export const RequestEnvelope = z.object({ id: z.number().int().nonnegative(), method: z.string().max(64), params: z.unknown() }).strict();
export type RequestEnvelope = z.infer<typeof RequestEnvelope>;
export type ResponseEnvelope =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: 'bad-request' | 'unknown-method' | 'forbidden' | 'internal'; message: string } };
export type EventEnvelope = { event: EventName; data: unknown };
