// What both shells host: the kiosk core, the hardware scanners feeding it, and the optional door relay.
import { createKioskCore, type CoreOptions, type KioskCore } from '../kiosk/core.ts';
import { createLogger } from '../kiosk/log.ts';
import { createDeviceManager } from '../../hardware/index.ts';
import { openRelay } from '../../hardware/relay.ts';
import type { ShellArgs } from './args.ts';
import type { DeviceStatus, SerialScannerSetting } from '../api/state.ts';
import { scannerConfig, withScannerNumbers } from '../kiosk/configured-scanners.ts';
import { startFleetFromArgs } from '../fleet/from-args.ts';

export interface KioskHost {
  core: KioskCore;
  close(): Promise<void>;
}

export async function startKioskHost(
  args: ShellArgs,
  shell: CoreOptions['shell'],
  extra: Pick<CoreOptions, 'printer' | 'onExit' | 'pickListFile'> = {},
): Promise<KioskHost> {
  const log = createLogger(args.dataDir);
  let relay: ReturnType<typeof openRelay> | null = null;
  let relayKey = '';
  let configured: SerialScannerSetting[] = [];

  const core = await createKioskCore({
    dataDir: args.dataDir,
    shell,
    ...(args.config ? { configFile: args.config } : {}),
    trustFiles: args.trust,
    statusListFiles: args.status,
    log,
    // the first operator lock after five wrong PINs (30 s by default); end-to-end tests shorten it
    ...(Number(process.env.KIOSK_PIN_LOCK_BASE_MS) >= 1000 ? { pinLockBaseMs: Number(process.env.KIOSK_PIN_LOCK_BASE_MS) } : {}),
    ...extra,
    onAdmit: () => {
      void openedRelay()?.pulse(); // never rejects; failures arrive through onStatus
    },
    devices: {
      setSerialScanners(list) {
        const gone = configured.filter((c) => !list.some((n) => n.path === c.path && JSON.stringify(n) === JSON.stringify(c)));
        const added = list.filter((n) => !configured.some((c) => JSON.stringify(n) === JSON.stringify(c)));
        configured = list;
        void (async () => {
          for (const c of gone) await devices.removeSerial(c.path);
          for (const c of added) await devices.addSerial(scannerConfig(c));
        })().catch((e: Error) => log.warn(`scanner change: ${e.message}`));
      },
      async testRelay() {
        const r = openedRelay();
        if (!r) return { ok: false, error: 'no relay configured' };
        await r.pulse();
        // this relay's own outcome: the one it replaced may still be closing and reporting
        const st = r.status();
        return st.state === 'error' ? { ok: false, ...(st.error ? { error: st.error } : {}) } : { ok: true };
      },
    },
  });

  function openedRelay(): ReturnType<typeof openRelay> | null {
    const r = core.state().settings.relay;
    if (!r.enabled || !r.path) return null;
    if (!relay || relayKey !== `${r.path}|${r.pulseMs}`) {
      void relay?.close();
      // a replaced relay's last words (closing) must not overwrite the new one's state
      const opened: ReturnType<typeof openRelay> = openRelay({ path: r.path, pulseMs: r.pulseMs, onStatus: (s) => { if (relay === opened) { relayStatus = s; publish(); } } });
      relay = opened;
      relayKey = `${r.path}|${r.pulseMs}`;
    }
    return relay;
  }

  let scanners: DeviceStatus[] = [];
  let relayStatus: DeviceStatus | null = null;
  const publish = () => {
    const list = withScannerNumbers(scanners, configured);
    core.setDevices(relayStatus ? [...list, relayStatus] : list);
  };
  const relayPath = core.state().settings.relay.path;
  const devices = createDeviceManager({
    serial: args.serial,
    autoDetect: true,
    // the full serial listing runs when the ttys change, else every 30 s; a fault test watches it run every poll
    ...(Number(process.env.KIOSK_SERIAL_RELIST_MS) >= 1000 ? { serialRelistMs: Number(process.env.KIOSK_SERIAL_RELIST_MS) } : {}),
    // the relay board is a USB serial device too: never read it as a scanner
    ...(relayPath ? { ignorePaths: [relayPath] } : {}),
    onScan: (scan) => {
      core.submitScan(scan).catch((e: Error) => log.error(`scan pipeline: ${e.name}`));
    },
    onStatus: (d) => {
      scanners = d;
      publish();
    },
  });
  configured = core.state().settings.serialScanners ?? [];
  for (const c of configured) await devices.addSerial(scannerConfig(c)).catch((e: Error) => log.warn(`scanner ${c.number}: ${e.message}`));
  await devices.start().catch((e: Error) => log.warn(`device manager: ${e.message}`));
  // optional: joins the fleet when enrolled or given --fleet (throws on a bad enrolment, like a bad config)
  const fleet = await startFleetFromArgs(args, core, log);

  return {
    core,
    async close() {
      await fleet?.close().catch(() => undefined);
      await devices.stop().catch(() => undefined);
      await relay?.close().catch(() => undefined);
      await core.close();
    },
  };
}
