/**
 * What compiled case reading (compiler/emit-validation.ts) calls: take one value of the caller's case as JSON data or
 * name the field, and word a field error exactly as the ajv-based validator does (validate-case.ts), so a
 * determination's `errors` read the same whichever checked the case.
 *
 * The generated code walks the whole case once, in the order the case lists its fields: every own enumerable field
 * and list entry is read exactly once (a getter runs once, a throwing getter or Proxy trap is a field error, never an
 * exception), kept in a local, held to the JSON rules and the size limits of json-data.ts (the same checks, in the
 * same order, with the same words as its copy), and held to the guideline's case schema where the schema names it.
 * Fields the schema does not name are only held to the JSON rules. What the guideline reads is built into a fresh
 * plain object (a value shown whole as evidence is copied whole, frozen): the only value its criteria ever see.
 * Bundled into every compiled guideline; imports no Node API.
 */
import type { CaseCheck } from './contract.js';
import type { FieldError } from './json-data.js';
import { LIMITS } from './json-data.js';
import { pointerEscape } from './pointer.js';

export { pointerEscape } from './pointer.js';

/** Marks a value that is not JSON data (its field error is already recorded); never leaves compiled code. */
export const INVALID: unique symbol = Symbol('invalid');

/**
 * The field errors of one reading, in two groups as the copy-then-schema validator reports them: values that are not
 * JSON data or exceed a size limit first (when there are any, they alone are reported), then what the case schema says.
 */
export class CaseErrors {
  readonly json: FieldError[] = [];
  readonly schema: FieldError[] = [];
  /** Values read so far (the case file's size limit). */
  values = 0;
  /** The lists and objects being read, the case first: a value met again among them closes a cycle. */
  readonly open: object[] = [];
}

/** The errors found, de-duplicated and capped as the ajv validator reports them, or the data read (frozen). */
export function caseChecked(e: CaseErrors, value: unknown): CaseCheck {
  const errors = e.json.length > 0 ? e.json : e.schema;
  if (errors.length === 0) return { ok: true, value: typeof value === 'object' && value !== null ? Object.freeze(value) : value };
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(error);
    if (out.length >= LIMITS.maxErrors) break;
  }
  return { ok: false, error: out };
}

/** The JSON Pointer of key `k` of the value at pointer `p` (`k` null: `p` itself), spelled out only for an error. */
export function pointerAt(p: string, k: string | number | null): string {
  if (k === null) return p;
  if (typeof k === 'number') return p + '/' + k;
  return p + '/' + (k.indexOf('~') === -1 && k.indexOf('/') === -1 ? k : pointerEscape(k));
}

function jsonError(p: string, k: string | number | null, message: string, e: CaseErrors): typeof INVALID {
  if (e.json.length < LIMITS.maxErrors) e.json.push({ path: pointerAt(p, k), message });
  return INVALID;
}

/** One more value read; false (with the field error, once) past the size limit. */
function counted(p: string, k: string | number | null, e: CaseErrors): boolean {
  if (++e.values <= LIMITS.maxValues) return true;
  if (e.values === LIMITS.maxValues + 1) jsonError(p, k, `makes the case file too large (more than ${LIMITS.maxValues} values)`, e);
  return false;
}

/**
 * One value as JSON data, at key `k` of the value at pointer `p` (the case itself: `""`, null) and depth `d` (the
 * case is depth 0), its parts not entered: `undefined` is null (not stated); NaN and ±Infinity, text over the limit,
 * functions, symbols, bigints, objects that are not plain objects or lists (Date, Map, revoked Proxies), a list or
 * object past the depth limit and one that contains itself are field errors (`INVALID`). The checks, their order
 * and their words are json-data.ts's.
 */
export function value(x: unknown, p: string, k: string | number | null, d: number, e: CaseErrors): unknown {
  if (!counted(p, k, e)) return INVALID;
  switch (typeof x) {
    case 'string':
      return x.length > LIMITS.maxTextLength ? jsonError(p, k, `is too long (more than ${LIMITS.maxTextLength} characters)`, e) : x;
    case 'boolean':
      return x;
    case 'number':
      return Number.isFinite(x) ? x : jsonError(p, k, `must be a finite number, not ${String(x)}`, e);
    case 'undefined':
      return null;
    case 'object':
      if (x === null) return x;
      break;
    default:
      return jsonError(p, k, `must be JSON data, not a ${typeof x}`, e);
  }
  if (d >= LIMITS.maxDepth) return jsonError(p, k, e.open.includes(x) ? 'refers to itself (a cycle)' : `is nested too deeply (more than ${LIMITS.maxDepth} levels)`, e);
  let kind: string;
  try {
    kind = Array.isArray(x) ? '[object Array]' : Object.prototype.toString.call(x);
  } catch {
    return jsonError(p, k, 'could not be read', e);
  }
  if (kind !== '[object Array]' && kind !== '[object Object]') return jsonError(p, k, `must be JSON data, not ${kind.slice(8, -1)}`, e);
  if (e.open.includes(x)) return jsonError(p, k, 'refers to itself (a cycle)', e);
  return x;
}

