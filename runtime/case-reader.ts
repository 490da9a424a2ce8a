/**
 * What compiled case reading (compiler/emit-validation.ts) calls: take one value of the caller's case as JSON data or
 * name the field, and word a field error exactly as the ajv-based validator does (validate-case.ts), so a
 * determination's `errors` read the same whichever checked the case.
 *
 * The generated code walks the whole case once, in the order the case lists its fields: every own enumerable field
 * and list entry is read exactly once (a getter runs once, a throwing getter or Proxy trap is a field error, never an
 * exception), kept in a local, held to the JSON rules and the size limits of json-data.ts (the same checks, in the
 * same order, with the same words as its copy), and held to the guideline's case schema where the schema names it.
 * Fields the schema does not name are only held to the JSON rules (`json`: a walk that builds nothing). What the
 * guideline reads is built into a fresh plain object (a value shown whole as evidence is copied whole, frozen): the
 * only value its criteria ever see. Its objects have the schema's shape (every field named, `undefined` when the case
 * leaves it out), so the criteria's reads of them are monomorphic.
 *
 * The fields of an object are listed by `Object.keys`, except in the entries of a long list (`MANY`), where `for...in`
 * lists them (the same keys in the same order, faster for objects built alike).
 *
 * Where a value sits is kept as its depth `d` (the case is depth 0) and its key `k` in its container: the containers
 * being read and their keys are stacks in `CaseErrors`, indexed by depth, so a JSON Pointer is spelled (`pointer`)
 * only for a field error and walking a valid case builds no strings.
 * Bundled into every compiled guideline; imports no Node API.
 */
import type { CaseCheck } from './contract.js';
import type { FieldError } from './json-data.js';
import { LIMITS } from './json-data.js';
import { MEMO_TEXT, OBJECT_PROTOTYPE } from './logic.js';
import { pointerEscape } from './pointer.js';

export { pointerEscape } from './pointer.js';

/** The size limits (json-data.ts), read once. */
const MAX_VALUES = LIMITS.maxValues;
const MAX_TEXT = LIMITS.maxTextLength;
const MAX_LIST = LIMITS.maxListLength;
/**
 * Entries from which a list is long: its objects (and the objects inside them) have their fields listed by `for...in`
 * (see `enumerable`), not `Object.keys`. A long list's entries are most often built alike, fast-mode objects whose
 * fields V8 lists from its enum cache and reads by their place (every list at 10,000: the bare walk 2× faster); a short
 * list's, and a case's own objects, often have deleted fields (dictionary mode), where `for...in` costs more than
 * `Object.keys` (in one trial, the seed cases' `check` 1.25× slower with every object listed by `for...in`).
 */
export const MANY = 32;

/** Marks a value that is not JSON data (its field error is already recorded); never leaves compiled code. */
export const INVALID: unique symbol = Symbol('invalid');

/** A key in a container: an object's field name or a list's index (null: the case itself). */
export type Key = string | number | null;

/**
 * The field errors of one reading, in two groups as the copy-then-schema validator reports them: values that are not
 * JSON data or exceed a size limit first (when there are any, they alone are reported), then what the case schema says.
 */
