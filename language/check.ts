/**
 * The checker: named stages over parsed documents — resolve the declarations, link every name once (links.ts), run
 * the registered checks (each guarded on its own: a check that throws is one RUB1999 at its node), build the model —
 * each stage guarded so a bug in Rubric becomes a RUB1999 diagnostic, never an exception. The model holds only
 * guidelines whose files (and libraries) have no errors.
 *
 * A `Checker` keeps what it computed per document (scope, links, diagnostics, checked guideline) and reuses it while
 * the document and the libraries it uses are unchanged: the workspace (workspace.ts) re-checks only what an edit
 * touches. `check()` is the one-shot form.
 */
import type { Document, Node } from './ast.js';
import { InternalError, diagnostic } from './codes.js';
import type { CodeDef, ReportOptions } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import { sortDiagnostics } from './diagnostic.js';
import { combineLinks, linkDocument } from './links.js';
import type { DocumentLinks, Links } from './links.js';
import type { CheckedGuideline, Model } from './model.js';
import { resolve, ScopeCache } from './resolve.js';
import type { GuidelineScope, Scope } from './resolve.js';
import type { SourceFile, Span } from './source.js';
import { buildGuideline } from './build-model.js';
import { casePathChecks } from './checks/case-paths.js';
import { codeChecks } from './checks/codes.js';
import type { CheckContext, CheckFn, Checks } from './checks/context.js';
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

export interface CheckResult {
  readonly model: Model;
  /** Every diagnostic, sorted by file and position, at most `maxDiagnosticsPerFile` per file. */
  readonly diagnostics: Diagnostic[];
  /** The same, by document uri (every checked document has an entry, empty when clean). */
  readonly diagnosticsByUri: ReadonlyMap<string, readonly Diagnostic[]>;
  readonly links: Links;
}

/** What a checker did, for tests and the workspace's statistics: documents linked, checked and built into the model. */
export interface CheckerStats {
  linked: number;
  checked: number;
  built: number;
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Runs one stage; an exception becomes a RUB1999 diagnostic on `uri`. Returns undefined on failure. */
export function guard<T>(stage: string, uri: string, diagnostics: Diagnostic[], run: () => T, span: Span = { start: 0, end: 0 }): T | undefined {
  try {
    return run();
  } catch (error) {
    diagnostics.push(diagnostic(InternalError, uri, span, [stage, describeError(error)]));
    return undefined;
  }
}

/** One document's checked state, kept while its scope (its document and the libraries it uses) is the same. */
interface Checked {
  readonly scope: Scope;
  readonly input: readonly Diagnostic[];
  readonly links: DocumentLinks;
  /** Diagnostics of linking and of the checks. */
  readonly diagnostics: readonly Diagnostic[];
}

const emptyLinks = (scope: Scope): DocumentLinks => linkDocument({ kind: 'none', uri: scope.uri, document: scope.document, declarations: scope.declarations, diagnostics: [] });

export class Checker {
  readonly #checks: Checks;
  readonly #scopes = new ScopeCache();
  readonly #checked = new Map<string, Checked>();
  readonly #built = new WeakMap<GuidelineScope, CheckedGuideline | Diagnostic[]>();
  /** Counts of the work done so far (what was reused is not counted). */
  readonly stats: CheckerStats = { linked: 0, checked: 0, built: 0 };

  constructor(
    options: Pick<CheckOptions, 'checks' | 'caseFileSchema'> = {},
    /** Called once for each document whose checks run (not for those whose results are reused). */
    private readonly onCheck: (uri: string) => void = () => {},
  ) {
    const checks = options.checks ?? allChecks;
    this.#checks = options.caseFileSchema === undefined ? checks : mergeChecks(checks, casePathChecks(options.caseFileSchema));
  }

  /** Forgets what was kept for a document (it was deleted). */
  forget(uri: string): void {
    this.#checked.delete(uri);
  }

  /**
   * Checks documents together (guidelines and the libraries they use), reusing the results of documents whose
   * scope is unchanged. With `only`, diagnostics and the model cover just those uris (and their libraries are
   * checked for the model's sake); every document is still resolved, since names cross files.
   */
  check(parsed: readonly CheckInput[], only?: ReadonlySet<string>): CheckResult {
    return this.#run(parsed, only, true);
  }

  /**
   * Stages 1–3 only (names, links, checks): the diagnostics and links of `check`, without building the model.
   * Building the model reports nothing but a bug in Rubric (RUB1999 when a guideline without errors cannot be
   * built); the language server, which reads no model, asks for this.
   */
  diagnose(parsed: readonly CheckInput[], only?: ReadonlySet<string>): Omit<CheckResult, 'model'> {
    const { diagnostics, diagnosticsByUri, links } = this.#run(parsed, only, false);
    return { diagnostics, diagnosticsByUri, links };
  }

  #run(parsed: readonly CheckInput[], only: ReadonlySet<string> | undefined, buildModel: boolean): CheckResult {
    const failures: Diagnostic[] = [];
    const firstUri = parsed[0]?.source.uri ?? '';

