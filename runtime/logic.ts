/**
 * Three-valued logic and safe case readers used by compiled guideline code.
 *
 * A condition is met, not met, or unknown (the documentation needed is not stated). Compiled code is
 * straight-line: it reads case values with the helpers below (which never throw: `undefined`, `null`, a
 * wrong type or a missing object along the path all mean "not stated"), combines them with `and3`/`or3`/
 * `not3`, and turns the result into a `CriterionStatus`. Nothing here knows any clinical fact.
 *
 * Bundled into every compiled guideline module by esbuild; imports nothing but types.
 */
import type { CriterionResult, CriterionStatus, Evidence } from './contract.js';

export const NOT_MET = 0;
export const MET = 1;
export const UNKNOWN = 2;
/** met, not met, or unknown (not documented). */
export type Tri = typeof NOT_MET | typeof MET | typeof UNKNOWN;

// ── Connectives ──────────────────────────────────────────────────────────────────────────────────

/** Not met if either is not met; else unknown if either is unknown; else met. */
export function and3(a: Tri, b: Tri): Tri {
  if (a === NOT_MET || b === NOT_MET) return NOT_MET;
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  return MET;
}

/** Met if either is met; else unknown if either is unknown; else not met. */
export function or3(a: Tri, b: Tri): Tri {
  if (a === MET || b === MET) return MET;
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  return NOT_MET;
}

export function not3(a: Tri): Tri {
  return a === MET ? NOT_MET : a === NOT_MET ? MET : UNKNOWN;
}

/** 1 when met, else 0: compiled `at least N of` sums these. */
export function isMet(a: Tri): number {
  return a === MET ? 1 : 0;
}

/** 1 when unknown, else 0. */
export function isUnknown(a: Tri): number {
  return a === UNKNOWN ? 1 : 0;
}

/** `at least n of` items, given how many are met and how many unknown. */
export function atLeast3(n: number, met: number, unknown: number): Tri {
  if (met >= n) return MET;
  if (met + unknown < n) return NOT_MET;
  return UNKNOWN;
}

/**
 * A count known only to lie between `min` and `max` (records whose filter is unknown may or may not
 * count), compared with `n`: decided only when every possible count gives the same answer.
 */
export function countAtLeast(min: number, max: number, n: number): Tri {
  if (min >= n) return MET;
  if (max < n) return NOT_MET;
  return UNKNOWN;
}

export function countAtMost(min: number, max: number, n: number): Tri {
  if (max <= n) return MET;
  if (min > n) return NOT_MET;
  return UNKNOWN;
}

/** For `every`: a record that may or may not be selected (`where` unknown) only matters if it fails. */
export function implies3(where: Tri, has: Tri): Tri {
  if (where === NOT_MET) return MET;
  if (where === MET) return has;
  return has === MET ? MET : UNKNOWN;
}

// ── Comparisons: unknown when the value is not stated ────────────────────────────────────────────
// A requested range (`{ min: 4, max: 8 }`) compared as a whole must pass at both ends: met when both do, not met
// otherwise (a range straddling a limit is not within it). `lowEnd` / `highEnd` pick one end first (`min` / `max`).

/** A requested amount: one number, or a range stated as `{ "min": 4, "max": 8 }` (min ≤ max). */
export interface NumberRange {
  readonly min: number;
  readonly max: number;
}
export type Amount = number | NumberRange;

const lo = (v: Amount): number => (typeof v === 'number' ? v : v.min);
const hi = (v: Amount): number => (typeof v === 'number' ? v : v.max);

