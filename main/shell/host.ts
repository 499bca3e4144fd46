// What both shells host: the kiosk core, the hardware scanners feeding it, and the optional door relay.
import { createKioskCore, type CoreOptions, type KioskCore } from '../kiosk/core.ts';
import { createLogger } from '../kiosk/log.ts';
import { createDeviceManager } from '../../hardware/index.ts';
import { openRelay } from '../../hardware/relay.ts';
import type { ShellArgs } from './args.ts';
import type { DeviceStatus } from '../api/state.ts';
import { startFleetFromArgs } from '../fleet/from-args.ts';

export interface KioskHost {
  core: KioskCore;
  close(): Promise<void>;
}

export async function startKioskHost(
  args: ShellArgs,
  shell: CoreOptions['shell'],
  extra: Pick<CoreOptions, 'printer' | 'onExit'> = {},
): Promise<KioskHost> {
  const log = createLogger(args.dataDir);
  let relay: ReturnType<typeof openRelay> | null = null;
  let relayKey = '';

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
      const r = core.state().settings.relay;
      if (!r.enabled || !r.path) return;
      if (!relay || relayKey !== `${r.path}|${r.pulseMs}`) {
        void relay?.close();
        relay = openRelay({ path: r.path, pulseMs: r.pulseMs, onStatus: (s) => { relayStatus = s; publish(); } });
        relayKey = `${r.path}|${r.pulseMs}`;
      }
      void relay.pulse(); // never rejects; failures arrive through onStatus
    },
  });

  let scanners: DeviceStatus[] = [];
  let relayStatus: DeviceStatus | null = null;
  const publish = () => core.setDevices(relayStatus ? [...scanners, relayStatus] : scanners);
  const relayPath = core.state().settings.relay.path;
  const devices = createDeviceManager({
    serial: args.serial,
    autoDetect: true,
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