    // Stage 1: declarations.
    const result = guard('resolving the names of', firstUri, failures, () => resolve(parsed.map((p) => p.document), this.#scopes));
    if (result === undefined) {
      const diagnostics = cap([...parsed.flatMap((p) => p.diagnostics), ...failures]);
      return { model: { guidelines: [] }, diagnostics, diagnosticsByUri: byUri(parsed, diagnostics), links: combineLinks([], { libraries: new Map() }) };
    }
    const { resolved } = result;
    const acrossByUri = new Map<string, Diagnostic[]>();
    const own = new Set(resolved.scopes.flatMap((s) => s.diagnostics));
    for (const d of result.diagnostics) if (!own.has(d)) (acrossByUri.get(d.uri) ?? acrossByUri.set(d.uri, []).get(d.uri))?.push(d);

    // Which documents this call is about: those asked for, and the libraries they use.
    const wanted = (scope: Scope): boolean => only === undefined || only.has(scope.uri);
    const needed = new Set<string>();
    for (const scope of resolved.scopes) {
      if (!wanted(scope)) continue;
      needed.add(scope.uri);
      if (scope.kind === 'guideline') for (const uri of scope.libraries) needed.add(uri);
    }

    // Stage 2: links, for every document whose scope changed (names cross files, so all are linked before any check).
    const states = parsed.map((p, i) => {
      const scope = resolved.scopes[i];
      if (scope === undefined) return undefined;
      const kept = this.#checked.get(p.source.uri);
      if (kept !== undefined && kept.scope === scope && kept.input === p.diagnostics) return { input: p, scope, kept };
      if (!needed.has(scope.uri)) return { input: p, scope, kept: undefined };
      const linkFailures: Diagnostic[] = [];
      this.stats.linked++;
      const links = guard('linking the names of', scope.uri, linkFailures, () => linkDocument(scope, scope.kind === 'guideline' ? p.source.text : undefined)) ?? emptyLinks(scope);
      return { input: p, scope, kept: undefined, links, linkFailures };
    });
    const links = combineLinks(
      states.flatMap((s) => (s === undefined ? [] : s.kept !== undefined ? [s.kept.links] : s.links !== undefined ? [s.links] : [])),
      resolved,
    );

    // Stage 3: checks, per document (each check guarded on its own).
    const perUri = new Map<string, Diagnostic[]>();
    for (const state of states) {
      if (state === undefined || !needed.has(state.scope.uri)) continue;
      let checked = state.kept;
      if (checked === undefined) {
        const found: Diagnostic[] = [...(state.linkFailures ?? [])];
        if (found.length === 0) {
          this.onCheck(state.scope.uri);
          this.stats.checked++;
          guard('checking', state.scope.uri, found, () => this.runChecks(state.input, state.scope, links, found));
        }
        checked = { scope: state.scope, input: state.input.diagnostics, links: state.links ?? emptyLinks(state.scope), diagnostics: found };
        this.#checked.set(state.scope.uri, checked);
      }
      perUri.set(state.scope.uri, [...state.input.diagnostics, ...state.scope.diagnostics, ...(acrossByUri.get(state.scope.uri) ?? []), ...checked.diagnostics]);
    }
    const present = new Set(parsed.map((p) => p.source.uri));
    for (const uri of this.#checked.keys()) if (!present.has(uri)) this.#checked.delete(uri);

    // Stage 4: the model, from guidelines without errors in their file or the libraries they use.
    const erroneous = new Set<string>();
    for (const [uri, diagnostics] of perUri) if (diagnostics.some((d) => d.severity === 'error')) erroneous.add(uri);
    const guidelines: CheckedGuideline[] = [];
    for (const scope of buildModel ? resolved.scopes : []) {
      if (scope.kind !== 'guideline' || !wanted(scope) || erroneous.has(scope.uri) || scope.libraries.some((u) => erroneous.has(u))) continue;
      let built = this.#built.get(scope);
      if (built === undefined) {
        const failed: Diagnostic[] = [];
        this.stats.built++;
        built = guard('building the checked model of', scope.uri, failed, () => buildGuideline(scope, links)) ?? failed;
        this.#built.set(scope, built);
      }
      if (Array.isArray(built)) perUri.get(scope.uri)?.push(...built);
      else guidelines.push(built);
    }
    guidelines.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    const diagnostics = cap([...perUri.values()].flat());
    return { model: { guidelines }, diagnostics, diagnosticsByUri: byUri(parsed.filter((p) => needed.has(p.source.uri) && (only === undefined || only.has(p.source.uri))), diagnostics), links };
  }

  private runChecks(parsed: CheckInput, scope: Scope, links: Links, found: Diagnostic[]): void {
    const uri = scope.uri;
    const parseErrors = parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.span);
    const ctx: CheckContext = {
      source: parsed.source,
      uri,
      scope,
      links,
      guideline: scope.kind === 'guideline' ? scope : null,
      records: null,
      criterion: null,
      hasParseErrorIn: (span: Span) => parseErrors.some((e) => e.start >= span.start && e.start <= span.end),
      report: <Args extends unknown[]>(def: CodeDef<Args>, span: Span, args: Args, options?: ReportOptions) => {
        found.push(diagnostic(def, uri, span, args, options));
      },
    };
    const failed = (check: CheckFn<never>, node: Node, error: unknown): void => {
      found.push(diagnostic(InternalError, uri, node.span, [`running the check '${check.name || 'anonymous'}' on`, describeError(error)]));
    };
    walk(parsed.document, ctx, this.#checks, failed);
  }
}

/** Checks a set of documents once. */
export function check(parsed: readonly CheckInput[], options: CheckOptions = {}): CheckResult {
  return new Checker(options).check(parsed);
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

function byUri(parsed: readonly CheckInput[], diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const map = new Map<string, Diagnostic[]>(parsed.map((p) => [p.source.uri, []]));
  for (const d of diagnostics) map.get(d.uri)?.push(d);
  return map;
}
