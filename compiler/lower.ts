/**
 * Checked model → evaluation plan (ir.ts). Resolves every fact, field and value set a criterion names,
 * builds each guideline's metadata, case-data JSON Schema and data requirements.
 *
 * The model is checked, so an unresolved name here is a compiler bug; it is still reported as an error
 * value (never thrown) so a caller gets a message instead of a crash.
 */
import type { CheckedFact, CheckedGuideline, Cond, Model, RecordDate, Template } from '../language/model.js';
import { canHoldRange } from '../language/numbers.js';
import type { DataRequirement, GuidelineMeta } from '../runtime/contract.js';
import { readPathsSchema } from '../runtime/case-file-paths.js';
import { caseReadingProblems } from './emit-validation.js';
import { strictest } from './strict-schema.js';
import type {
  IrCond,
  IrCriterion,
  IrDate,
  IrElapsed,
  IrGuideline,
  IrNumber,
  IrProgram,
  IrRead,
  IrRecordDate,
  IrRecords,
  IrScope,
  IrTemplate,
  IrTemplatePart,
  IrTest,
  IrTotal,
  IrValueSet,
} from './ir.js';
import type { Data } from './literal.js';

export interface CompileError {
  /** The guideline (or `''` for the whole compilation) and criterion the error concerns, if any. */
  readonly guideline: string;
  readonly criterion: string | null;
  readonly message: string;
}

export interface LowerResult {
  readonly value: IrProgram;
  readonly errors: readonly CompileError[];
}

export function lower(model: Model): LowerResult {
  const errors: CompileError[] = [];
  const guidelines = model.guidelines.map((g) => lowerGuideline(g, errors));
  return { value: { guidelines }, errors };
}

/** Where a condition is evaluated: the records fact whose fields `record` references name, if any. */
interface Scope {
  readonly records: CheckedFact | null;
}

const TOP: Scope = { records: null };

class GuidelineLowering {
  private readonly facts = new Map<string, CheckedFact>();
  private readonly valueSetIndex = new Map<string, number>();
  criterion: string | null = null;
  /** Value sets made for `codes is "X"` conditions, indexed after the guideline's own. */
  readonly extraValueSets: IrValueSet[] = [];
  /** Records facts whose count a reason shows, and their ids (same order). */
  readonly recordCounts: IrRecords[] = [];
  private readonly recordCountIds: string[] = [];
  /** Total facts read by a comparison or a reason, and their ids (same order). */
  readonly totals: IrTotal[] = [];
  private readonly totalIds: string[] = [];
  /** `latest` / `earliest` record dates read by an elapsed time, and their keys (same order). */
  readonly recordDates: IrRecordDate[] = [];
  private readonly recordDateKeys: string[] = [];

  constructor(
    readonly g: CheckedGuideline,
    private readonly errors: CompileError[],
  ) {
    for (const f of g.facts) this.facts.set(f.id, f);
    g.valueSets.forEach((vs, i) => this.valueSetIndex.set(vs.id, i));
  }

  error(message: string): void {
    this.errors.push({ guideline: this.g.id, criterion: this.criterion, message });
  }

  fact(id: string): CheckedFact | null {
    const f = this.facts.get(id);
    if (f === undefined) this.error(`unknown fact "${id}"`);
    return f ?? null;
  }

  valueSet(id: string): number {
    const i = this.valueSetIndex.get(id);
    if (i === undefined) {
      this.error(`unknown value set "${id}"`);
      return 0;
    }
    return i;
  }

  caseRead(f: CheckedFact): IrRead {
    const dotted = f.path.join('.');
    return { scope: 'case', kind: f.kind, path: f.path, dotted, requirement: dotted };
  }

  fieldRead(records: CheckedFact, field: CheckedFact): IrRead {
    const dotted = field.path.join('.');
    return { scope: 'record', kind: field.kind, path: field.path, dotted, requirement: `${records.path.join('.')}[].${dotted}` };
  }

  ref(ref: { readonly scope: 'case' | 'record'; readonly id: string }, scope: Scope): IrRead | null {
    if (ref.scope === 'case') {
      const f = this.fact(ref.id);
      return f === null ? null : this.caseRead(f);
    }
    const records = scope.records;
    const field = records?.fields.find((x) => x.id === ref.id);
    if (records === null || field === undefined) {
      this.error(`"${ref.id}" is not a field of the records being examined`);
      return null;
    }
    return this.fieldRead(records, field);
  }