/** The own enumerable keys of the object at pointer `h`, or null (with the field error) when they cannot be listed. */
export function keys(o: object, h: string, e: CaseErrors): string[] | null {
  try {
    return Object.keys(o);
  } catch {
    jsonError(h, null, 'could not be read', e);
    return null;
  }
}

/**
 * Field `k` of the object `o` at pointer `h`, read once (`k` is one of its own keys); INVALID when reading it throws.
 * A field that is null or undefined is counted here (it is a value of the case file) and is not stated.
 */
export function field(o: object, k: string, h: string, e: CaseErrors): unknown {
  // Past the size limit the case is refused and nothing more can be reported: nothing more is read.
  if (e.values > LIMITS.maxValues) return INVALID;
  let y: unknown;
  try {
    y = (o as Record<string, unknown>)[k];
  } catch {
    return jsonError(h, k, 'could not be read', e);
  }
  if (y === null || y === undefined) return counted(h, k, e) ? null : INVALID;
  return y;
}

/** The length of the list at pointer `h`, or -1 (with the field error) when it cannot be read or is over the limit. */
export function listLength(l: readonly unknown[], h: string, e: CaseErrors): number {
  let n: number;
  try {
    n = l.length;
  } catch {
    jsonError(h, null, 'could not be read', e);
    return -1;
  }
  if (n > LIMITS.maxListLength) {
    jsonError(h, null, `has ${n} entries; at most ${LIMITS.maxListLength} are accepted`, e);
    return -1;
  }
  return n;
}

/** Entry `i` of the list at pointer `h`, read once; INVALID when reading it throws. */
export function item(l: readonly unknown[], i: number, h: string, e: CaseErrors): unknown {
  if (e.values > LIMITS.maxValues) return INVALID;
  try {
    return l[i];
  } catch {
    return jsonError(h, i, 'could not be read', e);
  }
}

/**
 * A value the case schema says nothing more of (a field it does not name, the parts of a value of the wrong type):
 * held to the JSON rules all the way down. `copy`: returned as a frozen plain copy (a value shown whole as evidence),
 * else returned as it is (only its errors count).
 */
export function rest(x: unknown, p: string, k: string | number | null, d: number, e: CaseErrors, copy: boolean): unknown {
  const v = value(x, p, k, d, e);
  return v === INVALID || v === null || typeof v !== 'object' ? v : parts(v, pointerAt(p, k), d, e, copy);
}

/** The parts of the list or object `v` at pointer `h` and depth `d`, held to the JSON rules (see `rest`). */
export function parts(v: object, h: string, d: number, e: CaseErrors, copy: boolean): unknown {
  e.open.push(v);
  let out: unknown = v;
  if (Array.isArray(v)) {
    const n = listLength(v, h, e);
    if (n < 0) out = INVALID;
    else {
      const list: unknown[] | null = copy ? [] : null;
      for (let i = 0; i < n; i++) {
        const y = item(v, i, h, e);
        const r = y === INVALID ? y : rest(y, h, i, d + 1, e, copy);
        if (r !== INVALID && list !== null) list.push(r);
      }
      if (list !== null) out = Object.freeze(list);
    }
  } else {
    const ks = keys(v, h, e);
    if (ks === null) out = INVALID;
    else {
      const object: Record<string, unknown> | null = copy ? {} : null;
      for (let j = 0; j < ks.length; j++) {
        const k = ks[j]!;
        const y = field(v, k, h, e);
        if (y === INVALID || y === null) continue;
        const r = rest(y, h, k, d + 1, e, copy);
        if (r !== INVALID && object !== null) put(object, k, r);
      }
      if (object !== null) out = Object.freeze(object);
    }
  }
  e.open.pop();
  return out;
}

/** An object key kept as data: `__proto__` defined, never assigned (assignment would set the prototype). */
export function keep(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A field of the data read; `__proto__` is kept as data. */
export function put(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') keep(o, k, v);
  else o[k] = v;
}

// ── Field errors, worded as validate-case.ts words ajv's ─────────────────────────────────────────────

export function required(p: string, e: CaseErrors): void {
  e.schema.push({ path: p, message: 'is required' });
}

export function mustBe(p: string, words: string, v: unknown, e: CaseErrors): void {
  e.schema.push({ path: p, message: `must be ${words}, not ${valueWords(v)}` });
}

export function oneOf(p: string, allowed: string, v: unknown, e: CaseErrors): void {
  e.schema.push({ path: p, message: `must be one of ${allowed}, not ${valueWords(v)}` });
}

export function invalid(p: string, message: string, e: CaseErrors): void {
  e.schema.push({ path: p, message });
}

/** Characters as JSON Schema counts them (code points, as ajv's `ucs2length`). */
export function textLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date written YYYY-MM-DD (2016-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC would read the years 0-99 as 1900-1999; setUTCFullYear takes the year as written.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** How a JSON Schema type is named in a field error. */
export const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of fields (a JSON object)',
};

/** A value as a field error names it: `text ("C3-C4")`, `the number 170`, `a list`. */
export function valueWords(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return `text (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)})`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'a group of fields';
    default:
      return typeof value;
  }
}
