/**
 * A guideline's case schema → compiled case reading: one function that reads every path the schema names from the
 * caller's object once (own properties only, each read guarded), checks it as strictly as the schema says (the same
 * field errors, in the same order and words, as the ajv validator of runtime/validate-case.ts), and returns a fresh
 * plain object holding only what it read: the data the guideline's criteria evaluate. Nothing else of the caller's
 * object is touched, so a case costs what the guideline reads, not what the caller sent.
 *
 * The schema is the one lower-schema.ts builds (the guideline's facts combined with runtime/case-file.schema.json
 * along the paths it reads). Compiled code supports the keywords those schemas use; any other keyword is a compile
 * error, never a check silently left out. Schema text reaches the module only through literal.ts.
 */
import type { IrCond, IrGuideline } from './ir.js';
import { CodeWriter } from './code-writer.js';
import { identifier, numberLiteral, stringLiteral, type Data } from './literal.js';
import { TYPE_WORDS } from '../runtime/case-reader.js';
import { pointerEscape } from '../runtime/pointer.js';

/** What the emitted module imports from runtime/case-reader.ts. */
export const CASE_READER_NAMES = [
  'CaseErrors',
  'INVALID',
  'caseChecked',
  'entry',
  'invalid',
  'isIsoDate',
  'json',
  'keep',
  'listLength',
  'mustBe',
  'oneOf',
  'otherKeys',
  'own',
  'pointerEscape',
  'required',
  'textLength',
  'whole',
] as const;

type Node = { readonly [key: string]: Data };

