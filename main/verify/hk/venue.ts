// Someone scanned a LeaveHomeSafe venue poster (HKEN:): recognised, never a pass.
import type { Verdict, VerdictDisplay } from '../../api/verdict.ts';
import { decodeVenueCode } from '../../venue/hken.ts';

export function venueVerdict(text: string): Verdict {
  const display: VerdictDisplay = { recordType: 'HKEN' };
  const decoded = decodeVenueCode(text);
  if (decoded.ok) {
    display.venueNameZh = decoded.venue.nameZh.slice(0, 200);
    display.venueNameEn = decoded.venue.nameEn.slice(0, 200);
  }
  return { outcome: 'not-applicable', credential: 'hk-venue', reasons: ['venue-code'], stages: { format: decoded.ok }, display, demo: false };
}
