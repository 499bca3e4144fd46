// Signed fleet configuration on the kiosk: verify (ES256, the fleet key from enrolment), refuse what is unsigned,
// tampered, meant for another site or kiosk, or older than what was applied (rollback), then apply the rest
// through the same settings path as the operator screen; trust stores and rule files pass the same loaders as
// local files (managed-files.ts) and are then loaded by the core. A compromised broker can withhold updates, never
// change a kiosk. What was applied is kept in DATA_DIR/fleet-config.json (the rollback floor survives restarts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { SettingsPatch } from '../api/state.ts';
import { writeFileAtomic } from '../settings/atomic-write.ts';
import { checkManaged, writeManaged, type ManagedContent } from './managed-files.ts';
import { CENTRAL_SETTINGS, ConfigBody, type CentralSettings } from './messages.ts';
import { verifyConfig } from './signing.ts';

type Scope = 'site' | 'kiosk';

interface Applied extends ManagedContent { version: number; settings: CentralSettings }

export interface ConfigApplierOptions {
  dataDir: string;
  site: string;
  kioskId: string;
  /** null: not enrolled with a fleet key, so every configuration is refused */
  key: KeyObject | null;
  /** the operator screen's setSettings path */
  apply: (patch: SettingsPatch) => Promise<void>;
  /** the core loads the trust stores and rules again (DATA/fleet-managed/ changed); throws when it cannot */
  reload?: () => Promise<void>;
  /** the rule profile in force (the fleet's rule files are checked against it when the fleet does not set one) */
  ruleProfile?: () => string;
  log?: (line: string) => void;
}

export type ConfigOutcome = { applied: true; scope: Scope; version: number } | { applied: false; reason: string; ignored?: boolean };

export interface ConfigApplier {
  handle(scope: Scope, message: Uint8Array): Promise<ConfigOutcome>;
  /** setting names the fleet currently manages (shown as "managed centrally") */
  managed(): string[];
  versions(): { siteVersion?: number; kioskVersion?: number; refused?: string };
}

export function createConfigApplier(opts: ConfigApplierOptions): ConfigApplier {
  const file = join(opts.dataDir, 'fleet-config.json');
  const applied: Partial<Record<Scope, Applied>> = {};
  let refused: string | undefined;
  try {
    if (existsSync(file)) {
      const j = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<Scope, Applied>>;
      for (const s of ['site', 'kiosk'] as const) {
        const a = j[s];
        if (a && Number.isSafeInteger(a.version)) {
          applied[s] = {
            version: a.version,
            settings: ConfigBody.shape.settings.parse(a.settings),
            ...(a.trustStores ? { trustStores: ConfigBody.shape.trustStores.parse(a.trustStores) } : {}),
            ...(a.ruleFiles ? { ruleFiles: ConfigBody.shape.ruleFiles.parse(a.ruleFiles) } : {}),
          };
        }
      }
    }
  } catch {
    // without the record the floor is lost; refuse nothing old rather than crash, and say so
    opts.log?.('fleet-config.json is unreadable: the rollback floor starts again from the next configuration');
  }

  const effective = (): CentralSettings => ({ ...applied.site?.settings, ...applied.kiosk?.settings });
  // per field, the kiosk's scope over the site's
  const content = (): ManagedContent => {
    const trustStores = applied.kiosk?.trustStores ?? applied.site?.trustStores;
    const ruleFiles = applied.kiosk?.ruleFiles ?? applied.site?.ruleFiles;
    return { ...(trustStores ? { trustStores } : {}), ...(ruleFiles ? { ruleFiles } : {}) };
  };

  function refuse(reason: string): ConfigOutcome {
    refused = reason.slice(0, 300);
    opts.log?.(`fleet configuration refused: ${refused}`);
    return { applied: false, reason: refused };
  }

  return {
    async handle(scope, message) {
      // an empty retained message clears the topic; it is not a configuration (and cannot undo one)
      if (message.length === 0) return { applied: false, reason: 'empty', ignored: true };
      if (!opts.key) return refuse('this kiosk holds no fleet key (enrol it with one)');
      const v = verifyConfig(message, opts.key);
      if (!v.ok) return refuse(`${scope} configuration: ${v.reason}`);
      const b = v.body;
      if (b.site !== opts.site) return refuse(`${scope} configuration is for site "${b.site.slice(0, 40)}"`);
      if (scope === 'site' && b.kiosk !== undefined) return refuse('a kiosk configuration arrived on the site topic');
      if (scope === 'kiosk' && b.kiosk !== opts.kioskId) return refuse(`kiosk configuration is for kiosk "${String(b.kiosk).slice(0, 40)}"`);
      const prev = applied[scope];
      const incoming: Applied = {
        version: b.version,
        settings: b.settings,
        ...(b.trustStores ? { trustStores: b.trustStores } : {}),
        ...(b.ruleFiles ? { ruleFiles: b.ruleFiles } : {}),
      };
      if (prev && b.version === prev.version && JSON.stringify(incoming) === JSON.stringify(prev)) {
        return { applied: false, reason: 'already applied', ignored: true }; // the retained copy, again on reconnect
      }
      if (prev && b.version <= prev.version) return refuse(`${scope} configuration version ${b.version} is not newer than ${prev.version} (rollback)`);
      const contentBefore = JSON.stringify(content());
      applied[scope] = incoming;
      const undo = () => { if (prev) applied[scope] = prev; else delete applied[scope]; };
      const next = content();
      const contentChanged = JSON.stringify(next) !== contentBefore;
      if (contentChanged) {
        const why = checkManaged(next, effective().ruleProfile ?? opts.ruleProfile?.() ?? 'by-date');
        if (why) {
          undo();
          return refuse(`${scope} configuration version ${b.version}: ${why}`);
        }
      }
      let swap: ReturnType<typeof writeManaged> | null = null;
      try {
        // the files first: a rule profile the settings choose may be one the fleet's rule files define
        if (contentChanged) swap = writeManaged(opts.dataDir, next);
        await opts.apply(effective());
        if (swap) await opts.reload?.();
      } catch (e) {
        undo();
        if (swap) {
          swap.rollback();
          await opts.reload?.().catch(() => undefined);
        }
        return refuse(`${scope} configuration version ${b.version} could not be applied: ${(e as Error).message}`);
      }
      swap?.commit();
      try {
        writeFileAtomic(file, JSON.stringify(applied));
      } catch (e) {
        opts.log?.(`fleet-config.json could not be written: ${(e as Error).message}`);
      }
      refused = undefined;
      opts.log?.(`fleet ${scope} configuration version ${b.version} applied`);
      return { applied: true, scope, version: b.version };
    },
    managed: () => {
      const c = content();
      return [...CENTRAL_SETTINGS.filter((k) => k in effective()), ...(c.trustStores ? ['trustStores'] : []), ...(c.ruleFiles ? ['ruleFiles'] : [])];
    },
    versions: () => ({
      ...(applied.site ? { siteVersion: applied.site.version } : {}),
      ...(applied.kiosk ? { kioskVersion: applied.kiosk.version } : {}),
      ...(refused ? { refused } : {}),
    }),
  };
}