export class CaseErrors {
  readonly json: FieldError[] = [];
  readonly schema: FieldError[] = [];
  /** Values read so far (the case file's size limit). */
  values = 0;
  /** The lists and objects being read, by depth (the case at 0): a value met again among its ancestors closes a cycle. */
  readonly open: unknown[] = [];
  /** Their keys, by depth: `at[1..d]` spell the pointer of the container being read at depth d. */
  readonly at: Key[] = [];
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

/**
 * The JSON Pointer of the value at depth `d` under key `k` (null only for the case itself, `""`): its ancestors' keys
 * `e.at[1..d-1]`, then `k`. Spelled only for a field error.
 */
export function pointer(e: CaseErrors, d: number, k: Key): string {
  let p = '';
  for (let i = 1; i < d; i++) p += '/' + segment(e.at[i]!);
  return k === null ? p : p + '/' + segment(k);
}

function segment(k: string | number): string {
  if (typeof k === 'number') return String(k);
  return k.indexOf('~') === -1 && k.indexOf('/') === -1 ? k : pointerEscape(k);
}

/** Records a field error of the JSON rules (capped) at the value at depth `d` under key `k`. */
export function jsonError(e: CaseErrors, d: number, k: Key, message: string): typeof INVALID {
  if (e.json.length < LIMITS.maxErrors) e.json.push({ path: pointer(e, d, k), message });
  return INVALID;
}

/** The value past the size limit: its field error, once; INVALID. */
export function tooMany(e: CaseErrors, d: number, k: Key): typeof INVALID {
  if (e.values === LIMITS.maxValues + 1) jsonError(e, d, k, `makes the case file too large (more than ${LIMITS.maxValues} values)`);
  return INVALID;
}

/**
 * One value as JSON data, at key `k` of its container and depth `d`, its parts not entered: `undefined` is null (not
 * stated); NaN and ±Infinity, text over the limit, functions, symbols, bigints, objects that are not plain objects or
 * lists (Date, Map, revoked Proxies), a list or object past the depth limit and one that contains itself are field
 * errors (`INVALID`). The checks, their order and their words are json-data.ts's.
 */
export function value(x: unknown, k: Key, d: number, e: CaseErrors): unknown {
  if (++e.values > MAX_VALUES) return tooMany(e, d, k);
  switch (typeof x) {
    case 'string':
      return x.length > MAX_TEXT ? jsonError(e, d, k, `is too long (more than ${MAX_TEXT} characters)`) : x;
    case 'boolean':
      return x;
    case 'number':
      return x - x === 0 ? x : jsonError(e, d, k, `must be a finite number, not ${String(x)}`);
    case 'undefined':
      return null;
    case 'object':
      return x === null ? x : container(x, k, d, e);
    default:
      return jsonError(e, d, k, `must be JSON data, not a ${typeof x}`);
  }
}

/** A list or object at depth `d`: within the depth limit, a plain object or a list, not one of its own ancestors. */
function container(x: object, k: Key, d: number, e: CaseErrors): unknown {
  if (d >= LIMITS.maxDepth) return jsonError(e, d, k, ancestor(x, d, e) ? 'refers to itself (a cycle)' : `is nested too deeply (more than ${LIMITS.maxDepth} levels)`);
  let kind: string;
  try {
    kind = Array.isArray(x) ? '[object Array]' : Object.prototype.toString.call(x);
  } catch {
    return jsonError(e, d, k, 'could not be read');
  }
  if (kind !== '[object Array]' && kind !== '[object Object]') return jsonError(e, d, k, `must be JSON data, not ${kind.slice(8, -1)}`);
  if (ancestor(x, d, e)) return jsonError(e, d, k, 'refers to itself (a cycle)');
  return x;
}

/** Whether `x` is one of the containers being read above depth `d`. */
function ancestor(x: unknown, d: number, e: CaseErrors): boolean {
  const open = e.open;
  for (let i = 0; i < d; i++) if (open[i] === x) return true;
  return false;
}

/**
 * The own enumerable keys of the object `o` at depth `d` under key `k`, or null (with the field error) when they
 * cannot be listed. Its fields are read next: `o` is entered (the container at depth `d`).
 */
export function keys(o: object, k: Key, d: number, e: CaseErrors): string[] | null {
  e.open[d] = o;
  e.at[d] = k;
  try {
    return Object.keys(o);
  } catch {
    jsonError(e, d, k, 'could not be read');
    return null;
  }
}

/**
 * Field `f` of the object `o` at depth `d`, read once (`f` is one of its own keys); INVALID when reading it throws.
 * A field that is null or undefined is counted here (it is a value of the case file) and is not stated.
 */
export function field(o: object, f: string, d: number, e: CaseErrors): unknown {
  const y = member(o, f, d, e);
  if (y === null || y === undefined) return ++e.values > MAX_VALUES ? tooMany(e, d + 1, f) : null;
  return y;
}

/**
 * Field `f` of the object `o` at depth `d` as it is, read once; INVALID when reading it throws (its field error
 * recorded) or past the size limit (the case is refused and nothing more can be reported: nothing more is read).
 */
function member(o: object, f: string, d: number, e: CaseErrors): unknown {
  if (e.values > MAX_VALUES) return INVALID;
  try {
    return (o as Record<string, unknown>)[f];
  } catch {
    return jsonError(e, d + 1, f, 'could not be read');
  }
}

/**
 * The length of the list `l` at depth `d` under key `k`, or -1 (with the field error) when it cannot be read or is
 * over the limit. Its entries are read next: `l` is entered.
 */
export function listLength(l: readonly unknown[], k: Key, d: number, e: CaseErrors): number {
  e.open[d] = l;
  e.at[d] = k;
  let n: number;
  try {
    n = l.length;
  } catch {
    jsonError(e, d, k, 'could not be read');
    return -1;
  }
  if (n > MAX_LIST) {
    jsonError(e, d, k, `has ${n} entries; at most ${MAX_LIST} are accepted`);
    return -1;
  }
  return n;
}

/** Entry `i` of the list `l` at depth `d`, read once; INVALID when reading it throws. */
export function item(l: readonly unknown[], i: number, d: number, e: CaseErrors): unknown {
  if (e.values > MAX_VALUES) return INVALID;
  try {
    return l[i];
  } catch {
    return jsonError(e, d + 1, i, 'could not be read');
  }
}

/**
 * A value the case schema says nothing more of, held to the JSON rules all the way down and copied: returned as a
 * frozen plain copy (a value shown whole as evidence, a value of the wrong type), INVALID when it is not JSON data.
 */
export function rest(x: unknown, k: Key, d: number, e: CaseErrors): unknown {
  const v = value(x, k, d, e);
  return v === INVALID || v === null || typeof v !== 'object' ? v : parts(v, k, d, e);
}

/** The parts of the list or object `v` at depth `d` under key `k`, held to the JSON rules and copied (see `rest`). */
export function parts(v: object, k: Key, d: number, e: CaseErrors): unknown {
  if (Array.isArray(v)) {
    const n = listLength(v, k, d, e);
    if (n < 0) return INVALID;
    const list: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const y = item(v, i, d, e);
      const r = y === INVALID ? y : rest(y, i, d + 1, e);
      if (r !== INVALID) list.push(r);
    }
    return Object.freeze(list);
  }
  const ks = keys(v, k, d, e);
  if (ks === null) return INVALID;
  const object: Record<string, unknown> = {};
  for (let j = 0; j < ks.length; j++) {
    const f = ks[j]!;
    const y = field(v, f, d, e);
    if (y === INVALID || y === null) continue;
    const r = rest(y, f, d + 1, e);
    if (r !== INVALID) put(object, f, r);
  }
  return Object.freeze(object);
}

