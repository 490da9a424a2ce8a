/**
 * Comparisons: the subject is a fact that holds a number, the threshold is in the fact's unit,
 * the number is possible for that unit, and `for <duration>` reads the fact's declared `lasting`.
 * `is` compares text, codes or numbers with values of the same kind.
 */
import type { CompareCondition, ElapsedType, Fact, IsCondition, Name, Quantity, Threshold, TotalType } from '../ast.js';
import type { Span } from '../source.js';
import {
  DurationNotDeclared,
  MissingUnit,
  NotRecords,
  NegativeNumber,
  NotWholeNumber,
  PercentOutOfRange,
  TypeMismatch,
  UnitMismatch,
  UnknownFact,
  UnknownField,
  UnitsDoNotAdd,
  UnknownThreshold,
} from '../codes.js';
import { factOf } from '../links.js';
import { amountOf, factKind, totalOf, unitOf } from '../resolve.js';
import { closest } from '../suggest.js';
import type { CheckContext, Checks } from './context.js';
import { countedUnits, describeKind, timeUnits } from './describe.js';
import { howToTest, visibleNames } from './references.js';

/** The fact the subject of a comparison names, reporting it when it names none. */
export function subjectFact(name: Name, ctx: CheckContext): Fact | undefined {
  const scope = ctx.guideline;
  if (scope === null) return undefined;
  const found = factOf(ctx.links.declarationOf(name));
  if (found !== undefined) return found;
  const suggestion = closest(name.text, visibleNames(scope, ctx.records));
  if (ctx.records !== null && ctx.records.name.kind === 'Name') {
    ctx.report(UnknownField, name.span, [name.text, ctx.records.name.text, suggestion], { suggestion });
  } else {
    ctx.report(UnknownFact, name.span, [name.text, suggestion], { suggestion });
  }
  return undefined;
}

/**
 * Checks a threshold against the fact it is compared with; true when it is usable. A named threshold is checked
 * through its declared value but reported where it is used (`value`), since the same threshold may suit one fact
 * and not another.
 */
function thresholdFits(value: Quantity | Name, factName: string, fact: Fact, ctx: CheckContext): boolean {
  const quantity = resolveAmount(value, ctx);
  if (quantity === undefined) return false;
  const at = (span: Span): Span => (value.kind === 'Name' ? value.span : span);
  const declared = unitOf(ctx.links, fact);
  const written = quantity.unit?.unit ?? null;
  const text = ctx.source.slice(quantity.span);
  if (written !== null && declared !== null && written !== declared) {
    ctx.report(UnitMismatch, at(quantity.unit?.span ?? quantity.span), [factName, declared, written]);
    return false;
  }
  if (written === null && declared !== null) {
    // `initial_relief >= 0.7` against a percentage would read 0.7%: a number needs the fact's unit.
    const number = quantity.number.value;
    const raw = quantity.number.raw;
    const example = declared === 'percent' ? `${number > 0 && number <= 1 ? Math.round(number * 100_000) / 1000 : raw}%` : `${raw} ${declared}`;
    ctx.report(MissingUnit, at(quantity.span), [factName, declared, raw, example], { suggestion: example });
  }
  if (written !== null && declared === null) {
    ctx.report(TypeMismatch, at(quantity.unit?.span ?? quantity.span), [
      `'${factName}' is a plain number without a unit, so write this threshold without '${quantity.unit?.raw ?? written}'.`,
    ]);
    return false;
  }
  const number = quantity.number.value;
  const what =
    declared === 'percent' ? 'a percentage' : declared !== null ? `a number of ${declared}` : fact.type.kind === 'CountType' ? 'a count' : 'a number';
  if (number < 0) {
    ctx.report(NegativeNumber, at(quantity.span), [text, what]);
    return false;
  }
  if (declared === 'percent' && number > 100) {
    ctx.report(PercentOutOfRange, at(quantity.span), [text]);
    return false;
  }
  const counted = fact.type.kind === 'CountType' || (declared !== null && countedUnits.includes(declared));
  if (counted && !Number.isInteger(number)) {
    ctx.report(NotWholeNumber, at(quantity.span), [text, declared ?? 'entries']);
    return false;
  }
  return true;
}

/** The quantity a value stands for; a threshold name that is not declared is reported here. */
function resolveAmount(value: Quantity | Name, ctx: CheckContext): Quantity | undefined {
  const scope = ctx.guideline;
  if (value.kind === 'Quantity') return value;
  if (scope === null) return undefined;
  const quantity = amountOf(ctx.links, value);
  if (quantity === undefined && ctx.links.declarationOf(value)?.kind !== 'threshold') {
    const suggestion = closest(value.text, scope.thresholds.keys());
    ctx.report(UnknownThreshold, value.span, [value.text, suggestion], { suggestion });
  }
  return quantity;
}

/** A threshold's own value must be possible at all: not negative, and a percentage at most 100%. */
function thresholdIsPossible(threshold: Threshold, ctx: CheckContext): void {
  if (threshold.value.kind === 'Missing') return;
  const text = ctx.source.slice(threshold.value.span);
  if (threshold.value.number.value < 0) ctx.report(NegativeNumber, threshold.value.span, [text, 'a threshold']);
  else if (threshold.value.unit?.unit === 'percent' && threshold.value.number.value > 100) ctx.report(PercentOutOfRange, threshold.value.span, [text]);
}

