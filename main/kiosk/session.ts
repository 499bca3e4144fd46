// One connected screen's session: its operator login and the table of requests it may make. The core
// (core.ts) owns the scan pipeline and the shared state; this file is what a screen can ask of it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers } from '../api/dispatch.ts';
import type { KioskState } from '../api/state.ts';
import { mergeSettings } from '../settings/config.ts';
import type { KioskStatsStore } from '../stats/index.ts';
import { decodeVenueCode } from '../venue/hken.ts';
import { renderPosterPdf } from '../venue/poster.ts';
import type { CoreContext } from './core-context.ts';
import { loadRules } from './trust-and-rules.ts';
import { enrol } from '../fleet/enrolment.ts';
import { addScanner, removeScanner, testRelay } from './device-control.ts';
import { changeOperatorPin } from './pin-policy.ts';
import { describeListFile, importUsbList, listUsbLists, mediaRoots } from './usb-lists.ts';
import { statusListLimits } from '../status/limits.ts';

export interface Session {
  isOperator(): boolean;
  handlers: Handlers;
  close(): void;
}

const OPERATOR_IDLE_MS = 5 * 60_000;
/** devices one screen may report (its camera, its keyboard wedge, a spare): a screen is not a device registry */
export const MAX_DEVICES_PER_SESSION = 4;
let sessionCount = 0;
const NOT_SAVED = 'The change could not be saved (disk full or read-only?); the previous configuration is kept.';