/**
 * A value the guideline does not read (a field its schema does not name), held to the JSON rules all the way down and
 * not kept: the walk of `rest` building nothing. False when the value itself is not JSON data (its parts' errors are
 * recorded, as `rest` records them, without making it so). `many`: inside an entry of a long list (see `MANY`).
 */
export function json(x: unknown, k: Key, d: number, e: CaseErrors, many?: boolean): boolean {
  if (++e.values > MAX_VALUES) return no(tooMany(e, d, k));
  switch (typeof x) {
    case 'string':
      return x.length <= MAX_TEXT || no(jsonError(e, d, k, `is too long (more than ${MAX_TEXT} characters)`));
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return x - x === 0 || no(jsonError(e, d, k, `must be a finite number, not ${String(x)}`));
    case 'object':
      return x === null || jsonContainer(x, k, d, e, many === true);
    default:
      return no(jsonError(e, d, k, `must be JSON data, not a ${typeof x}`));
  }
}

/** A list or object for `json` (kept apart so that `json` itself is small enough to be inlined where it is called). */
function jsonContainer(x: object, k: Key, d: number, e: CaseErrors, many: boolean): boolean {
  if (container(x, k, d, e) === INVALID) return false;
  e.open[d] = x;
  e.at[d] = k;
  if (Array.isArray(x)) {
    let n: number;
    try {
      n = (x as readonly unknown[]).length;
    } catch {
      return no(jsonError(e, d, k, 'could not be read'));
    }
    if (n > MAX_LIST) return no(jsonError(e, d, k, `has ${n} entries; at most ${MAX_LIST} are accepted`));
    jsonEntries(x as readonly unknown[], n, d, e, n >= MANY);
    return true;
  }
  if (many && enumerable(x)) {
    try {
      jsonFieldsIn(x as Record<string, unknown>, d, e);
    } catch {
      return no(jsonError(e, d, k, 'could not be read'));
    }
    return true;
  }
  let ks: string[];
  try {
    ks = Object.keys(x);
  } catch {
    return no(jsonError(e, d, k, 'could not be read'));
  }
  jsonFields(x as Record<string, unknown>, ks, d, e);
  return true;
}

/**
 * Object.prototype.hasOwnProperty, for the `for...in` of compiled readers: over a fast-mode object TurboFan folds
 * `hasOwn.call(o, k)` of the loop's own key to the map check the loop makes anyway (measured: the bare walk costs the
 * same with and without it).
 */
export const hasOwn = Object.prototype.hasOwnProperty;
const getPrototypeOf = Object.getPrototypeOf;

/**
 * Whether `x` is an object whose own fields `for...in` may list (see `enumerable`); false for anything else, also
 * when asking throws (a revoked Proxy): the `Object.keys` reader then reads it, and names it. A list is not one (its
 * prototype is Array.prototype; a list given Object.prototype is still read as a list, by `value`).
 */
export function plainIn(x: unknown): boolean {
  return typeof x === 'object' && x !== null && enumerable(x);
}

/** The object `o` at depth `d` under key `k` is entered: its fields are read next (as `keys`, listing none). */
export function enter(o: object, k: Key, d: number, e: CaseErrors): void {
  e.open[d] = o;
  e.at[d] = k;
}

