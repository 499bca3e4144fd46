// The venue's LeaveHomeSafe QR drawn locally as SVG (no canvas, no network): one path of dark modules.
import { useMemo, type ReactNode } from 'react';
import QRCode from 'qrcode';

const QUIET = 4;

export function qrPath(text: string): { size: number; d: string } | null {
  try {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const { size, data } = qr.modules;
    let d = '';
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        if (data[y * size + x]) d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
      }
    }
    return { size: size + QUIET * 2, d };
  } catch {
    return null;
  }
}

export function VenueQr({ code, label }: { code: string; label: string }): ReactNode {
  const qr = useMemo(() => (code ? qrPath(code) : null), [code]);
  if (!qr) return null;
  return (
    <svg className="venue-qr" viewBox={`0 0 ${qr.size} ${qr.size}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={qr.d} fill="#000" />
    </svg>
  );
}
