/**
 * evaluateRequest(case): one determination per requested item, each under the guideline that applies to it.
 *
 * A case file names its requested items either as `request` (one item) or as `requests[]` (several, each shaped
 * like `request`); giving both is a field error, since it is not clear which items are under review. For each item
 * the runtime builds the item's case (the case file with `request` = that item and without `requests`), finds the
 * guidelines that cover it (select-guideline.ts: procedure codes, body region, service wording), evaluates each of
 * them, drops those whose scope is not met (outcome `does_not_apply`), and picks the first by the ranking rule of
 * select-guideline.ts. Every guideline of the bundle is listed under `considered` with why it was chosen or not.
 *
 * Synchronous and never throws: a malformed item is answered with field errors for that item (paths into the case
 * file: `/requests/1/codes/0/system`) and the other items are still decided; "no guideline applies" is a result.
 */
import { pointerEscape } from './canonical-json.js';
import type { GuidelineMeta } from './contract.js';
import type { Determination } from './determination.js';
import type { EvaluationError } from './evaluate.js';
import { toJsonData, type FieldError } from './json-data.js';
import { describeThrown, err, ok, type Result } from './result.js';
import {
  candidates,
  compareCandidates,
  coverageOf,
  indexServices,
  listWords,
  rankDifference,
  requestFacts,
  serviceEntry,
  type Candidate,
  type Coverage,
  type MatchKind,
  type RequestFacts,
  type RequestSummary,
  type ServiceEntry,
  type ServiceIndex,
} from './select-guideline.js';
import { validateCaseFile } from './validate-case.js';

/** What evaluateRequest needs of a bundle; a LoadedBundle is one. */
export interface GuidelineSource {
  guidelineIds(): readonly string[];
  guideline(id: string): GuidelineMeta | undefined;
  evaluate(id: string, caseData: unknown): Result<Determination, EvaluationError>;
}

export interface RequestEvaluation {
  /** One per requested item, in the case file's order. Empty only when `errors` says why. */
  readonly items: readonly ItemResult[];
  /** Problems of the case file as a whole (not an object, both `request` and `requests`, …). */
  readonly errors: readonly FieldError[];
}

export type ItemStatus =
  /** A guideline was chosen; `determination` is its answer (which may be `invalid_case`, with field errors). */
  | 'decided'
  /** No guideline in the bundle covers the item, or those that cover it do not apply to this case. */
  | 'no_guideline_applies'
  /** The item itself is malformed; `errors` says which fields to correct. */
  | 'invalid_item'
  /** A guideline that could have been chosen failed to evaluate (a bundle defect), so none is chosen. */
  | 'evaluation_failed';

export interface ItemResult {
  /** The item's index in `requests[]`; 0 for a case file with `request` only. */
  readonly item: number;
  /** JSON Pointer of the item in the case file: `/requests/1`, or `/request`. */
  readonly path: string;
  readonly status: ItemStatus;
  readonly request: RequestSummary;
  readonly determination: Determination | null;
  /** Every guideline of the bundle: the chosen one first, then the others that cover the item, then the rest. */
  readonly considered: readonly ConsideredGuideline[];
  /** The choice in one or two sentences. */
  readonly note: string;
  /** Field errors of the item (only for `invalid_item`). */
  readonly errors: readonly FieldError[];
}

export type ConsideredStatus =
  | 'chosen'
  /** Covers the item but ranks after the chosen guideline. */
  | 'also_covers'
  /** Covers the item, but its scope is not met for this case. */
  | 'does_not_apply'
  | 'evaluation_failed'
  | 'not_for_this_item';

export interface ConsideredGuideline {
  readonly guideline: string;
  readonly title: string;
  readonly status: ConsideredStatus;
  readonly match: MatchKind | null;
  /** Its scope for this case; null when it was not evaluated or the case data must be corrected first. */
  readonly scope: 'met' | 'not_met' | 'not_documented' | null;
  /** Why it was chosen or not, in plain words (one sentence, no final period). */
  readonly why: string;
}

/** More items than an IMR letter decides; beyond this the case file is refused rather than evaluated slowly. */
export const MAX_ITEMS = 100;

