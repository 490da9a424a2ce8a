/**
 * Rubric runtime: load a compiled guideline bundle (verified before it is imported) and evaluate case files
 * against it. Imports nothing from `language/` or `compiler/`; a service can depend on this alone.
 *
 *   const loaded = await loadBundle('out');                      // Result<LoadedBundle, LoadError>
 *   if (!loaded.ok) return refuse(loaded.error.message);
 *   const result = loaded.value.evaluate(guidelineId, caseFile); // Result<Determination, EvaluationError>
 *   if (result.ok) console.log(renderText(result.value));
 *
 *   const items = loaded.value.evaluateRequest(caseFile);         // each requested item under the guideline that applies
 *   console.log(renderRequestText(items));
 *
 * Nothing here throws on bad input: bundles, ids and case data are answered with values.
 */
export { loadBundle, loadBundleFiles } from './load.js';
export type { LoadedBundle, EvaluationError } from './evaluate.js';
export type { LoadError, LoadErrorCode } from './verify.js';
export type { Determination, Outcome, Reason, MissingDocument } from './determination.js';
export type { FieldError } from './json-data.js';
export { validateCaseFile } from './validate-case.js';
export type * from './case-file.js';
export { renderText, renderMarkdown } from './render.js';
export type { RequestEvaluation, ItemResult, ItemStatus, ConsideredGuideline, ConsideredStatus } from './evaluate-request.js';
export type { RequestSummary, MatchKind } from './select-guideline.js';
export { renderRequestText, renderRequestMarkdown } from './render-request.js';
export { canonicalJson, sha256Hex } from './canonical-json.js';
export type { Result } from './result.js';
export { BUNDLE_FORMAT } from './contract.js';
export type {
  Citation,
  CriterionStatus,
  DataRequirement,
  Evidence,
  GuidelineMeta,
  Manifest,
  MissingDocumentationPolicy,
  RecommendationStatus,
} from './contract.js';
