/**
 * AST → checked model, for one guideline whose file and libraries have no errors: names resolved, numbers
 * normalised, `max_levels` and record quantifiers lowered to the model's few condition forms. Runs after every
 * check has passed, so a Missing node here is a bug in Rubric (reported as RUB1999 by the stage guard). Every name is
 * read through the links (links.ts), as the checks read them.
 */
import type { AppliesClause, CompareOperator, Condition, Criterion, Fact, Missing, Name, OrMissing, Quantity, Text, ValueSet } from './ast.js';
import type {
  CheckedCriterion,
  CheckedFact,
  CheckedGuideline,
  CheckedScope,
  CheckedSource,
  CheckedValueSet,
  Cond,
  ExcludedCondition,
  FactRef,
  RecordDate,
  Template,
  TemplatePart,
  Test,
} from './model.js';
import { factOf } from './links.js';
import { listOf } from './lists.js';
import type { LinkedTemplate, Links } from './links.js';
import { amountOf, codesFactFor, factKind, levelsFacts, quantityText, totalOf, unitOf } from './resolve.js';
import type { GuidelineScope } from './resolve.js';

class ModelBug extends Error {
  override name = 'ModelBug';
}

function present<T extends { kind: string }>(node: OrMissing<T> | null | undefined, what: string): T {
  if (node === null || node === undefined || node.kind === 'Missing') throw new ModelBug(`${what} is missing after checking`);
  return node as T;
}

const textOf = (node: OrMissing<Text>, what: string): string => present(node, what).value;

const operatorOf = (operator: CompareOperator | Missing): CompareOperator => {
  if (typeof operator !== 'string') throw new ModelBug('the comparison operator is missing after checking');
  return operator;
};

export function buildGuideline(scope: GuidelineScope, links: Links): CheckedGuideline {
  const { header, uri } = scope;
  const id = present(header.name, 'the guideline name').text;
  const clause = <K extends string>(kind: K) => header.clauses.filter((c) => c.kind === kind);
  const textClause = (keyword: string): string | null => {
    const c = header.clauses.find((k) => k.kind === 'TextClause' && k.keyword === keyword);
    return c?.kind === 'TextClause' ? textOf(c.value, keyword) : null;
  };
  const service = clause('ServiceClause')[0];
  const recommendation = present(header.clauses.find((c) => c.kind === 'RecommendationClause'), 'the recommendation');
  const missingDoc = header.clauses.find((c) => c.kind === 'MissingDocumentationClause');
  const usedValueSets = new Map<string, CheckedValueSet>();
  const useValueSet = (name: Name): ValueSet => {
    const declared = links.declarationOf(name);
    if (declared?.kind !== 'valueset') throw new ModelBug(`value set ${name.text} is unknown after checking`);
    if (!usedValueSets.has(declared.name)) usedValueSets.set(declared.name, checkedValueSet(declared.node, declared.uri));
    return declared.node;
  };
  const lowering = new Lowering(scope, links, useValueSet);
  // Facts first, then criteria: value sets are listed in the order these read them.
  const facts = [...scope.facts.values()].map((f) => lowering.fact(f.node));
  const criteria = [...scope.criteria.values()].map((c) => lowering.criterion(c.node));
  const applies = header.clauses.flatMap((c) => (c.kind === 'AppliesClause' ? [lowering.scopeClause(c)] : []));
  const routes = [...scope.routes.values()].map((r) => ({
    uri,
    span: r.node.span,
    id: r.name,
    label: textOf(r.node.label, 'the route label'),
  }));

  return {
    uri,
    span: scope.document.span,
    id,
    title: textClause('title') ?? '',
    version: textClause('version') ?? '',
    edition: textClause('edition'),
    jurisdiction: textClause('jurisdiction'),
    service: {
      label: service?.kind === 'ServiceClause' ? (service.label?.value ?? null) : null,
      codes:
        service?.kind === 'ServiceClause'
          ? service.codes.flatMap((list) => list.codes.map((c) => ({ system: list.system, code: c.code.toUpperCase() })))
          : [],
      region: service?.kind === 'ServiceClause' && service.region !== null ? present(service.region, 'the region').text : null,
    },
    recommendation: {
      status: recommendation.kind === 'RecommendationClause' ? present(recommendation.status, 'the recommendation').status : 'recommended',
      criteriaIfUsedAnyway: recommendation.kind === 'RecommendationClause' && recommendation.criteriaIfUsedAnyway,
      citations:
        recommendation.kind === 'RecommendationClause' && recommendation.cite !== null
          ? recommendation.cite.sources.map((s) => present(s, 'a citation').text)
          : [],
    },
    missingDocumentation:
      missingDoc?.kind === 'MissingDocumentationClause' ? present(missingDoc.policy, 'the policy').policy : 'not_met',
    sources: [...scope.sources.values()].map((s) => checkedSource(s.node, uri)),
    facts,
    criteria,
    scope: applies,
    routes,
    valueSets: [...usedValueSets.values()],
  };
}

