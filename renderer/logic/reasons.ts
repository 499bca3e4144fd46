// Reason codes -> translation keys. Codes come from the verifiers (HK, EU DCC, SHC) and the status layer; a code we
// have no words for never crashes or shows raw: it maps to a stage line when it names one, else a generic line.
import { resources } from '../i18n/index.ts';

export interface ReasonLine { key: string }

const FAMILY_PREFIXES = ['hk-', 'eu-dcc-', 'eudcc-', 'eu-', 'dcc-', 'shc-'];
const MAX_LINES = 3;

type Tree = { [k: string]: string | Tree };

function lookup(tree: Tree, path: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of path.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** A key usable in BOTH languages (verdicts show both). */
export function hasKey(key: string): boolean {
  return lookup(resources.en.translation as unknown as Tree, key) !== undefined
    && lookup(resources['zh-Hant'].translation as unknown as Tree, key) !== undefined;
}

function isSafeCode(code: string): boolean {
  // Keys are built from codes: never let a code walk the tree ('.' ) or be huge.
  return code.length > 0 && code.length <= 80 && /^[a-z0-9][a-z0-9:_-]*$/i.test(code);
}

/** One reason code -> its translation key. */
export function reasonKey(code: string): string {
  if (!isSafeCode(code)) return 'reason.generic';
  const c = code.toLowerCase();
  if (hasKey(`reason.${c}`)) return `reason.${c}`;
  for (const p of FAMILY_PREFIXES) {
    if (c.startsWith(p) && hasKey(`reason.${c.slice(p.length)}`)) return `reason.${c.slice(p.length)}`;
  }
  // 'rules-failed:<rule id>' and other 'code:detail' forms: the catalogued part before the detail
  const colon = c.indexOf(':');
  if (colon > 0 && hasKey(`reason.${c.slice(0, colon)}`)) return `reason.${c.slice(0, colon)}`;
  // 'signature:bad-kid', 'eu-dcc-rules-failed', 'stage-validity'...: the first token naming a stage wins.
  for (const token of c.split(/[:_-]/)) {
    if (token && hasKey(`reason.stage.${token}`)) return `reason.stage.${token}`;
  }
  return 'reason.generic';
}

/**
 * The lines a verdict screen shows: unique, at most three, the colour warning excluded when it is shown as its own
 * banner. An empty list is fine: the outcome title already says what happened.
 */
export function reasonLines(reasons: readonly string[], opts: { colourBanner?: boolean; outcome?: string } = {}): ReasonLine[] {
  // The title already says "Red code" / "Amber code": the same words again as a reason would be noise.
  const sameAsTitle = opts.outcome === 'red' ? 'reason.colour-red' : opts.outcome === 'amber' ? 'reason.colour-amber' : '';
  const out: ReasonLine[] = [];
  const seen = new Set<string>();
  for (const r of Array.isArray(reasons) ? reasons : []) {
    const key = reasonKey(String(r));
    if (opts.colourBanner && key === 'reason.colour-unknown') continue;
    if (key === sameAsTitle) continue;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key });
  }
  // A known reason says more than "reason not listed": keep the generic line only when it is all there is.
  const known = out.filter((l) => l.key !== 'reason.generic');
  return (known.length > 0 ? known : out).slice(0, MAX_LINES);
}