  /** The index of a total fact's summing function, made on first use. */
  total(f: CheckedFact): number | null {
    const known = this.totalIds.indexOf(f.id);
    if (known >= 0) return known;
    if (f.total === null) {
      this.error(`fact "${f.id}" is not a total`);
      return null;
    }
    const records = this.records(f.total.records);
    const recordsFact = this.facts.get(f.total.records);
    const field = recordsFact?.fields.find((x) => x.id === f.total?.field);
    if (records === null || recordsFact === undefined || field === undefined) {
      this.error(`the total "${f.id}" adds up an unknown field`);
      return null;
    }
    this.totalIds.push(f.id);
    return this.totals.push({ records, field: this.fieldRead(recordsFact, field) }) - 1;
  }

  /** A number a comparison adds: a total by index, anything else as a read. */
  term(ref: { readonly scope: 'case' | 'record'; readonly id: string }, scope: Scope): IrNumber | null {
    const f = ref.scope === 'case' ? this.facts.get(ref.id) : scope.records?.fields.find((x) => x.id === ref.id);
    if (f?.kind === 'total' && ref.scope === 'case') {
      const index = this.total(f);
      return index === null ? null : { kind: 'total', index };
    }
    if (f?.kind === 'elapsed') return this.elapsed(f, ref.scope === 'record' ? scope.records : null);
    const read = this.ref(ref, scope);
    // Only the listed request numbers may be a range `{ min, max }`; everything else is read as one number.
    const range = ref.scope === 'case' && f?.kind === 'number' && canHoldRange(f.path);
    return read === null ? null : { kind: 'read', read, range };
  }

  /** An elapsed-time fact: its two dates, read from the case or from the record being examined. */
  elapsed(f: CheckedFact, records: CheckedFact | null): IrElapsed | null {
    const unit = f.unit;
    if (f.to === null || (unit !== 'hours' && unit !== 'days' && unit !== 'weeks' && unit !== 'months' && unit !== 'years')) {
      this.error(`"${f.id}" is not a time between two dates`);
      return null;
    }
    const date = (path: readonly string[], pick: RecordDate | null): IrDate | null => {
      if (pick !== null) {
        const index = this.recordDate(pick);
        return index === null ? null : { kind: 'record_date', index };
      }
      const d: CheckedFact = { ...f, kind: 'date', path, to: null, fromPick: null, toPick: null };
      return { kind: 'read', read: records === null ? this.caseRead(d) : this.fieldRead(records, d) };
    };
    const from = date(f.path, f.fromPick);
    const to = date(f.to, f.toPick);
    return from === null || to === null ? null : { kind: 'elapsed', from, to, unit };
  }

  /** The index of a `latest` / `earliest <records>.<field>` picking function, made on first use. */
  recordDate(pick: RecordDate): number | null {
    const key = `${pick.pick} ${pick.records}.${pick.field}`;
    const known = this.recordDateKeys.indexOf(key);
    if (known >= 0) return known;
    const records = this.records(pick.records);
    const field = this.facts.get(pick.records)?.fields.find((x) => x.id === pick.field);
    if (records === null || field === undefined || field.kind !== 'date') {
      this.error(`"${pick.records}.${pick.field}" is not a date field of records`);
      return null;
    }
    this.recordDateKeys.push(key);
    return this.recordDates.push({ records, field: this.fieldRead(this.facts.get(pick.records)!, field), pick: pick.pick }) - 1;
  }

  records(id: string): IrRecords | null {
    const f = this.fact(id);
    if (f === null) return null;
    if (f.kind !== 'records') {
      this.error(`fact "${id}" is not a records fact`);
      return null;
    }
    const where = f.where === null ? null : this.cond(f.where, { records: f });
    return { list: this.caseRead(f), where };
  }

