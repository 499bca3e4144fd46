// The one decision path: scanned text -> verify -> code colour / revocation -> verdict. The kiosk core
// (submitScan) and `kiosk verify` both call decide(), so that what support sees on the command line is what the
// door showed for the same text, time, trust store, rules, venue and status lists.
import type { Verdict } from '../api/verdict.ts';
import { applyStatus } from '../verify/status/apply.ts';
import { verify, type VerifyContext } from '../verify/index.ts';
import type { ColourResolver } from './ports.ts';

export interface DecideEnv extends VerifyContext {
  /** colour / revocation source; null: no status step (the CLI without --status) */
  colour: ColourResolver | null;
  unknownColourPolicy: 'warn' | 'refuse';
  /** told about a pipeline bug (verify never throws by contract) */
  onError?: (e: unknown) => void;
}

const ADMITTING = new Set(['valid', 'exempt']);

export function internalVerdict(reason: string): Verdict {
  return { outcome: 'unreadable', credential: 'unknown', reasons: [reason], stages: {}, display: {}, demo: false };
}

export async function decide(text: string, env: DecideEnv): Promise<Verdict> {
  try {
    const out = await verify(text, env);
    let verdict = out.verdict;
    // the colour matters for whoever could be admitted, and is shown on HK pass refusals too
    if (env.colour && out.identity && (ADMITTING.has(verdict.outcome) || verdict.credential === 'hk-vac' || verdict.credential === 'hk-mec')) {
      const lookup = await env.colour.resolve(out.identity, env.now);
      verdict = applyStatus(verdict, lookup, { venue: env.venue, unknownColourPolicy: env.unknownColourPolicy });
    }
    return verdict;
  } catch (e) {
    // the entrant still gets a calm answer and the bug is logged
    env.onError?.(e);
    return internalVerdict('internal-error');
  }
}
