// The configuration file survives power cuts and curious hands. Properties: readConfig returns a valid config or
// throws a ConfigError naming the problem (nothing else); merging any patch the API accepts never throws.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { SettingsPatch } from '../../../main/api/state.ts';
import { ConfigError, ConfigFile, loadDefaults, mergeSettings, readConfig } from '../../../main/settings/config.ts';
import { bounded, mutatedJson, mutatedString } from '../support.ts';
import type { FuzzTarget } from './types.ts';

export const settingsTargets: FuzzTarget[] = [
  {
    name: 'settings: config files with arbitrary and edited content',
    runs: 600,
    async run(p) {
      const dir = mkdtempSync(join(tmpdir(), 'kiosk-fuzz-config-'));
      const file = join(dir, 'config.json');
      const defaults = loadDefaults();
      const good = { settings: defaults.settings, venueCode: 'HKEN:0DEMO0001e30=', pinHash: 'scrypt$x', trust: ['/media/usb/trust.json'], serial: ['/dev/ttyACM0'] };
      const content = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 200 }),
        mutatedJson(good).map((j) => JSON.stringify(j) ?? ''),
        mutatedString(JSON.stringify(good, null, 2), '{}[]":,0123456789.truefalsn \n'),
        fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
      );
      await fc.assert(fc.asyncProperty(content, async (c) => {
        writeFileSync(file, c);
        await bounded('readConfig', () => {
          try {
            const cfg = readConfig(file);
            if (!ConfigFile.safeParse(cfg).success) throw new Error('readConfig returned an invalid config');
          } catch (e) {
            if (!(e instanceof ConfigError)) throw new Error(`readConfig threw ${(e as Error)?.name}, not a ConfigError`);
          }
        });
      }), p);
    },
  },
  {
    name: 'settings: any patch the API accepts merges without throwing',
    runs: 800,
    async run(p) {
      const base = loadDefaults().settings;
      const patch = fc.oneof(mutatedJson(base), fc.dictionary(fc.constantFrom(...Object.keys(base)), fc.jsonValue({ maxDepth: 2 }))).filter((x) => SettingsPatch.safeParse(x).success);
      await fc.assert(fc.asyncProperty(patch, async (x) => {
        await bounded('mergeSettings', () => mergeSettings(base, SettingsPatch.parse(x)));
      }), p);
    },
  },
];