/**
 * Whether the own enumerable keys of the object `o` may be listed by `for...in` filtered by `hasOwn`: its prototype is
 * Object.prototype or null, so the walk up its prototypes meets no Proxy and no getter of the case. Anything else (a
 * Proxy's `getPrototypeOf` that throws, too) is listed by `Object.keys`, as before. A Proxy answering Object.prototype
 * is listed by `for...in`: its traps run more often than under Object.keys (ownKeys, getOwnPropertyDescriptor per key
 * twice, getPrototypeOf), with the same keys in the same order; a trap that throws is the field error it was.
 */
export function enumerable(o: object): boolean {
  let p: unknown;
  try {
    p = getPrototypeOf(o);
  } catch {
    return false;
  }
  return p === OBJECT_PROTOTYPE || p === null;
}

/**
 * `jsonFields` by `for...in`, for an object for which `enumerable` holds: its own enumerable keys, in Object.keys
 * order (own keys come first, integer-like ones ascending, as Object.keys lists them). Throws when the listing
 * itself throws (a Proxy's trap): the object's field error, as Object.keys throwing is.
 */
function jsonFieldsIn(o: Record<string, unknown>, d: number, e: CaseErrors): void {
  for (const f in o) {
    // Object.prototype's keys (one a getter of the case may have added) are not the object's.
    if (!hasOwn.call(o, f)) continue;
    const y = member(o, f, d, e);
    if (y !== INVALID) fieldJson(y, f, d, e, true);
    else if (e.values > MAX_VALUES) return;
  }
}

/** The entries of the list `l` at depth `d` (see `json`); a scalar entry checked here, without a call. */
function jsonEntries(l: readonly unknown[], n: number, d: number, e: CaseErrors, many: boolean): void {
  for (let i = 0; i < n; i++) {
    const y = item(l, i, d, e);
    if (y === INVALID) {
      if (e.values > MAX_VALUES) return;
    } else if (typeof y === 'string') {
      if (++e.values > MAX_VALUES) tooMany(e, d + 1, i);
      else if (y.length > MAX_TEXT) jsonError(e, d + 1, i, `is too long (more than ${MAX_TEXT} characters)`);
    } else json(y, i, d + 1, e, many);
  }
}

/** The fields `ks` of the object `o` at depth `d` (see `json`); a scalar field checked here, without a call. */
function jsonFields(o: Record<string, unknown>, ks: readonly string[], d: number, e: CaseErrors): void {
  for (let j = 0; j < ks.length; j++) {
    const f = ks[j]!;
    const y = member(o, f, d, e);
    if (y !== INVALID) fieldJson(y, f, d, e, false);
    else if (e.values > MAX_VALUES) return;
  }
}

/**
 * The value `y` of field `f` of an object at depth `d`, for `jsonFields` and `jsonFieldsIn`: a scalar checked here,
 * without a call (small enough to be inlined into both loops); a list or object by `json`.
 */
function fieldJson(y: unknown, f: string, d: number, e: CaseErrors, many: boolean): void {
  if (typeof y === 'string') {
    if (++e.values > MAX_VALUES) tooMany(e, d + 1, f);
    else if (y.length > MAX_TEXT) jsonError(e, d + 1, f, `is too long (more than ${MAX_TEXT} characters)`);
  } else if (typeof y === 'number') {
    if (++e.values > MAX_VALUES) tooMany(e, d + 1, f);
    else if (y - y !== 0) jsonError(e, d + 1, f, `must be a finite number, not ${String(y)}`);
  } else if (y === null || y === undefined) {
    if (++e.values > MAX_VALUES) tooMany(e, d + 1, f);
  } else json(y, f, d + 1, e, many);
}

/** False, after a field error: `json`'s answer for a value that is not JSON data. */
function no(_invalid: typeof INVALID): false {
  return false;
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

/** Texts a `matcher` remembers the answer for, at most (then it forgets them all and starts again). */
const MATCHES_KEPT = 1024;

/**
 * A schema `pattern` as a test that remembers its answers: a case repeats the same few codes and levels (every list at
 * 10,000: 30,000 tests of 5 distinct texts), and a Map look-up costs less than running the expression. The answer
 * is the expression's (no `g` or `y` flag: `test` keeps no state).
 */
export function matcher(re: RegExp): (text: string) => boolean {
  const known = new Map<string, boolean>();
  return (text) => {
    // Only short texts are kept (logic.ts `MEMO_TEXT`): a case's text may be 100,000 characters long.
    if (text.length > MEMO_TEXT) return re.test(text);
    let answer = known.get(text);
    if (answer === undefined) {
      if (known.size >= MATCHES_KEPT) known.clear();
      answer = re.test(text);
      known.set(text, answer);
    }
    return answer;
  };
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