/** `latest <records>.<field>`: the records fact and its date field (checked to exist). */
function recordDate(pick: 'latest' | 'earliest', path: import('./ast.js').Path): RecordDate {
  const [records, field] = path.segments;
  if (records === undefined || field === undefined) throw new ModelBug('a record date names no field');
  return { pick, records, field };
}

function checkedSource(source: import('./ast.js').Source, uri: string): CheckedSource {
  const field = (name: string): string | null => {
    const f = source.fields.find((k) => k.field === name);
    if (f === undefined) return null;
    const v = present(f.value, name);
    return v.kind === 'Text' ? v.value : v.raw;
  };
  return {
    uri,
    span: source.span,
    id: present(source.name, 'the source name').text,
    citation: textOf(source.citation, 'the citation'),
    document: field('document'),
    chapter: field('chapter'),
    section: field('section'),
    page: field('page'),
    quote: field('quote'),
  };
}

function checkedValueSet(valueSet: ValueSet, uri: string): CheckedValueSet {
  // One loop with `push` (see lists.ts): `flatMap(…).filter(…).map(…)` changed hidden class as it was optimised.
  const codes: string[] = [];
  const prefixes: string[] = [];
  for (const list of valueSet.codes) for (const c of list.codes) (c.prefix ? prefixes : codes).push(c.code.toUpperCase());
  return {
    uri,
    span: valueSet.span,
    id: present(valueSet.name, 'the value set name').text,
    label: textOf(valueSet.label, 'the value set label'),
    system: present(valueSet.codes[0], 'the value set codes').system,
    codes,
    prefixes,
  };
}

/** AST → model for facts, criteria and conditions, in one guideline's scope. */
class Lowering {
  constructor(
    private readonly scope: GuidelineScope,
    private readonly links: Links,
    private readonly useValueSet: (name: Name) => ValueSet,
  ) {}

  fact(fact: Fact): CheckedFact {
    const type = present(fact.type, 'the fact type');
    const kind = type.kind === 'TotalType' ? 'total' : type.kind === 'ElapsedType' ? 'elapsed' : factKind(type);
    if (kind === null) throw new ModelBug('fact type');
    const path = 'path' in type && type.kind !== 'TotalType' ? present(type.path, 'the path').segments : [];
    const total = type.kind === 'TotalType' ? totalOf(this.links, fact) : undefined;
    if (type.kind === 'TotalType' && total === undefined) throw new ModelBug('total');
    const lasting = type.kind === 'NumberType' && type.lasting !== null ? present(type.lasting, 'lasting').text : null;
    return {
      uri: this.scope.uri,
      span: fact.span,
      id: present(fact.name, 'the fact name').text,
      label: textOf(fact.label, 'the fact label'),
      kind,
      path,
      unit: unitOf(this.links, fact),
      system: type.kind === 'CodesType' ? present(type.system, 'the code system').system : null,
      lasting,
      fields: type.kind === 'RecordsType' ? type.fields.map((f) => this.fact(f)) : [],
      where: type.kind === 'RecordsType' && type.where !== null ? this.cond(present(type.where, 'where')) : null,
      to: type.kind === 'ElapsedType' ? present(type.to, 'the later date').segments : null,
      fromPick: type.kind === 'ElapsedType' && type.fromPick !== null ? recordDate(type.fromPick.pick, present(type.path, 'the date')) : null,
      toPick: type.kind === 'ElapsedType' && type.toPick !== null ? recordDate(type.toPick.pick, present(type.to, 'the date')) : null,
      total:
        total === undefined
          ? null
          : { records: present(total.records.name, 'the records').text, field: present(total.field.name, 'the field').text },
    };
  }

