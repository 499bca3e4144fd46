// The kiosk's configuration file: settings, the venue's own code and the operator PIN hash. Nothing personal.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
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
  /** the PIN hash was lost with a damaged file: the operator screen stays locked until `kiosk reset-pin` */
  pinLost: z.literal(true).optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

const Defaults = z.object({ settings: Settings, demoPin: z.string() });
export type Defaults = z.infer<typeof Defaults>;

/** The last defaults file's text and its check (a snapshot of `kiosk verify` holds the shipped one's). */
let lastDefaults: { text: string; value: Defaults } | null = null;

export function loadDefaults(): Defaults {
  const text = readFileSync(join(resourcesDir(), 'config', 'defaults.json'), 'utf8');
  if (lastDefaults?.text !== text) lastDefaults = { text, value: Defaults.parse(JSON.parse(text)) };
  return lastDefaults.value;
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

/** The copy of the last configuration the kiosk wrote and read back intact (a damaged config.json falls back to it). */
export const lastGoodPathFor = (configPath: string): string => `${configPath}.last-good`;

export interface LoadedConfig {
  config: ConfigFile;
  /** operator-facing lines for "Needs attention" (no personal data: file names and field names only) */
  faults: string[];
  /** no PIN hash could be recovered from a damaged file: start with the operator screen locked */
  pinLost: boolean;
}

type Attempt = { kind: 'missing' } | { kind: 'ok'; config: ConfigFile } | { kind: 'damaged'; why: string; salvage: ConfigFile };

function attempt(path: string): Attempt {
  try {
    if (!existsSync(path)) return { kind: 'missing' };
    return { kind: 'ok', config: readConfig(path) };
  } catch (e) {
    return { kind: 'damaged', why: (e instanceof ConfigError ? e.message : `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})`).slice(0, 300), salvage: salvage(path) };
  }
}

/** The fields of a damaged file that still pass their own schema (an out-of-range volume must not cost the PIN hash). */
function salvage(path: string): ConfigFile {
  let json: unknown;
  try {
    const raw = readFileSync(path);
    if (raw.length > MAX_CONFIG_BYTES) return {};
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const out: Record<string, unknown> = {};
  const shape = ConfigFile.shape;
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    const v = (json as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (key === 'settings') {
      if (typeof v !== 'object' || v === null) continue;
      const s: Record<string, unknown> = {};
      for (const [sk, field] of Object.entries(Settings.shape)) {
        const sv = (v as Record<string, unknown>)[sk];
        if (sv !== undefined && field.safeParse(sv).success) s[sk] = sv;
      }
      out.settings = s;
    } else if (shape[key].safeParse(v).success) out[key] = v;
  }
  const p = ConfigFile.safeParse(out);
  return p.success ? p.data : {};
}

/**
 * Reads the configuration so that the door always opens: a missing, empty, truncated, NUL-filled or out-of-range
 * config.json gives way to the last good copy, else to what of it is still valid plus the defaults. The caller
 * shows `faults`; `pinLost` means no PIN hash survived and the operator screen must start locked.
 */
export function loadConfig(path: string): LoadedConfig {
  const main = attempt(path);
  const good = attempt(lastGoodPathFor(path));
  const goodHash = good.kind === 'ok' ? good.config.pinHash : undefined;
  if (main.kind === 'ok') {
    const c = main.config;
    if (c.pinLost) return { config: c, faults: [PIN_LOST_FAULT], pinLost: true };
    if (!c.pinHash && goodHash) {
      return { config: { ...c, pinHash: goodHash }, faults: ['The operator PIN was missing from the configuration file; the last good copy\'s PIN is in use.'], pinLost: false };
    }
    return { config: c, faults: [], pinLost: false };
  }
  if (main.kind === 'missing') {
    if (good.kind === 'ok') return { config: good.config, faults: ['The configuration file was missing; the kiosk started on its last good copy.'], pinLost: Boolean(good.config.pinLost) };
    return { config: {}, faults: [], pinLost: false };
  }
  // damaged: keep it aside for whoever looks into it, then start on what can be trusted
  try { copyFileSync(path, `${path}.damaged`); } catch { /* a full disk must not stop the start */ }
  const what = `The configuration file was damaged (${main.why.replace(`${path}: `, '')})`;
  if (good.kind === 'ok') {
    return { config: good.config, faults: [`${what}; the kiosk started on its last good copy.`], pinLost: Boolean(good.config.pinLost) };
  }
  const config = main.salvage;
  const pinLost = !config.pinHash;
  return {
    config: pinLost ? { ...config, pinLost: true } : config,
    faults: [`${what}; the kiosk started on the defaults for what could not be read.`, ...(pinLost ? [PIN_LOST_FAULT] : [])],
    pinLost,
  };
}

export const PIN_LOST_FAULT = 'The operator PIN was lost with a damaged configuration file: the operator screen stays locked. '
  + 'On the kiosk, run "kiosk reset-pin --data-dir DIR" to set a new PIN (docs/deploy.md).';

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

/** Writes the config (fully or not at all, see atomic-write.ts), then keeps the same bytes as the last good copy. */
export function writeConfig(path: string, cfg: ConfigFile): void {
  const text = JSON.stringify(ConfigFile.parse(cfg), null, 2) + '\n';
  writeFileAtomic(path, text);
  try { writeFileAtomic(lastGoodPathFor(path), text); } catch { /* the config itself is saved; the copy is a spare */ }
}

export const configPathFor = (dataDir: string): string => join(dataDir, 'config.json');
