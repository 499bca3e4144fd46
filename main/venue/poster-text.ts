// What the poster says, shared by the PDF (pdfkit) and the HTML (Electron printing) renderings.
import { DEMO_VENUE } from './demo.ts';
import { decodeVenueCode } from './hken.ts';

export interface PosterVenue {
  nameZh: string;
  nameEn: string;
  type: string;
  /** the venue's own HKEN code, printed as the QR exactly as given */
  code: string;
}

/** Error correction Q (25%): posters get creased, scuffed and photographed at an angle. */
export const POSTER_QR_ECC = 'Q';

export const HEADER = '安心出行 LeaveHomeSafe';
export const INSTRUCTION_ZH = '請用「安心出行」掃描此二維碼';
export const INSTRUCTION_EN = 'Scan this QR code with the LeaveHomeSafe app';
export const PASS_LINE = '入場時請出示疫苗通行證 · Please show your Vaccine Pass when you enter';
export const DEMO_NOTE = '示範場所，並非真實場所 · DEMO venue, not a real venue';

// Labels for the venue types seen in published codes; anything else is printed as the code gives it.
const TYPE_LABELS: Record<string, { zh: string; en: string }> = {
  SPORTSCULTURALRECREATIONAL: { zh: '體育、文化及康樂場所', en: 'Sports, cultural and recreational premises' },
  RESTAURANT: { zh: '食肆', en: 'Restaurant' },
};

export function typeLabel(venue: PosterVenue): string {
  const d = decodeVenueCode(venue.code);
  const meta = d.ok ? d.venue.metadata : null;
  if (meta && (meta.typeZh.trim() || meta.typeEn.trim())) return [meta.typeZh.trim(), meta.typeEn.trim()].filter(Boolean).join(' / ');
  const known = TYPE_LABELS[venue.type];
  return known ? `${known.zh} / ${known.en}` : venue.type;
}

export function isDemoVenue(code: string): boolean {
  const d = decodeVenueCode(code);
  return d.ok && d.venue.venueId === DEMO_VENUE.venueId;
}

const pad = (n: number): string => String(n).padStart(2, '0');
export const localDate = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const printedLine = (d: Date): string => `列印日期 Printed on ${localDate(d)}`;