  /** An `applies when` clause: read at the top level, like a criterion's `when`. */
  scopeClause(clause: AppliesClause): CheckedScope {
    const template = (keyword: 'reason' | 'missing'): Template | null => {
      const c = clause.clauses.find((k) => k.kind === 'ReasonClause' && k.keyword === keyword);
      return c?.kind === 'ReasonClause' ? { parts: this.withThresholds(this.links.templateOf(present(c.text, 'the reason'))) } : null;
    };
    const reason = template('reason');
    if (reason === null) throw new ModelBug('an `applies when` without a reason');
    return {
      uri: this.scope.uri,
      span: clause.span,
      condition: this.cond(present(clause.condition, 'the scope')),
      citations: clause.clauses.flatMap((c) => (c.kind === 'CiteClause' ? c.sources.map((s) => present(s, 'a citation').text) : [])),
      reason,
      missingReason: template('missing'),
    };
  }

  criterion(criterion: Criterion): CheckedCriterion {
    const id = present(criterion.name, 'the criterion name').text;
    const test = criterion.clauses.find(
      (c) => c.kind === 'ExcludeClause' || c.kind === 'MaxLevelsClause' || c.kind === 'RequireClause' || c.kind === 'JudgementClause',
    );
    const route = criterion.clauses.find((c) => c.kind === 'RouteClause');
    const when = criterion.clauses.find((c) => c.kind === 'WhenClause');
    const reason = criterion.clauses.find((c) => c.kind === 'ReasonClause' && c.keyword === 'reason');
    const missing = criterion.clauses.find((c) => c.kind === 'ReasonClause' && c.keyword === 'missing');
    const template = (c: typeof reason): Template | null =>
      c?.kind === 'ReasonClause' ? { parts: this.withThresholds(this.links.templateOf(present(c.text, 'the reason'))) } : null;
    const fallback = criterion.description?.value ?? id;
    const notStated = criterion.clauses.find((c) => c.kind === 'NotStatedClause');
    return {
      uri: this.scope.uri,
      span: criterion.span,
      id,
      description: criterion.description?.value ?? null,
      test: this.test(present(test, 'the test')),
      when: when?.kind === 'WhenClause' ? this.cond(present(when.condition, 'when')) : null,
      citations: criterion.clauses.flatMap((c) => (c.kind === 'CiteClause' ? c.sources.map((s) => present(s, 'a citation').text) : [])),
      reason: template(reason) ?? { parts: [{ kind: 'text', text: fallback }] },
      missingReason: template(missing),
      ifNotStated:
        notStated?.kind !== 'NotStatedClause'
          ? null
          : notStated.counts === 'met'
            ? { counts: 'met', note: { parts: this.withThresholds(this.links.templateOf(present(notStated.note, 'the note'))) } }
            : { counts: 'not_applicable' },
      route: route?.kind === 'RouteClause' ? present(route.route, 'the route').text : null,
    };
  }