  /** Lowers a condition; on an unresolved name reports an error and yields a constant placeholder. */
  cond(c: Cond, scope: Scope): IrCond {
    const bad: IrCond = { op: 'and', operands: [] };
    switch (c.kind) {
      case 'and':
      case 'or':
        return { op: c.kind, operands: c.operands.map((o) => this.cond(o, scope)) };
      case 'not':
        return { op: 'not', operand: this.cond(c.operand, scope) };
      case 'at_least':
        return { op: 'at_least', count: c.count, items: c.items.map((o) => this.cond(o, scope)) };
      case 'documented':
      case 'present': {
        const read = this.ref(c.fact, scope);
        return read === null ? bad : { op: c.kind, read };
      }
      case 'in_value_set': {
        const read = this.ref(c.fact, scope);
        return read === null ? bad : { op: 'in_value_set', read, valueSet: this.valueSet(c.valueSet) };
      }
      case 'compare': {
        const terms = [c.fact, ...c.plus].map((ref) => this.term(ref, scope));
        if (terms.some((t) => t === null)) return bad;
        const value: IrCond = { op: 'compare', terms: terms as IrNumber[], ends: c.ends, operator: c.operator, value: c.value };
        if (c.duration === null) return value;
        const dread = this.ref(c.duration.fact, scope);
        if (dread === null) return bad;
        return {
          op: 'and',
          operands: [
            value,
            { op: 'compare', terms: [{ kind: 'read', read: dread, range: false }], ends: [null], operator: c.duration.operator, value: c.duration.value },
          ],
        };
      }
      case 'is': {
        const read = this.ref(c.fact, scope);
        if (read === null) return bad;
        if (read.kind !== 'codes') return { op: 'is', read, values: c.values, negated: c.negated };
        // A codes list "is" a code when any entry has it: a one-off value set of exact codes.
        const codes = sortedUnique(c.values.map((v) => normaliseCode(String(v))));
        const valueSet = this.g.valueSets.length + this.extraValueSets.length;
        this.extraValueSets.push({ id: `is ${codes.join(' ')}`, codes, prefixes: [] });
        const test: IrCond = { op: 'in_value_set', read, valueSet };
        return c.negated ? { op: 'not', operand: test } : test;
      }
      case 'count': {
        const records = this.records(c.records);
        if (records === null) return bad;
        const inner: Scope = { records: this.facts.get(c.records)! };
        return {
          op: 'count',
          records,
          where: c.where === null ? null : this.cond(c.where, inner),
          operator: c.operator,
          count: c.count,
          countingThisRequest: c.countingThisRequest,
        };
      }
      case 'every': {
        const records = this.records(c.records);
        if (records === null) return bad;
        const inner: Scope = { records: this.facts.get(c.records)! };
        return {
          op: 'every',
          records,
          where: c.where === null ? null : this.cond(c.where, inner),
          has: this.cond(c.has, inner),
        };
      }
    }
  }

  template(t: Template): IrTemplate {
    const out: IrTemplate[number][] = [];
    for (const p of t.parts) {
      if (p.kind === 'text') out.push({ kind: 'text', text: p.text });
      else if (p.kind === 'matched') out.push({ kind: 'matched' });
      else {
        const f = this.fact(p.fact);
        if (f === null) continue;
        if (f.kind === 'records') {
          let index = this.recordCountIds.indexOf(f.id);
          if (index < 0) {
            const records = this.records(f.id);
            if (records === null) continue;
            index = this.recordCounts.push(records) - 1;
            this.recordCountIds.push(f.id);
          }
          out.push({ kind: 'records', index });
        } else if (f.kind === 'total') {
          const index = this.total(f);
          if (index !== null) out.push({ kind: 'total', index });
        } else if (f.kind === 'elapsed') {
          const elapsed = this.elapsed(f, null);
          if (elapsed !== null) out.push({ kind: 'elapsed', elapsed });
        } else {
          out.push({ kind: 'value', read: this.caseRead(f) });
        }
      }
    }
    return out;
  }