export function evaluateRequest(source: GuidelineSource, caseData: unknown): RequestEvaluation {
  try {
    const read = readCase(caseData);
    if (!read.ok) return { items: [], errors: read.error };
    const { rest, items } = read.value;
    const guidelines = guidelinesOf(source);
    return { items: items.map((item) => evaluateItemSafely(source, guidelines, rest, item)), errors: [] };
  } catch (e) {
    return { items: [], errors: [{ path: '', message: `could not be evaluated (${describeThrown(e)})` }] };
  }
}

interface RawItem {
  readonly index: number;
  readonly path: string;
  readonly value: unknown;
  /** From `requests[]`, where an entry must be an object (as `request`, it may be left out). */
  readonly listed: boolean;
}

/**
 * Split the case file into the part every item shares (copied as JSON) and its raw items, reading each property
 * once and inside try/catch: a getter or proxy that throws becomes a field error, and one item that is not JSON does
 * not stop the copy of the others.
 */
function readCase(caseData: unknown): Result<{ rest: Readonly<Record<string, unknown>>; items: RawItem[] }, FieldError[]> {
  const errors: FieldError[] = [];
  const kind = kindOf(caseData);
  if (kind !== 'object') return err([{ path: '', message: `must be a case file (a JSON object), not ${kind}` }]);

  let keys: string[];
  try {
    keys = Object.keys(caseData as object);
  } catch {
    return err([{ path: '', message: 'could not be read' }]);
  }
  const shared: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let request: unknown = undefined;
  let requests: unknown = undefined;
  for (const key of keys) {
    let value: unknown;
    try {
      value = (caseData as Record<string, unknown>)[key];
    } catch {
      errors.push({ path: `/${pointerEscape(key)}`, message: 'could not be read' });
      continue;
    }
    if (key === 'request') request = value;
    else if (key === 'requests') requests = value;
    else shared[key] = value;
  }
  const copied = toJsonData(shared);
  if (!copied.ok) errors.push(...copied.error);
  if (errors.length > 0) return err(errors);
  const rest = copied.ok ? (copied.value as Record<string, unknown>) : {};

  if (requests === null || requests === undefined) return ok({ rest, items: [{ index: 0, path: '/request', value: request, listed: false }] });
  if (request !== null && request !== undefined) {
    return err([
      {
        path: '/requests',
        message: 'is given together with request: give one requested item as request, or several as requests, not both',
      },
    ]);
  }
  const listKind = kindOf(requests);
  if (listKind !== 'list') return err([{ path: '/requests', message: `must be a list of requested items, not ${listKind}` }]);
  let length: number;
  try {
    length = (requests as readonly unknown[]).length;
  } catch {
    return err([{ path: '/requests', message: 'could not be read' }]);
  }
  if (length === 0) return err([{ path: '/requests', message: 'must have at least one requested item' }]);
  if (length > MAX_ITEMS) return err([{ path: '/requests', message: `has ${length} entries; at most ${MAX_ITEMS} requested items are accepted` }]);
  const items: RawItem[] = [];
  for (let index = 0; index < length; index++) {
    let value: unknown;
    try {
      value = (requests as readonly unknown[])[index];
    } catch {
      value = UNREADABLE;
    }
    items.push({ index, path: `/requests/${index}`, value, listed: true });
  }
  return ok({ rest, items });
}

const UNREADABLE = Symbol('unreadable');

interface InvalidItem {
  readonly errors: FieldError[];
  /** The item's JSON copy when it could be made (for the summary of what it asks), else an empty object. */
  readonly copy: Readonly<Record<string, unknown>>;
}

/**
 * The item's own data, checked against the case-file schema's `request`: a copy, or field errors at case-file paths.
 * The item is read once; its summary is taken from the copy, so a getter cannot answer differently the second time.
 */
