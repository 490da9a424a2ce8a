/**
 * Stress part 2, runtime malformed cases: for every shipped guideline, cases generated along the case-file schema's
 * paths (stress/reference/cases.ts), then broken: wrong types, null at any path, fields removed, unknown fields added,
 * `__proto__` / `constructor` / `prototype` keys, -0, NaN, ±Infinity, huge texts and lists, deep nesting, and
 * values no JSON holds (Proxies, throwing getters, cycles, functions, symbols, bigints, Dates, Maps). Guarantees:
 *
 * - `evaluate` never throws and always answers (a determination or `invalid_case`, never an evaluation error);
 * - no prototype pollution (Object.prototype, Array.prototype and Function.prototype checked after every case);
 * - for a JSON case, the oracle (stress/reference/oracle.ts: ajv over schemas/<id>.schema.json) decides: a valid
 *   case is decided (not `invalid_case`); for an invalid one, every field the oracle finds invalid is named in the
 *   errors, and every field named is one the oracle finds invalid;
 * - NaN, ±Infinity, functions, symbols, bigints, a cycle or a throwing getter make the case `invalid_case` with the
 *   field named; a transparent Proxy decides the case as the plain data does.
 */
import fc from 'fast-check';
import type { LoadedBundle } from '../runtime/evaluate.js';
import { Failures, type Figure } from './figures.js';
import { casesFor } from './reference/cases.js';
import { caseOracle, type Oracle } from './reference/oracle.js';
import { shippedGuidelines } from './reference/shipped.js';

export interface MalformedOptions {
  /** Cases per guideline. */
  readonly cases: number;
  readonly seed: number;
  /** Length of a huge text (over the runtime's 100,000-character limit) and entries of a huge list (over 10,000). */
  readonly hugeText: number;
  readonly hugeList: number;
}

/** A few hundred cases per guideline in CI (runtime-malformed.test.ts), 1,000,000 with `npm run stress -- --full`. */
export const runtimeMalformedSizes = {
  bounded: { cases: 300, seed: 2, hugeText: 150_000, hugeList: 15_000 },
  full: { cases: 1_000_000, seed: 2, hugeText: 150_000, hugeList: 15_000 },
} as const satisfies Record<string, MalformedOptions>;

type Segment = string | number;
type Path = readonly Segment[];

const pointer = (path: Path): string => path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

// ── Breaking a case ──────────────────────────────────────────────────────────────────────────────

/** An edit that leaves the case JSON data (undefined and symbol keys aside, which JSON drops). */
type JsonEdit =
  | { readonly kind: 'set'; readonly at: number; readonly value: unknown; readonly label: string }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'add key'; readonly at: number; readonly key: string; readonly value: unknown };

/** An edit after which the case is not JSON data; `expect` says what the runtime must answer. */
interface ExoticEdit {
  readonly kind: 'exotic';
  readonly at: number;
  readonly label: string;
  /** `named`: invalid_case naming the path; `same`: the outcome of the case without the edit; `answer`: any answer. */
  readonly expect: 'named' | 'same' | 'answer';
  readonly make: (original: unknown, root: unknown) => unknown;
}

