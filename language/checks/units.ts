/**
 * Comparisons: the subject is a fact that holds a number, the threshold is in the fact's unit,
 * the number is possible for that unit, and `for <duration>` reads the fact's declared `lasting`.
 * `is` compares text, codes or numbers with values of the same kind.
 */
import type { CompareCondition, Fact, IsCondition, Name, Quantity } from '../ast.js';
import {
  DurationNotDeclared,
  NegativeNumber,
  NotWholeNumber,
  PercentOutOfRange,
  TypeMismatch,
  UnitMismatch,
  UnknownFact,
  UnknownField,
} from '../codes.js';
import { factKind, factNames, lookupFact } from '../resolve.js';
import type { FoundFact } from '../resolve.js';
import { closest } from '../suggest.js';
import type { CheckContext, Checks } from './context.js';
import { countedUnits, describeKind } from './describe.js';
import { howToTest } from './references.js';

/** Looks up the subject of a comparison, reporting it when unknown. */
export function subjectFact(name: Name, ctx: CheckContext): FoundFact | undefined {
  const scope = ctx.guideline;
  if (scope === null) return undefined;
  const found = lookupFact(scope, ctx.records, name.text);
  if (found !== undefined) return found;
  const suggestion = closest(name.text, factNames(scope, ctx.records));
  if (ctx.records !== null && ctx.records.name.kind === 'Name') {
    ctx.report(UnknownField, name.span, [name.text, ctx.records.name.text, suggestion], { suggestion });
  } else {
    ctx.report(UnknownFact, name.span, [name.text, suggestion], { suggestion });
  }
  return undefined;
}

const unitOf = (fact: Fact) =>
  fact.type.kind === 'NumberType' || fact.type.kind === 'CountType' ? (fact.type.unit?.unit ?? null) : null;

/** Checks a threshold against the fact it is compared with; true when it is usable. */
function thresholdFits(quantity: Quantity, factName: string, fact: Fact, ctx: CheckContext): boolean {
  const declared = unitOf(fact);
  const written = quantity.unit?.unit ?? null;
  const text = ctx.source.slice(quantity.span);
  if (written !== null && declared !== null && written !== declared) {
    ctx.report(UnitMismatch, quantity.unit?.span ?? quantity.span, [factName, declared, written]);
    return false;
  }
  if (written !== null && declared === null) {
    ctx.report(TypeMismatch, quantity.unit?.span ?? quantity.span, [
      `'${factName}' is a plain number without a unit, so write this threshold without '${quantity.unit?.raw ?? written}'.`,
    ]);
    return false;
  }
  const value = quantity.number.value;
  const what =
    declared === 'percent' ? 'a percentage' : declared !== null ? `a number of ${declared}` : fact.type.kind === 'CountType' ? 'a count' : 'a number';
  if (value < 0) {
    ctx.report(NegativeNumber, quantity.span, [text, what]);
    return false;
  }
  if (declared === 'percent' && value > 100) {
    ctx.report(PercentOutOfRange, quantity.span, [text]);
    return false;
  }
  const counted = fact.type.kind === 'CountType' || (declared !== null && countedUnits.includes(declared));
  if (counted && !Number.isInteger(value)) {
    ctx.report(NotWholeNumber, quantity.span, [text, declared ?? 'entries']);
    return false;
  }
  return true;
}

function compareNumbers(condition: CompareCondition, ctx: CheckContext): void {
  const scope = ctx.guideline;
  const found = subjectFact(condition.subject, ctx);
  // A comparison the parser could not finish says nothing more than its syntax error.
  if (scope === null || found === undefined || condition.value.kind === 'Missing') return;
  const kind = factKind(found.fact.type);
  const name = condition.subject.text;
  if (kind === null) return;
  if (kind !== 'number' && kind !== 'count') {
    ctx.report(TypeMismatch, condition.subject.span, [`'${name}' is ${describeKind(kind)}, not a number, so it cannot be compared with a threshold. ${howToTest(kind, name)}`]);
    return;
  }
  thresholdFits(condition.value, name, found.fact, ctx);
  const duration = condition.duration;
  if (duration === null) return;
  const lasting = found.fact.type.kind === 'NumberType' ? found.fact.type.lasting : null;
  if (lasting === null) {
    ctx.report(DurationNotDeclared, duration.span, [name]);
    return;
  }
  if (lasting.kind === 'Missing' || duration.value.kind === 'Missing') return;
  const lastingFact = lookupFact(scope, found.scope === 'record' ? ctx.records : null, lasting.text);
  if (lastingFact === undefined) return; // reported at the declaration
  thresholdFits(duration.value, lasting.text, lastingFact.fact, ctx);
}

function isComparesLikeWithLike(condition: IsCondition, ctx: CheckContext): void {
  const found = subjectFact(condition.subject, ctx);
  if (found === undefined) return;
  const kind = factKind(found.fact.type);
  const name = condition.subject.text;
  if (kind === null) return;
  const expected = kind === 'text' ? 'Text' : kind === 'number' || kind === 'count' ? 'Number' : kind === 'codes' ? 'Code' : null;
  if (expected === null) {
    ctx.report(TypeMismatch, condition.subject.span, [`'${name}' is ${describeKind(kind)}, so it cannot be compared with \`is\`. ${howToTest(kind, name)}`]);
    return;
  }
  for (const value of condition.values) {
    if (value.kind === 'Missing' || value.kind === expected) continue;
    if (kind === 'codes' && value.kind === 'Text') continue;
    const words = expected === 'Text' ? 'text in quotation marks, like "facet_medial_branch_block"' : expected === 'Number' ? 'a number' : 'a code, like M54.12';
    ctx.report(TypeMismatch, value.span, [`'${name}' is ${describeKind(kind)}, so compare it with ${words}.`]);
  }
}

export const unitChecks: Checks = {
  Compare: [compareNumbers],
  Is: [isComparesLikeWithLike],
};
