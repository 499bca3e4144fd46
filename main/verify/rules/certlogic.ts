// CertLogic evaluator (spec 1.3.3, ../shared/testdata/certlogic/README.md): a restricted JsonLogic with date-time
// operations. Invalid expressions throw CertLogicError; valid ones never throw. Date-times are CertLogicDateTime
// values so that they cannot be confused with data.
import { addCalendarMonthsMs } from './calendar.ts';

export class CertLogicError extends Error {
  override name = 'CertLogicError';
}

/** A date-time produced by plusTime / dccDateOfBirth (millisecond precision, UTC instant). */
export class CertLogicDateTime {
  constructor(readonly ms: number) {}
  toISOString(): string {
    return new Date(this.ms).toISOString();
  }
  toJSON(): string {
    return this.toISOString();
  }
}

const isInt = (v: unknown): v is number => Number.isInteger(v); // false for every non-number
const isDict = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof CertLogicDateTime);

export function isFalsy(v: unknown): boolean {
  return (
    v === false || v === null || v === '' || v === 0 ||
    (Array.isArray(v) && v.length === 0) || (isDict(v) && Object.keys(v).length === 0)
  );
}

export function isTruthy(v: unknown): boolean {
  return (
    v === true || (typeof v === 'string' && v !== '') || (isInt(v) && v !== 0) ||
    (Array.isArray(v) && v.length > 0) || (isDict(v) && Object.keys(v).length > 0)
  );
}

const fail = (msg: string): never => {
  throw new CertLogicError(msg);
};

// ---------- date-times ----------

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{1,2}(?::?\d{2})?)?)?$/;

function lastDayOfMonth(year: number, month1: number): number {
  return new Date(Date.UTC(year, month1, 0)).getUTCDate();
}

function utc(year: number, month1: number, day: number, h = 0, m = 0, s = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month1 - 1, day);
  d.setUTCHours(h, m, s, ms);
  return d.getTime();
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return 0;
  // 'Z' has no digits (0). Without the colon, [+-]h and [+-]hh are hours; [+-]hmm and [+-]hhmm end in two minute digits.
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const h = Number(digits.length <= 2 ? digits : digits.slice(0, -2));
  const m = digits.length <= 2 ? 0 : Number(digits.slice(-2));
  return sign * (h * 60 + m);
}

// Rules parse the same few strings (today, the DOB, dose dates) over and over: remember recent results.
const parsedCache = new Map<string, number>();
const PARSED_CACHE_MAX = 512;

/** Parses the formats plusTime allows; partial dates as dccDateOfBirth does. */
export function parseDateTime(str: string): CertLogicDateTime {
  const hit = parsedCache.get(str);
  if (hit !== undefined) return new CertLogicDateTime(hit);
  const ms = parseUncached(str);
  if (parsedCache.size >= PARSED_CACHE_MAX) parsedCache.clear();
  parsedCache.set(str, ms);
  return new CertLogicDateTime(ms);
}

function parseUncached(str: string): number {
  let m = /^(\d{4})$/.exec(str);
  if (m) return utc(Number(m[1]), 12, 31);
  m = /^(\d{4})-(\d{2})$/.exec(str);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return utc(y, mo, lastDayOfMonth(y, mo));
  }
  m = DATE_TIME.exec(str);
  if (!m) return fail(`not an allowed date or date-time format: ${JSON.stringify(str).slice(0, 60)}`);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0; // decimals beyond the 3rd are dropped
  const local = utc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms);
  return local - offsetMinutes(m[8]) * 60_000;
}

