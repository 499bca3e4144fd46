// The kiosk's configuration file: settings, the venue's own code and the operator PIN hash. Nothing personal.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Settings, type SettingsPatch } from '../api/state.ts';
import { resourcesDir } from '../paths.ts';
import { writeFileAtomic } from './atomic-write.ts';

const MAX_CONFIG_BYTES = 256 * 1024;

export const ConfigFile = z.object({
  settings: Settings.partial().optional(),
  venueCode: z.string().max(4000).optional(),
  pinHash: z.string().max(400).optional(),
  trust: z.array(z.string().max(4000)).optional(),
  serial: z.array(z.string().max(400)).optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

const Defaults = z.object({ settings: Settings, demoPin: z.string() });
export type Defaults = z.infer<typeof Defaults>;

export function loadDefaults(): Defaults {
  return Defaults.parse(JSON.parse(readFileSync(join(resourcesDir(), 'config', 'defaults.json'), 'utf8')));
}

export class ConfigError extends Error {}

/** Reads a config file; a missing file is an empty config, a broken one is an error naming the problem. */
export function readConfig(path: string): ConfigFile {
  if (!existsSync(path)) return {};
  const raw = readFileSync(path);
  if (raw.length > MAX_CONFIG_BYTES) throw new ConfigError(`${path}: larger than ${MAX_CONFIG_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = ConfigFile.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new ConfigError(`${path}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return parsed.data;
}

export function mergeSettings(base: Settings, patch: SettingsPatch | undefined): Settings {
  if (!patch) return base;
  const merged = {
    ...base,
    ...patch,
    camera: { ...base.camera, ...patch.camera },
    relay: { ...base.relay, ...patch.relay },
    statusSync: { ...base.statusSync, ...patch.statusSync },
  };
  return Settings.parse(merged);
}

export function writeConfig(path: string, cfg: ConfigFile): void {
  writeFileAtomic(path, JSON.stringify(ConfigFile.parse(cfg), null, 2) + '\n');
}

export const configPathFor = (dataDir: string): string => join(dataDir, 'config.json');