function readItem(item: RawItem): Result<Readonly<Record<string, unknown>>, InvalidItem> {
  const invalid = (errors: FieldError[], copy: unknown = {}) => err<InvalidItem>({ errors, copy: kindOf(copy) === 'object' ? (copy as Record<string, unknown>) : {} });
  if (item.value === UNREADABLE) return invalid([{ path: item.path, message: 'could not be read' }]);
  if (item.value === null || item.value === undefined) {
    return item.listed ? invalid([{ path: item.path, message: 'must be a requested item (a group of fields), not null' }]) : ok({});
  }
  const copied = toJsonData(item.value);
  if (!copied.ok) return invalid(copied.error.map((e) => ({ path: `${item.path}${e.path}`, message: e.message })));
  const checked = validateCaseFile({ request: copied.value });
  const errors = checked.ok ? [] : checked.error.map((e) => ({ path: `${item.path}${e.path.slice('/request'.length)}`, message: e.message }));
  if (errors.length === 0 && kindOf(copied.value) !== 'object') errors.push({ path: item.path, message: 'must be a requested item (a group of fields)' });
  // `body_regions` is checked here as well as by the case-file schema (which may not list it yet): a list of text.
  const regions = kindOf(copied.value) === 'object' ? (copied.value as Record<string, unknown>)['body_regions'] : undefined;
  const regionsPath = `${item.path}/body_regions`;
  if (regions !== undefined && (!Array.isArray(regions) || !regions.every((r) => typeof r === 'string')) && !errors.some((e) => e.path.startsWith(regionsPath))) {
    errors.push({ path: regionsPath, message: 'must be a list of body regions, each as text' });
  }
  if (errors.length > 0) return invalid(errors, copied.value);
  return ok(copied.value as Record<string, unknown>);
}

function summaryOf(request: Readonly<Record<string, unknown>>): RequestSummary {
  const service = typeof request['service'] === 'string' ? request['service'] : null;
  const codes: { system: 'CPT' | 'HCPCS'; code: string }[] = [];
  if (Array.isArray(request['codes'])) {
    for (const c of request['codes'] as unknown[]) {
      const { system, code } = (c ?? {}) as { system?: unknown; code?: unknown };
      if ((system === 'CPT' || system === 'HCPCS') && typeof code === 'string') codes.push({ system, code });
    }
  }
  const regions: string[] = [];
  const region = request['body_region'];
  if (typeof region === 'string' && region.trim() !== '') regions.push(region);
  if (Array.isArray(request['body_regions'])) {
    for (const r of request['body_regions'] as unknown[]) if (typeof r === 'string' && r.trim() !== '' && !regions.includes(r)) regions.push(r);
  }
  return { service, codes, body_regions: regions };
}

interface Evaluated {
  readonly id: string;
  readonly title: string;
  readonly coverage: Coverage;
  readonly outcome: { readonly determination: Determination } | { readonly failure: string } | null;
}

/** One item; whatever fails inside (a bundle defect) fails this item only. */
function evaluateItemSafely(source: GuidelineSource, guidelines: Guidelines, rest: Readonly<Record<string, unknown>>, item: RawItem): ItemResult {
  try {
    return evaluateItem(source, guidelines, rest, item);
  } catch (e) {
    return {
      item: item.index,
      path: item.path,
      status: 'evaluation_failed',
      request: { service: null, codes: [], body_regions: [] },
      determination: null,
      considered: [],
      note: `No determination: this item could not be evaluated (${describeThrown(e)}).`,
      errors: [],
    };
  }
}

function evaluateItem(source: GuidelineSource, guidelines: Guidelines, rest: Readonly<Record<string, unknown>>, item: RawItem): ItemResult {
  const base = { item: item.index, path: item.path };
  const data = readItem(item);
  if (!data.ok) {
    return {
      ...base,
      status: 'invalid_item',
      request: summaryOf(data.error.copy),
      determination: null,
      considered: [],
      note: 'This item cannot be matched to a guideline until the fields listed are corrected.',
      errors: data.error.errors,
    };
  }
  const request = summaryOf(data.value);
  const facts = requestFacts(request);
  const itemCase = { ...rest, request: data.value };
  // Only the guidelines sharing a code or a service word with the item can cover it: found in the index, and only
  // those are evaluated; every other one is "not for this item" without a look at what it shares.
  const found = candidates(guidelines.index, facts);
  const evaluated = guidelines.entries.map((g, i) => evaluateOne(source, g, facts, found.has(i), itemCase));
  return choose(base, request, evaluated);
}

/**
 * The bundle's guidelines as selection reads them, prepared once per source: in id order, each with its title and
 * service (or why its metadata could not be read), and the index of codes and service words. A frozen source (a
 * LoadedBundle: its metadata is frozen too) is prepared once and kept; any other source is read on each call.
 */
interface Guidelines {
  readonly entries: readonly GuidelineEntry[];
  readonly index: ServiceIndex;
}

type GuidelineEntry =
  | { readonly id: string; readonly title: string; readonly entry: ServiceEntry; readonly failure: null }
  | { readonly id: string; readonly title: string; readonly entry: null; readonly failure: string };

