/**
 * Names that must refer to something: cited sources, conditions, excluded conditions and the code
 * list searched for them, records that are counted, the `lasting` field of a number.
 * An unknown name is reported once, with a did-you-mean when one is close.
 */
import type { AnyRecordCondition, CiteClause, DocumentedCondition, EveryRecordCondition, ExcludeClause, Fact, NameCondition, RecordCountCondition } from '../ast.js';
import {
  CodeSystemMismatch,
  DiagnosesFactNeeded,
  NotRecords,
  TypeMismatch,
  UnknownCondition,
  UnknownFact,
  UnknownField,
  UnknownSource,
  UnknownValueSet,
} from '../codes.js';
import type { Name, ValueSet } from '../ast.js';
import { factOf, visibleFacts } from '../links.js';
import { codesFactFor, factKind, topLevelFacts } from '../resolve.js';
import type { GuidelineScope } from '../resolve.js';
import { closest } from '../suggest.js';
import type { CheckContext, Checks } from './context.js';
import { describeKind, systemName, timeUnits } from './describe.js';

function citedSourcesExist(cite: CiteClause, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null) return;
  for (const s of cite.sources) {
    if (s.kind === 'Missing' || ctx.links.declarationOf(s)?.kind === 'source') continue;
    const suggestion = closest(s.text, scope.sources.keys());
    ctx.report(UnknownSource, s.span, [s.text, suggestion], { suggestion });
  }
}

/** Documented facts (fields of the records in scope first) and value sets: what a bare name may be. */
function conditionNames(scope: GuidelineScope, records: Fact | null): string[] {
  return [...visibleNames(scope, records, 'documented'), ...scope.valueSets.keys()];
}

/** The names of the facts of one kind visible where `records` are in scope (a field hides a fact of its name). */
export function visibleNames(scope: GuidelineScope, records: Fact | null, kind?: string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const f of visibleFacts(scope, records)) {
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    if (kind === undefined || factKind(f.node.type) === kind) names.push(f.name);
  }
  return names;
}

/**
 * When a `uses` failed (RUB1205 says why), a name with nothing close to it is most likely a value set of that
 * library and is not reported again; a near miss of a known name still is.
 */
function reportUnknownCondition(name: Name, ctx: CheckContext, scope: GuidelineScope): void {
  const suggestion = closest(name.text, conditionNames(scope, ctx.records));
  if (scope.missingLibrary && suggestion === undefined) return;
  ctx.report(UnknownCondition, name.span, [name.text, suggestion], { suggestion });
}

/**
 * The codes fact a value set is searched in: the named one, or the single top-level codes fact of
 * the value set's system. Reports when there is none or several, or the systems differ.
 */
function codesFactReported(scope: GuidelineScope, valueSet: ValueSet, within: Name | null, at: Name, ctx: CheckContext): void {
  const found = codesFactFor(scope, valueSet, within === null ? null : (factOf(ctx.links.declarationOf(within)) ?? null), within?.text ?? null);
  if (found.ok || found.why === 'unknown') return;
  if (found.why === 'mismatch') {
    ctx.report(CodeSystemMismatch, at.span, [at.text, systemName(found.system), within?.text ?? '', systemName(found.factSystem)]);
  } else {
    ctx.report(DiagnosesFactNeeded, at.span, [systemName(found.system), found.found]);
  }
}

function bareNameIsACondition(condition: NameCondition, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null) return;
  const name = condition.name;
  const found = ctx.links.declarationOf(name);
  const fact = factOf(found);
  if (fact !== undefined) {
    const kind = factKind(fact.type);
    if (kind !== null && kind !== 'documented') {
      ctx.report(TypeMismatch, name.span, [
        `'${name.text}' is ${describeKind(kind)}, so its name alone says nothing to check. ${howToTest(kind, name.text)}`,
      ]);
    }
    return;
  }
  if (found?.kind === 'valueset') {
    codesFactReported(scope, found.node, null, name, ctx);
    return;
  }
  reportUnknownCondition(name, ctx, scope);
}

/** `documented x` names a documentation item (a fact or field declared `documented from …`), or a date, text or records fact (stated). */
function documentedNamesAnItem(condition: DocumentedCondition, ctx: CheckContext): void {
  const scope = ctx.guideline;
  const name = condition.name;
  if (scope === null || name.kind === 'Missing') return;
  const fact = factOf(ctx.links.declarationOf(name));
  if (fact === undefined) {
    const suggestion = closest(name.text, visibleNames(scope, ctx.records, 'documented'));
    ctx.report(UnknownFact, name.span, [name.text, suggestion], { suggestion });
    return;
  }
  // A date, a text or a list of records is documented when the case states it (`documented surgery_date`: the
  // case gives the date of a surgery); numbers are compared with thresholds, since a requested number may be a range.
  const type = fact.type.kind;
  if (type === 'DateType' || type === 'TextType' || type === 'RecordsType') return;
  const kind = factKind(fact.type);
  if (kind !== null && kind !== 'documented') {
    ctx.report(TypeMismatch, name.span, [
      `\`documented\` applies to a documentation item, a date, a text or a list of records, but '${name.text}' is ${describeKind(kind)}. ${howToTest(kind, name.text)}`,
    ]);
  }
}