  test(c: CheckedGuideline['criteria'][number]): IrTest {
    const t = c.test;
    if (t.kind === 'require') return { kind: 'require', condition: this.cond(t.condition, TOP) };
    if (t.kind === 'judgement') return { kind: 'judgement' };
    const codes: { read: IrRead; valueSets: number[] }[] = [];
    const documented: { read: IrRead; label: string }[] = [];
    for (const x of t.conditions) {
      if (x.kind === 'value_set') {
        const f = this.fact(x.codesFact);
        if (f === null) continue;
        const vs = this.valueSet(x.valueSet);
        const group = codes.find((g) => g.read.dotted === f.path.join('.'));
        if (group === undefined) codes.push({ read: this.caseRead(f), valueSets: [vs] });
        else if (!group.valueSets.includes(vs)) group.valueSets.push(vs);
      } else {
        const f = this.fact(x.fact);
        if (f !== null) documented.push({ read: this.caseRead(f), label: f.label });
      }
    }
    return { kind: 'exclude', codes, documented };
  }
}

function lowerGuideline(g: CheckedGuideline, errors: CompileError[]): IrGuideline {
  const l = new GuidelineLowering(g, errors);
  const criteria: IrCriterion[] = g.criteria.map((c) => {
    l.criterion = c.id;
    const reason = l.template(c.test.kind === 'judgement' ? c.test.question : c.reason);
    const lowered: IrCriterion = {
      id: c.id,
      citations: c.citations,
      when: c.when === null ? null : l.cond(c.when, TOP),
      test: l.test(c),
      reason,
      missingReason: c.missingReason === null ? notDocumentedText(g, c.description) : l.template(c.missingReason),
      description: c.description === null ? reason : [{ kind: 'text', text: c.description }],
      ifNotStated:
        c.ifNotStated === null
          ? null
          : c.ifNotStated.counts === 'met'
            ? { counts: 'met', note: l.template(c.ifNotStated.note) }
            : { counts: 'not_applicable' },
    };
    l.criterion = null;
    return lowered;
  });
  const scope: IrScope[] = g.scope.map((s) => {
    const reason = l.template(s.reason);
    return {
      when: l.cond(s.condition, TOP),
      citations: s.citations,
      reason,
      missingReason: s.missingReason === null ? reason : l.template(s.missingReason),
    };
  });
  const valueSets: IrValueSet[] = [
    ...g.valueSets.map((vs) => ({
      id: vs.id,
      codes: sortedUnique(vs.codes.map(normaliseCode)),
      prefixes: sortedUnique(vs.prefixes.map(normaliseCode)),
    })),
    ...l.extraValueSets,
  ];
  for (const s of g.scope) {
    for (const id of s.citations) {
      if (!g.sources.some((x) => x.id === id)) errors.push({ guideline: g.id, criterion: null, message: `unknown source "${id}"` });
    }
  }
  for (const c of g.criteria) {
    for (const id of c.citations) {
      if (!g.sources.some((s) => s.id === id)) errors.push({ guideline: g.id, criterion: c.id, message: `unknown source "${id}"` });
    }
  }
  const lowered: IrGuideline = {
    id: g.id,
    meta: meta(g),
    caseSchema: strictest(
      caseSchema(g, (message) => errors.push({ guideline: g.id, criterion: null, message })),
      readPathsSchema(requirements(g)) as JsonObject,
    ) as JsonObject,
    requirements: requirements(g),
    valueSets,
    criteria,
    scope,
    recordCounts: l.recordCounts,
    totals: l.totals,
    recordDates: l.recordDates,
  };
  for (const message of caseReadingProblems(lowered)) errors.push({ guideline: g.id, criterion: null, message });
  return lowered;
}

/**
 * What a criterion without a `missing` line says when it is not documented: generic words around the guideline's
 * own labels (the facts not stated) and its statement of the criterion; never its not-met reason, which would tell
 * the provider that something was found lacking when it was only not stated.
 */
function notDocumentedText(g: CheckedGuideline, description: string | null): IrTemplate {
  const labels = requirements(g).map((r): [string, string] => [r.path, r.label.replace(/: (from|to) this date$/, '')]);
  const parts: IrTemplatePart[] = [{ kind: 'text', text: 'Not stated in the documentation submitted: ' }, { kind: 'not_stated', labels }];
  parts.push({ kind: 'text', text: description === null ? '.' : `. Needed for the criterion: ${description}` });
  return parts;
}

export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

