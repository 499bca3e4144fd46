// The international verifiers' reason codes: each documented in docs/international.md in English and Traditional
// Chinese, each worded by the verdict screen (not its generic line), and every code the verifiers emit is listed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reasonKey } from '../../renderer/logic/reasons.ts';
import { webCryptoVerifier } from '../../main/verify/crypto/webcrypto.ts';
import { runEuDcc } from '../../main/verify/eudcc/index.ts';
import { catalogued, INTL_REASONS } from '../../main/verify/eudcc/intl-reasons.ts';
import { runSmartHealthCard } from '../../main/verify/shc/index.ts';

const HK_SHARED = new Set(['internal-error', 'vaccine-pass-scrapped', 'vaccine-pass-not-in-force']);
const doc = readFileSync(resolve(import.meta.dirname, '../../docs/international.md'), 'utf8');
const rows = new Map<string, string[]>();
for (const line of doc.split('\n')) {
  const m = /^\| `([a-z0-9:-]+)` \|(.*)\|\s*$/.exec(line);
  if (m) rows.set(m[1]!, m[2]!.split('|').map((c) => c.trim()));
}

describe('international reason codes', () => {
  it.each([...INTL_REASONS])('%s has an English and a Chinese line and a screen wording', (code) => {
    const row = rows.get(code);
    expect(row, code).toBeDefined();
    const [en, zh] = row!;
    expect(en!.length).toBeGreaterThan(5);
    expect(zh!).toMatch(/[\u4e00-\u9fff]/);
    // internal-error and the two HK core codes are worded (or not) by the HK catalogue, not ours
    if (!HK_SHARED.has(code)) expect(reasonKey(code)).not.toBe('reason.generic');
  });

  it('rule failures carry the rule id and are catalogued', () => {
    expect(catalogued('rules-failed:VR-HK-0002')).toBe(true);
    expect(catalogued('made-up')).toBe(false);
    expect(reasonKey('rules-failed:VR-HK-0002')).not.toBe('reason.generic');
  });

  it('emits only catalogued codes on hostile input', async () => {
    const env = { nowMs: Date.parse('2024-01-01T00:00:00Z'), crypto: webCryptoVerifier };
    const texts = ['HC1:', 'HC1:A', 'HC1:AAA', 'HC2:AAA', `HC1:${'0'.repeat(9000)}`, 'shc:/', 'shc:/5', 'shc:/99', 'shc:/1/2/56',
      'shc:/1/2/56 shc:/1/3/56', `shc:/${'56'.repeat(40)}`, 'shc:/x'];
    for (const t of texts) {
      const eu = await runEuDcc(t, { ...env, signers: [], ruleSet: null });
      const shc = await runSmartHealthCard(t, { ...env, issuers: [] });
      for (const r of [...eu.verdict.reasons, ...shc.verdict.reasons]) expect(catalogued(r), r).toBe(true);
    }
  });
});
