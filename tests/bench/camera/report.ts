// Turns the camera bench's JSON (CAMERA_BENCH_JSON=file npm run bench -- camera) into the markdown table and the
// SVG picture in docs/: node --import tsx tests/bench/camera/report.ts FILE.json docs/camera-grid.svg
import { readFileSync, writeFileSync } from 'node:fs';
import type { CellResult } from '../camera.bench.ts';

type R = CellResult['results']['regions'];
const [file, svgOut] = process.argv.slice(2);
const cells = JSON.parse(readFileSync(file!, 'utf8')) as CellResult[];

/** the issue's targets: 1 s where zxing's defaults read >= 1 frame in 10; 2 s where they read none, down to 1.8 px/module and sigma 1.0 */
export function target(c: CellResult): { ms: number; why: string } | null {
  const s = c.results.single;
  if (s.frames > 0 && s.read / s.frames >= 0.1) return { ms: 1000, why: '1 s' };
  if (c.pxPerModule >= 1.8 && c.blur <= 1.0) return { ms: 2000, why: '2 s' };
  return null;
}
const cell = (r: R) => `${r.read}/${r.frames}, ${r.ms === null ? '—' : `${Math.round(r.ms)} ms`}`;
const lines = [
  '| payload | code height | px/module | blur σ | noise | screen | tilt | ours: frames read, time to text | zxing defaults, single frames | baseline (before issue 14) | target |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
];
let met = 0;
let missed = 0;
for (const c of cells) {
  const t = target(c);
  const ok = t ? c.results.regions.ms !== null && c.results.regions.ms <= t.ms : null;
  if (ok === true) met++;
  if (ok === false) missed++;
  lines.push(
    `| ${c.kind} v${c.version} | ${Math.round(c.share * 100)}% | ${c.pxPerModule.toFixed(2)} | ${c.blur} | ${c.noise} | ${c.screen} | ${c.tilt}° | ${cell(c.results.regions)} | ${cell(c.results.single)} | ${cell(c.results.baseline)} | ${t ? `${t.why}: ${ok ? '**met**' : '**missed**'}` : '—'} |`,
  );
}
const loads = cells.map((c) => c.load).filter((l) => typeof l === 'number');
const loadNote = loads.length ? `; 1-minute load average during the run ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}` : '';
process.stdout.write(lines.join('\n') + `\n\ncells with a target: ${met + missed}, met ${met}, missed ${missed}${loadNote}\n`);

if (svgOut) {
  // one row per cell, three bars (ours, zxing defaults, baseline): length = share of frames read; a dot marks a read
  const rowH = 18;
  const left = 330;
  const barW = 110;
  const gap = 75;
  const cols: [keyof CellResult['results'], string, string][] = [['regions', 'ours', '#1a7f37'], ['single', 'zxing defaults', '#0969da'], ['baseline', 'baseline', '#8c959f']];
  const width = left + cols.length * (barW + gap) + 20;
  const height = 40 + cells.length * rowH + 10;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`, `<rect width="100%" height="100%" fill="#fff"/>`];
  parts.push(`<text x="8" y="16" font-weight="bold">Camera grid: share of frames read (bar) and time to the text (label), 1280x720 fake camera</text>`);
  cols.forEach(([, name], i) => parts.push(`<text x="${left + i * (barW + gap)}" y="32" font-weight="bold">${name}</text>`));
  cells.forEach((c, r) => {
    const y = 40 + r * rowH;
    parts.push(`<text x="8" y="${y + 12}">${c.kind} ${Math.round(c.share * 100)}% ${c.pxPerModule.toFixed(2)}px σ${c.blur} n${c.noise} ${c.screen} ${c.tilt}°</text>`);
    cols.forEach(([key, , colour], i) => {
      const x = left + i * (barW + gap);
      const v = c.results[key];
      const share = v.frames ? v.read / v.frames : 0;
      parts.push(`<rect x="${x}" y="${y + 2}" width="${barW}" height="${rowH - 5}" fill="#f6f8fa" stroke="#d0d7de"/>`);
      parts.push(`<rect x="${x}" y="${y + 2}" width="${(barW * share).toFixed(1)}" height="${rowH - 5}" fill="${colour}"/>`);
      parts.push(`<text x="${x + barW + 4}" y="${y + 12}">${v.ms === null ? '—' : `${Math.round(v.ms)} ms`}</text>`);
    });
  });
  parts.push('</svg>');
  writeFileSync(svgOut, parts.join('\n'));
}