function edits(options: MalformedOptions): { json: fc.Arbitrary<JsonEdit>; exotic: fc.Arbitrary<ExoticEdit> } {
  const at = fc.nat();
  const wrong = fc.constantFrom<unknown>(0, 1, -1, 0.5, 1e308, 5e-324, 2 ** 53 + 1, -0, '', ' ', 'text', '\u0000', '\ud800', '2016-02-30', true, false, [], [1, 'a'], [null], {}, { a: 1 }, null);
  const hugeText = 'x'.repeat(options.hugeText);
  const hugeList = Array.from({ length: options.hugeList }, () => 1);
  const nest = (depth: number, leaf: unknown, list: boolean): unknown => {
    let v = leaf;
    for (let i = 0; i < depth; i++) v = list ? [v] : { a: v };
    return v;
  };
  const big = fc.constantFrom<[unknown, string]>(
    [hugeText, `a text of ${options.hugeText} characters`],
    ['y'.repeat(5_000), 'a text of 5,000 characters'],
    [hugeList, `a list of ${options.hugeList} entries`],
    [Array.from({ length: 300 }, () => 'L4-L5'), 'a list of 300 entries'],
    [nest(40, 1, true), 'lists nested 40 deep'],
    [nest(40, 1, false), 'objects nested 40 deep'],
    [nest(8, 'x', false), 'objects nested 8 deep'],
  );
  const json = fc.oneof<fc.Arbitrary<JsonEdit>[]>(
    fc.tuple(at, wrong).map(([a, v]) => ({ kind: 'set', at: a, value: v, label: JSON.stringify(v) ?? String(v) })),
    fc.tuple(at, big).map(([a, [v, label]]) => ({ kind: 'set', at: a, value: v, label })),
    at.map((a) => ({ kind: 'delete', at: a })),
    fc.tuple(at, fc.constantFrom('__proto__', 'constructor', 'prototype', 'zz_unknown', 'toString', 'hasOwnProperty', '', 'a/b', 'x~1y', '~'), fc.constantFrom<unknown>({ polluted: true }, { prototype: { polluted: true } }, 'x', 1, null, [])).map(
      ([a, key, value]) => ({ kind: 'add key', at: a, key, value }),
    ),
    fc.tuple(at, fc.constantFrom(undefined)).map(([a]) => ({ kind: 'set', at: a, value: undefined, label: 'undefined' })),
  );
  const exotic = (label: string, expect: ExoticEdit['expect'], make: ExoticEdit['make']) => at.map((a): ExoticEdit => ({ kind: 'exotic', at: a, label, expect, make }));
  const throwing = (): ProxyHandler<object> => {
    const no = () => {
      throw new Error('trap');
    };
    return { get: no, has: no, ownKeys: no, getOwnPropertyDescriptor: no, getPrototypeOf: no, defineProperty: no, set: no, deleteProperty: no };
  };
  return {
    json,
    exotic: fc.oneof(
      exotic('NaN', 'named', () => NaN),
      exotic('Infinity', 'named', () => Infinity),
      exotic('-Infinity', 'named', () => -Infinity),
      exotic('a function', 'named', () => () => 1),
      exotic('a symbol', 'named', () => Symbol('s')),
      exotic('a bigint', 'named', () => 10n),
      exotic('a cycle (the case itself)', 'named', (_, root) => root),
      exotic('a Date', 'answer', () => new Date(0)),
      exotic('a Map', 'answer', () => new Map([['a', 1]])),
      exotic('a class instance', 'answer', () => new (class Thing { a = 1; })()),
      exotic('an object without a prototype', 'answer', (v) => Object.assign(Object.create(null) as object, typeof v === 'object' && v !== null ? v : {})),
      exotic('a transparent Proxy', 'same', (v) => (typeof v === 'object' && v !== null ? new Proxy(v, {}) : v)),
      exotic('a Proxy whose every trap throws', 'answer', (v) => new Proxy(typeof v === 'object' && v !== null ? v : {}, throwing())),
      exotic('a revoked Proxy', 'answer', () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      }),
      exotic('an object with a throwing getter', 'named', () =>
        Object.defineProperty({}, 'code', {
          enumerable: true,
          get: () => {
            throw new Error('getter');
          },
        }),
      ),
      exotic('an object whose getter answers differently each time', 'answer', () => {
        let n = 0;
        return Object.defineProperty({}, 'code', { enumerable: true, get: () => (n++ % 2 === 0 ? 'M54.12' : null) });
      }),
      exotic('an object with a symbol key', 'same', (v) => (typeof v === 'object' && v !== null ? Object.assign(Array.isArray(v) ? [...v] : { ...v }, { [Symbol('k')]: 1 }) : v)),
    ),
  };
}

/** Every place in a JSON value, the root first. */
function places(root: unknown): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, path: Path, depth: number) => {
    out.push(path);
    if (depth > 12 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) v.slice(0, 20).forEach((x, i) => walk(x, [...path, i], depth + 1));
    else for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...path, k], depth + 1);
  };
  walk(root, [], 0);
  return out;
}

function get(root: unknown, path: Path): unknown {
  let v = root;
  for (const s of path) v = (v as Record<string | number, unknown>)[s];
  return v;
}