export function ge(v: Amount | undefined, n: number): Tri {
  return v === undefined ? UNKNOWN : lo(v) >= n ? MET : NOT_MET;
}
export function le(v: Amount | undefined, n: number): Tri {
  return v === undefined ? UNKNOWN : hi(v) <= n ? MET : NOT_MET;
}
export function gt(v: Amount | undefined, n: number): Tri {
  return v === undefined ? UNKNOWN : lo(v) > n ? MET : NOT_MET;
}
export function lt(v: Amount | undefined, n: number): Tri {
  return v === undefined ? UNKNOWN : hi(v) < n ? MET : NOT_MET;
}
export function eq(v: Amount | undefined, n: number): Tri {
  return v === undefined ? UNKNOWN : lo(v) === n && hi(v) === n ? MET : NOT_MET;
}

/** `min x`: the low end of a range (a single number is both ends). */
export function lowEnd(v: Amount | undefined): number | undefined {
  return v === undefined ? undefined : lo(v);
}

/** `max x`: the high end of a range. */
export function highEnd(v: Amount | undefined): number | undefined {
  return v === undefined ? undefined : hi(v);
}

/** A tri-state documentation item: "present" → met, "absent" → not met, anything else → unknown. */
export function doc3(v: unknown): Tri {
  return v === 'present' ? MET : v === 'absent' ? NOT_MET : UNKNOWN;
}

/** Maps a tri-state to the status a `require` criterion reports. */
export function status(t: Tri): CriterionStatus {
  return t === MET ? 'met' : t === NOT_MET ? 'not_met' : 'not_documented';
}

/** `if not stated …`: a status that is not documented counts as `counts` instead (not applicable, or met). */
export function notStatedAs(s: CriterionStatus, counts: CriterionStatus): CriterionStatus {
  return s === 'not_documented' ? counts : s;
}

// ── Readers: never throw, undefined = not stated ─────────────────────────────────────────────────

/**
 * The prototypes of every object in a checked case (plain objects and lists: the case reader's copy holds nothing
 * else), captured when the guideline's code is compiled. A compiled field reader (emit.ts `FieldReaders`) reads a
 * field by a plain load, without asking whether it is the object's own, only while neither prototype holds any name
 * the guideline reads (its `g0_unshadowed`, `name in OBJECT_PROTOTYPE || name in ARRAY_PROTOTYPE` for each): then a
 * field a copy lacks is undefined, as an own-property read gives, and no getter of a prototype runs. The case reader
 * (case-reader.ts `enumerable`) compares a case object's prototype with the same OBJECT_PROTOTYPE.
 */
export const OBJECT_PROTOTYPE: object = Object.prototype;
export const ARRAY_PROTOTYPE: object = Array.prototype;

/** `o[k]` when `o` is an object holding its own property `k`; otherwise undefined. */
export function at(o: unknown, k: string): unknown {
  return o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k)
    ? (o as Record<string, unknown>)[k]
    : undefined;
}

/** A finite number, or undefined (null, missing, text, NaN all mean not stated). */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * A requested amount: a finite number, or a range `{ min, max }` of finite numbers with min ≤ max (a fresh object,
 * which is also what the evidence shows). Anything else, a range with min > max included, is not stated: the case
 * schema refuses such a range before evaluation, so it is never decided on.
 */
export function amount(v: unknown): Amount | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  const min = num(at(v, 'min'));
  const max = num(at(v, 'max'));
  return min === undefined || max === undefined || min > max ? undefined : { min, max };
}

/** The sum of two amounts (a range when either is one: low ends and high ends add up); not stated when either is. */
export function add(a: number | undefined, b: number | undefined): number | undefined;
export function add(a: Amount | undefined, b: Amount | undefined): Amount | undefined;
export function add(a: Amount | undefined, b: Amount | undefined): Amount | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return { min: lo(a) + lo(b), max: hi(a) + hi(b) };
}

/**
 * A calendar date `YYYY-MM-DD` as a day number (days since 1970-01-01), or undefined when not stated or not a real
 * date. Dates are whole days: no time zone can move them.
 */
export function dayOf(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Date.UTC would read the years 0-99 as 1900-1999; setUTCFullYear takes the year as written.
  const date = new Date(0);
  const time = date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return time / 86_400_000;
}

