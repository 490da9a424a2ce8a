/**
 * A guideline's case schema → compiled case reading: one function that walks the caller's case once, in the case's
 * own order, reading every field and list entry exactly once (own enumerable properties only, each read guarded, a
 * getter run once and its value kept in a local), holding every value to the JSON rules and size limits of
 * runtime/json-data.ts and every value the schema names to the schema, exactly as the copy-then-ajv validator of
 * runtime/validate-case.ts decides (the same valid/invalid answer and the same fields named, in the same words). It
 * returns a fresh plain object holding only what the schema names: the data the guideline's criteria evaluate. Each
 * of its objects has one shape: every field the schema names is an own property, `undefined` when the case does not
 * give it (read as not stated, as an absent field is); a value shown whole as evidence is an exact JSON copy.
 *
 * The schema is the one lower-schema.ts builds (the guideline's facts combined with runtime/case-file.schema.json
 * along the paths it reads). Compiled code supports the keywords those schemas use; any other keyword is a compile
 * error, never a check silently left out. Schema text reaches the module only through literal.ts.
 */
import type { IrCond, IrGuideline } from './ir.js';
import { CodeWriter } from './code-writer.js';
import { identifier, numberLiteral, stringLiteral, type Data } from './literal.js';
import { TYPE_WORDS } from '../runtime/case-reader.js';

/** What the emitted module imports from runtime/case-reader.ts. */
export const CASE_READER_NAMES = [
  'CaseErrors',
  'INVALID',
  'MANY',
  'caseChecked',
  'enter',
  'field',
  'hasOwn',
  'invalid',
  'isIsoDate',
  'item',
  'json',
  'jsonError',
  'keep',
  'keys',
  'listLength',
  'matcher',
  'mustBe',
  'oneOf',
  'parts',
  'plainIn',
  'pointer',
  'put',
  'required',
  'rest',
  'textLength',
  'value',
] as const;

type Node = { readonly [key: string]: Data };

const isNode = (v: Data | undefined): v is Node => v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);

/** Keywords about the parts of a list or an object. */
const STRUCTURE = ['items', 'minItems', 'maxItems', 'properties', 'required', 'additionalProperties'] as const;

/** Keywords about the schema, not the value. */
const ANNOTATIONS = new Set(['description', 'title', '$schema', '$id', '$comment']);
const SUPPORTED = new Set([
  ...ANNOTATIONS,
  'type',
  'enum',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'items',
  'required',
  'properties',
  'additionalProperties',
]);


/**
 * The requirement paths whose value compiled criteria show whole as evidence (`present` / `documented` of a list):
 * read as a JSON copy of everything there, as the determination has always shown it.
 */
export function wholeReadPaths(g: IrGuideline): Set<string> {
  const out = new Set<string>();
  const visit = (c: IrCond | null): void => {
    if (c === null) return;
    switch (c.op) {
      case 'and':
      case 'or':
        return c.operands.forEach(visit);
      case 'not':
        return visit(c.operand);
      case 'at_least':
        return c.items.forEach(visit);
      case 'documented':
      case 'present':
        if (c.read.kind === 'records' || c.read.kind === 'codes' || c.read.kind === 'count') out.add(c.read.requirement);
        return;
      case 'count':
        visit(c.records.where);
        return visit(c.where);
      case 'every':
        visit(c.records.where);
        visit(c.where);
        return visit(c.has);
      default:
        return;
    }
  };
  for (const s of g.scope) visit(s.when);
  for (const c of g.criteria) {
    visit(c.when);
    if (c.test.kind === 'require') visit(c.test.condition);
  }
  for (const r of [...g.recordCounts, ...g.totals.map((t) => t.records), ...g.recordDates.map((d) => d.records)]) visit(r.where);
  return out;
}