/** Sets (or with `remove`, deletes) the value at a path; the root is replaced through the returned value. */
function put(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return remove ? {} : value;
  const parent = get(root, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

interface Broken {
  readonly data: unknown;
  /** The same case before the non-JSON edit (JSON data), and where that edit was made. */
  readonly plain: unknown;
  readonly exotic: { readonly edit: ExoticEdit; readonly path: Path } | null;
  readonly labels: readonly string[];
}

function breakCase(base: unknown, jsonEdits: readonly JsonEdit[], exotic: ExoticEdit | null): Broken {
  // A copy of the generated case through JSON, so a `__proto__` key added later stays an own property.
  let data: unknown = JSON.parse(JSON.stringify(base)) as unknown;
  const labels: string[] = [];
  for (const e of jsonEdits) {
    const all = places(data);
    const path = all[e.at % all.length]!;
    if (e.kind === 'set') {
      // A fresh copy: the generated values are shared between cases, and later edits write into the case.
      data = put(data, path, typeof e.value === 'object' && e.value !== null ? (JSON.parse(JSON.stringify(e.value)) as unknown) : e.value);
      labels.push(`${pointer(path) || '(the case)'} set to ${e.label.slice(0, 60)}`);
    } else if (e.kind === 'delete') {
      data = put(data, path, undefined, true);
      labels.push(`${pointer(path) || '(the case)'} removed`);
    } else {
      const target = get(data, path);
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
        Object.defineProperty(target, e.key, { value: JSON.parse(JSON.stringify(e.value)) as unknown, enumerable: true, writable: true, configurable: true });
        labels.push(`${pointer(path) || '(the case)'} given the key ${JSON.stringify(e.key)}`);
      }
    }
  }
  if (exotic === null) return { data, plain: data, exotic: null, labels };
  const plain: unknown = JSON.parse(JSON.stringify(data) ?? 'null') as unknown;
  const all = places(data);
  let path = all[exotic.at % all.length]!;
  // The case cannot contain itself at its own place: the cycle closes one field down.
  if (path.length === 0 && exotic.label.startsWith('a cycle')) {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) data = { request: {} };
    path = ['zz_self'];
  }
  data = put(data, path, exotic.make(get(data, path), data));
  labels.push(`${pointer(path) || '(the case)'} set to ${exotic.label}`);
  return { data, plain, exotic: { edit: exotic, path }, labels };
}

// ── Checking the answers ─────────────────────────────────────────────────────────────────────────

/** What must never change: the own keys of the shared prototypes, and no `polluted` anywhere. */
function prototypeState(): string {
  const keys = (o: object) => [...Object.getOwnPropertyNames(o), ...Object.getOwnPropertySymbols(o).map(String)].sort().join(',');
  return [keys(Object.prototype), keys(Array.prototype), keys(Function.prototype), String(({} as Record<string, unknown>)['polluted'])].join('|');
}

interface Check {
  readonly failures: Failures;
  readonly counts: Map<string, number>;
}

function tally(check: Check, what: string): void {
  check.counts.set(what, (check.counts.get(what) ?? 0) + 1);
}

function describeCase(id: string, broken: Broken): string {
  let json: string;
  try {
    json = JSON.stringify(broken.plain) ?? 'undefined';
  } catch {
    json = '(not JSON)';
  }
  return `${id}: ${broken.labels.join('; ')} — ${json.length > 400 ? `${json.slice(0, 400)}… (${json.length} characters)` : json}`;
}

function refusedAlready(oracle: Oracle, plain: unknown, path: string): boolean {
  const verdict = oracle(plain);
  return !verdict.valid && verdict.paths.includes(path);
}