const isNode = (v: Data | undefined): v is Node => v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);

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
  private readonly queue: { readonly node: Node; readonly name: string }[] = [];
  private readonly names = new Map<Node, string>();
  private readonly whole = new Set<Node>();
  private readonly constants: string[] = [];

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
    const root = this.fn(this.g.caseSchema);
    const body = new Map<string, string[]>();
    // Each function is written to its own lines first: a function's body queues the functions it calls.
    while (this.queue.length > 0) {
      const { node, name } = this.queue.shift()!;
      body.set(name, this.nodeFunction(node, name));
    }
    w.line();
    for (const c of this.constants) w.line(c);
    for (const lines of body.values()) for (const l of lines) w.line(l);
    w.block(`function ${identifier(`g${this.gi}_check`)}(c: unknown): CaseCheck`, () => {
      w.line('const e = new CaseErrors();');
      w.block('try', () => w.line(`return caseChecked(e, ${root}(c, "", e));`));
      w.block('catch', () => w.line(`return { ok: false, error: [{ path: "", message: "could not be read as JSON data" }] };`));
    });
  }

  private fn(node: Node): string {
    let name = this.names.get(node);
    if (name === undefined) {
      name = identifier(`g${this.gi}_k`, this.functions++);
      this.names.set(node, name);
      this.queue.push({ node, name });
    }
    return name;
  }

  private local(prefix: string): string {
    return identifier(prefix, this.locals++);
  }

  /** `function kN(x, p, e)`: the checked value read from `x` (at pointer `p`), or INVALID. */
  private nodeFunction(node: Node, name: string): string[] {
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
    for (const key of Object.keys(node)) if (!SUPPORTED.has(key)) this.error(`the case schema uses "${key}", which compiled case reading does not support`);
    const keepWhole = this.whole.has(node) || this.isOpen(node);
    open(`function ${name}(x: unknown, p: string, e: CaseErrors): unknown`);
    line(`const v = ${keepWhole ? 'whole(json(x, p, e), p, e)' : 'json(x, p, e)'};`);
    line('if (v === INVALID) return v;');
    this.scalarChecks(node, 'v', 'p', null, line, open, close);
    const items = node['items'];
    if (isNode(items) || node['minItems'] !== undefined || node['maxItems'] !== undefined) {
      open('if (Array.isArray(v))');
      const n = typeof node['minItems'] === 'number' ? node['minItems'] : null;
      const m = typeof node['maxItems'] === 'number' ? node['maxItems'] : null;
      line('const n = listLength(v, p, e);');
      line('if (n < 0) return INVALID;');
      if (m !== null) line(`if (n > ${numberLiteral(m)}) invalid(p, ${stringLiteral(`must have at most ${m} entries`)}, e);`);
      if (n !== null) line(`if (n < ${numberLiteral(n)}) invalid(p, ${stringLiteral(`must have at least ${n} entries`)}, e);`);
      if (isNode(items)) {
        const item = this.fn(items);
        line('const out: unknown[] = [];');
        open('for (let i = 0; i < n; i++)');
        line('const q = p + "/" + i;');
        line(`const r = ${item}(entry(v, i, q, e), q, e);`);
        line('if (r !== INVALID) out.push(r);');
        close();
        line(keepWhole ? 'return v;' : 'return out;');
      } else {
        line(keepWhole ? 'return v;' : 'return v.slice();');
      }
      close();
    }
    const props = isNode(node['properties']) ? node['properties'] : null;
    const requiredKeys = Array.isArray(node['required']) ? node['required'].map(String) : [];
    const extra = node['additionalProperties'];
    if (props !== null || requiredKeys.length > 0 || extra !== undefined) {
      open('if (typeof v === "object" && v !== null && !Array.isArray(v))');
      line('const o: Record<string, unknown> = {};');
      const keys = [...new Set([...(props === null ? [] : Object.keys(props)), ...requiredKeys])];
      const read = new Map<string, string>();
      for (const key of keys) {
        const a = this.local('a');
        read.set(key, a);
        line(`const ${a} = own(v, ${stringLiteral(key)}, p + ${stringLiteral('/' + pointerEscape(key))}, e);`);
      }
      for (const key of requiredKeys) {
        const a = read.get(key)!;
        line(`if (${a} === undefined || ${a} === null) required(p + ${stringLiteral('/' + pointerEscape(key))}, e);`);
      }
      if (extra !== undefined && extra !== true) {
        const known = this.local('known');
        this.constants.push(`const ${identifier(`g${this.gi}_${known}`)}: ReadonlySet<string> = new Set([${keys.map(stringLiteral).join(', ')}]);`);
        const k = this.local('k');
        open(`for (const ${k} of otherKeys(v, ${identifier(`g${this.gi}_${known}`)}, p, e) ?? [])`);
        line(`const q = p + "/" + pointerEscape(${k});`);
        line(`const x2 = json(own(v, ${k}, q, e), q, e);`);
        if (extra === false) {
          line(`if (x2 !== INVALID && x2 !== null) invalid(q, "is not a field this guideline accepts", e);`);
        } else if (isNode(extra)) {
          line(`const r = x2 === INVALID || x2 === null ? INVALID : ${this.fn(extra)}(x2, q, e);`);
          line(`if (r !== INVALID) keep(o, ${k}, r);`);
        } else {
          this.error('the case schema has an additionalProperties that is neither false nor a schema');
        }
        close();
      }
      for (const key of props === null ? [] : Object.keys(props)) {
        const child = props![key];
        if (!isNode(child)) continue;
        const a = read.get(key)!;
        const q = `p + ${stringLiteral('/' + pointerEscape(key))}`;
        open(`if (${a} !== undefined && ${a} !== null && ${a} !== INVALID)`);
        const r = this.local('r');
        if (this.isComposite(child)) {
          line(`const ${r} = ${this.fn(child)}(${a}, ${q}, e);`);
        } else {
          for (const k of Object.keys(child)) if (!SUPPORTED.has(k)) this.error(`the case schema uses "${k}", which compiled case reading does not support`);
          line(`const ${r} = json(${a}, ${q}, e);`);
          open(`if (${r} !== INVALID)`);
          this.scalarChecks(child, r, q, read, line, open, close);
          close();
        }
        // `__proto__` is kept as data (defined); every other key is assigned.
        line(key === '__proto__' ? `if (${r} !== INVALID) keep(o, ${stringLiteral(key)}, ${r});` : `if (${r} !== INVALID) o[${stringLiteral(key)}] = ${r};`);
        close();
      }
      line(keepWhole ? 'return v;' : 'return o;');
      close();
    }
    line('return v;');
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

  /** Says nothing of the parts of a list or an object it accepts: such a value is copied whole. */
  private isOpen(node: Node): boolean {
    const list = allows(node, 'array') && node['items'] === undefined;
    const object = allows(node, 'object') && node['properties'] === undefined && node['additionalProperties'] === undefined && node['required'] === undefined;
    return list || object;
  }

  /**
   * The checks on one value `v` (already JSON data, not INVALID) in ajv's order: type, enum, then the number and text
   * keywords for a value of that type. `siblings`: the raw reads of the enclosing object's fields, for `$data`.
   */
  private scalarChecks(
    node: Node,
    v: string,
    p: string,
    siblings: ReadonlyMap<string, string> | null,
    line: (s: string) => void,
    open: (s: string) => void,
    close: () => void,
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
      else if (isNode(min) && typeof min['$data'] === 'string' && /^1\/[^/~]+$/.test(min['$data']) && siblings !== null && siblings.has(min['$data'].slice(2))) {
        // `{ "$data": "1/min" }`: at least the enclosing object's `min`, when it states one (ajv: a limit that is not a
        // number fails too).
        const m = this.local('m');
        line(`const ${m} = ${siblings.get(min['$data'].slice(2))!};`);
        line(`if (${m} !== undefined && ${m} !== null && ${m} !== INVALID && (typeof ${m} !== "number" || ${v} < ${m})) invalid(${p}, "must not be less than min (" + String(${m}) + ")", e);`);
      } else if (min !== undefined) this.unsupported('a minimum that is neither a number nor { "$data": "1/<field>" } of a field beside it');
      close();
    }
    const minLength = node['minLength'];
    const maxLength = node['maxLength'];
    const pattern = node['pattern'];
    const format = node['format'];
    if (minLength !== undefined || maxLength !== undefined || pattern !== undefined || format !== undefined) {
      open(`if (typeof ${v} === "string")`);
      if (typeof maxLength === 'number') line(`if (textLength(${v}) > ${numberLiteral(maxLength)}) invalid(${p}, ${stringLiteral(`must be at most ${maxLength} characters long`)}, e);`);
      if (typeof minLength === 'number') {
        line(`if (textLength(${v}) < ${numberLiteral(minLength)}) invalid(${p}, ${stringLiteral(minLength === 1 ? 'must not be empty' : `must be at least ${minLength} characters long`)}, e);`);
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
          const re = identifier(`g${this.gi}_re`, this.constants.length);
          this.constants.push(`const ${re} = new RegExp(${stringLiteral(pattern)}, "u");`);
          const description = typeof node['description'] === 'string' ? ` (${node['description']})` : '';
          line(`if (!${re}.test(${v})) invalid(${p}, ${stringLiteral(`is not in the expected form${description}`)}, e);`);
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