export function howToTest(kind: string, name: string): string {
  switch (kind) {
    case 'number':
    case 'count':
      return `Compare it with a threshold, like \`${name} >= 2\`.`;
    case 'text':
      return `Compare it with \`is\`, like \`${name} is "…"\`.`;
    case 'codes':
      return 'Name a value set instead; it is searched in this list.';
    case 'records':
      return `Say how many are needed, like \`any ${name}\` or \`at least 2 ${name}\`.`;
    case 'documented':
      return `Write just \`${name}\` to require that it is documented.`;
    default:
      return 'Rubric cannot compare dates yet.';
  }
}

function excludedConditionsExist(clause: ExcludeClause, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null) return;
  let within: Name | null = null;
  if (clause.within !== null && clause.within.kind === 'Name') {
    const w = clause.within;
    const fact = factOf(ctx.links.declarationOf(w));
    if (fact === undefined) {
      const suggestion = closest(w.text, topLevelFacts(scope, 'codes').map((f) => f.name));
      ctx.report(UnknownFact, w.span, [w.text, suggestion], { suggestion });
    } else if (factKind(fact.type) !== 'codes') {
      const kind = factKind(fact.type);
      if (kind !== null) {
        ctx.report(TypeMismatch, w.span, [`'${w.text}' is ${describeKind(kind)}, not a list of codes, so value sets cannot be searched in it.`]);
      }
    } else {
      within = w;
    }
  }
  const withinUsable = clause.within === null || within !== null;
  for (const c of clause.conditions) {
    if (c.kind === 'Missing') continue;
    // Linked to a documented fact, else a value set, else a fact of another kind (links.ts).
    const found = ctx.links.declarationOf(c);
    if (found?.kind === 'valueset') {
      if (withinUsable) codesFactReported(scope, found.node, within, c, ctx);
      continue;
    }
    const fact = factOf(found);
    if (fact !== undefined) {
      const kind = factKind(fact.type);
      if (kind !== null && kind !== 'documented') {
        ctx.report(TypeMismatch, c.span, [
          `'${c.text}' is ${describeKind(kind)}; \`exclude\` takes value sets and documented facts only.`,
        ]);
      }
      continue;
    }
    if (within !== null) {
      // Searched in a code list, the name can only be a value set.
      if (scope.missingLibrary) continue;
      const suggestion = closest(c.text, scope.valueSets.keys());
      ctx.report(UnknownValueSet, c.span, [c.text, suggestion], { suggestion });
    } else {
      reportUnknownCondition(c, { ...ctx, records: null }, scope);
    }
  }
}

function recordsExist(node: RecordCountCondition | AnyRecordCondition | EveryRecordCondition, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null || node.records.kind === 'Missing') return;
  const name = node.records;
  const found = factOf(ctx.links.declarationOf(name));
  if (found === undefined) {
    const suggestion = closest(name.text, visibleNames(scope, ctx.records, 'records'));
    ctx.report(UnknownFact, name.span, [name.text, suggestion], { suggestion });
    return;
  }
  if (factKind(found.type) !== 'records' && factKind(found.type) !== null) ctx.report(NotRecords, name.span, [name.text]);
}

function lastingNamesADuration(fact: Fact, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null || fact.type.kind !== 'NumberType' || fact.type.lasting === null || fact.type.lasting.kind === 'Missing') return;
  const name = fact.type.lasting;
  const records = fact.keyword === 'field' ? ctx.records : null;
  const found = factOf(ctx.links.declarationOf(name));
  if (found === undefined) {
    const suggestion = closest(name.text, visibleNames(scope, records));
    if (records !== null && records.name.kind === 'Name') {
      ctx.report(UnknownField, name.span, [name.text, records.name.text, suggestion], { suggestion });
    } else {
      ctx.report(UnknownFact, name.span, [name.text, suggestion], { suggestion });
    }
    return;
  }
  const lasting = found.type;
  if (lasting.kind !== 'Missing' && (lasting.kind !== 'NumberType' || lasting.unit === null || !timeUnits.includes(lasting.unit.unit))) {
    ctx.report(TypeMismatch, name.span, [
      `'${name.text}' must be a number of hours, days, weeks, months or years to say how long something lasted, like \`number weeks from …\`.`,
    ]);
  }
}

function valueSetHasOneSystem(valueSet: ValueSet, ctx: CheckContext): void {
  const first = valueSet.codes[0];
  const other = valueSet.codes.find((c) => c.system !== first?.system);
  if (first === undefined || other === undefined) return;
  const name = valueSet.name.kind === 'Name' ? valueSet.name.text : 'This value set';
  ctx.report(TypeMismatch, other.span, [
    `A value set holds codes of one system, but '${name}' mixes ${systemName(first.system)} and ${systemName(other.system)} codes. Split it into two value sets.`,
  ]);
}

export const referenceChecks: Checks = {
  CiteClause: [citedSourcesExist],
  NameCondition: [bareNameIsACondition],
  DocumentedTest: [documentedNamesAnItem],
  ExcludeClause: [excludedConditionsExist],
  RecordCount: [recordsExist],
  AnyRecord: [recordsExist],
  EveryRecord: [recordsExist],
  Fact: [lastingNamesADuration],
  ValueSet: [valueSetHasOneSystem],
};