function checkOne(bundle: LoadedBundle, id: string, oracle: Oracle, broken: Broken, before: string, check: Check): void {
  const fail = (what: string) => check.failures.add(`${what} (${id})`, describeCase(id, broken));
  let result;
  try {
    result = bundle.evaluate(id, broken.data);
  } catch (e) {
    fail(`evaluate threw: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (prototypeState() !== before) {
    fail('prototype pollution');
    return;
  }
  if (!result.ok) {
    fail(`no answer: ${result.error.code}: ${result.error.message}`);
    return;
  }
  const d = result.value;
  const errors = d.errors.map((e) => e.path);
  tally(check, d.outcome === 'invalid_case' ? 'invalid_case' : 'decided');
  if (broken.exotic !== null) {
    const { edit, path } = broken.exotic;
    tally(check, `non-JSON: ${edit.label}`);
    if (edit.expect === 'named') {
      const field = pointer(path);
      if (d.outcome !== 'invalid_case') fail(`${edit.label} at ${field || '(the case)'} was decided (${d.outcome}), not refused`);
      // The field itself, or a field inside it (a throwing getter is named at its key), or a field around it that
      // is refused as a whole (a list too long to read): what the oracle finds invalid in the data without the edit.
      else if (!errors.some((e) => e === field || e.startsWith(`${field}/`) || (field.startsWith(`${e}/`) && refusedAlready(oracle, broken.plain, e)))) fail(`${edit.label} at ${field || '(the case)'} is not named; errors: ${errors.join(', ')}`);
    } else if (edit.expect === 'same') {
      const plain = bundle.evaluate(id, broken.plain);
      if (plain.ok && plain.value.outcome !== d.outcome) fail(`${edit.label}: outcome ${d.outcome}, but the same data without it gives ${plain.value.outcome}`);
    }
    return;
  }
  const verdict = oracle(broken.data);
  tally(check, verdict.valid ? 'JSON, valid' : 'JSON, invalid');
  if (verdict.valid) {
    if (d.outcome === 'invalid_case') fail(`a valid case was refused: ${d.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    return;
  }
  if (d.outcome !== 'invalid_case') {
    fail(`an invalid case (${verdict.paths.join(', ')}) was decided: ${d.outcome}`);
    return;
  }
  const capped = errors.length >= 50;
  const unnamed = verdict.paths.filter((p) => !errors.includes(p));
  if (!capped && unnamed.length > 0) fail(`invalid fields not named: ${unnamed.join(', ')}; named: ${errors.join(', ')}`);
  const extra = errors.filter((e) => !verdict.paths.includes(e));
  if (extra.length > 0) fail(`fields named that the oracle finds valid: ${extra.join(', ')}; the oracle: ${verdict.paths.join(', ')}`);
}

/** Whole inputs that are not a case object at all. */
function oddInputs(): { readonly label: string; readonly data: () => unknown; readonly json?: true }[] {
  const cyclic: Record<string, unknown> = { request: {} };
  cyclic['self'] = cyclic;
  return [
    { label: 'undefined', data: () => undefined },
    { label: 'null', data: () => null },
    { label: '0', data: () => 0 },
    { label: 'NaN', data: () => NaN },
    { label: 'text', data: () => 'a case' },
    { label: 'a list', data: () => [{ request: {} }] },
    { label: 'true', data: () => true },
    { label: 'a symbol', data: () => Symbol('case') },
    { label: 'a bigint', data: () => 1n },
    { label: 'a function', data: () => () => ({ request: {} }) },
    { label: 'an object without a prototype', data: () => Object.create(null) as unknown },
    { label: 'a Date', data: () => new Date(0) },
    { label: 'a revoked Proxy', data: () => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; } },
    { label: 'a Proxy whose get throws', data: () => new Proxy({ request: {} }, { get: () => { throw new Error('get'); } }) },
    { label: 'a Proxy whose ownKeys throws', data: () => new Proxy({ request: {} }, { ownKeys: () => { throw new Error('ownKeys'); } }) },
    { label: 'a cycle', data: () => cyclic },
    { label: 'JSON.parse of __proto__ keys', json: true, data: () => JSON.parse('{"__proto__": {"polluted": true}, "request": {"__proto__": {"polluted": true}}}') as unknown },
  ];
}

export type MalformedFigure = Figure;

export async function runtimeMalformed(options: MalformedOptions): Promise<MalformedFigure> {
  const { bundle, guidelines } = await shippedGuidelines();
  const check: Check = { failures: new Failures(), counts: new Map() };
  const { json, exotic } = edits(options);
  let inputs = 0;
  const before = prototypeState();
  for (const [gi, { model, schema, example }] of guidelines.entries()) {
    const oracle = caseOracle(schema);
    for (const odd of oddInputs()) {
      inputs++;
      const data = odd.data();
      // Not JSON data: only an answer (no exception, no evaluation error) is asked of it.
      const edit: ExoticEdit = { kind: 'exotic', at: 0, label: `the case is ${odd.label}`, expect: 'answer', make: () => data };
      const labels = [`the case is ${odd.label}`];
      checkOne(bundle, model.id, oracle, { data, plain: odd.json ? data : null, exotic: odd.json ? null : { edit, path: [] }, labels }, before, check);
    }
    const input = fc.tuple(casesFor(model, example), fc.array(json, { minLength: 0, maxLength: 3 }), fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: exotic }));
    const batch = 250;
    for (let done = 0; done < options.cases; done += batch) {
      const samples = fc.sample(input, { seed: options.seed + gi * 1_000_003 + done, numRuns: Math.min(batch, options.cases - done) });
      for (const [base, jsonEdits, exoticEdit] of samples) {
        inputs++;
        checkOne(bundle, model.id, oracle, breakCase(base, jsonEdits, exoticEdit), before, check);
      }
    }
  }
  const counts = [...check.counts].sort().map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`);
  return {
    part: 'runtime malformed cases',
    inputs,
    failures: check.failures.count,
    figures: {
      guidelines: String(guidelines.length),
      'cases per guideline': `${options.cases.toLocaleString('en-US')} (+ ${oddInputs().length} inputs that are not a case object)`,
      answers: counts.filter((c) => !c.startsWith('non-JSON') && !c.startsWith('JSON')).join(', '),
      'JSON cases, as the oracle finds them': counts.filter((c) => c.startsWith('JSON')).map((c) => c.slice('JSON, '.length)).join(', '),
      'non-JSON inputs': counts.filter((c) => c.startsWith('non-JSON')).map((c) => c.slice('non-JSON: '.length)).join(', '),
      guaranteed: '0 exceptions, 0 evaluation errors, 0 prototype pollution, 0 disagreements with the oracle (ajv over schemas/<id>.schema.json)',
    },
    examples: check.failures.examples,
  };
}