const prepared = new WeakMap<GuidelineSource, Guidelines>();

function guidelinesOf(source: GuidelineSource): Guidelines {
  const kept = prepared.get(source);
  if (kept !== undefined) return kept;
  const entries = guidelineIds(source).map((id) => readGuideline(source, id));
  const guidelines: Guidelines = { entries, index: indexServices(entries.map((g) => g.entry)) };
  if (isFrozenObject(source)) prepared.set(source, guidelines);
  return guidelines;
}

function isFrozenObject(value: unknown): value is object {
  try {
    return typeof value === 'object' && value !== null && Object.isFrozen(value);
  } catch {
    return false; // a Proxy whose traps throw: read on each call
  }
}

function readGuideline(source: GuidelineSource, id: string): GuidelineEntry {
  try {
    const meta: GuidelineMeta | undefined = source.guideline(id);
    if (meta === undefined) throw new Error('it has no metadata');
    const entry = serviceEntry(meta);
    return { id, title: typeof meta.title === 'string' ? meta.title : id, entry, failure: null };
  } catch (e) {
    return { id, title: id, entry: null, failure: `its service could not be read (${describeThrown(e)})` };
  }
}

const NO_COVERAGE: Coverage = { kind: null, codes: [], words: [], labelWords: 0, why: '' };

function evaluateOne(source: GuidelineSource, g: GuidelineEntry, facts: RequestFacts, candidate: boolean, itemCase: unknown): Evaluated {
  const { id, title } = g;
  if (g.entry === null) return { id, title, coverage: NO_COVERAGE, outcome: { failure: g.failure } };
  const covered = coverageOf(g.entry, facts, !candidate);
  if (covered.kind === null) return { id, title, coverage: covered, outcome: null };
  try {
    const result: unknown = source.evaluate(id, itemCase);
    const { ok: done, value, error } = (result ?? {}) as { ok?: unknown; value?: unknown; error?: { message?: unknown } };
    if (done === true && typeof value === 'object' && value !== null && typeof (value as { outcome?: unknown }).outcome === 'string') {
      return { id, title, coverage: covered, outcome: { determination: value as Determination } };
    }
    const message = done === false && typeof error?.message === 'string' ? error.message : 'it returned no determination';
    return { id, title, coverage: covered, outcome: { failure: message } };
  } catch (e) {
    return { id, title, coverage: covered, outcome: { failure: describeThrown(e) } };
  }
}

interface Ranked extends Candidate {
  readonly title: string;
  readonly determination: Determination;
}

