/**
 * The reference interpreter: what a checked guideline (language/model.ts) decides for one case, computed by walking
 * the model directly, the way the README and the language define it. It shares no code with compiler/ or runtime/
 * (it imports their types only) and is written to be obviously right, not fast: the differential test
 * (stress/differential.ts) holds the compiled bundle to it.
 *
 * Covered: every fact kind (documented, number, count, total, elapsed with `latest`/`earliest`, codes, text, date,
 * records with `where` and fields), every condition (and, or, not, at least N of, documented, present, value sets,
 * comparisons with `+`, `max`/`min` ends, ranges and `for` durations, `is`/`is not`, counts with `counting this
 * request`, every … has), criteria (exclude, require, judgement, when, if not stated), scope (`applies when`),
 * routes and the outcome; reason texts (every placeholder kind, the not-documented wording), evidence (paths and
 * values, in the order read) and the documents needed. Not covered: case validation (the oracle in oracle.ts
 * decides which cases are valid) and the citation texts (the bundle's copy of the guideline's sources).
 *
 * Values: the case is read as JSON data where null and a missing field both mean "not stated" (`normalise` drops
 * null properties first, as the README says); a list entry is never dropped.
 */
import type { CheckedCriterion, CheckedFact, CheckedGuideline, Cond, FactRef, Template } from '../../language/model.js';

// ── The answer ───────────────────────────────────────────────────────────────────────────────────

export type Status = 'met' | 'not_met' | 'not_documented' | 'not_applicable' | 'needs_judgement';
export type Outcome = 'medically_necessary' | 'not_medically_necessary' | 'insufficient_information' | 'refer_for_physician_review' | 'does_not_apply';

export interface Evidence {
  readonly path: string;
  readonly value: unknown;
}

export interface ReferenceReason {
  readonly criterion: string;
  readonly route: string | null;
  readonly status: Status;
  readonly text: string;
  readonly citations: readonly string[];
  readonly evidence: readonly Evidence[];
}

export interface ReferenceDetermination {
  readonly outcome: Outcome;
  readonly scope: { readonly status: 'met' | 'not_met' | 'not_documented'; readonly text: string; readonly citations: readonly string[]; readonly evidence: readonly Evidence[] };
  readonly routes: readonly { readonly id: string; readonly status: 'met' | 'not_met' | 'not_documented' | 'needs_judgement' }[];
  readonly route: string | null;
  readonly reasons: readonly ReferenceReason[];
  readonly missing: readonly { readonly path: string; readonly label: string }[];
}

// ── Three values ─────────────────────────────────────────────────────────────────────────────────

type Tri = 'met' | 'not_met' | 'unknown';

function and3(a: Tri, b: Tri): Tri {
  if (a === 'not_met' || b === 'not_met') return 'not_met';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'met';
}

function or3(a: Tri, b: Tri): Tri {
  if (a === 'met' || b === 'met') return 'met';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'not_met';
}

function not3(a: Tri): Tri {
  return a === 'met' ? 'not_met' : a === 'not_met' ? 'met' : 'unknown';
}

/** A count known to lie in [low, high], compared with n: decided only when every count in the interval agrees. */
function countCompare(low: number, high: number, operator: '>=' | '<=', n: number): Tri {
  const all = operator === '>=' ? low >= n : high <= n;
  const none = operator === '>=' ? high < n : low > n;
  return all ? 'met' : none ? 'not_met' : 'unknown';
}

// ── Reading JSON data ────────────────────────────────────────────────────────────────────────────

