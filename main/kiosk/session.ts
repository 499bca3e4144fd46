// One connected screen's session: its operator login and the table of requests it may make. The core
// (core.ts) owns the scan pipeline and the shared state; this file is what a screen can ask of it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers } from '../api/dispatch.ts';
import type { KioskState } from '../api/state.ts';
import { mergeSettings } from '../settings/config.ts';
import { checkPin } from '../settings/pin-hash.ts';
import type { KioskStatsStore } from '../stats/index.ts';
import { decodeVenueCode } from '../venue/hken.ts';
import { renderPosterPdf } from '../venue/poster.ts';
import type { CoreContext } from './core-context.ts';
import { loadRules } from './trust-and-rules.ts';
import { addScanner, removeScanner, testRelay } from './device-control.ts';
import { changeOperatorPin } from './pin-policy.ts';
import { importUsbList, listUsbLists } from './usb-lists.ts';

export interface Session {
  isOperator(): boolean;
  handlers: Handlers;
  close(): void;
}

const OPERATOR_IDLE_MS = 5 * 60_000;

export function openSession(k: CoreContext): Session {
  const s = { operator: false, lastActive: 0 };
  k.sessions.add(s);
  const isOperator = () => {
    if (s.operator && k.clock() - s.lastActive > OPERATOR_IDLE_MS) s.operator = false;
    if (s.operator) s.lastActive = k.clock();
    return s.operator;
  };
  const sessionState = (): KioskState => {
    const st = k.state();
    return { ...st, operator: { ...st.operator, loggedIn: isOperator() } };
  };
  const handlers: Handlers = {
    getState: () => sessionState(),
    submitScan: (p) => k.submitScan({ text: p.text, source: p.source, deviceId: p.deviceId ?? p.source, at: k.clock() }),
    operatorLogin: async (p) => {
      const now = k.clock();
      const wait = k.throttle.retryAfter(now);
      if (wait > 0) return { ok: false, retryAfterMs: wait };
      const ok = await checkPin(p.pin, k.config.pinHash ?? '');
      if (ok) {
        k.throttle.success();
        s.operator = true;
        s.lastActive = now;
        k.log.info('operator logged in');
        return { ok: true };
      }
      const lock = k.throttle.failure(now);
      k.log.warn(lock ? `wrong operator PIN: locked for ${Math.round(lock / 1000)} s` : 'wrong operator PIN');
      return lock ? { ok: false, retryAfterMs: lock } : { ok: false };
    },
    operatorLogout: () => {
      s.operator = false;
      return { ok: true };
    },
    changePin: (p) => changeOperatorPin(k, p),
    getSettings: () => k.settings,
    setSettings: async (p) => {
      const next = mergeSettings(k.settings, p.patch);
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
      k.config = { ...k.config, settings: { ...k.config.settings, ...p.patch } };
      k.saveConfig();
      k.pushState();
      return k.settings;
    },
    setVenue: (p) => {
      const d = decodeVenueCode(p.code.trim());
      if (!d.ok) return { ok: false, error: d.error, problem: d.problem ?? 'bad-fields' };
      if (!d.hashValid) return { ok: false, error: 'The venue code\'s check hash does not match: scan the official poster again.', problem: 'bad-hash' };
      k.venue = k.venueFrom(p.code.trim())!;
      k.config = { ...k.config, venueCode: k.venue.code };
      k.saveConfig();
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
      const g = k.group.end();
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
      k.rendererDevices.set(d.id, d);
      k.emit('devices', k.devices());
      return { ok: true };
    },
    exitKiosk: () => {
      k.log.info('operator exit');
      setTimeout(() => k.opts.onExit?.(), 50);
      return { ok: true };
    },
    listUsbLists: () => listUsbLists(k.trust.store, k.clock(), k.colour.info(new Date(k.clock())).version),
    importUsbList: async (p) => {
      const r = await importUsbList(p.path, k.opts.dataDir, k.trust.store);
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
  };
  return { isOperator, handlers, close: () => k.sessions.delete(s) };
}