function choose(base: { item: number; path: string }, request: RequestSummary, evaluated: readonly Evaluated[]): ItemResult {
  const ranked: Ranked[] = [];
  const outside: ConsideredGuideline[] = [];
  const failed: { readonly entry: Evaluated; readonly failure: string }[] = [];
  const unrelated: ConsideredGuideline[] = [];
  for (const e of evaluated) {
    if (e.outcome === null) {
      unrelated.push({ guideline: e.id, title: e.title, status: 'not_for_this_item', match: null, scope: null, why: `Not for this item: ${e.coverage.why}` });
    } else if ('failure' in e.outcome) {
      failed.push({ entry: e, failure: e.outcome.failure });
    } else {
      const d = e.outcome.determination;
      const scope = scopeOf(d);
      if (scope.status === 'not_met') {
        const why = `Does not apply: ${e.coverage.why}, but the case is outside its scope${scope.text === null ? '' : `: ${scope.text}`}`;
        outside.push({ guideline: e.id, title: e.title, status: 'does_not_apply', match: e.coverage.kind, scope: 'not_met', why });
      } else {
        ranked.push({ id: e.id, title: e.title, coverage: e.coverage, scope: scope.status === 'met' ? 'met' : 'not_documented', determination: d });
      }
    }
  }
  ranked.sort(compareCandidates);
  const chosen = ranked[0];

  // A guideline that failed blocks the choice when, had its scope been met, it would have ranked first.
  const blocking = failed.find((f) => chosen === undefined || compareCandidates({ id: f.entry.id, coverage: f.entry.coverage, scope: 'met' }, chosen) < 0);
  const failedEntries: ConsideredGuideline[] = failed.map((f) => ({
    guideline: f.entry.id,
    title: f.entry.title,
    status: 'evaluation_failed',
    match: f.entry.coverage.kind,
    scope: null,
    why: `Could not be evaluated: ${f.failure}`,
  }));

  const candidateEntries: ConsideredGuideline[] = ranked.map((c, i) => {
    const scope = scopeOf(c.determination);
    const scopeWords = c.determination.outcome === 'invalid_case'
      ? '; whether it applies cannot be told until the case data is corrected'
      : scope.status === 'not_documented'
        ? `; whether it applies could not be confirmed${scope.text === null ? '' : `: ${scope.text}`}`
        : '';
    const chosenHere = i === 0 && blocking === undefined;
    const after = chosen !== undefined && i > 0 ? `; ranked after ${chosen.id}: ${rankDifference(chosen, c)?.why ?? ''}` : '';
    return {
      guideline: c.id,
      title: c.title,
      status: chosenHere ? 'chosen' : 'also_covers',
      match: c.coverage.kind,
      scope: c.determination.outcome === 'invalid_case' ? null : scope.status,
      why: `${chosenHere ? 'Chosen' : 'Also covers this item'}: ${c.coverage.why}${scopeWords}${after}`,
    };
  });
  const considered = [...candidateEntries, ...failedEntries, ...outside, ...unrelated];

  if (blocking !== undefined) {
    return {
      ...base,
      status: 'evaluation_failed',
      request,
      determination: null,
      considered,
      note: `No determination: guideline ${blocking.entry.id} covers this item but could not be evaluated (${blocking.failure}).`,
      errors: [],
    };
  }
  if (chosen === undefined) {
    return { ...base, status: 'no_guideline_applies', request, determination: null, considered, note: noGuidelineNote(request, outside), errors: [] };
  }
  const others = ranked.slice(1).map((c) => c.id);
  const also = others.length === 0 ? '' : ` ${others.length === 1 ? 'One other guideline also covers it' : `${others.length} other guidelines also cover it`}: ${others.join(', ')}.`;
  return {
    ...base,
    status: 'decided',
    request,
    determination: chosen.determination,
    considered,
    note: `${chosen.title} (${chosen.id}) decides this item: ${chosen.coverage.why}.${also}`,
    errors: [],
  };
}

function noGuidelineNote(request: RequestSummary, outside: readonly ConsideredGuideline[]): string {
  if (outside.length > 0) {
    const ids = outside.map((o) => o.guideline);
    return `No guideline applies to this item: ${listWords(ids)} ${ids.length === 1 ? 'covers' : 'cover'} it but ${ids.length === 1 ? 'does' : 'do'} not apply to this case.`;
  }
  const named: string[] = [];
  if (request.service !== null && request.service.trim() !== '') named.push(`"${request.service}"`);
  if (request.codes.length > 0) named.push(listWords(request.codes.map((c) => `${c.system} ${c.code}`)));
  if (request.body_regions.length > 0) named.push(`body region ${listWords(request.body_regions)}`);
  if (named.length === 0) return 'No guideline applies to this item: it names no service, procedure code or body region.';
  return `No guideline applies to this item: no guideline in the bundle covers the service requested (${named.join('; ')}).`;
}

/** The Determination's scope, its text null when empty (a guideline without `applies when` has scope met). */
function scopeOf(d: Determination): { readonly status: 'met' | 'not_met' | 'not_documented'; readonly text: string | null } {
  const text = d.scope.text.trim() === '' ? null : d.scope.text;
  return { status: d.outcome === 'does_not_apply' ? 'not_met' : d.scope.status, text };
}

function guidelineIds(source: GuidelineSource): readonly string[] {
  const ids = source.guidelineIds();
  return [...ids].filter((id): id is string => typeof id === 'string').sort();
}

function kindOf(value: unknown): 'object' | 'list' | 'null' | 'text' | 'a number' | 'true or false' | 'not JSON data' {
  try {
    if (value === null || value === undefined) return 'null';
    if (Array.isArray(value)) return 'list';
    if (typeof value === 'string') return 'text';
    if (typeof value === 'number') return 'a number';
    if (typeof value === 'boolean') return 'true or false';
    if (typeof value === 'object' && Object.prototype.toString.call(value) === '[object Object]') return 'object';
  } catch {
    // A revoked proxy and the like: not JSON data.
  }
  return 'not JSON data';
}

