/**
 * What compiled case reading (compiler/emit-validation.ts) calls: read one property of the caller's object once, take
 * a value as JSON data or name the field, and word a field error exactly as the ajv-based validator does
 * (validate-case.ts), so a determination's `errors` read the same whichever checked the case.
 *
 * The generated code reads only the paths its guideline's case schema names, each once, own properties only, every
 * read guarded (a throwing getter or Proxy trap is a field error, never an exception), and builds a fresh plain
 * object of what it read: the only value the guideline's criteria ever see. A value kept whole (read into evidence)
 * is copied with json-data.ts (cycles, depth and size limits). Bundled into every compiled guideline; imports no
 * Node API.
 */
import type { CaseCheck } from './contract.js';
import type { FieldError } from './json-data.js';
import { copyJsonAt, LIMITS } from './json-data.js';

export { pointerEscape } from './pointer.js';

/** Marks a value that is not JSON data (its field error is already recorded); never leaves compiled code. */
export const INVALID: unique symbol = Symbol('invalid');
export type Read = unknown;

/**
 * The field errors of one reading, in two groups as the copy-then-schema validator reports them: values that are not
 * JSON data first (when there are any, they alone are reported), then what the case schema says.
 */
export class CaseErrors {
  readonly json: FieldError[] = [];
  readonly schema: FieldError[] = [];
  /** Values read so far (the case file's size limit). */
  values = 0;
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

/** `o[k]` when `o` holds its own property `k` (read once, getter and all); `INVALID` when reading it throws. */
export function own(o: object, k: string, p: string, e: CaseErrors): Read {
  try {
    return Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined;
  } catch {
    e.json.push({ path: p, message: 'could not be read' });
    return INVALID;
  }
}

/** Entry `i` of a list; `INVALID` when reading it throws. */
export function entry(l: readonly unknown[], i: number, p: string, e: CaseErrors): Read {
  try {
    return l[i];
  } catch {
    e.json.push({ path: p, message: 'could not be read' });
    return INVALID;
  }
}

/** The length of a list, or -1 (with the field error) when it cannot be read or is longer than the limit. */
export function listLength(l: readonly unknown[], p: string, e: CaseErrors): number {
  let n: number;
  try {
    n = l.length;
  } catch {
    e.json.push({ path: p, message: 'could not be read' });
    return -1;
  }
  if (n > LIMITS.maxListLength) {
    e.json.push({ path: p, message: `has ${n} entries; at most ${LIMITS.maxListLength} are accepted` });
    return -1;
  }
  return n;
}

/** The own keys of an object not in `known` (for `additionalProperties`), or null when they cannot be listed. */
export function otherKeys(o: object, known: ReadonlySet<string>, p: string, e: CaseErrors): string[] | null {
  try {
    return Object.keys(o).filter((k) => !known.has(k));
  } catch {
    e.json.push({ path: p, message: 'could not be read' });
    return null;
  }
}

/**
 * A value as JSON data: `undefined` is null (not stated); NaN and ±Infinity, functions, symbols, bigints and objects
 * that are not plain objects or lists (Date, Map, class instances) are field errors (`INVALID`); text longer than
 * the limit too.
 */
export function json(v: Read, p: string, e: CaseErrors): Read {
  if (++e.values > LIMITS.maxValues) {
    if (e.values === LIMITS.maxValues + 1) e.json.push({ path: p, message: `makes the case file too large (more than ${LIMITS.maxValues} values)` });
    return INVALID;
  }
  switch (typeof v) {
    case 'string':
      if (v.length > LIMITS.maxTextLength) {
        e.json.push({ path: p, message: `is too long (more than ${LIMITS.maxTextLength} characters)` });
        return INVALID;
      }
      return v;
    case 'boolean':
      return v;
    case 'number':
      if (Number.isFinite(v)) return v;
      e.json.push({ path: p, message: `must be a finite number, not ${String(v)}` });
      return INVALID;
    case 'undefined':
      return null;
    case 'object':
      if (v === null) return v;
      break;
    default:
      if (v === INVALID) return v;
      e.json.push({ path: p, message: `must be JSON data, not a ${typeof v}` });
      return INVALID;
  }
  try {
    if (Array.isArray(v)) return v;
    const kind = Object.prototype.toString.call(v);
    if (kind === '[object Object]') return v;
    e.json.push({ path: p, message: `must be JSON data, not ${kind.slice(8, -1)}` });
  } catch {
    e.json.push({ path: p, message: 'could not be read' });
  }
  return INVALID;
}

/** A value kept whole (it is shown as evidence, or its schema says nothing of its parts): a plain JSON copy. */
export function whole(v: Read, p: string, e: CaseErrors): Read {
  if (v === INVALID) return v;
  const copied = copyJsonAt(v, p, e.json);
  return copied === undefined ? INVALID : copied.value;
}

/** An object key kept as data: `__proto__` defined, never assigned (assignment would set the prototype). */
export function keep(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
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
