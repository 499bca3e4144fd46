// The whole renderer <-> core contract: every request with its params and result, every pushed event.
// Both shells carry exactly these messages; the dispatcher checks each one against these schemas.
import { z } from 'zod';
import { ScanSource } from './verdict.ts';
import {
  DeviceStatus, GroupState, KioskState, Settings, SettingsPatch, StatsRow, StatusListInfo, Venue, VerdictEvent,
} from './state.ts';

const Empty = z.object({}).strict();
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
  changePin: { params: z.object({ pin: z.string().regex(/^[0-9]{4,12}$/) }).strict(), result: Ok },
  getSettings: { params: Empty, result: Settings },
  setSettings: { params: z.object({ patch: SettingsPatch }).strict(), result: Settings },
  setVenue: { params: z.object({ code: z.string().max(4000) }).strict(), result: z.object({ ok: z.boolean(), venue: Venue.optional(), error: z.string().max(500).optional() }) },
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
