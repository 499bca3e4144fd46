// The venue the kiosk is set up for: <dataDir>/config.json "venueCode" (written by the settings module),
// else the demo venue. Read defensively: a missing, oversized or broken config is a note, never a crash.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_VENUE_CODE } from './demo.ts';
import { decodeVenueCode, type HkenVenue } from './hken.ts';

export interface ConfiguredVenue {
  venue: HkenVenue;
  code: string;
  demo: boolean;
  /** why the demo venue is used although a config exists, for the operator */
  note?: string;
}

const MAX_CONFIG_BYTES = 1024 * 1024;

function demo(note?: string): ConfiguredVenue {
  const d = decodeVenueCode(DEMO_VENUE_CODE);
  if (!d.ok) throw new Error('the embedded demo venue does not decode'); // a build defect, caught by the tests
  return { venue: d.venue, code: DEMO_VENUE_CODE, demo: true, ...(note ? { note } : {}) };
}

export function configuredVenue(dataDir: string): ConfiguredVenue {
  const file = join(dataDir, 'config.json');
  let text: string;
  try {
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st) return demo();
    if (!st.isFile() || st.size > MAX_CONFIG_BYTES) return demo(`${file} is not a readable config file; using the demo venue.`);
    text = readFileSync(file, 'utf8');
  } catch {
    return demo(`${file} cannot be read; using the demo venue.`);
  }
  let code: unknown;
  try {
    code = (JSON.parse(text) as { venueCode?: unknown } | null)?.venueCode;
  } catch {
    return demo(`${file} is not valid JSON; using the demo venue.`);
  }
  if (code === undefined) return demo();
  const d = decodeVenueCode(code);
  if (!d.ok) return demo(`The configured venue code cannot be read (${d.error}); using the demo venue.`);
  if (!d.hashValid) return demo('The configured venue code fails its check hash; using the demo venue.');
  return { venue: d.venue, code: code as string, demo: d.venue.venueId === 'DEMO0001' };
}