/** The schema node at a requirement path (`prior_treatments[].type`), if the schema has one. */
function nodeAt(root: Node, path: string): Node | undefined {
  let node: Node | undefined = root;
  for (const seg of path.split('.').flatMap((s) => (s.endsWith('[]') ? [s.slice(0, -2), '[]'] : [s]))) {
    if (node === undefined || seg === '') return undefined;
    if (seg === '[]') {
      const items: Data | undefined = node['items'];
      node = isNode(items) ? items : undefined;
    } else {
      const props: Data | undefined = node['properties'];
      const next: Data | undefined = isNode(props) && Object.prototype.hasOwnProperty.call(props, seg) ? props[seg] : undefined;
      node = isNode(next) ? next : undefined;
    }
  }
  return node;
}

const typesOf = (node: Node): string[] | null => {
  const t = node['type'];
  return t === undefined ? null : ([] as Data[]).concat(t).map(String);
};
const allows = (node: Node, type: string): boolean => {
  const types = typesOf(node);
  return types === null ? !Array.isArray(node['enum']) : types.includes(type) || (type === 'number' && types.includes('integer'));
};

/** Emits `g<gi>_check(c): CaseCheck` and the functions it calls; reports what it cannot compile through `error`. */
export function emitCaseCheck(w: CodeWriter, g: IrGuideline, gi: number, error: (message: string) => void): void {
  new CaseCheckEmitter(w, gi, g, error).emit();
}

class CaseCheckEmitter {
  private functions = 0;
  private locals = 0;
  private readonly queue: { readonly node: Node; readonly name: string; readonly whole: boolean; readonly many: boolean }[] = [];
  private readonly names = new Map<Node, Map<string, string>>();
  private readonly whole = new Set<Node>();
  private readonly constants: string[] = [];
  private readonly patterns = new Map<string, string>();

  constructor(
    private readonly w: CodeWriter,
    private readonly gi: number,
    private readonly g: IrGuideline,
    private readonly error: (message: string) => void,
  ) {
    for (const path of wholeReadPaths(g)) {
      const node = nodeAt(g.caseSchema, path);
      if (node !== undefined) this.whole.add(node);
    }
  }

  emit(): void {
    const w = this.w;
    const root = this.fn(this.g.caseSchema, false);
    const body = new Map<string, string[]>();
    // Each function is written to its own lines first: a function's body queues the functions it calls.
    while (this.queue.length > 0) {
      const { node, name, whole, many } = this.queue.shift()!;
      body.set(name, this.nodeFunction(node, name, whole, many));
    }
    w.line();
    for (const c of this.constants) w.line(c);
    for (const lines of body.values()) for (const l of lines) w.line(l);
    w.block(`function ${identifier(`g${this.gi}_check`)}(c: unknown): CaseCheck`, () => {
      w.line('const e = new CaseErrors();');
      w.block('try', () => w.line(`return caseChecked(e, ${root}(c, null, 0, e));`));
      w.block('catch', () => w.line(`return { ok: false, error: [{ path: "", message: "could not be read as JSON data" }] };`));
    });
  }

  /**
   * The function reading values of `node`; `whole`: inside a value shown whole (copied whole, every field kept);
   * `many`: an entry of a long list, or inside one (its fields listed by `for...in`, see `enumerates`).
   */
  private fn(node: Node, whole: boolean, many = false): string {
    const w = whole || this.whole.has(node) || this.isOpen(node);
    const m = many && this.enumerates(node);
    let names = this.names.get(node);
    if (names === undefined) this.names.set(node, (names = new Map()));
    const variant = `${w ? 'whole' : 'partial'}${m ? ' many' : ''}`;
    let name = names.get(variant);
    if (name === undefined) {
      name = identifier(`g${this.gi}_k`, this.functions++);
      names.set(variant, name);
      this.queue.push({ node, name, whole: w, many: m });
    }
    return name;
  }

  /**
   * Whether the function reading `node` lists the fields of an object itself (not through `parts`): the one that, for
   * the entries of a long list, has a variant listing them by `for...in` — such entries are most often built alike
   * (fast-mode objects, whose fields `for...in` lists and reads from V8's enum cache); a short list's entries, often
   * objects with deleted fields (dictionary mode, where `for...in` costs more than `Object.keys`), keep `keys`.
   */
  private enumerates(node: Node): boolean {
    return !this.isOpen(node) && (isNode(node['properties']) || Array.isArray(node['required']) || node['additionalProperties'] !== undefined);
  }