  private test(clause: Criterion['clauses'][number]): Test {
    switch (clause.kind) {
      case 'ExcludeClause': {
        const within = clause.within === null ? null : present(clause.within, 'in');
        const conditions = clause.conditions.map((c): ExcludedCondition => {
          const name = present(c, 'an excluded condition');
          const found = this.links.declarationOf(name);
          if (found?.kind === 'fact' && factKind(found.node.type) === 'documented') return { kind: 'documented', fact: found.name };
          return { kind: 'value_set', valueSet: this.valueSetId(name), codesFact: this.codesFact(name, within) };
        });
        return { kind: 'exclude', conditions };
      }
      case 'MaxLevelsClause': {
        const fact = levelsFacts(this.scope)[0];
        if (fact === undefined) throw new ModelBug('no levels fact');
        const written = present(clause.limit, 'the limit');
        const limit = written.kind === 'Number' ? written.value : this.number(written);
        return {
          kind: 'require',
          condition: { kind: 'compare', fact: { scope: 'case', id: fact.name }, plus: [], ends: [null], operator: '<=', value: limit, duration: null },
        };
      }
      case 'RequireClause':
        return { kind: 'require', condition: this.cond(present(clause.condition, 'the requirement')) };
      case 'JudgementClause':
        return { kind: 'judgement', question: { parts: this.withThresholds(this.links.templateOf(present(clause.question, 'the question'))) } };
      default:
        throw new ModelBug(`${clause.kind} is not a test`);
    }
  }

  private valueSetId(name: Name): string {
    return present(this.useValueSet(name).name, 'the value set name').text;
  }

  private codesFact(at: Name, within: Name | null): string {
    const withinFact = within === null ? null : (factOf(this.links.declarationOf(within)) ?? null);
    const found = codesFactFor(this.scope, this.useValueSet(at), withinFact, within?.text ?? null);
    if (!found.ok) throw new ModelBug(`no codes fact for ${at.text}`);
    return found.id;
  }

  /** The fact or field a name is linked to. */
  private ref(name: Name): FactRef {
    const found = this.links.declarationOf(name);
    if (found?.kind !== 'fact' && found?.kind !== 'field') throw new ModelBug(`${name.text} is unknown after checking`);
    return { scope: found.kind === 'field' ? 'record' : 'case', id: found.name };
  }

  /** Checks that counted records are linked (the checks said so). */
  private records(name: OrMissing<Name>): void {
    if (factOf(this.links.declarationOf(present(name, 'the records'))) === undefined) throw new ModelBug('records');
  }

  /** `{threshold}` in a reason is the threshold as written (`70%`, `6 weeks`): fixed text, merged with its neighbours. */
  private withThresholds(template: LinkedTemplate): TemplatePart[] {
    const out: TemplatePart[] = [];
    const parts = template.parts;
    let placeholder = 0;
    for (const [i, part] of parts.entries()) {
      // Each part that is not text is the next placeholder, linked to a fact or a threshold.
      const name = part.kind === 'text' ? undefined : template.names[placeholder++]?.name;
      const linked = name === undefined ? undefined : this.links.declarationOf(name);
      const threshold = part.kind === 'fact' && linked?.kind === 'threshold' ? linked.node : undefined;
      const next = parts[i + 1];
      const fixed: TemplatePart =
        threshold === undefined ? part : { kind: 'text', text: thresholdText(present(threshold.value, 'the threshold value'), next?.kind === 'text' ? next.text : '') };
      const last = out[out.length - 1];
      if (fixed.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + fixed.text };
      else out.push(fixed);
    }
    return out;
  }

  /** A threshold's number: written out, or the value of the named threshold. */
  private number(q: OrMissing<Quantity | Name>): number {
    const quantity = amountOf(this.links, present(q, 'the threshold'));
    if (quantity === undefined) throw new ModelBug('threshold');
    return quantity.number.value;
  }

