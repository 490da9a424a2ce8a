/**
 * What a guideline, a library and a criterion must say: required header lines, one test per
 * criterion, citations, reasons, no repeated lines, libraries holding value sets only.
 */
import type { Criterion, CriterionClause, Document, GuidelineHeader, HeaderClause, LibraryHeader } from '../ast.js';
import {
  CriterionWithoutCitation,
  CriterionWithoutReason,
  CriterionWithoutTest,
  JudgementWithTest,
  MissingHeaderField,
  NotAGuideline,
  RepeatedClause,
  SecondTest,
  UnusedSource,
  UnusedThreshold,
} from '../codes.js';
import type { CheckContext, Checks } from './context.js';
import { criterionName } from './context.js';

const clauseName = (clause: HeaderClause): string => {
  switch (clause.kind) {
    case 'TextClause':
      return clause.keyword;
    case 'ServiceClause':
      return 'service';
    case 'RecommendationClause':
      return 'recommendation';
    case 'MissingDocumentationClause':
      return 'missing documentation';
    case 'AppliesClause':
      return 'applies when';
  }
};

function repeatedHeaderClauses(header: GuidelineHeader | LibraryHeader, ctx: CheckContext): void {
  const seen = new Set<string>();
  const owner = header.kind === 'GuidelineHeader' ? 'This guideline' : 'This library';
  for (const clause of header.clauses) {
    if (clause.kind === 'AppliesClause') continue; // several `applies when` lines AND together
    const name = clauseName(clause);
    if (seen.has(name)) ctx.report(RepeatedClause, clause.span, [name, owner]);
    seen.add(name);
  }
}

const required: readonly { name: string; what: string; example: string }[] = [
  { name: 'title', what: 'title', example: 'title "Cervical facet joint therapeutic steroid injections"' },
  { name: 'version', what: 'version', example: 'version "2014.1"' },
  { name: 'recommendation', what: 'recommendation', example: 'recommendation conditionally recommended' },
];

function requiredHeaderClauses(header: GuidelineHeader, ctx: CheckContext): void {
  if (ctx.hasParseErrorIn(header.span)) return;
  const present = new Set(header.clauses.map(clauseName));
  const at = header.name.kind === 'Missing' ? header.span : header.name.span;
  for (const r of required) if (!present.has(r.name)) ctx.report(MissingHeaderField, at, [r.what, r.example]);
}

function libraryHeaderClauses(header: LibraryHeader, ctx: CheckContext): void {
  for (const clause of header.clauses) {
    const name = clauseName(clause);
    if (name === 'service' || name === 'recommendation' || name === 'missing documentation' || name === 'applies when') {
      ctx.report(NotAGuideline, clause.span, [`\`${name}\` lines`]);
    }
  }
}

function libraryHoldsValueSetsOnly(document: Document, ctx: CheckContext): void {
  if (ctx.scope.kind !== 'library') return;
  for (const section of document.sections) {
    const what =
      section.kind === 'Sources' ? 'sources' : section.kind === 'Facts' ? 'facts' : section.kind === 'Criteria' ? 'criteria' : section.kind === 'Uses' ? '`uses` lines' : section.kind === 'Routes' ? 'routes' : null;
    if (what !== null) ctx.report(NotAGuideline, section.span, [what]);
  }
}

function everySourceCited(document: Document, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null || ctx.hasParseErrorIn(document.span)) return;
  for (const [id, source] of scope.sources) if (ctx.links.usesOf(source).length === 0) ctx.report(UnusedSource, source.nameNode.span, [id]);
}

/** A threshold no comparison, `max_levels` or reason uses is most likely a leftover (or a typo elsewhere). */
function everyThresholdUsed(document: Document, ctx: CheckContext): void {
  const scope = ctx.guideline;
  if (scope === null || scope.thresholds.size === 0 || ctx.hasParseErrorIn(document.span)) return;
  for (const [id, threshold] of scope.thresholds) if (ctx.links.usesOf(threshold).length === 0) ctx.report(UnusedThreshold, threshold.nameNode.span, [id]);
}

const isTest = (c: CriterionClause): boolean =>
  c.kind === 'ExcludeClause' || c.kind === 'MaxLevelsClause' || c.kind === 'RequireClause' || c.kind === 'JudgementClause';

const at = (criterion: Criterion) => (criterion.name.kind === 'Missing' ? criterion.span : criterion.name.span);

function exactlyOneTest(criterion: Criterion, ctx: CheckContext): void {
  const tests = criterion.clauses.filter(isTest);
  const name = criterionName(criterion);
  if (tests.length === 0 && !ctx.hasParseErrorIn(criterion.span)) ctx.report(CriterionWithoutTest, at(criterion), [name]);
  // Asking the reviewer and checking the case are two criteria, whichever comes first (RUB1610); a second
  // test of the same sort is a second test (RUB1304).
  const judgements = tests.filter((t) => t.kind === 'JudgementClause');
  const checks = tests.filter((t) => t.kind !== 'JudgementClause');
  if (judgements.length > 0) for (const check of checks) ctx.report(JudgementWithTest, check.span, [name]);
  for (const group of judgements.length > 0 ? [judgements] : [checks]) {
    for (const extra of group.slice(1)) ctx.report(SecondTest, extra.span, [name]);
  }
}

function citesASource(criterion: Criterion, ctx: CheckContext): void {
  if (ctx.hasParseErrorIn(criterion.span)) return;
  if (!criterion.clauses.some((c) => c.kind === 'CiteClause' && c.sources.length > 0)) {
    ctx.report(CriterionWithoutCitation, at(criterion), [criterionName(criterion)]);
  }
}

function hasAReason(criterion: Criterion, ctx: CheckContext): void {
  if (ctx.hasParseErrorIn(criterion.span)) return;
  // A judgement criterion prints its question; it has no reason of its own.
  if (criterion.clauses.some((c) => c.kind === 'JudgementClause')) return;
  if (!criterion.clauses.some((c) => c.kind === 'ReasonClause' && c.keyword === 'reason')) {
    ctx.report(CriterionWithoutReason, at(criterion), [criterionName(criterion)]);
  }
}

function noRepeatedClauses(criterion: Criterion, ctx: CheckContext): void {
  const seen = new Set<string>();
  for (const clause of criterion.clauses) {
    const name =
      clause.kind === 'WhenClause'
        ? 'when'
        : clause.kind === 'ReasonClause'
          ? clause.keyword
          : clause.kind === 'NotStatedClause'
            ? 'if not stated'
            : clause.kind === 'RouteClause'
              ? 'route'
              : null;
    if (name === null) continue;
    if (seen.has(name)) ctx.report(RepeatedClause, clause.span, [name, `Criterion '${criterionName(criterion)}'`]);
    seen.add(name);
  }
}

export const structureChecks: Checks = {
  Document: [libraryHoldsValueSetsOnly, everySourceCited, everyThresholdUsed],
  GuidelineHeader: [repeatedHeaderClauses, requiredHeaderClauses],
  LibraryHeader: [repeatedHeaderClauses, libraryHeaderClauses],
  Criterion: [exactlyOneTest, citesASource, hasAReason, noRepeatedClauses],
};