  private local(prefix: string): string {
    return identifier(prefix, this.locals++);
  }

  /**
   * `function kN(x, k, d, e)`: the value `x` read at key `k` of its container, depth `d`, checked; its parts read and
   * checked in the case's order; what the guideline reads of it (all of it when `whole`), or INVALID. Pointers are
   * spelled (`pointer(e, d, k)`) only for a field error.
   */
  private nodeFunction(node: Node, name: string, whole: boolean, many: boolean): string[] {
    const out: string[] = [];
    let depth = 0;
    const line = (s: string) => out.push('  '.repeat(depth) + s);
    const open = (s: string) => {
      line(`${s} {`);
      depth++;
    };
    const close = () => {
      depth--;
      line('}');
    };
    this.supported(node);
    open(`function ${name}(x: unknown, k: string | number | null, d: number, e: CaseErrors): unknown`);
    // Anything but a plain object whose prototype is Object.prototype or null is read by the `Object.keys` variant.
    if (many) line(`if (!plainIn(x)) return ${this.fn(node, whole)}(x, k, d, e);`);
    if (this.isOpen(node)) {
      // Nothing said of its parts: copied whole (held to the JSON rules), then its own checks.
      line('const v = rest(x, k, d, e);');
      line('if (v === INVALID) return v;');
      this.scalarChecks(node, 'v', 'pointer(e, d, k)', line, open, close);
      line('return v;');
      close();
      return out;
    }
    line('const v = value(x, k, d, e);');
    line('if (v === INVALID) return v;');
    this.scalarChecks(node, 'v', 'pointer(e, d, k)', line, open, close);
    line('if (typeof v !== "object" || v === null) return v;');
    const items = node['items'];
    open('if (Array.isArray(v))');
    if (isNode(items) || node['minItems'] !== undefined || node['maxItems'] !== undefined) {
      const n = typeof node['minItems'] === 'number' ? node['minItems'] : null;
      const m = typeof node['maxItems'] === 'number' ? node['maxItems'] : null;
      line('const n = listLength(v, k, d, e);');
      line('if (n < 0) return INVALID;');
      if (m !== null) line(`if (n > ${numberLiteral(m)}) invalid(pointer(e, d, k), ${stringLiteral(`must have at most ${m} entries`)}, e);`);
      if (n !== null) line(`if (n < ${numberLiteral(n)}) invalid(pointer(e, d, k), ${stringLiteral(`must have at least ${n} entries`)}, e);`);
      const item = isNode(items) ? this.fn(items, whole) : null;
      const itemMany = isNode(items) ? this.fn(items, whole, true) : null;
      line('const out: unknown[] = [];');
      if (item !== null && itemMany !== item) line('const m = n >= MANY;');
      open('for (let i = 0; i < n; i++)');
      line('const y = item(v, i, d, e);');
      const read = item === null ? 'rest(y, i, d + 1, e)' : itemMany !== item ? `m ? ${itemMany}(y, i, d + 1, e) : ${item}(y, i, d + 1, e)` : `${item}(y, i, d + 1, e)`;
      line(`const r = y === INVALID ? y : ${read};`);
      line('if (r !== INVALID) out.push(r);');
      close();
      line(whole ? 'return Object.freeze(out);' : 'return out;');
    } else {
      // A list where the schema describes none: its parts held to the JSON rules, copied.
      line('return parts(v, k, d, e);');
    }
    close();
    const props = isNode(node['properties']) ? node['properties'] : null;
    const requiredKeys = Array.isArray(node['required']) ? node['required'].map(String) : [];
    const extra = node['additionalProperties'];
    if (props === null && requiredKeys.length === 0 && extra === undefined) {
      line('return parts(v, k, d, e);');
      close();
      return out;
    }
    if (many) line('enter(v, k, d, e);');
    else {
      line('const ks = keys(v, k, d, e);');
      line('if (ks === null) return INVALID;');
    }
    const known = [...new Set([...(props === null ? [] : Object.keys(props)), ...requiredKeys])];
    // The copy has one shape whatever the case: every field the schema names is its own property from the start
    // (undefined while the case does not give it), so every copy of this object shares one hidden class and the
    // criteria's reads of it are monomorphic (built in the case's order, the copies of the seed cases took many
    // shapes). A value shown whole is an exact copy of the case's JSON, and `__proto__` is kept only as data (`keep`).
    const fixed = !whole && !known.includes('__proto__');
    line(
      fixed
        ? `const o: Record<string, unknown> = { ${known.map((key) => `${stringLiteral(key)}: undefined`).join(', ')} };`
        : 'const o: Record<string, unknown> = {};',
    );
    // The raw read of each field the schema names (undefined: not in the case), for `required` and `$data`.
    const read = new Map<string, string>();
    const dataOf = (key: string): string | null => {
      const child = props !== null && Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
      const min = isNode(child) ? child['minimum'] : undefined;
      return isNode(min) && typeof min['$data'] === 'string' ? min['$data'].slice(2) : null;
    };
    const limits = new Set(known.flatMap((k) => (dataOf(k) === null ? [] : [dataOf(k)!])));
    const needed = new Set([...requiredKeys, ...known.filter((k) => dataOf(k) !== null), ...limits]);
    // The checked value of each field another's `$data` names: the limit is compared and worded from JSON data (a
    // copy), never from the caller's value, whose conversion to text could throw.
    const checked = new Map<string, string>();
    for (const key of known) {
      if (!needed.has(key)) continue;
      const a = this.local('a');
      read.set(key, a);
      line(`let ${a}: unknown;`);
      if (limits.has(key)) {
        const b = this.local('b');
        checked.set(key, b);
        line(`let ${b}: unknown;`);
      }
    }
    const deferred: string[] = [];
    if (many) {
      // Own keys only, in Object.keys order (plainIn: no Proxy among its prototypes); a listing that throws is the
      // object's field error, as Object.keys throwing is.
      open('try');
      open('for (const key in v)');
      line('if (!hasOwn.call(v, key)) continue;');
    } else {
      open('for (let j = 0; j < ks.length; j++)');
      line('const key = ks[j]!;');
    }
    line('const y = field(v, key, d, e);');
    let first = true;
    for (const key of known) {
      const a = read.get(key);
      const q = `pointer(e, d + 1, ${stringLiteral(key)})`;
      open(`${first ? 'if' : 'else if'} (key === ${stringLiteral(key)})`);
      first = false;
      if (a !== undefined) line(`${a} = y;`);
      const child = props !== null && Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
      open('if (y !== INVALID && y !== null)');
      const r = this.local('r');
      if (!isNode(child)) {
        // Required but not described: any JSON value.
        line(`const ${r} = rest(y, ${stringLiteral(key)}, d + 1, e);`);
      } else if (this.isComposite(child)) {
        line(`const ${r} = ${this.fn(child, whole, many)}(y, ${stringLiteral(key)}, d + 1, e);`);
      } else {
        this.supported(child);
        line(`const ${r} = rest(y, ${stringLiteral(key)}, d + 1, e);`);
        open(`if (${r} !== INVALID)`);
        this.scalarChecks(child, r, q, line, open, close, a === undefined ? null : { reads: checked, self: a, deferred });
        close();
      }
      if (checked.has(key)) line(`if (${r} !== INVALID) ${checked.get(key)!} = ${r};`);
      line(`if (${r} !== INVALID && ${r} !== null) ${key === '__proto__' ? `keep(o, ${stringLiteral(key)}, ${r})` : `o[${stringLiteral(key)}] = ${r}`};`);
      close();
      close();
    }
    open(first ? '' : 'else');
    open('if (y !== INVALID && y !== null)');
    if (extra === false) {
      line(`if (json(y, key, d + 1, e${many ? ', true' : ''})) invalid(pointer(e, d + 1, key), "is not a field this guideline accepts", e);`);
    } else if (isNode(extra)) {
      line(`const r = ${this.fn(extra, whole, many)}(y, key, d + 1, e);`);
      line('if (r !== INVALID && r !== null) put(o, key, r);');
    } else if (extra === undefined || extra === true) {
      // A field the schema does not name: held to the JSON rules; kept only inside a value shown whole.
      if (whole) {
        line('const r = rest(y, key, d + 1, e);');
        line('if (r !== INVALID && r !== null) put(o, key, r);');
      } else line(`json(y, key, d + 1, e${many ? ', true' : ''});`);
    } else {
      this.error('the case schema has an additionalProperties that is neither false nor a schema');
    }
    close();
    close();
    close();
    if (many) {
      close();
      open('catch');
      line('return jsonError(e, d, k, "could not be read");');
      close();
    }
    for (const key of requiredKeys) {
      const a = read.get(key)!;
      line(`if (${a} === undefined || ${a} === null) required(pointer(e, d + 1, ${stringLiteral(key)}), e);`);
    }
    for (const l of deferred) line(l);
    line(whole ? 'return Object.freeze(o);' : 'return o;');
    close();
    return out;
  }

