/**
 * Numbers a request states, and record dates:
 * - a limit on a requested amount says what it counts as when the request leaves the amount out (`if not stated`);
 * - a term that may be a range says which end it tests (`max` / `min`), and only such a term has ends;
 * - `latest` / `earliest <records>.<date field>` names a records fact and one of its date fields;
 * - a field's `elapsed … to request.…` would read the request inside each record: it is a fact's job.
 */
import type { CompareCondition, Condition, Criterion, ElapsedType, Fact, Name, OrMissing, Path, RecordPick } from '../ast.js';
import {
  DateFieldNotADate,
  LimitWithoutNotStated,
  PickInsideRecord,
  RangeEndOnNumber,
  RangeWithoutEnd,
  RecordElapsedReadsRequest,
  UnknownDateField,
  UnknownDateRecords,
} from '../codes.js';
import { canHoldRange, rangePaths } from '../numbers.js';
import { factOf } from '../links.js';
import { factKind } from '../resolve.js';
import { closest } from '../suggest.js';
import type { CheckContext, Checks } from './context.js';
import { describeKind } from './describe.js';

/** The case path a top-level number fact reads (a number the request states, like its visits), or null. */
function requestRead(name: Name, ctx: CheckContext): readonly string[] | null {
  if (ctx.guideline === null) return null;
  const found = ctx.links.declarationOf(name);
  if (found?.kind !== 'fact') return null;
  const type = found.node.type;
  return type.kind === 'NumberType' && type.path.kind === 'Path' ? type.path.segments : null;
}

/** Comparisons of the criterion's own test, not those about records (their fields are never request paths). */
function comparisons(condition: OrMissing<Condition>): CompareCondition[] {
  switch (condition.kind) {
    case 'And':
    case 'Or':
      return condition.operands.flatMap(comparisons);
    case 'Not':
      return comparisons(condition.operand);
    case 'Group':
      return condition.items.flatMap(comparisons);
    case 'Compare':
      return [condition];
    default:
      return [];
  }
}

function limitSaysIfNotStated(criterion: Criterion, ctx: CheckContext): void {
  if (ctx.hasParseErrorIn(criterion.span) || criterion.clauses.some((c) => c.kind === 'NotStatedClause')) return;
  for (const clause of criterion.clauses) {
    if (clause.kind !== 'RequireClause') continue;
    for (const compare of comparisons(clause.condition)) {
      if (compare.operator !== '<=' && compare.operator !== '<') continue;
      for (const term of [compare.subject, ...compare.addends]) {
        const path = requestRead(term, ctx);
        if (path !== null && path[0] === 'request') {
          ctx.report(LimitWithoutNotStated, compare.span, [term.text, path.join('.')]);
          return;
        }
      }
    }
  }
}

/** Each term that may be a range says which end it tests; a term that is one number has no ends. */
function rangeEnds(compare: CompareCondition, ctx: CheckContext): void {
  [compare.subject, ...compare.addends].forEach((term, i) => {
    const end = compare.ends[i] ?? null;
    const path = requestRead(term, ctx);
    const range = path !== null && canHoldRange(path);
    if (end === null && range) ctx.report(RangeWithoutEnd, term.span, [term.text, path.join('.')]);
    if (end !== null && !range && ctx.guideline !== null && factOf(ctx.links.declarationOf(term)) !== undefined) {
      ctx.report(RangeEndOnNumber, end.span, [end.end, term.text, rangePaths.join(', ')]);
    }
  });
}

function elapsedEndpoints(type: ElapsedType, ctx: CheckContext): void {
  const endpoints: [OrMissing<Path>, RecordPick | null][] = [
    [type.path, type.fromPick],
    [type.to, type.toPick],
  ];
  for (const [path, pick] of endpoints) {
    if (path.kind === 'Missing') continue;
    if (ctx.records !== null) {
      const records = ctx.records.name.kind === 'Name' ? ctx.records.name.text : 'these records';
      const field = fieldOf(ctx.records, type);
      if (pick !== null) ctx.report(PickInsideRecord, pick.span, [pick.pick]);
      else if (path.segments[0] === 'request') ctx.report(RecordElapsedReadsRequest, path.span, [field, records, path.segments.join('.')]);
      continue;
    }
    if (pick !== null) pickedDate(path, pick, ctx);
  }
}

/** The name of the field (of `records`) whose type is `type`. */
function fieldOf(records: Fact, type: ElapsedType): string {
  const fields = records.type.kind === 'RecordsType' ? records.type.fields : [];
  const field = fields.find((f) => f.type === type);
  return field?.name.kind === 'Name' ? field.name.text : 'this field';
}

/** `latest <records>.<field>`: a records fact of this guideline and a date field of it. */
function pickedDate(path: Path, pick: RecordPick, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null) return;
  const [records, field, ...rest] = ctx.links.segmentsOf(path);
  const recordsName = records?.text ?? '';
  const recordsFact = records === undefined ? undefined : factOf(ctx.links.declarationOf(records));
  if (recordsFact === undefined || recordsFact.type.kind !== 'RecordsType') {
    const recordsFacts = [...scope.facts].filter(([, f]) => f.node.type.kind === 'RecordsType').map(([id]) => id);
    const suggestion = closest(recordsName, recordsFacts);
    ctx.report(UnknownDateRecords, path.span, [recordsName, pick.pick, suggestion], { suggestion });
    return;
  }
  const fieldFact = field === undefined || rest.length > 0 ? undefined : factOf(ctx.links.declarationOf(field));
  if (fieldFact === undefined) {
    const wanted = ctx.links.segmentsOf(path).slice(1).map((n) => n.text).join('.');
    const suggestion = closest(wanted, [...(scope.fields.get(recordsFact)?.keys() ?? [])]);
    ctx.report(UnknownDateField, path.span, [wanted, recordsName, suggestion], { suggestion });
    return;
  }
  const kind = factKind(fieldFact.type);
  if (kind !== null && kind !== 'date') ctx.report(DateFieldNotADate, path.span, [field?.text ?? '', recordsName, describeKind(kind), pick.pick]);
}

export const numberChecks: Checks = {
  Criterion: [limitSaysIfNotStated],
  Compare: [rangeEnds],
  ElapsedType: [elapsedEndpoints],
};
