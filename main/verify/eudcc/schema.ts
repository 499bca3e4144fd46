// DCC payload schema check: each payload against the JSON schema of its own `ver` (resources/eudcc-schema),
// compiled lazily with ajv (draft 2020-12) and ajv-formats, plus the rule every schema before 1.3.0 could not
// express: exactly one of v / t / r, holding exactly one entry.
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import s100 from '../../../resources/eudcc-schema/1.0.0/DGC.combined-schema.json' with { type: 'json' };
import s101 from '../../../resources/eudcc-schema/1.0.1/DGC.combined-schema.json' with { type: 'json' };
import s110 from '../../../resources/eudcc-schema/1.1.0/DGC.combined-schema.json' with { type: 'json' };
import s120 from '../../../resources/eudcc-schema/1.2.0/DGC.combined-schema.json' with { type: 'json' };
import s121 from '../../../resources/eudcc-schema/1.2.1/DCC.combined-schema.json' with { type: 'json' };
import s130 from '../../../resources/eudcc-schema/1.3.0/DCC.combined-schema.json' with { type: 'json' };
import s131 from '../../../resources/eudcc-schema/1.3.1/DCC.combined-schema.json' with { type: 'json' };
import s132 from '../../../resources/eudcc-schema/1.3.2/DCC.combined-schema.json' with { type: 'json' };
import s133 from '../../../resources/eudcc-schema/1.3.3/DCC.combined-schema.json' with { type: 'json' };
import type { DccType } from './signing-cert.ts';

const SCHEMAS: Record<string, object> = {
  '1.0.0': s100, '1.0.1': s101, '1.1.0': s110, '1.2.0': s120, '1.2.1': s121,
  '1.3.0': s130, '1.3.1': s131, '1.3.2': s132, '1.3.3': s133,
};
export const SCHEMA_VERSIONS = Object.keys(SCHEMAS);

// every version shares one $id, so each gets its own ajv instance
const compiled = new Map<string, ValidateFunction>();

function validatorFor(ver: string): ValidateFunction | null {
  const schema = SCHEMAS[ver];
  if (!schema) return null;
  let v = compiled.get(ver);
  if (!v) {
    const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats(ajv, ['date', 'date-time']);
    v = ajv.compile(schema);
    compiled.set(ver, v);
  }
  return v;
}

/** Compiles the schemas now (each takes tens of milliseconds), so that the first EU scan at the door does not wait. */
export function precompileSchemas(versions: readonly string[] = SCHEMA_VERSIONS): void {
  for (const v of versions) validatorFor(v);
}

/** The schema version a payload is checked against: its own, else none (an unknown version is refused). */
export function schemaVersionFor(ver: unknown): string | null {
  return typeof ver === 'string' && SCHEMAS[ver] ? ver : null;
}

export type SchemaResult = { ok: true; type: DccType } | { ok: false; reason: string };

export function checkSchema(payload: unknown): SchemaResult {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { ok: false, reason: 'format:schema' };
  const p = payload as Record<string, unknown>;
  const ver = schemaVersionFor(p.ver);
  if (!ver) return { ok: false, reason: 'format:schema-version' };
  const validate = validatorFor(ver);
  if (!validate || !validate(payload)) return { ok: false, reason: 'format:schema' };
  const types = (['v', 't', 'r'] as const).filter((k) => p[k] !== undefined);
  if (types.length !== 1) return { ok: false, reason: 'format:multiple-certificates' };
  const entries = p[types[0]!];
  if (!Array.isArray(entries) || entries.length !== 1) return { ok: false, reason: 'format:multiple-certificates' };
  return { ok: true, type: types[0]! };
}

/** Which of v / t / r the payload carries (for the key usage check, which runs before the schema check). */
export function dccTypesOf(payload: unknown): DccType[] {
  if (typeof payload !== 'object' || payload === null) return [];
  const p = payload as Record<string, unknown>;
  return (['v', 't', 'r'] as const).filter((k) => p[k] !== undefined);
}