/** JSON data with every null property removed: null and leaving a field out both mean not stated. */
export function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === null || v === undefined) continue;
    Object.defineProperty(out, key, { value: normalise(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The value at a path of own properties, or undefined. */
function valueAt(root: unknown, path: readonly string[]): unknown {
  let v = root;
  for (const key of path) {
    if (!isObject(v) || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = v[key];
  }
  return v;
}

const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A requested amount: one number, or a range of two numbers with min ≤ max. */
type Amount = number | { readonly min: number; readonly max: number };

function amountOf(v: unknown): Amount | undefined {
  if (typeof v === 'number') return finite(v);
  if (!isObject(v) || Array.isArray(v)) return undefined;
  const min = finite(valueAt(v, ['min']));
  const max = finite(valueAt(v, ['max']));
  if (min === undefined || max === undefined || min > max) return undefined;
  return { min, max };
}

const low = (a: Amount): number => (typeof a === 'number' ? a : a.min);
const high = (a: Amount): number => (typeof a === 'number' ? a : a.max);

/** The length of a list none of whose entries is not stated. */
function lengthOf(v: unknown): number | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.some((e) => e === null || e === undefined) ? undefined : v.length;
}

/** Text, a finite number or true/false; anything else is not stated. */
function scalarOf(v: unknown): string | number | boolean | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return finite(v);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** A calendar date YYYY-MM-DD as days since 1970-01-01, or undefined. */
export function dayNumber(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return undefined;
  const days = mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1]!;
  if (d > days) return undefined;
  // Days since the epoch, counted by whole years and months (no Date object: an independent count).
  let n = 0;
  if (y >= 1970) for (let year = 1970; year < y; year++) n += isLeap(year) ? 366 : 365;
  else for (let year = y; year < 1970; year++) n -= isLeap(year) ? 366 : 365;
  for (let month = 1; month < mo; month++) n += month === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return n + d - 1;
}

/** Days per unit of time: a month is a twelfth of the mean Gregorian year (365.2425 days). */
const DAYS: Readonly<Record<string, number>> = { hours: 1 / 24, days: 1, weeks: 7, months: 365.2425 / 12, years: 365.2425 };

// ── Codes ────────────────────────────────────────────────────────────────────────────────────────

/** A code as the case writes it: trimmed, upper case; empty or not text → undefined. */
function caseCode(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const c = v.trim().toUpperCase();
  return c === '' ? undefined : c;
}

const entryCodeOf = (entry: unknown): string | undefined => caseCode(typeof entry === 'string' ? entry : valueAt(entry, ['code']));

function entryLabelOf(entry: unknown): string {
  const code = entryCodeOf(entry) ?? 'code not stated';
  const text = valueAt(entry, ['text']);
  return typeof text === 'string' && text.trim() !== '' ? `${text} (${code})` : code;
}

const withoutDots = (code: string): string => code.split('.').join('');

interface Codes {
  readonly exact: readonly string[];
  readonly prefixes: readonly string[];
}

/** Codes compare without their dots (`M5412` is `M54.12`); a prefix `M50.1*` matches every code starting with it. */
function codeIn(codes: Codes, code: string | undefined): boolean {
  if (code === undefined) return false;
  const c = withoutDots(code);
  return codes.exact.some((x) => withoutDots(x.trim().toUpperCase()) === c) || codes.prefixes.some((p) => c.startsWith(withoutDots(p.trim().toUpperCase())));
}

// ── Text ─────────────────────────────────────────────────────────────────────────────────────────

const NOT_STATED = 'not stated';

function joinWords(items: readonly string[]): string {
  if (items.length === 0) return NOT_STATED;
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

function valueText(v: unknown): string {
  const s = scalarOf(v);
  if (s !== undefined) return String(s);
  const a = amountOf(v);
  return a === undefined ? NOT_STATED : typeof a === 'number' ? String(a) : `${a.min}-${a.max}`;
}

function codesText(v: unknown): string {
  if (!Array.isArray(v)) return NOT_STATED;
  const labels = v.filter((e) => e !== null && e !== undefined).map(entryLabelOf);
  return labels.length === 0 ? 'none' : joinWords(labels);
}

// ── The interpreter ──────────────────────────────────────────────────────────────────────────────

/** The requests a request number may state as a range `{ min, max }` (the language's range paths). */
const RANGE_PATHS = ['request.visits', 'request.sessions', 'request.quantity', 'request.frequency_per_week', 'request.duration_weeks', 'request.duration_days'];

/** One record being examined: its records fact, the record and its evidence path (`prior_treatments[2]`). */
interface Rec {
  readonly records: CheckedFact;
  readonly record: unknown;
  readonly path: string;
}

/** What one evaluation has read: evidence (each path once, first value kept) and requirement paths not stated. */
class Reading {
  readonly evidence: Evidence[] = [];
  readonly missing: string[] = [];

  saw(path: string, value: unknown): void {
    if (!this.evidence.some((e) => e.path === path)) this.evidence.push({ path, value: value === undefined ? null : value });
  }

  lacks(requirement: string): void {
    if (!this.missing.includes(requirement)) this.missing.push(requirement);
  }
}

interface Requirement {
  readonly path: string;
  readonly label: string;
}

export class ReferenceInterpreter {
  private readonly facts: ReadonlyMap<string, CheckedFact>;
  /** The documents the guideline reads, in the order it declares them (each path once). */
  readonly requirements: readonly Requirement[];

  constructor(readonly g: CheckedGuideline) {
    this.facts = new Map(g.facts.map((f) => [f.id, f]));
    this.requirements = requirementsOf(g);
  }

  private fact(id: string): CheckedFact {
    const f = this.facts.get(id);
    if (f === undefined) throw new Error(`reference: unknown fact ${id}`);
    return f;
  }

  private field(rec: Rec | null, id: string): CheckedFact {
    const f = rec?.records.fields.find((x) => x.id === id);
    if (f === undefined) throw new Error(`reference: unknown field ${id}`);
    return f;
  }

  /** The fact a reference names, the raw value, its evidence path and its requirement path. */
  private resolve(ref: FactRef, data: unknown, rec: Rec | null): { fact: CheckedFact; raw: unknown; path: string; requirement: string } {
    if (ref.scope === 'case') {
      const fact = this.fact(ref.id);
      const dotted = fact.path.join('.');
      return { fact, raw: valueAt(data, fact.path), path: dotted, requirement: dotted };
    }
    const fact = this.field(rec, ref.id);
    const dotted = fact.path.join('.');
    return { fact, raw: valueAt(rec!.record, fact.path), path: `${rec!.path}.${dotted}`, requirement: `${rec!.records.path.join('.')}[].${dotted}` };
  }

  // ── Records ──

  /** The list a records fact reads, or undefined (reported as not stated). */
  private recordList(records: CheckedFact, data: unknown, reading: Reading): Rec[] | undefined {
    const dotted = records.path.join('.');
    const list = valueAt(data, records.path);
    if (!Array.isArray(list)) {
      reading.saw(dotted, undefined);
      reading.lacks(dotted);
      return undefined;
    }
    return list.map((record, i) => ({ records, record, path: `${dotted}[${i}]` }));
  }

  /** Whether a record is selected: the records fact's own `where`, then (only if that is not not met) the condition's. */
  private selected(rec: Rec, where: Cond | null, data: unknown, reading: Reading): Tri {
    const own = rec.records.where;
    if (own === null && where === null) return 'met';
    if (own === null) return this.cond(where!, data, rec, reading);
    const first = this.cond(own, data, rec, reading);
    if (where === null || first === 'not_met') return first;
    return and3(first, this.cond(where, data, rec, reading));
  }

  /** A total: the field added over the records selected; not stated if the list, a value or a selection is not. */
  private total(fact: CheckedFact, data: unknown, reading: Reading): number | undefined {
    const records = this.fact(fact.total!.records);
    const list = this.recordList(records, data, reading);
    if (list === undefined) return undefined;
    const field = records.fields.find((x) => x.id === fact.total!.field)!;
    let sum = 0;
    let known = true;
    for (const rec of list) {
      const sel = this.selected(rec, null, data, reading);
      if (sel === 'not_met') continue;
      const raw = valueAt(rec.record, field.path);
      const v = field.kind === 'count' ? lengthOf(raw) : finite(raw);
      const dotted = field.path.join('.');
      reading.saw(`${rec.path}.${dotted}`, v);
      if (v === undefined) reading.lacks(`${records.path.join('.')}[].${dotted}`);
      if (sel === 'unknown' || v === undefined) known = false;
      else sum += v;
    }
    return known ? sum : undefined;
  }

  /** `latest` / `earliest` records.field: the latest (earliest) stated date among records surely selected. */
  private pickedDay(pick: NonNullable<CheckedFact['fromPick']>, data: unknown, reading: Reading): number | undefined {
    const records = this.fact(pick.records);
    const list = this.recordList(records, data, reading);
    if (list === undefined) return undefined;
    const field = records.fields.find((x) => x.id === pick.field)!;
    const dotted = field.path.join('.');
    let best: number | undefined;
    for (const rec of list) {
      if (this.selected(rec, null, data, reading) !== 'met') continue;
      const raw = valueAt(rec.record, field.path);
      reading.saw(`${rec.path}.${dotted}`, raw);
      const day = dayNumber(raw);
      if (day !== undefined && (best === undefined || (pick.pick === 'latest' ? day > best : day < best))) best = day;
    }
    if (best === undefined) reading.lacks(`${records.path.join('.')}[].${dotted}`);
    return best;
  }

  /** An elapsed time: from one date to the other, in the fact's unit. */
  private elapsed(fact: CheckedFact, data: unknown, rec: Rec | null, reading: Reading): number | undefined {
    const day = (path: readonly string[], pick: CheckedFact['fromPick']): number | undefined => {
      if (pick !== null) return this.pickedDay(pick, data, reading);
      const dotted = path.join('.');
      const raw = rec === null ? valueAt(data, path) : valueAt(rec.record, path);
      const d = dayNumber(raw);
      reading.saw(rec === null ? dotted : `${rec.path}.${dotted}`, raw);
      if (d === undefined) reading.lacks(rec === null ? dotted : `${rec.records.path.join('.')}[].${dotted}`);
      return d;
    };
    const from = day(fact.path, fact.fromPick);
    const to = day(fact.to!, fact.toPick);
    return from === undefined || to === undefined ? undefined : (to - from) / DAYS[fact.unit!]!;
  }

  /** A number a comparison adds up, with its evidence. */
  private number(ref: FactRef, data: unknown, rec: Rec | null, reading: Reading): Amount | undefined {
    const f = ref.scope === 'case' ? this.fact(ref.id) : this.field(rec, ref.id);
    if (f.kind === 'total' && ref.scope === 'case') return this.total(f, data, reading);
    if (f.kind === 'elapsed') return this.elapsed(f, data, ref.scope === 'record' ? rec : null, reading);
    const { raw, path, requirement } = this.resolve(ref, data, rec);
    const v = f.kind === 'count' ? lengthOf(raw) : ref.scope === 'case' && f.kind === 'number' && RANGE_PATHS.includes(f.path.join('.')) ? amountOf(raw) : finite(raw);
    reading.saw(path, v);
    if (v === undefined) reading.lacks(requirement);
    return v;
  }

  // ── Conditions ──

  cond(c: Cond, data: unknown, rec: Rec | null, reading: Reading): Tri {
    switch (c.kind) {
      case 'and':
        return c.operands.map((o) => this.cond(o, data, rec, reading)).reduce(and3, 'met');
      case 'or':
        return c.operands.map((o) => this.cond(o, data, rec, reading)).reduce(or3, 'not_met');
      case 'not':
        return not3(this.cond(c.operand, data, rec, reading));
      case 'at_least': {
        const values = c.items.map((o) => this.cond(o, data, rec, reading));
        const met = values.filter((v) => v === 'met').length;
        const unknown = values.filter((v) => v === 'unknown').length;
        return met >= c.count ? 'met' : met + unknown < c.count ? 'not_met' : 'unknown';
      }
      case 'documented': {
        const { raw, path, requirement } = this.resolve(c.fact, data, rec);
        const t: Tri = raw === 'present' ? 'met' : raw === 'absent' ? 'not_met' : 'unknown';
        reading.saw(path, raw);
        if (t === 'unknown') reading.lacks(requirement);
        return t;
      }
      case 'present': {
        const { fact, raw, path } = this.resolve(c.fact, data, rec);
        const stated = fact.kind === 'documented' ? raw === 'present' : fact.kind === 'records' || fact.kind === 'codes' ? Array.isArray(raw) : scalarOf(raw) !== undefined;
        reading.saw(path, raw);
        return stated ? 'met' : 'not_met';
      }
      case 'in_value_set': {
        const vs = this.g.valueSets.find((v) => v.id === c.valueSet);
        if (vs === undefined) throw new Error(`reference: unknown value set ${c.valueSet}`);
        return this.codesCondition(c.fact, { exact: vs.codes, prefixes: vs.prefixes }, data, rec, reading);
      }
      case 'compare': {
        const terms = [c.fact, ...c.plus].map((ref, i) => {
          const v = this.number(ref, data, rec, reading);
          const end = c.ends[i] ?? null;
          return v === undefined || end === null ? v : end === 'max' ? high(v) : low(v);
        });
        let sum: Amount | undefined = terms[0];
        for (const t of terms.slice(1)) {
          if (sum === undefined || t === undefined) sum = undefined;
          else if (typeof sum === 'number' && typeof t === 'number') sum = sum + t;
          else sum = { min: low(sum) + low(t), max: high(sum) + high(t) };
        }
        const value = compareAmount(sum, c.operator, c.value);
        if (c.duration === null) return value;
        const duration = this.number(c.duration.fact, data, rec, reading);
        return and3(value, compareAmount(duration === undefined ? undefined : duration, c.duration.operator, c.duration.value));
      }
      case 'is': {
        const f = c.fact.scope === 'case' ? this.fact(c.fact.id) : this.field(rec, c.fact.id);
        if (f.kind === 'codes') {
          // A codes list "is" a code when one of its entries has it.
          const t = this.codesCondition(c.fact, { exact: c.values.map(String), prefixes: [] }, data, rec, reading);
          return c.negated ? not3(t) : t;
        }
        const { raw, path, requirement } = this.resolve(c.fact, data, rec);
        const v = scalarOf(raw);
        reading.saw(path, v);
        if (v === undefined) {
          reading.lacks(requirement);
          return 'unknown';
        }
        // Text is compared as words: trimmed and case-insensitively; numbers as numbers.
        const key = typeof v === 'string' ? v.trim().toLowerCase() : v;
        const hit = c.values.some((x) => (typeof x === 'string' ? x.trim().toLowerCase() === key : x === key));
        return hit !== c.negated ? 'met' : 'not_met';
      }
      case 'count': {
        const records = this.fact(c.records);
        const list = this.recordList(records, data, reading);
        if (list === undefined) return 'unknown';
        let sure = 0;
        let possible = 0;
        for (const r of list) {
          const sel = this.selected(r, c.where, data, reading);
          if (sel === 'met') sure++;
          if (sel !== 'not_met') possible++;
        }
        const extra = c.countingThisRequest ? 1 : 0;
        return countCompare(sure + extra, possible + extra, c.operator, c.count);
      }
      case 'every': {
        const records = this.fact(c.records);
        const list = this.recordList(records, data, reading);
        if (list === undefined) return 'unknown';
        let all: Tri = 'met';
        for (const r of list) {
          const sel = this.selected(r, c.where, data, reading);
          if (sel === 'not_met') continue;
          const has = this.cond(c.has, data, r, reading);
          // A record surely selected must have it; one perhaps selected matters only if it does not.
          all = and3(all, sel === 'met' ? has : has === 'met' ? 'met' : 'unknown');
        }
        return all;
      }
    }
  }

  /** A codes list holds an entry in the codes: evidence is the matching entries' codes, or every entry's when none matches. */
  private codesCondition(ref: FactRef, codes: Codes, data: unknown, rec: Rec | null, reading: Reading): Tri {
    const { raw, path, requirement } = this.resolve(ref, data, rec);
    if (!Array.isArray(raw)) {
      reading.saw(path, undefined);
      reading.lacks(requirement);
      return 'unknown';
    }
    const hits = raw.map((_, i) => i).filter((i) => codeIn(codes, entryCodeOf(raw[i])));
    for (const i of hits.length > 0 ? hits : raw.map((_, i) => i)) codeEvidence(reading, path, i, raw[i]);
    return hits.length > 0 ? 'met' : 'not_met';
  }

  // ── Criteria ──

  private exclude(c: CheckedCriterion, data: unknown, reading: Reading, matched: string[]): Tri {
    if (c.test.kind !== 'exclude') throw new Error('reference: not an exclusion');
    let t: Tri = 'met';
    // Value sets are checked per codes list (in first-mention order), every list's entries in order.
    const lists: { fact: CheckedFact; codes: Codes[] }[] = [];
    for (const x of c.test.conditions) {
      if (x.kind !== 'value_set') continue;
      const fact = this.fact(x.codesFact);
      const vs = this.g.valueSets.find((v) => v.id === x.valueSet)!;
      const group = lists.find((l) => l.fact.path.join('.') === fact.path.join('.'));
      if (group === undefined) lists.push({ fact, codes: [{ exact: vs.codes, prefixes: vs.prefixes }] });
      else group.codes.push({ exact: vs.codes, prefixes: vs.prefixes });
    }
    for (const { fact, codes } of lists) {
      const path = fact.path.join('.');
      const list = valueAt(data, fact.path);
      if (!Array.isArray(list)) {
        reading.saw(path, undefined);
        reading.lacks(path);
        t = and3(t, 'unknown');
        continue;
      }
      const hits = list.map((_, i) => i).filter((i) => codes.some((vs) => codeIn(vs, entryCodeOf(list[i]))));
      for (const i of hits) matched.push(entryLabelOf(list[i]));
      for (const i of hits.length > 0 ? hits : list.map((_, i) => i)) codeEvidence(reading, path, i, list[i]);
      if (hits.length > 0) t = 'not_met';
    }
    for (const x of c.test.conditions) {
      if (x.kind !== 'documented') continue;
      const fact = this.fact(x.fact);
      const raw = valueAt(data, fact.path);
      reading.saw(fact.path.join('.'), raw);
      if (raw === 'present') {
        t = 'not_met';
        matched.push(fact.label);
      }
    }
    return t;
  }

  /** One criterion's reason, and the requirement paths it lacks when it is not documented. */
  criterion(c: CheckedCriterion, data: unknown): { readonly reason: ReferenceReason; readonly missing: readonly string[] } {
    const reading = new Reading();
    const matched: string[] = [];
    let status: Status;
    let undecided = false;
    let unstated = false;
    const when = c.when === null ? 'met' : this.cond(c.when, data, null, reading);
    if (when === 'not_met') status = 'not_applicable';
    else if (when === 'unknown') {
      status = 'not_documented';
      undecided = true;
    } else {
      const t = c.test.kind === 'require' ? this.cond(c.test.condition, data, null, reading) : c.test.kind === 'exclude' ? this.exclude(c, data, reading, matched) : null;
      status = t === null ? 'needs_judgement' : t === 'met' ? 'met' : t === 'not_met' ? 'not_met' : 'not_documented';
      if (status === 'not_documented' && c.ifNotStated !== null) {
        unstated = c.ifNotStated.counts === 'met';
        status = c.ifNotStated.counts;
      }
    }
    const text = (t: Template) => this.template(t, data, matched);
    const reason = c.test.kind === 'judgement' ? c.test.question : c.reason;
    const description = c.description === null ? text(reason) : c.description;
    let words: string;
    if (undecided) words = description;
    else if (unstated && c.ifNotStated?.counts === 'met') words = text(c.ifNotStated.note);
    else if (c.test.kind === 'judgement') words = status === 'needs_judgement' ? text(reason) : description;
    else if (status === 'not_met') words = text(reason);
    else if (status === 'not_documented') words = c.missingReason !== null ? text(c.missingReason) : this.notDocumentedText(reading.missing, c.description);
    else words = description;
    return {
      reason: { criterion: c.id, route: c.route, status, text: words, citations: c.citations, evidence: reading.evidence },
      missing: status === 'not_documented' ? reading.missing : [],
    };
  }

  /** A criterion without a `missing` line, not documented: the labels of what was not stated, then its statement. */
  private notDocumentedText(missing: readonly string[], description: string | null): string {
    const labels: string[] = [];
    for (const r of this.requirements) {
      const label = r.label.replace(/: (from|to) this date$/, '');
      if (missing.includes(r.path) && !labels.includes(label)) labels.push(label);
    }
    return `Not stated in the documentation submitted: ${joinWords(labels)}${description === null ? '.' : `. Needed for the criterion: ${description}`}`;
  }

  /** Reason text with the case's values (read afresh, without evidence). */
  private template(t: Template, data: unknown, matched: readonly string[]): string {
    return t.parts
      .map((p) => {
        if (p.kind === 'text') return p.text;
        if (p.kind === 'matched') return joinWords(matched);
        const f = this.fact(p.fact);
        const raw = valueAt(data, f.path);
        const scratch = new Reading();
        switch (f.kind) {
          case 'records': {
            const list = this.recordList(f, data, scratch);
            if (list === undefined) return NOT_STATED;
            const sel = list.map((r) => this.selected(r, null, data, scratch));
            const sure = sel.filter((s) => s === 'met').length;
            const possible = sel.filter((s) => s !== 'not_met').length;
            return sure === possible ? String(sure) : `${sure} to ${possible}`;
          }
          case 'total': {
            const n = this.total(f, data, scratch);
            return n === undefined ? NOT_STATED : String(n);
          }
          case 'elapsed': {
            const n = this.elapsed(f, data, null, scratch);
            return n === undefined ? NOT_STATED : String(Math.round(n * 10) / 10);
          }
          case 'documented':
            return raw === 'present' || raw === 'absent' ? raw : NOT_STATED;
          case 'count': {
            const n = lengthOf(raw);
            return n === undefined ? NOT_STATED : String(n);
          }
          case 'codes':
            return codesText(raw);
          default:
            return valueText(raw);
        }
      })
      .join('');
  }

  // ── Scope, routes, outcome ──

  scope(data: unknown): ReferenceDetermination['scope'] & { readonly missing: readonly string[] } {
    const reading = new Reading();
    const clauses = this.g.scope.map((s) => {
      const before = reading.missing.length;
      const t = this.cond(s.condition, data, null, reading);
      // Each clause keeps the paths it found not stated.
      const missing = reading.missing.splice(before);
      return { s, t, missing };
    });
    const notMet = clauses.find((c) => c.t === 'not_met');
    if (notMet !== undefined) {
      return { status: 'not_met', text: this.template(notMet.s.reason, data, []), citations: notMet.s.citations, evidence: reading.evidence, missing: [] };
    }
    const unknown = clauses.find((c) => c.t === 'unknown');
    if (unknown !== undefined) {
      const words = unknown.s.missingReason ?? unknown.s.reason;
      return { status: 'not_documented', text: this.template(words, data, []), citations: unknown.s.citations, evidence: reading.evidence, missing: unknown.missing };
    }
    return { status: 'met', text: '', citations: [], evidence: reading.evidence, missing: [] };
  }

  determine(caseData: unknown): ReferenceDetermination {
    const data = normalise(caseData);
    const scope = this.scope(data);
    const { missing: scopeMissing, ...scopeShown } = scope;
    if (scope.status === 'not_met') return { outcome: 'does_not_apply', scope: scopeShown, routes: [], route: null, reasons: [], missing: [] };
    const missingOf = new Map<string, readonly string[]>();
    const reasons = this.g.criteria.map((c) => {
      const { reason, missing } = this.criterion(c, data);
      missingOf.set(c.id, missing);
      return reason;
    });
    const routes = this.g.routes.map((route) => {
      const mine = reasons.filter((r) => r.route === route.id).map((r) => r.status);
      const status = mine.includes('not_met') ? 'not_met' : mine.includes('needs_judgement') ? 'needs_judgement' : mine.includes('not_documented') ? 'not_documented' : 'met';
      return { id: route.id, status } as const;
    });
    const route = routes.find((r) => r.status === 'met')?.id ?? null;
    const counted: Status[] = reasons.filter((r) => r.route === null && r.status !== 'not_applicable').map((r) => r.status);
    if (routes.length > 0 && route === null) {
      counted.push(routes.every((r) => r.status === 'not_met') ? 'not_met' : routes.some((r) => r.status === 'needs_judgement') ? 'needs_judgement' : 'not_documented');
    }
    const recommendationAlone = this.g.recommendation.status === 'not_recommended' && !this.g.recommendation.criteriaIfUsedAnyway;
    let outcome: Outcome;
    if (recommendationAlone) outcome = 'not_medically_necessary';
    else if (counted.includes('not_met')) outcome = 'not_medically_necessary';
    else if (counted.includes('needs_judgement')) outcome = 'refer_for_physician_review';
    else if (counted.includes('not_documented')) outcome = this.g.missingDocumentation === 'not_met' ? 'not_medically_necessary' : 'insufficient_information';
    else outcome = 'medically_necessary';

    // Documents needed: what the scope and the bearing not-documented criteria lacked, in requirement order.
    let missing: { path: string; label: string }[] = [];
    if (!recommendationAlone) {
      const bearing = reasons.filter((r) => r.route === null || route === null || r.route === route);
      const needed = new Set([...(scope.status === 'not_documented' ? scopeMissing : []), ...bearing.flatMap((r) => missingOf.get(r.criterion) ?? [])]);
      missing = this.requirements.filter((r) => needed.has(r.path)).map((r) => ({ path: r.path, label: r.label }));
      for (const p of needed) if (!this.requirements.some((r) => r.path === p)) missing.push({ path: p, label: p });
    }
    return { outcome, scope: scopeShown, routes, route, reasons, missing };
  }
}

function compareAmount(v: Amount | undefined, operator: string, n: number): Tri {
  if (v === undefined) return 'unknown';
  // A range must pass at both ends: ≥ and > test its low end, ≤ and < its high end, = both.
  const yes =
    operator === '>=' ? low(v) >= n : operator === '>' ? low(v) > n : operator === '<=' ? high(v) <= n : operator === '<' ? high(v) < n : low(v) === n && high(v) === n;
  return yes ? 'met' : 'not_met';
}

function codeEvidence(reading: Reading, path: string, i: number, entry: unknown): void {
  if (typeof entry === 'string') reading.saw(`${path}[${i}]`, entry);
  else reading.saw(`${path}[${i}].code`, valueAt(entry, ['code']));
}

/** Every path the guideline reads, with its label, in declaration order: facts, then each records fact's fields. */
function requirementsOf(g: CheckedGuideline): Requirement[] {
  const out: Requirement[] = [];
  const add = (path: string, label: string) => {
    if (!out.some((r) => r.path === path)) out.push({ path, label });
  };
  const walk = (f: CheckedFact, prefix: string) => {
    if (f.kind === 'total') return;
    if (f.kind === 'elapsed') {
      if (f.fromPick === null) add(prefix + f.path.join('.'), `${f.label}: from this date`);
      if (f.toPick === null) add(prefix + (f.to ?? []).join('.'), `${f.label}: to this date`);
      return;
    }
    const path = prefix + f.path.join('.');
    add(path, f.label);
    for (const field of f.fields) walk(field, `${path}[].`);
  };
  for (const f of g.facts) walk(f, '');
  return out;
}