/** Days in the units time is counted in: a month is a twelfth of the mean Gregorian year. Dates are whole days, so a
 * time in hours is a multiple of 24. */
const DAYS_PER = { hours: 1 / 24, days: 1, weeks: 7, months: 365.2425 / 12, years: 365.2425 } as const;

/** The time from one day to another in a unit (negative when `to` is earlier); undefined when either is not stated. */
export function elapsed(from: number | undefined, to: number | undefined, unit: keyof typeof DAYS_PER): number | undefined {
  return from === undefined || to === undefined ? undefined : (to - from) / DAYS_PER[unit];
}

/** The later of two days, either possibly not stated: `latest <records>.<date>` keeps the most recent stated date. */
export function laterDay(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined || b <= a ? a : b;
}

/** The earlier of two days, either possibly not stated (`earliest`). */
export function earlierDay(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined || b >= a ? a : b;
}

/** A number for reason text: whole, or with one decimal ("6", "6.4"); "not stated" when undefined. */
export function fmtAmount(v: number | undefined): string {
  return v === undefined ? NOT_STATED : String(Math.round(v * 10) / 10);
}

/** A list, or undefined. */
export function list(v: unknown): readonly unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

/**
 * The length of a list (a `count` fact), or undefined. A list with a null (not stated) entry has no known length:
 * `[null, null, null]` is not three levels. (The case schema refuses such a list first; this is the last guard.)
 */
export function countOf(v: unknown): number | undefined {
  if (!Array.isArray(v)) return undefined;
  for (let i = 0; i < v.length; i++) if (v[i] === null || v[i] === undefined) return undefined;
  return v.length;
}

/** A text, number or boolean value, or undefined (null, missing, objects and lists mean not stated). */
export function scalar(v: unknown): string | number | boolean | undefined {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
    ? v
    : undefined;
}

/**
 * The memos below keep what they compute for texts of at most this many characters (a code or a word). A longer
 * text is computed each time and never kept: a case's text fields may hold up to 100,000 characters, and a memo
 * lives as long as the guideline, so keeping them would let requests fill memory with their own text.
 */
export const MEMO_TEXT = 64;

/**
 * Words as written → as `is` compares them, computed once per distinct spelling (a list's entries repeat a few
 * words, and several criteria test them): a look-up costs about half a `trim` and `toLowerCase`. Bounded: cleared
 * when full, and only short text is kept (`MEMO_TEXT`).
 */
const TEXT_KEY_MEMO_LIMIT = 50_000;
const textKeys = new Map<string, string>();

/** How `is` compares a value: text trimmed and in lower case (a word, not a spelling); numbers and booleans as they are. */
export function textKey(v: string | number | boolean | undefined): string | number | boolean | undefined {
  if (typeof v !== 'string') return v;
  if (v.length > MEMO_TEXT) return v.trim().toLowerCase();
  let k = textKeys.get(v);
  if (k === undefined) {
    if (textKeys.size >= TEXT_KEY_MEMO_LIMIT) textKeys.clear();
    k = v.trim().toLowerCase();
    textKeys.set(v, k);
  }
  return k;
}

/** Evidence value: what was read, `null` when not stated. */
export function shown(v: unknown): unknown {
  return v === undefined ? null : v;
}

/**
 * Whether an evidence key is new to a criterion's run, noting it in `seen` (the caller then records the evidence,
 * spelling its path only then). `seen` null: the compiler found that the criterion meets each key at most once, so
 * every key is new.
 */
