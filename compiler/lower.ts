/**
 * Checked model → evaluation plan (ir.ts): resolves every fact, field and value set a criterion names into reads,
 * loops and templates. Each guideline's metadata, data requirements and case-data JSON Schema are built by
 * lower-meta.ts, lower-requirements.ts and lower-schema.ts; this file puts them into the IR.
 *
 * The model is checked, so an unresolved name here is a compiler bug; it is still reported as an error
 * value (never thrown) so a caller gets a message instead of a crash.
 */
import type { CheckedFact, CheckedGuideline, Cond, Model, RecordDate, Template } from '../language/model.js';
import { canHoldRange } from '../language/numbers.js';
import type { DataRequirement } from '../runtime/contract.js';
import { caseReadingProblems } from './emit-validation.js';
import { guidelineMeta } from './lower-meta.js';
import { dataRequirements } from './lower-requirements.js';
import { guidelineCaseSchema } from './lower-schema.js';
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
  const requirements = dataRequirements(g);
  const criteria: IrCriterion[] = g.criteria.map((c) => {
    l.criterion = c.id;
    const reason = l.template(c.test.kind === 'judgement' ? c.test.question : c.reason);
    const lowered: IrCriterion = {
      id: c.id,
      citations: c.citations,
      when: c.when === null ? null : l.cond(c.when, TOP),
      test: l.test(c),
      reason,
      missingReason: c.missingReason === null ? notDocumentedText(requirements, c.description) : l.template(c.missingReason),
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
  const lowered: IrGuideline = {
    id: g.id,
    meta: guidelineMeta(g),
    caseSchema: guidelineCaseSchema(g, requirements, (message) => errors.push({ guideline: g.id, criterion: null, message })),
    requirements,
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
function notDocumentedText(requirements: readonly DataRequirement[], description: string | null): IrTemplate {
  const labels = requirements.map((r): [string, string] => [r.path, r.label.replace(/: (from|to) this date$/, '')]);
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
