// The embedded demo venue: clearly fictional ("DEMO" id, "示範"/"DEMO" in both names) so that a kiosk that was
// never set up cannot be mistaken for a real venue. A real venue id is never made up here.
import { encodeVenueCode } from './hken.ts';

export const DEMO_VENUE = {
  venueId: 'DEMO0001',
  nameZh: '示範餐廳 (示範)',
  nameEn: 'Demo Restaurant (DEMO)',
  type: 'RESTAURANT',
  metadata: { typeEn: 'Restaurant (demo)', typeZh: '食肆 (示範)' },
} as const;

export const DEMO_VENUE_CODE: string = encodeVenueCode(DEMO_VENUE);

export const isDemoVenueId = (venueId: string): boolean => venueId === DEMO_VENUE.venueId;