  /** Needs a function of its own: it holds entries or fields, or is kept whole. */
  private isComposite(node: Node): boolean {
    return (
      this.whole.has(node) ||
      this.isOpen(node) ||
      node['items'] !== undefined ||
      node['properties'] !== undefined ||
      node['required'] !== undefined ||
      node['additionalProperties'] !== undefined ||
      node['minItems'] !== undefined ||
      node['maxItems'] !== undefined
    );
  }

  /** Every keyword of `node` is one compiled case reading supports (else a compile error naming it). */
  private supported(node: Node): void {
    for (const key of Object.keys(node)) if (!SUPPORTED.has(key)) this.error(`the case schema uses "${key}", which compiled case reading does not support`);
  }

  /** Accepts a list or an object and says nothing of its parts: such a value is copied whole. */
  private isOpen(node: Node): boolean {
    return (allows(node, 'array') || allows(node, 'object')) && !STRUCTURE.some((k) => node[k] !== undefined);
  }

  /**
   * The checks on one value `v` (already JSON data, not INVALID) in ajv's order: type, enum, then the number and text
   * keywords for a value of that type. `fields`: when `v` is a field of an object being read, for `$data`.
   */
  private scalarChecks(
    node: Node,
    v: string,
    p: string,
    line: (s: string) => void,
    open: (s: string) => void,
    close: () => void,
    fields: Fields | null = null,
  ): void {
    const types = typesOf(node);
    if (types !== null) {
      const test = types.map((t) => typeTest(t, v, this)).join(' || ');
      const words = types.filter((t) => t !== 'null').map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      line(`if (!(${test || 'false'})) mustBe(${p}, ${stringLiteral(words)}, ${v}, e);`);
    }
    const values = node['enum'];
    if (Array.isArray(values)) {
      const test = values.length === 0 ? 'false' : values.map((x) => `${v} === ${x === null ? 'null' : typeof x === 'number' ? numberLiteral(x) : typeof x === 'string' ? stringLiteral(x) : this.unsupported('an enum value that is not text, a number or null')}`).join(' || ');
      const allowed = values.filter((x) => x !== null).map((x) => JSON.stringify(x)).join(', ');
      line(`if (!(${test})) oneOf(${p}, ${stringLiteral(allowed)}, ${v}, e);`);
    }
    const max = node['maximum'];
    const min = node['minimum'];
    if (max !== undefined || min !== undefined) {
      open(`if (typeof ${v} === "number")`);
      if (typeof max === 'number') line(`if (${v} > ${numberLiteral(max)}) invalid(${p}, ${stringLiteral(`must be at most ${max}`)}, e);`);
      else if (max !== undefined) this.unsupported('a maximum that is not a number');
      if (typeof min === 'number') line(`if (${v} < ${numberLiteral(min)}) invalid(${p}, ${stringLiteral(`must be at least ${min}`)}, e);`);
      else if (isNode(min) && typeof min['$data'] === 'string' && /^1\/[^/~]+$/.test(min['$data']) && fields !== null && fields.reads.has(min['$data'].slice(2))) {
        // `{ "$data": "1/min" }`: at least the enclosing object's `min`, when it states one (ajv: a limit that is not a
        // number fails too). Checked once every field is read: the case may list `max` before `min`.
        const m = fields.reads.get(min['$data'].slice(2))!;
        const self = fields.self;
        fields.deferred.push(
          `if (typeof ${self} === "number" && ${m} !== undefined && ${m} !== null && (typeof ${m} !== "number" || ${self} < ${m})) invalid(${p}, "must not be less than min (" + String(${m}) + ")", e);`,
        );
      } else if (min !== undefined) this.unsupported('a minimum that is neither a number nor { "$data": "1/<field>" } of a field beside it');
      close();
    }
    const minLength = node['minLength'];
    const maxLength = node['maxLength'];
    const pattern = node['pattern'];
    const format = node['format'];
    if (minLength !== undefined || maxLength !== undefined || pattern !== undefined || format !== undefined) {
      open(`if (typeof ${v} === "string")`);
      // Code points are never more than UTF-16 units, and at least one where there is one: the count is made only
      // when the length cannot answer.
      if (typeof maxLength === 'number') line(`if (${v}.length > ${numberLiteral(maxLength)} && textLength(${v}) > ${numberLiteral(maxLength)}) invalid(${p}, ${stringLiteral(`must be at most ${maxLength} characters long`)}, e);`);
      if (typeof minLength === 'number') {
        const test = minLength <= 1 ? `${v}.length < ${numberLiteral(minLength)}` : `(${v}.length < ${numberLiteral(minLength)} || textLength(${v}) < ${numberLiteral(minLength)})`;
        line(`if (${test}) invalid(${p}, ${stringLiteral(minLength === 1 ? 'must not be empty' : `must be at least ${minLength} characters long`)}, e);`);
      }
      if (typeof pattern === 'string') {
        let ok = true;
        try {
          new RegExp(pattern, 'u');
        } catch {
          ok = false;
          this.error(`the case schema has a pattern that is not a regular expression: ${pattern}`);
        }
        if (ok) {
          // One constant per pattern: a node read by two variants (see `fn`) tests the same one.
          let re = this.patterns.get(pattern);
          if (re === undefined) {
            re = identifier(`g${this.gi}_re`, this.constants.length);
            this.patterns.set(pattern, re);
            this.constants.push(`const ${re} = matcher(new RegExp(${stringLiteral(pattern)}, "u"));`);
          }
          const description = typeof node['description'] === 'string' ? ` (${node['description']})` : '';
          line(`if (!${re}(${v})) invalid(${p}, ${stringLiteral(`is not in the expected form${description}`)}, e);`);
        }
      }
      if (format === 'date') line(`if (!isIsoDate(${v})) invalid(${p}, "must be a date written YYYY-MM-DD", e);`);
      else if (format !== undefined) this.unsupported(`the format ${JSON.stringify(format)}`);
      close();
    }
  }

  unsupported(what: string): string {
    this.error(`the case schema uses ${what}, which compiled case reading does not support`);
    return 'false';
  }
}

/** The fields of the object being read: the checked value of each `$data` limit, the current one's raw read, and checks to run after. */
interface Fields {
  readonly reads: ReadonlyMap<string, string>;
  readonly self: string;
  readonly deferred: string[];
}

function typeTest(t: string, v: string, emitter: CaseCheckEmitter): string {
  switch (t) {
    case 'string':
    case 'boolean':
    case 'number':
      return `typeof ${v} === "${t}"`;
    case 'integer':
      return `Number.isInteger(${v})`;
    case 'null':
      return `${v} === null`;
    case 'array':
      return `Array.isArray(${v})`;
    case 'object':
      return `(typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v}))`;
    default:
      return emitter.unsupported(`the type ${JSON.stringify(t)}`);
  }
}

/**
 * What compiled case reading cannot do with a guideline's schema (keywords it does not support), reported by lowering
 * as compile errors so emit never meets them.
 */
export function caseReadingProblems(g: IrGuideline): string[] {
  const problems: string[] = [];
  new CaseCheckEmitter(new CodeWriter(), 0, g, (m) => problems.push(m)).emit();
  return [...new Set(problems)];
}
