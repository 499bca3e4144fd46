import { describe, expect, it } from 'vitest';
import { hasKey, reasonKey, reasonLines } from '../../renderer/logic/reasons.ts';
import { CORE_REASONS } from '../../main/verify/reasons.ts';
import { INTL_REASONS } from '../../main/verify/eudcc/intl-reasons.ts';
import en from '../../renderer/i18n/en.json';
import zh from '../../renderer/i18n/zh-Hant.json';

describe('reason code -> bilingual text', () => {
  it('maps the documented HK and status reasons to their own lines in both languages', () => {
    for (const code of ['signature-invalid', 'issuer-unknown', 'doses-insufficient', 'dose-window-expired', 'exemption-expired',
      'not-a-pass', 'malformed', 'record-outdated', 'revoked', 'colour-unknown', 'colour-red', 'colour-amber']) {
      expect(reasonKey(code)).toBe(`reason.${code}`);
    }
    expect(en.reason['colour-unknown']).toBe('Colour not checked');
    expect(zh.reason['colour-unknown']).toBe('未能核對顏色碼');
    expect(zh.reason['record-outdated']).toContain('最新記錄');
  });

  it('gives every catalogued code (HK core, international, status) its own line in both languages', () => {
    // the catalogues are the verifiers' own lists (docs/rules.md, docs/international.md, docs/status-lists.md)
    for (const code of [...CORE_REASONS, ...INTL_REASONS, 'revoked', 'colour-red', 'colour-amber', 'colour-unknown']) {
      expect(reasonKey(code), code).toBe(`reason.${code}`);
      expect(hasKey(`reason.${code}`), code).toBe(true);
    }
    expect(en.reason['needs-3-doses']).toBe('3rd dose needed');
    expect(zh.reason['needs-3-doses']).toBe('須接種第3劑');
  });

  it('words a rule failure with its rule id as the catalogued rules-failed line', () => {
    expect(reasonKey('rules-failed:VR-EU-0001')).toBe('reason.rules-failed');
    expect(reasonKey('decode:something-new')).toBe('reason.stage.decode');
  });

  it('strips a credential-family prefix before giving up', () => {
    expect(reasonKey('hk-signature-invalid')).toBe('reason.signature-invalid');
    expect(reasonKey('shc-expired')).toBe('reason.expired');
  });

  it('falls back to the stage a code names (EU DCC / SHC stage names)', () => {
    expect(reasonKey('eu-dcc-signature-kid-mismatch')).toBe('reason.stage.signature');
    expect(reasonKey('validity:exp-passed')).toBe('reason.stage.validity');
    expect(reasonKey('rules_some-rule-failed')).toBe('reason.stage.rules');
  });

  it('degrades unknown, hostile or odd codes to the generic line, never throwing', () => {
    for (const code of ['totally-new-thing', '', 'x'.repeat(500), 'reason.generic', '__proto__', 'constructor', '../../etc', '名字']) {
      expect(() => reasonKey(code)).not.toThrow();
    }
    expect(reasonKey('totally-new-thing')).toBe('reason.generic');
    expect(reasonKey('__proto__')).toBe('reason.generic');
    expect(reasonKey('constructor')).toBe('reason.generic');
    expect(reasonKey('x'.repeat(500))).toBe('reason.generic');
    expect(reasonKey('名字')).toBe('reason.generic');
    expect(hasKey('reason.generic')).toBe(true);
  });

  it('shows at most three unique lines, generic only when nothing is known, colour warning left to its banner', () => {
    const lines = reasonLines(['colour-unknown', 'doses-insufficient', 'doses-insufficient', 'new-a', 'new-b', 'revoked', 'expired', 'malformed'], { colourBanner: true });
    expect(lines.map((l) => l.key)).toEqual(['reason.doses-insufficient', 'reason.revoked', 'reason.expired']);
    expect(reasonLines(['new-a', 'new-b']).map((l) => l.key)).toEqual(['reason.generic']);
    expect(reasonLines(['colour-unknown']).map((l) => l.key)).toEqual(['reason.colour-unknown']);
    expect(reasonLines([])).toEqual([]);
    // the title already says the colour
    expect(reasonLines(['colour-red'], { outcome: 'red' })).toEqual([]);
    expect(reasonLines(['colour-amber', 'revoked'], { outcome: 'amber' }).map((l) => l.key)).toEqual(['reason.revoked']);
    expect(reasonLines(['colour-red'], { outcome: 'invalid' }).map((l) => l.key)).toEqual(['reason.colour-red']);
    // a malformed verdict from a newer core must not crash the screen
    expect(reasonLines(undefined as unknown as string[])).toEqual([]);
  });
});

describe('translation files', () => {
  type Tree = { [k: string]: string | Tree };
  const keys = (o: Tree, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [p + k] : keys(v, `${p}${k}.`)));
  it('have the same keys in zh-Hant and en, none empty', () => {
    const a = keys(en as unknown as Tree).sort();
    const b = keys(zh as unknown as Tree).sort();
    expect(b).toEqual(a);
    const get = (o: Tree, k: string) => k.split('.').reduce<string | Tree>((n, part) => (n as Tree)[part]!, o);
    for (const k of a) {
      expect(String(get(en as unknown as Tree, k)).trim().length, k).toBeGreaterThan(0);
      expect(String(get(zh as unknown as Tree, k)).trim().length, k).toBeGreaterThan(0);
    }
  });

  it('every outcome has a title and a sub-line in both languages', () => {
    for (const o of ['valid', 'exempt', 'invalid', 'red', 'amber', 'not-applicable', 'unreadable']) {
      expect(hasKey(`outcome.${o}.title`), o).toBe(true);
      expect(hasKey(`outcome.${o}.sub`), o).toBe(true);
    }
  });

  it('the Chinese file is Traditional: no Simplified-only forms of the words used', () => {
    const text = JSON.stringify(zh);
    // 证/码/无/检/规/设/时/签/过/数 are Simplified; their Traditional forms are 證/碼/無/檢/規/設/時/簽/過/數
    for (const ch of ['证', '码', '无', '检', '规', '设', '时', '签', '过', '数']) expect(text.includes(ch), ch).toBe(false);
  });
});