export function unseen(seen: Set<number> | null, key: number): boolean {
  if (seen === null) return true;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/**
 * `noteMissing` for a criterion whose list of missing paths is made when the first is found (`null` until then: most
 * criteria of most cases miss nothing): the list, with `path` in it once.
 */
export function addMissing(missing: string[] | null, path: string): string[] {
  if (missing === null) return [path];
  if (!missing.includes(path)) missing.push(path);
  return missing;
}

/** Records a requirement path as missing, once. */
export function noteMissing(missing: string[], path: string): void {
  if (!missing.includes(path)) missing.push(path);
}

/**
 * The multiplier of a records entry's index in an evidence key: compiled code numbers each evidence path of a
 * guideline (`request.levels`, `prior_treatments[].type`) and keys a read by that number plus the entry's index times
 * this, so the evidence is kept once per path by a number lookup, never by comparing path strings.
 */
export const KEY_STRIDE = 65_536;
/** The index of an entry of a codes list inside a records entry (two indexes) is counted in units of this. */
export const ENTRY_STRIDE = KEY_STRIDE * 10_001;

/** Records what was read (once per evidence key: once per path), and the requirement path when it was not stated. */
export function read(
  evidence: Evidence[],
  seen: Set<number>,
  missing: string[],
  path: string,
  key: number,
  requirement: string,
  value: unknown,
  stated: boolean,
): void {
  if (!seen.has(key)) {
    seen.add(key);
    evidence.push({ path, value: value === undefined ? null : value });
  }
  if (!stated) noteMissing(missing, requirement);
}

// ── Codes and value sets ─────────────────────────────────────────────────────────────────────────

export interface ValueSet {
  readonly exact: ReadonlySet<string>;
  /** Sorted; a code matches when it starts with one of them. */
  readonly prefixes: readonly string[];
  /** Codes (from `entryKey`) → whether they are in the set, once per distinct code (`inCodes`); bounded like the memos below. */
  readonly answers: Map<string, boolean>;
  /** Codes as a case writes them → whether they are in the set (`inEntry`); bounded like the memos below. */
  readonly written: Map<string, boolean>;
}

/** Codes are compared without their dot: claims often carry `M5412` for `M54.12`. */
const undotted = (code: string): string => (code.indexOf('.') < 0 ? code : code.replace(/\./g, ''));

export function valueSet(codes: readonly string[], prefixes: readonly string[]): ValueSet {
  return { exact: new Set(codes.map(undotted)), prefixes: prefixes.map(undotted), answers: new Map(), written: new Map() };
}

/**
 * Codes as written → normalised and compared forms, computed once per distinct code rather than once per criterion
 * that reads it (a case's diagnoses are read by several criteria). Bounded: cleared when full, and only codes of at
 * most `MEMO_TEXT` characters kept. Pure: the same code always maps to the same forms.
 */
const MEMO_LIMIT = 50_000;
const normalised = new Map<string, string>();
const compared = new Map<string, string>();

/** A code as written in the case, normalised: trimmed, upper case, dots kept. Undefined if not text. */
export function normCode(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (v.length > MEMO_TEXT) return v.trim().toUpperCase() || undefined;
  let c = normalised.get(v);
  if (c === undefined) {
    if (normalised.size >= MEMO_LIMIT) normalised.clear();
    c = v.trim().toUpperCase();
    normalised.set(v, c);
  }
  return c === '' ? undefined : c;
}

export function inValueSet(vs: ValueSet, written: string | undefined): boolean {
  if (written === undefined) return false;
  let code = written.length > MEMO_TEXT ? undotted(written) : compared.get(written);
  if (code === undefined) {
    if (compared.size >= MEMO_LIMIT) compared.clear();
    code = undotted(written);
    compared.set(written, code);
  }
  return holds(vs, code);
}

/** Whether the value set holds `code` (already without its dots): one of its codes, or under one of its prefixes. */
function holds(vs: ValueSet, code: string): boolean {
  if (vs.exact.has(code)) return true;
  const p = vs.prefixes;
  for (let i = 0; i < p.length; i++) if (code.startsWith(p[i]!)) return true;
  return false;
}

/** The code of a codes-list entry (`{code, text}` or a bare code string), normalised. */
export function entryCode(entry: unknown): string | undefined {
  return normCode(writtenCode(entry));
}

/** The code of a codes-list entry as the case writes it: the entry itself (a list of codes) or its own `code` field. */
function writtenCode(entry: unknown): unknown {
  return typeof entry === 'string' ? entry : at(entry, 'code');
}

/** Codes as written → their compared forms (`entryKey`), null for none (blank); bounded like the memos above. */
const keyed = new Map<string, string | null>();

/**
 * The code of a codes-list entry as value sets compare it: `entryCode` without its dots, from one memo look-up per
 * entry (compiled code tests an entry against several value sets with `inCodes`, not `inValueSet` of `entryCode`).
 */
export function entryKey(entry: unknown): string | undefined {
  const v = writtenCode(entry);
  if (typeof v !== 'string') return undefined;
  if (v.length > MEMO_TEXT) {
    const long = v.trim().toUpperCase();
    return long === '' ? undefined : undotted(long);
  }
  let k = keyed.get(v);
  if (k === undefined) {
    if (keyed.size >= MEMO_LIMIT) keyed.clear();
    const c = v.trim().toUpperCase();
    k = c === '' ? null : undotted(c);
    keyed.set(v, k);
  }
  return k ?? undefined;
}

/** `inValueSet` for a code from `entryKey` (already without its dots). */
export function inCodes(vs: ValueSet, key: string | undefined): boolean {
  if (key === undefined) return false;
  if (key.length > MEMO_TEXT) return holds(vs, key);
  let answer = vs.answers.get(key);
  if (answer === undefined) {
    if (vs.answers.size >= MEMO_LIMIT) vs.answers.clear();
    answer = holds(vs, key);
    vs.answers.set(key, answer);
  }
  return answer;
}

/**
 * Whether a codes-list entry's code is in the value set: `inCodes(vs, entryKey(entry))` from one memo look-up per
 * entry, the set's answers kept by the code as the case writes it (compiled code tests each entry of an exclusion's
 * list against one value set of all its value sets, so the compared form is needed only for a code not seen yet).
 */
export function inEntry(vs: ValueSet, entry: unknown): boolean {
  const v = writtenCode(entry);
  if (typeof v !== 'string') return false;
  if (v.length > MEMO_TEXT) return inCodes(vs, entryKey(v));
  let answer = vs.written.get(v);
  if (answer === undefined) {
    if (vs.written.size >= MEMO_LIMIT) vs.written.clear();
    answer = inCodes(vs, entryKey(v));
    vs.written.set(v, answer);
  }
  return answer;
}

/** "cervical radiculopathy (M54.12)", or just the code when the entry has no text. */
export function entryLabel(entry: unknown): string {
  const code = entryCode(entry) ?? 'code not stated';
  const text = at(entry, 'text');
  return typeof text === 'string' && text.trim() !== '' ? `${text} (${code})` : code;
}

// ── Reason text ──────────────────────────────────────────────────────────────────────────────────

export const NOT_STATED = 'not stated';

/** "a", "a and b", "a, b and c"; "not stated" when empty. */
export function joinList(items: readonly string[]): string {
  const n = items.length;
  if (n === 0) return NOT_STATED;
  if (n === 1) return items[0]!;
  return `${items.slice(0, n - 1).join(', ')} and ${items[n - 1]!}`;
}

/**
 * The labels of the requirement paths a criterion found not stated, as reason text: "initial pain relief and
 * sustained pain relief". `labels` pairs each path the criterion can miss with its fact's label, in declaration order;
 * `missing` null: none (a criterion's list made only when a path is missing).
 */
export function notStatedLabels(missing: readonly string[] | null, labels: readonly (readonly [string, string])[]): string {
  const out: string[] = [];
  if (missing === null) return joinList(out);
  for (let i = 0; i < labels.length; i++) {
    const [path, label] = labels[i]!;
    if (missing.includes(path) && !out.includes(label)) out.push(label);
  }
  return joinList(out);
}


/** A number, text or date fact as reason text; a requested range as the request gave it, "4-8". */
export function fmtValue(v: unknown): string {
  const s = scalar(v);
  if (s !== undefined) return String(s);
  const range = amount(v);
  return range === undefined ? NOT_STATED : typeof range === 'number' ? String(range) : `${range.min}-${range.max}`;
}

/** A documented fact as reason text: the word documented, "not stated" otherwise. */
export function fmtDocumented(v: unknown): string {
  return v === 'present' || v === 'absent' ? v : NOT_STATED;
}

/** A count fact as reason text. */
export function fmtCount(v: unknown): string {
  const n = countOf(v);
  return n === undefined ? NOT_STATED : String(n);
}

/** A codes fact as reason text: every entry as "text (code)"; "none" for an empty list. */
export function fmtCodes(v: unknown): string {
  const l = list(v);
  if (l === undefined) return NOT_STATED;
  if (l.length === 0) return 'none';
  const out: string[] = [];
  for (let i = 0; i < l.length; i++) if (l[i] !== null && l[i] !== undefined) out.push(entryLabel(l[i]));
  return out.length === 0 ? 'none' : joinList(out);
}

export const EMPTY: readonly never[] = Object.freeze([]);

/**
 * The longest list over which a compiled criterion keeps its evidence as it decides. Over a longer one it only decides
 * (tens of thousands of evidence entries are for a reader who asks), and its result builds its text and evidence when
 * first read (`later`).
 */
export const EAGER_ENTRIES = 256;

/**
 * Marks a result built by `later` (a non-enumerable property: not in its JSON, its keys or a comparison), so that the
 * runtime reads its text and evidence only when asked. `Symbol.for`: the same in the bundle and the runtime.
 */
export const LATER: unique symbol = Symbol.for('rubric.criterion-result.later') as never;

/** A result compiled code decided without building its text and evidence yet (`later`): the runtime's test of the mark. */
export function isLater(result: object): boolean {
  return (result as { [LATER]?: unknown })[LATER] === true;
}

/**
 * A criterion's result decided without its reason text and evidence: both are built when first read, by running the
 * criterion again in full (`detail(c, true)`, once) on the same checked case. The case is frozen JSON data and
 * compiled criteria are pure, so that run decides the same status and gives the text and evidence an eager run gives;
 * the result has the same fields in the same order (`text` and `evidence` read through getters), so its JSON and
 * everything a caller reads of it are those of an eager result.
 */
export function later(
  detail: (c: unknown, full: boolean) => CriterionResult,
  c: unknown,
  criterion: string,
  status: CriterionStatus,
  citations: readonly string[],
  missing: readonly string[],
): CriterionResult {
  let full: CriterionResult | undefined;
  const result: CriterionResult = {
    criterion,
    status,
    get text(): string {
      return (full ??= detail(c, true)).text;
    },
    citations,
    get evidence(): readonly Evidence[] {
      return (full ??= detail(c, true)).evidence;
    },
    missing,
  };
  return Object.defineProperty(result, LATER, { value: true });
}

/**
 * Evidence for one entry of a codes list: `diagnoses[0].code` → the code as written. `textKey` / `codeKey`: the
 * evidence keys of the list's `[]` and `[].code` paths (see `read`); `stride`: KEY_STRIDE for a list of the case,
 * ENTRY_STRIDE for a list inside a records entry.
 */
export function codeEvidence(
  evidence: Evidence[],
  seen: Set<number> | null,
  path: string,
  i: number,
  entry: unknown,
  textKey: number,
  codeKey: number,
  stride: number,
): void {
  if (seen !== null) {
    const key = (typeof entry === 'string' ? textKey : codeKey) + i * stride;
    if (seen.has(key)) return;
    seen.add(key);
  }
  if (typeof entry === 'string') evidence.push({ path: `${path}[${i}]`, value: entry });
  else evidence.push({ path: `${path}[${i}].code`, value: shown(at(entry, 'code')) });
}
