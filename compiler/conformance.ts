/**
 * Conformance: run a guideline's cases (conformance-files.ts) against a loaded bundle and say, case by case, what
 * differed from what the author wanted. Pure: no files, no clock; the CLI (`rubric test`) and the tests feed it.
 *
 *   const report = runConformance(loaded.value, casesFiles);
 *   io.out(renderReport(report));           // one line per failing case, then "N passed, N failed"
 */
import type { LoadedBundle } from '../runtime/evaluate.js';
import { notMetReasons, type Determination } from '../runtime/determination.js';
import { closest } from '../language/suggest.js';
import type { CasesFile, CasesProblem, ConformanceCase, Position } from './conformance-files.js';

/** What the runner needs of a bundle. */
export type ConformanceBundle = Pick<LoadedBundle, 'guidelineIds' | 'guideline' | 'evaluate'>;

export interface Difference {
  /** What was compared: the outcome, one criterion, the not-met reasons, the missing documents, the field errors. */
  readonly what: 'outcome' | 'route' | 'criterion' | 'text' | 'reasons' | 'missing' | 'errors' | 'evaluation' | 'not run';
  readonly criterion?: string;
  readonly expected: unknown;
  readonly got: unknown;
}

export interface CaseResult extends Position {
  readonly uri: string;
  /** The guideline the cases file names (`''` when a broken file does not say). */
  readonly guideline: string;
  readonly note: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Empty unless failed. */
  readonly differences: readonly Difference[];
  readonly skip?: string;
}

