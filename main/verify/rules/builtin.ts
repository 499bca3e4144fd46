// The rule sets shipped in resources/rules/, bundled so that the pure core has defaults without I/O.
// Operators add or replace stages with files (loadRuleProfile's extra files); no release needed.
import s1 from '../../../resources/rules/hk-2022-02-24.json' with { type: 'json' };
import s2 from '../../../resources/rules/hk-2022-04-30.json' with { type: 'json' };
import s3 from '../../../resources/rules/hk-2022-05-31.json' with { type: 'json' };
import s4 from '../../../resources/rules/hk-2022-09-30.json' with { type: 'json' };
import s5 from '../../../resources/rules/hk-2022-11-30.json' with { type: 'json' };
import s6 from '../../../resources/rules/hk-2022-12-29.json' with { type: 'json' };

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** Frozen: they cannot change, so each is checked once per process (main/verify/rules/load.ts). */
export const BUILTIN_RULE_FILES: readonly unknown[] = [s1, s2, s3, s4, s5, s6].map(deepFreeze);

/** The kiosk's default profile: the final stage pinned, so that the demo is meaningful today. */
export const DEFAULT_RULE_PROFILE = 'hk-2022-11-30';