export function openSession(k: CoreContext): Session {
  const s = { operator: false, lastActive: 0 };
  k.sessions.add(s);
  // this screen's reported devices, kept under keys of its own so that no screen can replace another's
  const prefix = `s${++sessionCount}:`;
  const mine = new Set<string>();
  const isOperator = () => {
    if (s.operator && k.clock() - s.lastActive > OPERATOR_IDLE_MS) s.operator = false;
    if (s.operator) s.lastActive = k.clock();
    return s.operator;
  };
  const sessionState = (): KioskState => {
    const st = k.state();
    return { ...st, operator: { ...st.operator, loggedIn: isOperator() } };
  };
  /** files this screen's operator chose in the shell's file dialog (Electron) */
  const picked = new Set<string>();
  const handlers: Handlers = {
    getState: () => sessionState(),
    submitScan: (p) => {
      const scan = { text: p.text, source: p.source, deviceId: p.deviceId ?? p.source, at: k.clock() };
      // a scan read by this screen's own camera or wedge: its device row shows when the last one came
      const own = k.rendererDevices.get(prefix + scan.deviceId);
      if (own) {
        k.rendererDevices.set(prefix + scan.deviceId, { ...own, lastScanAt: scan.at });
        k.emit('devices', k.devices());
      }
      return k.submitScan(scan);
    },
    operatorLogin: async (p) => {
      // one judge for the whole kiosk: parallel guesses from any number of connections are refused, not judged
      const v = await k.pinJudge.attempt(p.pin, k.config.pinLost ? undefined : k.config.pinHash);
      if (v.ok) {
        s.operator = true;
        s.lastActive = k.clock();
        k.log.info('operator logged in');
        return { ok: true };
      }
      if (v.reason === 'wrong') k.log.warn(v.lockedMs ? `wrong operator PIN: locked for ${Math.round(v.lockedMs / 1000)} s` : 'wrong operator PIN');
      if (v.reason === 'no-pin') k.log.warn('operator login refused: the PIN hash was lost (kiosk reset-pin sets a new one)');
      if (v.reason === 'wrong' && v.lockedMs) k.pushState();
      return v.retryAfterMs ? { ok: false, retryAfterMs: v.retryAfterMs } : { ok: false };
    },
    operatorLogout: () => {
      s.operator = false;
      return { ok: true };
    },
    changePin: (p) => changeOperatorPin(k, p),
    getSettings: () => k.settings,
    setSettings: async (p) => {
      const next = mergeSettings(k.settings, p.patch);
      // saved first: a full disk answers the operator with an error and leaves both the file and the kiosk as they were
      const before = k.config;
      k.config = { ...k.config, settings: { ...k.config.settings, ...p.patch } };
      if (!k.saveConfig()) {
        k.config = before;
        k.pushState();
        throw new Error(NOT_SAVED);
      }
      if (next.ruleProfile !== k.settings.ruleProfile) k.rules = loadRules(next.ruleProfile, k.opts.dataDir);
      const resync = JSON.stringify(next.statusSync) !== JSON.stringify(k.settings.statusSync);
      if (next.retentionDays !== k.settings.retentionDays && 'setRetention' in k.stats) {
        (k.stats as KioskStatsStore).setRetention({ hourly: next.retentionDays });
      }
      k.settings = next;
      if (resync && !k.opts.colour) {
        // the resolver reads its URLs once: replace it, keeping the list it holds on disk
        const old = k.colour;
        k.colour = await k.makeResolver(k.settings);
        old.close();
      }
      k.pushState();
      return k.settings;
    },
    setVenue: (p) => {
      const d = decodeVenueCode(p.code.trim());
      if (!d.ok) return { ok: false, error: d.error, problem: d.problem ?? 'bad-fields' };
      if (!d.hashValid) return { ok: false, error: 'The venue code\'s check hash does not match: scan the official poster again.', problem: 'bad-hash' };
      const before = k.config;
      k.config = { ...k.config, venueCode: p.code.trim() };
      if (!k.saveConfig()) {
        k.config = before;
        k.pushState();
        return { ok: false, error: NOT_SAVED };
      }
      k.venue = k.venueFrom(p.code.trim())!;
      k.pushState();
      return { ok: true, venue: k.venue };
    },
    getStats: (p) => ({ rows: k.stats.query(p) }),
    exportStats: (p) => ({ csv: k.stats.exportCsv(p.granularity) }),
    listPrinters: async () => {
      try {
        return { printers: await k.printer.listPrinters() };
      } catch (e) {
        k.log.warn(`listing printers: ${(e as Error).message}`);
        return { printers: [] };
      }
    },
    printPoster: async (p) => {
      let r: { ok: boolean; error?: string };
      try {
        r = await k.printer.printPoster({ venue: k.venue, size: p.size, date: new Date(k.clock()) }, p.printer ?? k.settings.printer);
      } catch (e) {
        r = { ok: false, error: (e as Error).message };
      }
      if (!r.ok) k.log.warn(`printing failed: ${r.error ?? 'unknown error'}`);
      return r;
    },
    savePoster: async (p) => {
      const pdf = await renderPosterPdf(k.venue, { size: p.size, date: new Date(k.clock()) });
      const dir = join(k.opts.dataDir, 'posters');
      const path = join(dir, `venue-poster-${p.size}-${new Date(k.clock()).toISOString().slice(0, 10)}.pdf`);
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(path, pdf);
        return { ok: true, path };
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
    },
    groupStart: () => {
      const g = k.group.start();
      k.pushState();
      return g;
    },
    groupEnd: () => {
      const g = k.endGroup();
      k.pushState();
      return g;
    },
    syncStatusList: async () => {
      const info = await k.colour.sync();
      k.pushState();
      // without a URL nothing was fetched: the screen says so instead of "sync finished"
      return k.settings.statusSync.listUrl ? info : { ...info, noUrl: true };
    },
    reportDevice: (d) => {
      if (d.kind !== 'camera' && d.kind !== 'wedge') return { ok: false, error: 'a screen reports only its camera and keyboard wedge' };
      const key = prefix + d.id;
      if (!mine.has(key) && mine.size >= MAX_DEVICES_PER_SESSION) return { ok: false, error: `at most ${MAX_DEVICES_PER_SESSION} devices per screen` };
      mine.add(key);
      // the screen reports its state; when the last scan came is the core's own record
      const last = k.rendererDevices.get(key)?.lastScanAt;
      k.rendererDevices.set(key, { ...d, ...(last !== undefined ? { lastScanAt: last } : {}) });
      k.emit('devices', k.devices());
      return { ok: true };
    },
    exitKiosk: () => {
      k.log.info('operator exit');
      setTimeout(() => k.opts.onExit?.(), 50);
      return { ok: true };
    },
    listUsbLists: () => listUsbLists(k.trust.store, k.clock(), k.colour.info(new Date(k.clock())).version, mediaRoots(), statusListLimits(k.settings.statusSync)),
    pickListFile: async () => {
      if (!k.opts.pickListFile) return { available: false };
      const path = await k.opts.pickListFile();
      if (!path) return { available: true };
      picked.add(path);
      return { available: true, file: await describeListFile(path, k.trust.store, k.clock(), k.colour.info(new Date(k.clock())).version, statusListLimits(k.settings.statusSync)) };
    },
    importUsbList: async (p) => {
      // a file is imported only when this screen was offered it: by the media listing or by the shell's own dialog
      const r = await importUsbList(p.path, k.opts.dataDir, k.trust.store, mediaRoots(), picked, statusListLimits(k.settings.statusSync));
      if (r.ok) {
        // the resolver picks the imported file up from the data dir
        await k.colour.sync();
        k.log.info(`colour list version ${r.version} imported from removable media`);
        k.pushState();
      }
      return r;
    },
    addScanner: (p) => addScanner(k, p),
    removeScanner: (p) => removeScanner(k, p.number),
    testRelay: () => testRelay(k),
    fleetEnrol: (p) => {
      const r = enrol(k.opts.dataDir, p);
      if (r.ok) k.log.info(`operator enrolled this kiosk as ${p.site}/${p.kioskId} (joins the fleet at the next start)`);
      return r.ok ? { ok: true } : { ok: false, problem: r.problem, detail: r.detail };
    },
  };
  return {
    isOperator,
    handlers,
    close: () => {
      k.sessions.delete(s);
      // a closed screen's camera is no longer there
      for (const key of mine) k.rendererDevices.delete(key);
      if (mine.size) k.emit('devices', k.devices());
      mine.clear();
    },
  };
}
