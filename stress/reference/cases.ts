/**
 * Generated cases for one guideline (fast-check, so a failing case shrinks): the shape of the case file along the
 * paths the guideline reads (runtime/case-file.schema.json says the types, enums and patterns there), filled with
 * values that matter to this guideline — the numbers its comparisons name and their neighbours, the words its `is`
 * tests name (in other capitals and with spaces), codes of its value sets (with and without the dot), dates the
 * thresholds apart — and values that do not: removed, null, out of range, malformed, lists empty and long. Half the
 * cases start from the guideline's example case (`*.case.json`) with some fields replaced.
 */
import fc from 'fast-check';
import caseFileSchema from '../../runtime/case-file.schema.json' with { type: 'json' };
import type { CheckedFact, CheckedGuideline, Cond } from '../../language/model.js';

type Node = Record<string, unknown>;

const DEFINITIONS = (caseFileSchema as unknown as { definitions: Record<string, Node> }).definitions;

function deref(node: Node | undefined): Node | undefined {
  if (node === undefined) return undefined;
  const ref = node['$ref'];
  return typeof ref === 'string' ? { ...deref(DEFINITIONS[ref.split('/').pop() ?? '']), ...node, $ref: undefined } : node;
}

/** The case-file schema's node at a path of property names (`[]` steps into list entries). */
function caseFileNode(path: readonly string[]): Node | undefined {
  let node: Node | undefined = deref(caseFileSchema as unknown as Node);
  for (const seg of path) {
    if (node === undefined) return undefined;
    if (seg === '[]') node = deref(node['items'] as Node | undefined);
    else {
      const props = node['properties'] as Record<string, Node> | undefined;
      const extra = node['additionalProperties'];
      node = deref(props?.[seg] ?? (typeof extra === 'object' && extra !== null ? (extra as Node) : undefined));
    }
  }
  return node;
}

// ── What the guideline compares with ─────────────────────────────────────────────────────────────

interface Interesting {
  /** Numbers compared with, per fact id (case facts and record fields alike). */
  readonly numbers: Map<string, Set<number>>;
  /** Words `is` tests name, per fact id. */
  readonly words: Map<string, Set<string>>;
  /** Day offsets the elapsed-time comparisons turn on. */
  readonly days: Set<number>;
  /** Codes of the value sets and `is` tests on codes. */
  readonly codes: Set<string>;
}

const DAYS: Readonly<Record<string, number>> = { hours: 1 / 24, days: 1, weeks: 7, months: 365.2425 / 12, years: 365.2425 };

function interesting(g: CheckedGuideline): Interesting {
  const out: Interesting = { numbers: new Map(), words: new Map(), days: new Set([0, 1, 7, 30, 365]), codes: new Set(['M54.5', 'Z99.89']) };
  const facts = new Map<string, CheckedFact>();
  for (const f of g.facts) {
    facts.set(f.id, f);
    for (const field of f.fields) facts.set(field.id, field);
  }
  const addNumber = (id: string, n: number) => {
    const set = out.numbers.get(id) ?? new Set<number>();
    for (const x of [n, n - 1, n + 1, n / 2, Math.max(0, n - 0.5)]) if (x >= 0) set.add(Math.round(x * 100) / 100);
    out.numbers.set(id, set);
    const f = facts.get(id);
    if (f?.kind === 'elapsed' && f.unit !== null) {
      const days = n * (DAYS[f.unit] ?? 1);
      for (const d of [Math.floor(days), Math.ceil(days), Math.ceil(days) + 1, Math.floor(days) - 1]) if (d >= 0) out.days.add(d);
    }
  };
  const walk = (c: Cond | null): void => {
    if (c === null) return;
    switch (c.kind) {
      case 'and':
      case 'or':
        return c.operands.forEach(walk);
      case 'not':
        return walk(c.operand);
      case 'at_least':
        return c.items.forEach(walk);
      case 'compare': {
        const ids = [c.fact.id, ...c.plus.map((p) => p.id)];
        for (const id of ids) addNumber(id, c.value);
        // A sum's terms: each may carry most of it.
        for (const id of ids) for (const part of [0, 1, 2, 6, 10]) addNumber(id, part);
        if (c.duration !== null) addNumber(c.duration.fact.id, c.duration.value);
        return;
      }
      case 'is': {
        const set = out.words.get(c.fact.id) ?? new Set<string>();
        for (const v of c.values) {
          if (typeof v === 'number') addNumber(c.fact.id, v);
          else {
            set.add(v);
            if (facts.get(c.fact.id)?.kind === 'codes') out.codes.add(v);
          }
        }
        out.words.set(c.fact.id, set);
        return;
      }
      case 'count':
      case 'every':
        walk(c.where);
        if (c.kind === 'every') walk(c.has);
        return;
      default:
        return;
    }
  };
  for (const c of g.criteria) {
    walk(c.when);
    if (c.test.kind === 'require') walk(c.test.condition);
  }
  for (const s of g.scope) walk(s.condition);
  for (const f of g.facts) walk(f.where);
  for (const vs of g.valueSets) {
    for (const code of vs.codes) {
      out.codes.add(code);
      out.codes.add(code.replace('.', ''));
    }
    for (const p of vs.prefixes) {
      out.codes.add(p.length <= 3 ? `${p}.9` : `${p}9`);
      out.codes.add(p.includes('.') || p.length <= 3 ? p : `${p.slice(0, 3)}.${p.slice(3)}`);
    }
  }
  return out;
}

