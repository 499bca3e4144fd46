// Joins the fleet from DATA_DIR/fleet.json (`kiosk fleet enrol`), with --fleet/--site/--kiosk-id... overriding it.
import { readFileSync } from 'node:fs';
import type { KioskCore } from '../kiosk/core.ts';
import type { Logger } from '../kiosk/log.ts';
import type { ShellArgs } from '../shell/args.ts';
import { Enrolment, readEnrolment } from './enrolment.ts';
import type { FleetAgent } from './kiosk-agent.ts';

export function enrolmentFromArgs(args: Pick<ShellArgs, 'dataDir' | 'fleet'>): Enrolment | null {
  const saved = readEnrolment(args.dataDir);
  const f = args.fleet;
  if (!f) return saved;
  const merged = {
    ...saved,
    broker: f.broker,
    ...(f.site ? { site: f.site } : {}),
    ...(f.kioskId ? { kioskId: f.kioskId } : {}),
    ...(f.username ? { username: f.username } : {}),
    ...(f.passwordFile ? { password: readFileSync(f.passwordFile, 'utf8').trim() } : {}),
    ...(f.keyFile ? { fleetPublicKey: readFileSync(f.keyFile, 'utf8') } : {}),
  };
  const r = Enrolment.safeParse(merged);
  if (!r.success) throw new Error(`--fleet needs --site and --kiosk-id (a-z, 0-9, "-"): ${r.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return r.data;
}

/** null when the kiosk is not in a fleet; the MQTT client is loaded only for a kiosk that is */
export async function startFleetFromArgs(args: Pick<ShellArgs, 'dataDir' | 'fleet'>, core: KioskCore, log: Logger): Promise<FleetAgent | null> {
  const enrolment = enrolmentFromArgs(args);
  if (!enrolment) return null;
  const { startFleetAgent } = await import('./kiosk-agent.ts');
  // end-to-end tests shorten the keep-alive (how soon the fleet sees a dead kiosk as offline)
  const keepalive = Number(process.env.KIOSK_FLEET_KEEPALIVE_S);
  return await startFleetAgent({ enrolment, core, dataDir: args.dataDir, log, ...(keepalive >= 2 ? { keepalive } : {}) });
}