export const TIME_UNITS = ['year', 'month', 'day', 'hour'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export function plusTime(str: string, amount: number, unit: TimeUnit): CertLogicDateTime {
  const d = new Date(parseDateTime(str).ms);
  switch (unit) {
    case 'year': d.setUTCFullYear(d.getUTCFullYear() + amount); break;
    case 'month': d.setUTCMonth(d.getUTCMonth() + amount); break;
    case 'day': d.setUTCDate(d.getUTCDate() + amount); break;
    case 'hour': d.setUTCHours(d.getUTCHours() + amount); break;
  }
  return new CertLogicDateTime(d.getTime());
}

/**
 * The Hong Kong rules' own operation (not CertLogic): `{"plusCalendar": [date, amount, "month" | "year"]}` adds
 * calendar months (a year is 12 of them) ending on the same day or the target month's last day (calendar.ts).
 * Only rule sets evaluated with `{ calendar: true }` may use it; the EU rules keep plain CertLogic.
 */
export function plusCalendar(str: string, amount: number, unit: 'month' | 'year'): CertLogicDateTime {
  return new CertLogicDateTime(addCalendarMonthsMs(parseDateTime(str).ms, unit === 'year' ? amount * 12 : amount));
}

export function dccDateOfBirth(str: string): CertLogicDateTime {
  if (!/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(str)) return fail(`not a DCC date of birth: ${JSON.stringify(str).slice(0, 60)}`);
  return parseDateTime(str);
}

export function extractFromUVCI(uvci: string | null, index: number): string | null {
  if (uvci === null || index < 0) return null;
  const prefixless = uvci.startsWith('URN:UVCI:') ? uvci.slice('URN:UVCI:'.length) : uvci;
  const fragments = prefixless.split(/[/#:]/);
  return index < fragments.length ? fragments[index]! : null;
}

// ---------- evaluation ----------

function evaluateVar(path: unknown, data: unknown): unknown {
  if (typeof path !== 'string') return fail('not of the form { "var": "<path>" }');
  if (path === '') return data;
  let acc: unknown = data;
  // null, a missing value and anything but an array or an object has no fragments: null from there on
  for (const fragment of path.split('.')) {
    const index = /^\d+$/.test(fragment) ? Number(fragment) : NaN;
    let next: unknown;
    if (Array.isArray(acc)) next = acc[index]; // NaN (not an index) reads undefined
    else if (isDict(acc)) next = Object.prototype.hasOwnProperty.call(acc, fragment) ? acc[fragment] : undefined;
    else next = undefined;
    acc = next === undefined ? null : next;
  }
  return acc;
}

const COMPARISONS = new Set(['<', '>', '<=', '>=', 'after', 'before', 'not-after', 'not-before']);
const INFIX = new Set(['===', 'and', 'in', '+', ...COMPARISONS]);

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '<': case 'before': return a < b;
    case '>': case 'after': return a > b;
    case '<=': case 'not-after': return a <= b;
    default: return a >= b; // '>=', 'not-before'
  }
}

function evaluateInfix(op: string, operands: unknown[], data: unknown, depth: number): unknown {
  if (op === 'and') {
    if (operands.length < 2) return fail('an "and" operation must have at least 2 operands');
  } else if (COMPARISONS.has(op)) {
    if (operands.length < 2 || operands.length > 3) return fail(`an operation with operator "${op}" must have 2 or 3 operands`);
  } else if (operands.length !== 2) {
    return fail(`an operation with operator "${op}" must have 2 operands`);
  }
  if (op === 'and') {
    let acc: unknown = true;
    for (const operand of operands) {
      if (isFalsy(acc)) return acc;
      if (!isTruthy(acc)) return fail('all operands of an "and" operation must be either truthy or falsy');
      acc = evaluateAt(operand, data, depth);
    }
    return acc;
  }
  const args = operands.map((o) => evaluateAt(o, data, depth));
  switch (op) {
    case '===':
      return args[0] === args[1];
    case 'in': {
      const r = args[1];
      if (!Array.isArray(r)) return fail('right-hand side of an "in" operation must be an array');
      return r.includes(args[0]);
    }
    case '+': {
      const [l, r] = args;
      if (!isInt(l) || !isInt(r)) return fail('operands of a "+" operator must both be integers');
      return l + r;
    }
  }
  const dateOp = op === 'after' || op === 'before' || op === 'not-after' || op === 'not-before';
  let values: number[];
  if (dateOp) {
    if (!args.every((a) => a instanceof CertLogicDateTime)) return fail('all operands of a date-time comparison must be date-times');
    values = (args as CertLogicDateTime[]).map((d) => d.ms);
  } else {
    if (!args.every(isInt)) return fail('all operands of a comparison operation must be of integer type');
    values = args as number[];
  }
  if (values.length === 2) return compare(op, values[0]!, values[1]!);
  return compare(op, values[0]!, values[1]!) && compare(op, values[1]!, values[2]!);
}

const MAX_DEPTH = 200;
/** Evaluation steps per evaluate() call: nested reduces over literal arrays could otherwise run for hours. */
const MAX_STEPS = 1_000_000;
let steps = 0;
/** set for the duration of one evaluate() call whose caller allows the HK calendar operation */
let calendarOps = false;

function evaluateAt(expr: unknown, data: unknown, depth: number): unknown {
  if (++steps > MAX_STEPS) return fail('expression too expensive to evaluate');
  if (typeof expr === 'string' || typeof expr === 'boolean' || isInt(expr)) return expr;
  if (depth > MAX_DEPTH) return fail('expression nested too deeply');
  if (Array.isArray(expr)) return expr.map((item) => evaluateAt(item, data, depth + 1));
  if (!isDict(expr)) return fail(`invalid CertLogic expression: ${expr === null ? 'null' : typeof expr}`);
  const keys = Object.keys(expr);
  if (keys.length !== 1) return fail('unrecognised expression object encountered');
  const op = keys[0]!;
  const values = expr[op];
  if (op === 'var') return evaluateVar(values, data);
  if (!Array.isArray(values) || values.length === 0) return fail(`operation not of the form { "${op}": [ <values...> ] }`);
  const d = depth + 1;
  if (op === 'if') {
    const [guard, then, otherwise] = values;
    if (guard === undefined) return fail('an if-operation must have a guard (argument #1)');
    if (then === undefined) return fail('an if-operation must have a then (argument #2)');
    if (otherwise === undefined) return fail('an if-operation must have an else (argument #3)');
    const g = evaluateAt(guard, data, d);
    if (isTruthy(g)) return evaluateAt(then, data, d);
    if (isFalsy(g)) return evaluateAt(otherwise, data, d);
    return fail('if-guard evaluates to something neither truthy, nor falsy');
  }
  if (INFIX.has(op)) return evaluateInfix(op, values, data, d);
  switch (op) {
    case '!': {
      const v = evaluateAt(values[0], data, d);
      if (isFalsy(v)) return true;
      if (isTruthy(v)) return false;
      return fail('operand of ! evaluates to something neither truthy, nor falsy');
    }
    case 'plusTime': {
      const [dateOperand, amount, unit] = values;
      if (!isInt(amount)) return fail('"amount" argument (#2) of "plusTime" must be an integer');
      if (!TIME_UNITS.includes(unit as TimeUnit)) return fail(`"unit" argument (#3) of "plusTime" must be one of ${TIME_UNITS.join(', ')}`);
      const s = evaluateAt(dateOperand, data, d);
      if (typeof s !== 'string') return fail('date argument of "plusTime" must be a string');
      return plusTime(s, amount, unit as TimeUnit);
    }
    case 'plusCalendar': {
      if (!calendarOps) break;
      const [dateOperand, amount, unit] = values;
      if (!isInt(amount)) return fail('"amount" argument (#2) of "plusCalendar" must be an integer');
      if (unit !== 'month' && unit !== 'year') return fail('"unit" argument (#3) of "plusCalendar" must be month or year');
      const s = evaluateAt(dateOperand, data, d);
      if (typeof s !== 'string') return fail('date argument of "plusCalendar" must be a string');
      return plusCalendar(s, amount, unit);
    }
    case 'reduce': {
      const [operand, lambda, initial] = values;
      const arr = evaluateAt(operand, data, d);
      const init = evaluateAt(initial, data, d);
      if (arr === null) return init;
      if (!Array.isArray(arr)) return fail('operand of reduce evaluated to a non-null non-array');
      let acc = init;
      for (const current of arr) acc = evaluateAt(lambda, { accumulator: acc, current }, d);
      return acc;
    }
    case 'extractFromUVCI': {
      const [operand, index] = values;
      const s = evaluateAt(operand, data, d);
      if (!(s === null || typeof s === 'string')) return fail('"UVCI" argument (#1) of "extractFromUVCI" must be either a string or null');
      if (!isInt(index)) return fail('"index" argument (#2) of "extractFromUVCI" must be an integer');
      return extractFromUVCI(s, index);
    }
    case 'dccDateOfBirth': {
      const s = evaluateAt(values[0], data, d);
      if (typeof s !== 'string') return fail('operand of "dccDateOfBirth" must be a string');
      return dccDateOfBirth(s);
    }
  }
  return fail(`unrecognised operator: "${op}"`);
}

export interface EvaluateOptions {
  /** allow the Hong Kong rules' `plusCalendar` operation (plain CertLogic does not know it) */
  calendar?: boolean;
}

/** Evaluates a CertLogic expression over a data context. Throws CertLogicError for invalid expressions. */
export function evaluate(expr: unknown, data: unknown, opts: EvaluateOptions = {}): unknown {
  steps = 0;
  calendarOps = opts.calendar === true;
  try {
    return evaluateAt(expr, data, 0);
  } catch (e) {
    if (e instanceof CertLogicError) throw e;
    // e.g. a stack overflow on hostile data: still an error about this expression, never something else
    throw new CertLogicError(e instanceof Error ? e.message : 'evaluation failed');
  }
}