// ── Values ───────────────────────────────────────────────────────────────────────────────────────

const BASE_DAY = Date.UTC(2016, 5, 15) / 86_400_000;

function dateText(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

const LEVELS = ['C2-C3', 'C3-C4', 'C4-C5', 'C5-C6', 'C6-C7', 'L3-L4', 'L4-L5', 'L5-S1'];
const ROOTS = ['C5', 'C6', 'L4', 'L5', 'S1'];

/** Rare values no well-formed case holds: each must make the case invalid, or be read as not stated. */
const malformed = fc.constantFrom<unknown>(-1, 'text', true, [], {}, '', 1.5e300);

function leaf(f: CheckedFact, path: readonly string[], hints: Interesting, range: boolean): fc.Arbitrary<unknown> {
  const node = caseFileNode(path) ?? {};
  const types = ([] as unknown[]).concat(node['type'] ?? []);
  const integer = types.includes('integer');
  const enumValues = Array.isArray(node['enum']) ? (node['enum'] as unknown[]).filter((v) => v !== null) : null;
  const rare = <T>(main: fc.Arbitrary<T>) => fc.oneof({ weight: 60, arbitrary: main as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: malformed });
  switch (f.kind) {
    case 'documented':
      return rare(fc.constantFrom('present', 'absent', 'not_stated'));
    case 'number': {
      const pool = [...(hints.numbers.get(f.id) ?? [])].filter((n) => !integer || Number.isInteger(n));
      const max = f.unit === 'percent' ? 100 : 40;
      const one = fc.oneof(
        pool.length > 0 ? fc.constantFrom(...pool) : fc.constant(1),
        integer ? fc.integer({ min: 0, max }) : fc.oneof(fc.integer({ min: 0, max }), fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true })),
        fc.constantFrom(0, -0),
      );
      const amount = range ? fc.oneof({ weight: 3, arbitrary: one }, { weight: 1, arbitrary: fc.tuple(one, one).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) })) }) : one;
      const outOfRange = fc.constantFrom(-1, f.unit === 'percent' ? 101 : 1e6, ...(range ? [{ min: 5, max: 2 }, { min: 1 }] : []));
      return fc.oneof({ weight: 60, arbitrary: amount }, { weight: 1, arbitrary: outOfRange }, { weight: 1, arbitrary: malformed });
    }
    case 'count': {
      const pool = path[path.length - 1] === 'nerve_roots' ? ROOTS : LEVELS;
      return rare(fc.oneof({ weight: 30, arbitrary: fc.array(fc.constantFrom(...pool), { maxLength: 5 }) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...pool), { minLength: 10, maxLength: 40 }) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...pool, null), { minLength: 1, maxLength: 5 }) }));
    }
    case 'codes': {
      const code = fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...hints.codes) }, { weight: 1, arbitrary: fc.constantFrom('m54.12', ' M54.12', '', 'X') });
      const entry = fc.record({ code, text: fc.constantFrom('diagnosis', '', ' '), system: fc.constantFrom('ICD-10-CM') }, { requiredKeys: ['code'] });
      return rare(fc.oneof({ weight: 30, arbitrary: fc.array(entry, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(entry, { minLength: 10, maxLength: 30 }) }, { weight: 1, arbitrary: fc.array(fc.oneof(entry, fc.constant(null)), { maxLength: 3 }) }));
    }
    case 'text': {
      if (enumValues !== null && enumValues.length > 0) return rare(fc.constantFrom(...enumValues));
      const words = [...(hints.words.get(f.id) ?? [])];
      const pattern = typeof node['pattern'] === 'string';
      const variants = words.flatMap((w) => (pattern ? [w] : [w, w.toUpperCase(), ` ${w} `]));
      return rare(variants.length > 0 ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...variants) }, { weight: 1, arbitrary: fc.constantFrom('other', 'physical_therapy', 'surgery') }) : fc.constantFrom('other', 'a note', 'physical_therapy'));
    }
    case 'date': {
      const offsets = [...hints.days].flatMap((d) => [d, -d]);
      return rare(
        fc.oneof(
          { weight: 40, arbitrary: fc.constantFrom(...offsets).map((d) => dateText(BASE_DAY + d)) },
          { weight: 2, arbitrary: fc.integer({ min: -4000, max: 4000 }).map((d) => dateText(BASE_DAY + d)) },
          { weight: 1, arbitrary: fc.constantFrom('2016-02-30', '2016-13-01', '16-06-15', '2016-06-15T00:00:00Z', '2016-02-29', '2000-02-29', '1900-02-29', '0099-12-31', '0001-01-01') },
        ),
      );
    }
    default:
      return fc.constant(null);
  }
}

// ── The shape of the case along the guideline's paths ────────────────────────────────────────────