function compareNumbers(condition: CompareCondition, ctx: CheckContext): void {
  const scope = ctx.guideline;
  const found = subjectFact(condition.subject, ctx);
  // A comparison the parser could not finish says nothing more than its syntax error.
  if (scope === null || found === undefined || condition.value.kind === 'Missing') return;
  const kind = factKind(found.type);
  const name = condition.subject.text;
  if (kind === null) return;
  if (kind !== 'number' && kind !== 'count') {
    ctx.report(TypeMismatch, condition.subject.span, [`'${name}' is ${describeKind(kind)}, not a number, so it cannot be compared with a threshold. ${howToTest(kind, name)}`]);
    return;
  }
  if (brokenTotal(found, ctx) || !addendsAddUp(condition, found, ctx)) return;
  thresholdFits(condition.value, name, found, ctx);
  const duration = condition.duration;
  if (duration === null) return;
  if (condition.addends.length > 0) {
    ctx.report(TypeMismatch, duration.span, ['A sum has no duration of its own: compare each amount with its duration separately.']);
    return;
  }
  const lasting = found.type.kind === 'NumberType' ? found.type.lasting : null;
  if (lasting === null) {
    ctx.report(DurationNotDeclared, duration.span, [name]);
    return;
  }
  if (lasting.kind === 'Missing' || duration.value.kind === 'Missing') return;
  // The name after `lasting` in the subject's declaration, linked there.
  const lastingFact = factOf(ctx.links.declarationOf(lasting));
  if (lastingFact === undefined) return; // reported at the declaration
  thresholdFits(duration.value, lasting.text, lastingFact, ctx);
}

/** A total whose declaration is broken (reported there): nothing more is said about its uses. */
function brokenTotal(fact: Fact, ctx: CheckContext): boolean {
  if (fact.type.kind !== 'TotalType') return false;
  const total = ctx.guideline === null ? undefined : totalOf(ctx.links, fact);
  const kind = total === undefined ? null : factKind(total.field.type);
  return kind !== 'number' && kind !== 'count';
}

/** `a + b + c`: every addend is a number in the subject's unit. True when the sum can be compared. */
function addendsAddUp(condition: CompareCondition, subject: Fact, ctx: CheckContext): boolean {
  const subjectUnit = unitOf(ctx.links, subject);
  let fits = true;
  for (const addend of condition.addends) {
    const found = subjectFact(addend, ctx);
    if (found === undefined) {
      fits = false;
      continue;
    }
    if (brokenTotal(found, ctx)) {
      fits = false;
      continue;
    }
    const kind = factKind(found.type);
    if (kind !== 'number' && kind !== 'count') {
      if (kind !== null) ctx.report(TypeMismatch, addend.span, [`'${addend.text}' is ${describeKind(kind)}, not a number, so it cannot be added.`]);
      fits = false;
      continue;
    }
    const unit = unitOf(ctx.links, found);
    if (unit !== subjectUnit) {
      ctx.report(UnitsDoNotAdd, addend.span, [condition.subject.text, subjectUnit ?? 'plain numbers', addend.text, unit ?? 'plain numbers']);
      fits = false;
    }
  }
  return fits;
}

/** `elapsed <unit> from <date> to <date>`: counted in hours, days, weeks, months or years. */
function elapsedInTime(type: ElapsedType, ctx: CheckContext): void {
  if (type.unit !== null && timeUnits.includes(type.unit.unit)) return;
  ctx.report(TypeMismatch, type.unit?.span ?? type.span, [
    'Time between two dates is counted in hours, days, weeks, months or years, like `elapsed weeks from patient.date_of_injury to request.date_requested`.',
  ]);
}

/** `total of <records>.<field>`: a top-level fact adding up a number field of a records fact. */
function totalAddsUpAField(type: TotalType, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null || type.path.kind === 'Missing') return;
  if (ctx.records !== null) {
    ctx.report(TypeMismatch, type.span, ['A total adds up a list of records; declare it as a `fact`, not as a `field`.']);
    return;
  }
  const [records, field, ...rest] = ctx.links.segmentsOf(type.path);
  if (records === undefined || field === undefined || rest.length > 0) {
    ctx.report(TypeMismatch, type.path.span, ['Name the records and the field to add up, like `total of prior_physical_therapy.visits`.']);
    return;
  }
  const recordsFact = factOf(ctx.links.declarationOf(records));
  if (recordsFact === undefined) {
    const suggestion = closest(records.text, scope.facts.keys());
    ctx.report(UnknownFact, type.path.span, [records.text, suggestion], { suggestion });
    return;
  }
  if (recordsFact.type.kind !== 'RecordsType') {
    ctx.report(NotRecords, type.path.span, [records.text]);
    return;
  }
  const fieldFact = factOf(ctx.links.declarationOf(field));
  if (fieldFact === undefined) {
    const suggestion = closest(field.text, scope.fields.get(recordsFact)?.keys() ?? []);
    ctx.report(UnknownField, type.path.span, [field.text, records.text, suggestion], { suggestion });
    return;
  }
  const kind = factKind(fieldFact.type);
  if (kind !== 'number' && kind !== 'count' && kind !== null) {
    ctx.report(TypeMismatch, type.path.span, [`'${field.text}' is ${describeKind(kind)}, not a number, so it cannot be added up.`]);
  }
}

function isComparesLikeWithLike(condition: IsCondition, ctx: CheckContext): void {
  const found = subjectFact(condition.subject, ctx);
  if (found === undefined) return;
  const kind = factKind(found.type);
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
  Threshold: [thresholdIsPossible],
  TotalType: [totalAddsUpAField],
  ElapsedType: [elapsedInTime],
  Is: [isComparesLikeWithLike],
};
