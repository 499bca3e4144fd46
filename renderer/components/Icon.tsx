// Outcome icons: distinct shapes so the outcome reads without colour (colour-blind guards, glare).
import type { ReactNode } from 'react';
import type { IconName } from '../logic/outcomes.ts';

// Each icon is its own <svg> (keyed by name): a new outcome replaces the whole element. Patching the shapes inside
// one <svg> in place made Chromium pay 1-2 ms per removed shape on the way to the verdict's frame (issue 14 profile).
export function Icon({ name, className }: { name: IconName; className?: string }): ReactNode {
  const common = { className, viewBox: '0 0 100 100', 'aria-hidden': true, focusable: false } as const;
  const stroke = { fill: 'none', stroke: 'currentColor', strokeWidth: 9, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;
  switch (name) {
    case 'check':
      return <svg key="check" {...common} data-icon="check"><circle cx="50" cy="50" r="44" {...stroke} strokeWidth={6} /><path d="M28 52 L44 68 L73 35" {...stroke} /></svg>;
    case 'shield-check':
      return <svg key="shield-check" {...common} data-icon="shield-check"><path d="M50 6 L86 20 V48 C86 72 68 88 50 95 C32 88 14 72 14 48 V20 Z" {...stroke} strokeWidth={6} /><path d="M32 50 L45 63 L69 37" {...stroke} /></svg>;
    case 'cross':
      return <svg key="cross" {...common} data-icon="cross"><circle cx="50" cy="50" r="44" {...stroke} strokeWidth={6} /><path d="M32 32 L68 68 M68 32 L32 68" {...stroke} /></svg>;
    case 'cross-square':
      return <svg key="cross-square" {...common} data-icon="cross-square"><rect x="7" y="7" width="86" height="86" rx="10" {...stroke} strokeWidth={6} /><path d="M32 32 L68 68 M68 32 L32 68" {...stroke} /></svg>;
    case 'stop':
      return <svg key="stop" {...common} data-icon="stop"><path d="M31 5 H69 L95 31 V69 L69 95 H31 L5 69 V31 Z" {...stroke} strokeWidth={6} /><path d="M26 50 H74" {...stroke} strokeWidth={12} /></svg>;
    case 'warning':
      return <svg key="warning" {...common} data-icon="warning"><path d="M50 7 L95 90 H5 Z" {...stroke} strokeWidth={6} /><path d="M50 36 V62" {...stroke} /><circle cx="50" cy="76" r="5.5" fill="currentColor" /></svg>;
    case 'question':
      return <svg key="question" {...common} data-icon="question"><rect x="8" y="8" width="84" height="84" rx="14" {...stroke} strokeWidth={6} /><path d="M36 38 C36 22 64 22 64 38 C64 50 50 50 50 62" {...stroke} /><circle cx="50" cy="76" r="5.5" fill="currentColor" /></svg>;
    case 'qr-broken':
      return (
        <svg key="qr-broken" {...common} data-icon="qr-broken">
          <path d="M8 30 V8 H30 M70 8 H92 V30 M92 70 V92 H70 M30 92 H8 V70" {...stroke} strokeWidth={6} />
          <rect x="26" y="26" width="16" height="16" fill="currentColor" /><rect x="58" y="26" width="16" height="16" fill="currentColor" />
          <rect x="26" y="58" width="16" height="16" fill="currentColor" /><path d="M56 56 L80 80 M80 56 L56 80" {...stroke} strokeWidth={7} />
        </svg>
      );
  }
}