type Shape =
  | { readonly kind: 'object'; readonly props: Map<string, Shape> }
  /** `required`: the keys every entry must have (case-file schema), e.g. a prior treatment's type. */
  | { readonly kind: 'list'; readonly item: Map<string, Shape>; readonly required: readonly string[] }
  | { readonly kind: 'leaf'; readonly arbitrary: fc.Arbitrary<unknown> };

function place(props: Map<string, Shape>, path: readonly string[], shape: Shape): Map<string, Shape> | null {
  let here = props;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    let next = here.get(seg);
    if (next === undefined) {
      next = { kind: 'object', props: new Map() };
      here.set(seg, next);
    }
    if (next.kind !== 'object') return null;
    here = next.props;
  }
  const last = path[path.length - 1]!;
  const existing = here.get(last);
  if (existing?.kind === 'list' && shape.kind === 'list') return existing.item;
  if (existing === undefined || (existing.kind === 'object' && existing.props.size === 0)) here.set(last, shape);
  return shape.kind === 'list' ? shape.item : null;
}

function placeFact(props: Map<string, Shape>, f: CheckedFact, prefix: readonly string[], hints: Interesting, top: boolean): void {
  if (f.kind === 'total') return;
  if (f.kind === 'elapsed') {
    const date: CheckedFact = { ...f, kind: 'date' };
    if (f.fromPick === null) place(props, f.path, { kind: 'leaf', arbitrary: leaf(date, [...prefix, ...f.path], hints, false) });
    if (f.toPick === null && f.to !== null) place(props, f.to, { kind: 'leaf', arbitrary: leaf(date, [...prefix, ...f.to], hints, false) });
    return;
  }
  if (f.kind === 'records') {
    const required = (caseFileNode([...prefix, ...f.path, '[]'])?.['required'] ?? []) as string[];
    const item = place(props, f.path, { kind: 'list', item: new Map(), required });
    if (item !== null) for (const field of f.fields) placeFact(item, field, [...prefix, ...f.path, '[]'], hints, false);
    return;
  }
  const range = top && ['request.visits', 'request.sessions', 'request.quantity', 'request.frequency_per_week', 'request.duration_weeks', 'request.duration_days'].includes(f.path.join('.'));
  place(props, f.path, { kind: 'leaf', arbitrary: leaf(f, [...prefix, ...f.path], hints, range) });
}

/**
 * An object with each property left out, null (rarely) or a value; a required property is nearly always there (a
 * case without it is invalid, and a few such cases are enough).
 */
function objectOf(props: Map<string, Shape>, required: readonly string[] = []): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, shape] of props) {
    model[key] = required.includes(key)
      ? fc.oneof({ weight: 100, arbitrary: arbitraryOf(shape) }, { weight: 1, arbitrary: fc.constant(null) })
      : fc.oneof({ weight: 10, arbitrary: arbitraryOf(shape) }, { weight: 1, arbitrary: fc.constant(null) });
  }
  const record = fc.record(model, { requiredKeys: required.filter((k) => props.has(k)) as never[] }) as fc.Arbitrary<Record<string, unknown>>;
  if (!required.some((k) => props.has(k))) return record;
  const without = fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;
  return fc.oneof({ weight: 100, arbitrary: record }, { weight: 1, arbitrary: without });
}

function arbitraryOf(shape: Shape): fc.Arbitrary<unknown> {
  switch (shape.kind) {
    case 'leaf':
      return shape.arbitrary;
    case 'object':
      return objectOf(shape.props);
    case 'list': {
      const item = objectOf(shape.item, shape.required);
      return fc.oneof({ weight: 10, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(item, { minLength: 10, maxLength: 40 }) });
    }
  }
}

/** Cases for one guideline: generated from its paths, or its example case with some top-level fields replaced. */
export function casesFor(g: CheckedGuideline, example: unknown): fc.Arbitrary<Record<string, unknown>> {
  const hints = interesting(g);
  const root = new Map<string, Shape>([['request', { kind: 'object', props: new Map() }]]);
  for (const f of g.facts) placeFact(root, f, [], hints, true);
  const generated = objectOf(root, ['request']);
  if (example === null || typeof example !== 'object') return generated;
  const base = example as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(base), ...root.keys()])].filter((k) => k !== 'request');
  const edited = fc.tuple(generated, fc.subarray(keys)).map(([fresh, replaced]) => {
    const out: Record<string, unknown> = { ...base };
    for (const k of replaced) {
      if (k in fresh) out[k] = fresh[k];
      else delete out[k];
    }
    return out;
  });
  // The request is replaced only field by field, so an edited example nearly always stays a request.
  const request = root.get('request');
  const requestArb = request?.kind === 'object' ? objectOf(request.props) : fc.constant({});
  const withRequest = fc.tuple(edited, requestArb, fc.boolean()).map(([c, fresh, merge]) => {
    if (!merge || typeof c['request'] !== 'object' || c['request'] === null) return c;
    return { ...c, request: { ...(c['request'] as Record<string, unknown>), ...fresh } };
  });
  return fc.oneof(generated, withRequest);
}
