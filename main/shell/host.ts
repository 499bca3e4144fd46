// What both shells host: the kiosk core, the hardware scanners feeding it, and the optional door relay.
import { createKioskCore, type CoreOptions, type KioskCore } from '../kiosk/core.ts';
import { createLogger } from '../kiosk/log.ts';
import { createDeviceManager } from '../../hardware/index.ts';
import { openRelay } from '../../hardware/relay.ts';
import type { ShellArgs } from './args.ts';

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
  let relayPath: string | undefined;

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
      if (!relay || relayPath !== r.path) {
        void relay?.close();
        relay = openRelay({ path: r.path, pulseMs: r.pulseMs });
        relayPath = r.path;
      }
      relay.pulse().catch((e: Error) => log.warn(`door relay: ${e.message}`));
    },
  });

  const devices = createDeviceManager({
    serial: args.serial,
    autoDetect: true,
    onScan: (scan) => void core.submitScan(scan),
    onStatus: (d) => core.setDevices(d),
  });
  await devices.start().catch((e: Error) => log.warn(`device manager: ${e.message}`));

  return {
    core,
    async close() {
      await devices.stop().catch(() => undefined);
      await relay?.close().catch(() => undefined);
      await core.close();
    },
  };
}
