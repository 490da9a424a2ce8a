/**
 * The checker: named stages over parsed documents — resolve names, run the registered checks,
 * build the model — each guarded so a bug in Rubric becomes a RUB1999 diagnostic, never an
 * exception. The model holds only guidelines whose files (and libraries) have no errors.
 */
import type { Document } from './ast.js';
import { InternalError, diagnostic } from './codes.js';
import type { CodeDef, ReportOptions } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import { sortDiagnostics } from './diagnostic.js';
import type { CheckedGuideline, Model } from './model.js';
import { resolve } from './resolve.js';
import type { Scope } from './resolve.js';
import type { SourceFile, Span } from './source.js';
import { buildGuideline } from './build-model.js';
import { casePathChecks } from './checks/case-paths.js';
import { codeChecks } from './checks/codes.js';
import type { CheckContext, Checks } from './checks/context.js';
import { exclusionChecks } from './checks/exclusions.js';
import { numberChecks } from './checks/numbers.js';
import { outcomeChecks } from './checks/outcomes.js';
import { pathChecks } from './checks/paths.js';
import { placeholderChecks } from './checks/placeholders.js';
import { referenceChecks } from './checks/references.js';
import { structureChecks } from './checks/structure.js';
import { thresholdChecks } from './checks/thresholds.js';
import { unitChecks } from './checks/units.js';
import { mergeChecks, walk } from './checks/walk.js';

/** At most this many diagnostics are kept per file; the rest are usually consequences. */
export const maxDiagnosticsPerFile = 100;

export const allChecks: Checks = mergeChecks(
  structureChecks,
  referenceChecks,
  unitChecks,
  thresholdChecks,
  codeChecks,
  placeholderChecks,
  exclusionChecks,
  pathChecks,
  numberChecks,
  outcomeChecks,
);

export interface CheckInput {
  readonly source: SourceFile;
  readonly document: Document;
  /** Diagnostics of lexing and parsing. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface CheckOptions {
  /** The checks to run; all of them unless a test says otherwise. */
  readonly checks?: Checks;
  /**
   * The case-file schema (runtime/case-file.schema.json, as JSON data): when given, every `from` path and
   * documentation item is checked against it (RUB1240, RUB1241). The CLI and the compiler's callers pass it.
   */
  readonly caseFileSchema?: unknown;
  /**
   * Diagnostics found while reading the files (RUB1007, a file that is not UTF-8: see `decodeSource`). They count
   * as that file's errors: a file with one never reaches the model.
   */
  readonly readDiagnostics?: readonly Diagnostic[];
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Runs one stage; an exception becomes a RUB1999 diagnostic on `uri`. Returns undefined on failure. */
export function guard<T>(stage: string, uri: string, diagnostics: Diagnostic[], run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    diagnostics.push(diagnostic(InternalError, uri, { start: 0, end: 0 }, [stage, describeError(error)]));
    return undefined;
  }
}

export function check(
  parsed: readonly CheckInput[],
  options: CheckOptions = {},
): { model: Model; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = parsed.flatMap((p) => p.diagnostics);
  const checks = options.caseFileSchema === undefined ? options.checks ?? allChecks : mergeChecks(options.checks ?? allChecks, casePathChecks(options.caseFileSchema));
  const firstUri = parsed[0]?.source.uri ?? '';

  // Stage 1: names.
  const resolved = guard('resolving the names of', firstUri, diagnostics, () => resolve(parsed.map((p) => p.document)));
  if (resolved === undefined) return { model: { guidelines: [] }, diagnostics: cap(diagnostics) };
  diagnostics.push(...resolved.diagnostics);

  // Stage 2: checks, per document.
  parsed.forEach((p, i) => {
    const scope = resolved.workspace.scopes[i];
    if (scope === undefined) return;
    guard('checking', p.source.uri, diagnostics, () => diagnostics.push(...runChecks(p, scope, checks)));
  });

  // Stage 3: the model, from guidelines without errors in their file or the libraries they use.
  const erroneous = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.uri));
  const guidelines: CheckedGuideline[] = [];
  for (const scope of resolved.workspace.scopes) {
    if (scope.kind !== 'guideline' || erroneous.has(scope.uri) || scope.libraries.some((u) => erroneous.has(u))) continue;
    const built = guard('building the checked model of', scope.uri, diagnostics, () => buildGuideline(scope));
    if (built !== undefined) guidelines.push(built);
  }
  guidelines.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { model: { guidelines }, diagnostics: cap(diagnostics) };
}

/** Sorts, and keeps the first `maxDiagnosticsPerFile` of each file. */
function cap(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const perFile = new Map<string, number>();
  return sortDiagnostics(diagnostics).filter((d) => {
    const n = (perFile.get(d.uri) ?? 0) + 1;
    perFile.set(d.uri, n);
    return n <= maxDiagnosticsPerFile;
  });
}

function runChecks(parsed: CheckInput, scope: Scope, checks: Checks): Diagnostic[] {
  const found: Diagnostic[] = [];
  const uri = parsed.source.uri;
  const parseErrors = parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.span);
  const ctx: CheckContext = {
    source: parsed.source,
    uri,
    scope,
    guideline: scope.kind === 'guideline' ? scope : null,
    records: null,
    criterion: null,
    hasParseErrorIn: (span: Span) => parseErrors.some((e) => e.start >= span.start && e.start <= span.end),
    report: <Args extends unknown[]>(def: CodeDef<Args>, span: Span, args: Args, options?: ReportOptions) => {
      found.push(diagnostic(def, uri, span, args, options));
    },
  };
  walk(parsed.document, ctx, checks);
  return found;
}