function sortedUnique(xs: readonly string[]): string[] {
  return [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function meta(g: CheckedGuideline): GuidelineMeta {
  return {
    id: g.id,
    title: g.title,
    version: g.version,
    edition: g.edition,
    jurisdiction: g.jurisdiction,
    service: {
      label: g.service.label,
      codes: g.service.codes.map((c) => ({ system: c.system, code: c.code })),
      region: g.service.region,
    },
    recommendation: {
      status: g.recommendation.status,
      criteriaIfUsedAnyway: g.recommendation.criteriaIfUsedAnyway,
      citations: [...g.recommendation.citations],
    },
    missingDocumentation: g.missingDocumentation,
    sources: g.sources.map((s) => ({
      id: s.id,
      citation: s.citation,
      document: s.document,
      chapter: s.chapter,
      section: s.section,
      page: s.page,
      quote: s.quote,
    })),
    criteria: g.criteria.map((c) => ({ id: c.id, description: c.description, citations: [...c.citations], route: c.route })),
    routes: g.routes.map((r) => ({ id: r.id, label: r.label })),
  };
}

/** What a requester must send, in declaration order: every fact, and every field of every records fact. */
function requirements(g: CheckedGuideline): DataRequirement[] {
  const out: DataRequirement[] = [];
  const add = (requirement: DataRequirement) => {
    if (!out.some((r) => r.path === requirement.path)) out.push(requirement);
  };
  /** What a fact reads, under `prefix` (a records path) for fields. */
  const reads = (f: CheckedFact, prefix: string): void => {
    const path = prefix + f.path.join('.');
    switch (f.kind) {
      case 'total':
        return; // reads the field of its records, which that records fact already lists
      case 'elapsed':
        // A `latest` / `earliest` date is a field of records, which that records fact already lists.
        if (f.fromPick === null) add({ path, label: `${f.label}: from this date`, kind: 'date', unit: null });
        if (f.toPick === null) add({ path: prefix + (f.to ?? []).join('.'), label: `${f.label}: to this date`, kind: 'date', unit: null });
        return;
      default:
        add({ path, label: f.label, kind: f.kind, unit: f.unit });
        for (const field of f.fields) reads(field, `${path}[].`);
    }
  };
  for (const f of g.facts) reads(f, '');
  return out;
}

// ── Case-data JSON Schema ────────────────────────────────────────────────────────────────────────

type JsonObject = { [key: string]: Data };
type ObjectShape = { kind: 'object'; props: Map<string, Shape> };
/** A list of records: every records fact reading the list adds its fields to the one item shape. */
type ListShape = { kind: 'list'; description: string; item: ObjectShape };
type Shape = ObjectShape | ListShape | { kind: 'leaf'; schema: JsonObject };

const NOT_STATED_NOTE = 'null, or leaving the item out, means not stated';

/**
 * Draft-07 schema of the case data a guideline reads: objects along each fact's path, lists for records,
 * codes and counts; null allowed everywhere (not stated); unknown properties allowed; `request` required.
 * The build above combines it with the case-file schema along the same paths (`readPathsSchema`), so a list entry
 * that is null or lacks its key field, a text that breaks its pattern or an empty code is a field error here too.
 */
function caseSchema(g: CheckedGuideline, error: (message: string) => void): JsonObject {
  const root = objectShape();
  root.props.set('request', objectShape());
  for (const f of g.facts) place(root, f, error, true);
  const properties = renderProps(root);
  const request = properties['request'] as JsonObject;
  properties['request'] = { ...request, type: 'object' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: g.title,
    description: `Case data read by guideline ${g.id} version ${g.version}; ${NOT_STATED_NOTE}.`,
    type: 'object',
    required: ['request'],
    properties,
  };
}

/** Puts a fact's schema at its path. Two records facts may select from one list (x-rays and MRIs of one imaging list). */
function place(root: ObjectShape, f: CheckedFact, error: (m: string) => void, top: boolean): void {
  if (f.kind === 'total') return; // reads its records' field, placed with them
  if (f.kind === 'elapsed') {
    // A `latest` / `earliest` date is a field of records, placed with them.
    const dates = [f.fromPick === null ? f.path : null, f.toPick === null ? (f.to ?? []) : null];
    for (const path of dates) {
      if (path !== null) place(root, { ...f, kind: 'date', path, to: null, fromPick: null, toPick: null, label: `a date (${f.label})` }, error, top);
    }
    return;
  }
  if (f.kind !== 'records') {
    insert(root, f.path, { kind: 'leaf', schema: leafSchema(f, top && canHoldRange(f.path)) }, error);
    return;
  }
  const list = insert(root, f.path, { kind: 'list', description: f.label, item: objectShape() }, error);
  if (list?.kind !== 'list') return;
  for (const field of f.fields) place(list.item, field, error, false);
}

function objectShape(): ObjectShape {
  return { kind: 'object', props: new Map() };
}

/** The same schema apart from its description: two facts may read one value alike. */
const sameValue = (a: JsonObject, b: JsonObject): boolean => {
  const { description: _a, ...restA } = a;
  const { description: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
};

/**
 * Adds `shape` at `path` and returns the shape now there: the one given, or the list or equal leaf already
 * there. A path read both as one kind of value and as another is an error.
 */
function insert(root: ObjectShape, path: readonly string[], shape: Shape, error: (m: string) => void): Shape | undefined {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const existing = node.props.get(seg);
    if (i === path.length - 1) {
      if (existing === undefined || (existing.kind === 'object' && existing.props.size === 0)) {
        node.props.set(seg, shape);
        return shape;
      }
      if (existing.kind === 'list' && shape.kind === 'list') return existing;
      if (existing.kind === 'leaf' && shape.kind === 'leaf' && sameValue(existing.schema, shape.schema)) return existing;
      error(`two facts read the case path "${path.join('.')}" as different kinds of value`);
      return undefined;
    }
    if (existing === undefined) {
      const next = objectShape();
      node.props.set(seg, next);
      node = next;
    } else if (existing.kind === 'object') {
      node = existing;
    } else {
      error(`the case path "${path.slice(0, i + 1).join('.')}" is read both as a value and as an object`);
      return undefined;
    }
  }
  return undefined;
}

function renderProps(shape: ObjectShape): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of shape.props) {
    // defineProperty: a case path segment may be `__proto__`, which plain assignment would not store.
    Object.defineProperty(out, k, { value: render(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function render(shape: Shape): Data {
  switch (shape.kind) {
    case 'leaf':
      return shape.schema;
    case 'object':
      return { type: ['object', 'null'], properties: renderProps(shape) };
    case 'list':
      return { description: shape.description, type: ['array', 'null'], items: { type: ['object', 'null'], properties: renderProps(shape.item) } };
  }
}

/**
 * A requested number that may be a range: one number, or `{ "min": n, "max": n }` with min ≤ max (ajv's `$data`
 * compares the two; validate-case.ts words the error). `properties` and `required` constrain objects only.
 */
function rangeSchema(description: string): JsonObject {
  return {
    description: `${description}: a number, or a range { "min": n, "max": n } with min ≤ max`,
    type: ['number', 'object', 'null'],
    minimum: 0,
    properties: {
      min: { type: 'number', minimum: 0 },
      max: { type: 'number', minimum: { $data: '1/min' } },
    },
    required: ['min', 'max'],
    additionalProperties: false,
  };
}

function leafSchema(f: CheckedFact, range = false): JsonObject {
  const description = f.label;
  switch (f.kind) {
    case 'documented':
      return { description, enum: ['present', 'absent', 'not_stated', null] };
    case 'number':
      if (range) return rangeSchema(description);
      return f.unit === 'percent'
        ? { description, type: ['number', 'null'], minimum: 0, maximum: 100 }
        : { description, type: ['number', 'null'], minimum: 0 };
    case 'count':
      return { description, type: ['array', 'null'] };
    case 'total':
    case 'elapsed':
    case 'records':
      // Never reached: a total reads no path of its own and records are list shapes (see `place`).
      return { description };
    case 'codes':
      return {
        description,
        type: ['array', 'null'],
        // An entry is a coded entry: one without its code (null, "" or left out) is malformed, never "not stated"
        // (it would otherwise leave an exclusion met), wherever the list is.
        items: {
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'string', minLength: 1 }, text: { type: ['string', 'null'] } },
        },
      };
    case 'text':
      return { description, type: ['string', 'null'] };
    case 'date':
      // A calendar date (the runtime's `date` format rejects 2016-02-30); null means not stated.
      return { description, type: ['string', 'null'], format: 'date' };
  }
}