export interface ConformanceReport {
  readonly results: readonly CaseResult[];
  /** Errors in the cases files themselves (unknown guideline or criterion; also those found while loading). */
  readonly problems: readonly CasesProblem[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/**
 * Evaluate every case and compare. A case that names an unknown criterion is a problem at that name and fails, with
 * its other differences still listed; the cases of a file naming an unknown guideline, of a file with errors and
 * those whose `extends` cannot be read are not run and count as failed. `problems` found while loading the files are
 * carried into the report.
 */
export function runConformance(bundle: ConformanceBundle, files: readonly CasesFile[], problems: readonly CasesProblem[] = []): ConformanceReport {
  const results: CaseResult[] = [];
  const found: CasesProblem[] = [...problems];
  for (const file of files) {
    const notRun = file.unrun.map((u) => result(file, { position: u.position, note: u.note }, 'failed', [{ what: 'not run', expected: 'a case that can run', got: u.why }]));
    if (file.cases.length === 0 && notRun.length > 0) {
      results.push(...notRun);
      continue;
    }
    const meta = bundle.guideline(file.guideline);
    if (meta === undefined) {
      const suggestion = closest(file.guideline, bundle.guidelineIds());
      found.push({
        uri: file.uri,
        ...file.guidelinePosition,
        message:
          `"${file.guideline}" is not a guideline in the bundle.` +
          (suggestion ? ` Did you mean "${suggestion}"?` : ` It has: ${bundle.guidelineIds().map((i) => `"${i}"`).join(', ')}.`),
      });
      for (const c of file.cases) results.push(result(file, c, 'failed', [{ what: 'evaluation', expected: file.guideline, got: 'no such guideline' }]));
      results.push(...notRun);
      continue;
    }
    const ids = meta.criteria.map((c) => c.id);
    for (const c of file.cases) {
      if (c.skip !== undefined) {
        results.push(result(file, c, 'skipped', []));
        continue;
      }
      const named = new Set([...Object.keys(c.want.criteria ?? {}), ...Object.keys(c.want.texts ?? {})]);
      const unknown = [...named].filter((id) => !ids.includes(id));
      for (const id of unknown) {
        const suggestion = closest(id, ids);
        found.push({
          uri: file.uri,
          ...(c.criterionPositions[id] ?? c.position),
          message: `"${id}" is not a criterion of ${file.guideline}.` + (suggestion ? ` Did you mean "${suggestion}"?` : ` Its criteria: ${ids.join(', ')}.`),
        });
      }
      const unknownDifferences: Difference[] = unknown.map((id) => ({ what: 'criterion', criterion: id, expected: 'a criterion of the guideline', got: 'no such criterion' }));
      // The rest of the case is still compared: a misspelt criterion must not hide a wrong outcome.
      const known = unknown.length === 0 ? c : withoutCriteria(c, unknown);
      const evaluated = bundle.evaluate(file.guideline, c.data);
      const differences = evaluated.ok ? compare(known, evaluated.value) : [{ what: 'evaluation' as const, expected: c.want.outcome, got: evaluated.error.message }];
      const all = [...unknownDifferences, ...differences];
      results.push(result(file, c, all.length === 0 ? 'passed' : 'failed', all));
    }
    results.push(...notRun);
  }
  const count = (status: CaseResult['status']) => results.filter((r) => r.status === status).length;
  return { results, problems: found, passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

function result(file: CasesFile, c: Pick<ConformanceCase, 'position' | 'note'> & { readonly skip?: string }, status: CaseResult['status'], differences: Difference[]): CaseResult {
  return { uri: file.uri, guideline: file.guideline, ...c.position, note: c.note, status, differences, ...(c.skip !== undefined ? { skip: c.skip } : {}) };
}

/** The case with the named criteria left out of `want.criteria` and `want.texts`. */
function withoutCriteria(c: ConformanceCase, ids: readonly string[]): ConformanceCase {
  const drop = <V>(record: Readonly<Record<string, V>> | undefined) =>
    record === undefined ? undefined : Object.fromEntries(Object.entries(record).filter(([id]) => !ids.includes(id)));
  const criteria = drop(c.want.criteria);
  const texts = drop(c.want.texts);
  const { criteria: _criteria, texts: _texts, ...want } = c.want;
  return { ...c, want: { ...want, ...(criteria !== undefined ? { criteria } : {}), ...(texts !== undefined ? { texts } : {}) } };
}

/** What differs between the case's `want` and the determination; only what `want` lists is compared. */
export function compare(c: ConformanceCase, d: Determination): Difference[] {
  const { want } = c;
  const out: Difference[] = [];
  if (d.outcome !== want.outcome) out.push({ what: 'outcome', expected: want.outcome, got: d.outcome });
  if (want.route !== undefined && d.route !== want.route) out.push({ what: 'route', expected: want.route, got: d.route });
  for (const [id, expected] of Object.entries(want.criteria ?? {})) {
    const got = d.reasons.find((r) => r.criterion === id)?.status ?? (d.outcome === 'invalid_case' ? 'not evaluated (invalid case)' : 'no result');
    if (got !== expected) out.push({ what: 'criterion', criterion: id, expected, got });
  }
  for (const [id, expected] of Object.entries(want.texts ?? {})) {
    const got = d.reasons.find((r) => r.criterion === id)?.text ?? 'no text';
    if (got !== expected) out.push({ what: 'text', criterion: id, expected, got });
  }
  if (want.reasons !== undefined) {
    // The reasons the determination rests on: a route not taken, when another is met, is not among them.
    const got = notMetReasons(d).map((r) => r.text);
    if (!sameList(want.reasons, got)) out.push({ what: 'reasons', expected: want.reasons, got });
  }
  if (want.missing !== undefined) {
    const got = d.missing.map((m) => m.path);
    if (!sameSet(want.missing, got)) out.push({ what: 'missing', expected: want.missing, got });
  }
  if (want.errors !== undefined) {
    const got = d.errors.map((e) => e.path);
    if (!sameSet(want.errors, got)) out.push({ what: 'errors', expected: want.errors, got: d.errors.map((e) => `${e.path}: ${e.message}`) });
  }
  return out;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]) => sameList([...a].sort(), [...b].sort());

// ── Rendering ───────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Text for people and CI logs: each problem as `file:line:col: error: message`; one line per failing or skipped case
 * (`file:line: FAIL <note> — <what differed>`); then the summary `N passed, N failed` alone on its line, followed by
 * `N skipped` and `N errors in cases files` lines when there are any.
 */
export function renderReport(report: ConformanceReport): string {
  const lines: string[] = [];
  for (const p of report.problems) lines.push(`${p.uri}:${p.line}:${p.column}: error: ${p.message}`);
  for (const r of report.results) {
    if (r.status === 'failed') lines.push(`${r.uri}:${r.line}: FAIL ${oneLine(r.note)} — ${r.differences.map(describeDifference).join('; ')}`);
    else if (r.status === 'skipped') lines.push(`${r.uri}:${r.line}: SKIP ${oneLine(r.note)} — ${oneLine(r.skip ?? '')}`);
  }
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  if (report.skipped > 0) lines.push(`${report.skipped} skipped`);
  if (report.problems.length > 0) lines.push(`${report.problems.length} ${report.problems.length === 1 ? 'error' : 'errors'} in cases files`);
  return `${lines.join('\n')}\n`;
}

/** One difference in words: `criterion two_levels: expected met, got not_met`. */
export function describeDifference(d: Difference): string {
  switch (d.what) {
    case 'outcome':
      return `outcome: expected ${String(d.expected)}, got ${String(d.got)}`;
    case 'route':
      return `route: expected ${String(d.expected)}, got ${String(d.got)}`;
    case 'criterion':
      return `criterion ${d.criterion ?? ''}: expected ${String(d.expected)}, got ${String(d.got)}`;
    case 'text':
      return `text of ${d.criterion ?? ''}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.got)}`;
    case 'reasons':
      return `not-met reasons: ${listDifference(d.expected as readonly string[], d.got as readonly string[])}`;
    case 'missing':
      return `missing documents: expected ${list(d.expected)}, got ${list(d.got)}`;
    case 'errors':
      return `field errors: expected ${list(d.expected)}, got ${list(d.got)}`;
    case 'evaluation':
      return `could not evaluate: ${String(d.got)}`;
    case 'not run':
      return `not run: ${String(d.got)}`;
  }
}

/** The first place two lists of reason texts part, in words (and the counts, when they differ). */
function listDifference(expected: readonly string[], got: readonly string[]): string {
  const counts = expected.length === got.length ? '' : `expected ${expected.length}, got ${got.length}; `;
  for (let i = 0; i < Math.max(expected.length, got.length); i++) {
    const e = expected[i];
    const g = got[i];
    if (e === g) continue;
    if (e === undefined) return `${counts}reason ${i + 1} was not expected: ${JSON.stringify(g)}`;
    if (g === undefined) return `${counts}reason ${i + 1} expected ${JSON.stringify(e)}, got none`;
    return `${counts}reason ${i + 1} expected ${JSON.stringify(e)}, got ${JSON.stringify(g)}`;
  }
  return 'the same';
}

const list = (value: unknown): string => (Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(', ')}]` : String(value));
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The report as data for CI tools (`rubric test --format json` puts it in the CLI's shared envelope). */
export function reportData(report: ConformanceReport): {
  passed: number;
  failed: number;
  skipped: number;
  /** How many errors the cases files have (listed in `problems`). */
  errors: number;
  problems: readonly CasesProblem[];
  cases: readonly (CaseResult & { differences: readonly (Difference & { message: string })[] })[];
} {
  const { results, problems, passed, failed, skipped } = report;
  return {
    passed,
    failed,
    skipped,
    errors: problems.length,
    problems,
    cases: results.map((r) => ({ ...r, differences: r.differences.map((d) => ({ ...d, message: describeDifference(d) })) })),
  };
}