  /** A condition; its names were linked in their records scope (links.ts), so none is needed here. */
  cond(condition: Condition): Cond {
    const sub = (c: OrMissing<Condition>): Cond => this.cond(present(c, 'a condition'));
    switch (condition.kind) {
      case 'And':
        return { kind: 'and', operands: listOf(condition.operands, sub) };
      case 'Or':
        return { kind: 'or', operands: listOf(condition.operands, sub) };
      case 'Not':
        return { kind: 'not', operand: sub(condition.operand) };
      case 'Group': {
        const items = listOf(condition.items, sub);
        if (condition.parenthesised && items.length === 1 && items[0] !== undefined) return items[0];
        if (condition.quantifier === 'all') return { kind: 'and', operands: items };
        if (condition.quantifier === 'any') return { kind: 'or', operands: items };
        return { kind: 'at_least', count: present(condition.count, 'the count').value, items };
      }
      case 'RecordCount': {
        this.records(condition.records);
        return {
          kind: 'count',
          records: present(condition.records, 'the records').text,
          where: condition.where === null ? null : sub(condition.where),
          operator: condition.quantifier === 'at_least' ? '>=' : '<=',
          count: condition.quantifier === 'no' ? 0 : present(condition.count, 'the count').value,
          countingThisRequest: condition.countingThisRequest,
        };
      }
      case 'AnyRecord': {
        this.records(condition.records);
        return {
          kind: 'count',
          records: present(condition.records, 'the records').text,
          where: condition.where === null ? null : sub(condition.where),
          operator: '>=',
          count: 1,
          countingThisRequest: false,
        };
      }
      case 'EveryRecord': {
        this.records(condition.records);
        return {
          kind: 'every',
          records: present(condition.records, 'the records').text,
          where: condition.where === null ? null : sub(condition.where),
          has: sub(condition.has),
        };
      }
      case 'NameCondition': {
        const found = this.links.declarationOf(condition.name);
        if (found?.kind === 'fact' || found?.kind === 'field') return { kind: 'documented', fact: this.ref(condition.name) };
        return {
          kind: 'in_value_set',
          fact: { scope: 'case', id: this.codesFact(condition.name, null) },
          valueSet: this.valueSetId(condition.name),
        };
      }
      case 'DocumentedTest':
        return { kind: 'present', fact: this.ref(present(condition.name, 'the documentation item')) };
      case 'Compare': {
        const found = factOf(this.links.declarationOf(condition.subject));
        if (found === undefined) throw new ModelBug('compare subject');
        let duration: Extract<Cond, { kind: 'compare' }>['duration'] = null;
        if (condition.duration !== null) {
          const type = found.type;
          const lasting = type.kind === 'NumberType' ? present(type.lasting, 'lasting') : null;
          if (lasting === null) throw new ModelBug('lasting');
          duration = {
            fact: this.ref(lasting),
            operator: operatorOf(condition.duration.operator),
            value: this.number(condition.duration.value),
          };
        }
        return {
          kind: 'compare',
          fact: this.ref(condition.subject),
          plus: condition.addends.map((addend) => this.ref(addend)),
          ends: [condition.subject, ...condition.addends].map((_, i) => condition.ends[i]?.end ?? null),
          operator: operatorOf(condition.operator),
          value: this.number(condition.value),
          duration,
        };
      }
      case 'Is':
        return {
          kind: 'is',
          fact: this.ref(condition.subject),
          values: condition.values.map((v) => {
            const value = present(v, 'a value');
            return value.kind === 'Text' ? value.value : value.kind === 'Number' ? value.value : value.code.toUpperCase();
          }),
          negated: condition.negated,
        };
    }
  }
}

/**
 * A threshold as reason text: `2 levels`, `70%`; just the number when the reason names the unit itself right after
 * it (`{levels_at_once} facet joint levels` → "2 facet joint levels", never "2 levels facet joint levels").
 */
export function thresholdText(quantity: Quantity, after: string): string {
  const unit = quantity.unit;
  if (unit === null) return quantity.number.raw;
  const words = unitWords(unit.unit, unit.raw);
  if (/^\s*(%|percent\b)/i.test(after)) return quantity.number.raw;
  // The words up to the end of the phrase: "facet joint levels, …" → facet, joint, levels.
  const phrase = after.split(/[.,;:()!?]/)[0] ?? '';
  const leading = phrase.trim().split(/\s+/).slice(0, 3).map((w) => w.toLowerCase());
  return leading.some((w) => words.has(w)) ? quantity.number.raw : quantityText(quantity);
}

function unitWords(unit: string, raw: string): Set<string> {
  const words = new Set([unit, raw].map((w) => w.toLowerCase()));
  for (const w of [...words]) {
    words.add(w.endsWith('s') ? w.slice(0, -1) : `${w}s`);
  }
  if (unit === 'percent') words.add('%');
  return words;
}
