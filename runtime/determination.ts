/**
 * The Determination: what the runtime answers for one case and one guideline, and the rules that turn criterion
 * results into an outcome. Pure data and pure functions; every clinical word in it comes from the bundle.
 */
import type {
  Citation,
  CompiledGuideline,
  CriterionResult,
  CriterionStatus,
  DataRequirement,
  Evidence,
  GuidelineMeta,
  MissingDocumentationPolicy,
  RecommendationStatus,
  ScopeResult,
  ScopeStatus,
} from './contract.js';
import type { FieldError } from './json-data.js';
import { isLater } from './logic.js';
import { err, ok, type Result } from './result.js';

export type Outcome =
  | 'medically_necessary'
  | 'not_medically_necessary'
  | 'insufficient_information'
  /** Nothing is not met, and a criterion needs clinical judgement: the physician reviewer decides. */
  | 'refer_for_physician_review'
  /** The case is outside the guideline's scope (`applies when`): this guideline does not apply. */
  | 'does_not_apply'
  | 'invalid_case';

/** A route's status: met when all its criteria are met or not applicable, not met when one is not met. */
export type RouteStatus = 'met' | 'not_met' | 'not_documented' | 'needs_judgement';

export interface RouteOutcome {
  readonly id: string;
  /** What the route is, as the guideline says it. */
  readonly label: string;
  readonly status: RouteStatus;
}

/** Whether the guideline covers the case; `met` with empty text when it has no `applies when`. */
export interface Scope {
  readonly status: ScopeStatus;
  /** Not met: why the guideline does not apply; not documented: why that could not be confirmed. */
  readonly text: string;
  readonly citations: readonly Citation[];
  readonly evidence: readonly Evidence[];
}

export interface Determination {
  readonly guideline: { readonly id: string; readonly version: string; readonly title: string };
  readonly outcome: Outcome;
  readonly recommendation: {
    readonly status: RecommendationStatus;
    readonly criteriaIfUsedAnyway: boolean;
    readonly citations: readonly Citation[];
  };
  /** How the guideline treats criteria that are not documented (decides the outcome when no criterion is not met). */
  readonly missingDocumentation: MissingDocumentationPolicy;
  /** Whether the guideline covers the case (`does_not_apply` when not met). */
  readonly scope: Scope;
  /** The guideline's routes with their status (empty when it has none, or nothing was evaluated). */
  readonly routes: readonly RouteOutcome[];
  /** The route that is met and supports the request (the first met, in declaration order), or null. */
  readonly route: string | null;
  /** One per criterion, in the guideline's order (empty for `invalid_case` and `does_not_apply`). */
  readonly reasons: readonly Reason[];
  /**
   * Documentation that was not stated and kept criteria undecided (`not_documented`), in the order the guideline
   * lists its requirements. Sending it can change the outcome only when no criterion is `not_met`. Empty when the
   * recommendation alone decides (not recommended, no criteria for use anyway) and for `invalid_case`.
   */
  readonly missing: readonly MissingDocument[];
  /** Why the case data could not be evaluated; only for `invalid_case`. */
  readonly errors: readonly FieldError[];
}

export interface Reason {
  readonly criterion: string;
  /** The route the criterion belongs to; null: it applies on every route. */
  readonly route: string | null;
  /** The guideline's statement of the criterion. */
  readonly description: string | null;
  readonly status: CriterionStatus;
  /** The guideline's reason text with case values filled in (the description for met / not applicable). */
  readonly text: string;
  readonly citations: readonly Citation[];
  readonly evidence: readonly Evidence[];
}

export interface MissingDocument {
  /** Case-file path, as in `DataRequirement.path`. */
  readonly path: string;
  readonly label: string;
}

/**
 * The outcome rules:
 * - the case outside the guideline's scope (`applies when` not met) → this guideline does not apply;
 * - a `not_recommended` guideline without criteria for use anyway → not medically necessary, whatever the criteria say;
 * - the criteria without a route count as they are; when the guideline has routes, one met route satisfies them all,
 *   every route not met counts as one criterion not met, and otherwise the routes count as needing judgement when
 *   one undecided route does, else as not documented;
 * - any criterion not met → not medically necessary;
 * - else any criterion needing judgement → refer for physician review;
 * - else any criterion not documented → as the guideline's missing-documentation policy says
 *   (`not_met` → not medically necessary; `insufficient_information` → insufficient information);
 * - else → medically necessary.
 * Results are in the guideline's criterion order (`meta.criteria`), which says each one's route.
 */
export function decide(
  meta: GuidelineMeta,
  results: readonly { readonly status: CriterionStatus }[],
  scope: ScopeStatus = 'met',
): Exclude<Outcome, 'invalid_case'> {
  if (scope === 'not_met') return 'does_not_apply';
  if (recommendationDecides(meta)) return 'not_medically_necessary';
  return outcomeOf(meta, tally(meta, results).rank);
}

/**
 * How much a status weighs in the outcome rules: not met over needing judgement over not documented over the rest
 * (met, not applicable), which decide nothing. A route's status is the heaviest of its criteria's (`ROUTE_STATUS`).
 */
function rank(status: CriterionStatus): number {
  return status === 'not_met' ? 3 : status === 'needs_judgement' ? 2 : status === 'not_documented' ? 1 : 0;
}

/** `rank`, or -1 for a value that is not a criterion's status (`determineChecked` refuses it). */
function rankOf(status: unknown): number {
  return status === 'met' || status === 'not_applicable' ? 0 : status === 'not_met' ? 3 : status === 'needs_judgement' ? 2 : status === 'not_documented' ? 1 : -1;
}

const ROUTE_STATUS: readonly RouteStatus[] = ['met', 'not_documented', 'needs_judgement', 'not_met'];

const OUTCOME_OF_RANK: readonly Exclude<Outcome, 'invalid_case' | 'does_not_apply'>[] = [
  'medically_necessary',
  'insufficient_information',
  'refer_for_physician_review',
  'not_medically_necessary',
];

/** The outcome for the heaviest status that counts (see `decide`); not documented as the guideline's policy says. */
function outcomeOf(meta: GuidelineMeta, heaviest: number): Exclude<Outcome, 'invalid_case' | 'does_not_apply'> {
  if (heaviest === 1 && meta.missingDocumentation === 'not_met') return 'not_medically_necessary';
  return OUTCOME_OF_RANK[heaviest]!;
}

interface Tally {
  readonly routes: RouteOutcome[];
  readonly route: string | null;
  /** The heaviest status that counts (`rank`): the criteria without a route, and the routes when none is met. */
  readonly rank: number;
}

/**
 * The outcome rules' one pass over the results (in the guideline's criterion order, which says each one's route):
 * each route's status, the first route met, and the heaviest status that counts (`weigh`, `routesMet`). `determineChecked`
 * makes the same pass while it builds the reasons.
 */
function tally(meta: GuidelineMeta, results: readonly { readonly status: CriterionStatus }[]): Tally {
  const { criterion: routeAt, route: sameAs } = lookupsOf(meta).routeIndex;
  const declared = meta.routes;
  const ranks = declared.length === 0 ? null : new Array<number>(declared.length).fill(0);
  let heaviest = 0;
  for (let i = 0; i < results.length; i++) heaviest = weigh(routeAt, ranks, i, rank(results[i]!.status), heaviest);
  if (ranks === null) return { routes: [], route: null, rank: heaviest };
  const routes: RouteOutcome[] = [];
  const met = routesMet(declared, sameAs, ranks, routes);
  return { routes, route: met >= 0 ? declared[met]!.id : null, rank: met >= 0 ? heaviest : Math.max(heaviest, -met) };
}

/**
 * Weigh the status (`rank`) `s` of the result at place `i`: into its route's rank in `ranks`, or, without a route,
 * into the heaviest so far, which is returned. A result past the guideline's criteria has no route; one whose route
 * the guideline does not list (or any route, when it lists none: `ranks` null) counts for nothing.
 */
function weigh(routeAt: readonly number[], ranks: number[] | null, i: number, s: number, heaviest: number): number {
  const j = i < routeAt.length ? routeAt[i]! : UNROUTED;
  if (j === UNROUTED) return s > heaviest ? s : heaviest;
  if (j >= 0 && ranks !== null && s > ranks[j]!) ranks[j] = s;
  return heaviest;
}

/**
 * Each route's status into `routes`, from its criteria's ranks; returns the place of the first route met, or, when
 * none is, minus the rank the routes count as: all not met as not met, else one needing judgement as needing
 * judgement, else as not documented.
 */
function routesMet(declared: GuidelineMeta['routes'], sameAs: readonly number[], ranks: readonly number[], routes: RouteOutcome[]): number {
  let met = -1;
  let allNotMet = true;
  let judgement = false;
  for (let j = 0; j < declared.length; j++) {
    const r = declared[j]!;
    const s = ranks[sameAs[j]!]!;
    routes.push({ id: r.id, label: r.label, status: ROUTE_STATUS[s]! });
    if (s === 0 && met === -1) met = j;
    if (s !== 3) allNotMet = false;
    if (s === 2) judgement = true;
  }
  return met >= 0 ? met : allNotMet ? -3 : judgement ? -2 : -1;
}

/** `routeIndexOf`: a criterion without a route; -2 (any other negative): its route is not one the guideline lists. */
const UNROUTED = -1;

interface RouteIndex {
  /** Each criterion's route as an index into `meta.routes` (`UNROUTED`, or -2 for a route not listed). */
  readonly criterion: readonly number[];
  /** Each route's index of the first route with its id (a route listed twice counts the criteria of its id). */
  readonly route: readonly number[];
}

function routeIndexOf(meta: GuidelineMeta): RouteIndex {
  const first = (id: string): number => meta.routes.findIndex((r) => r.id === id);
  return {
    criterion: meta.criteria.map((c) => {
      const route = c.route ?? null;
      if (route === null) return UNROUTED;
      const j = first(route);
      return j === -1 ? -2 : j;
    }),
    route: meta.routes.map((r) => first(r.id)),
  };
}

/**
 * The reasons that bear on the outcome: those without a route, and the routes' own when no route is met (when one
 * is, its criteria; the other routes' are not needed). The letter prints the rest under "Other routes, not needed".
 */
export function bearingReasons(d: Pick<Determination, 'reasons' | 'route'>): Reason[] {
  return d.reasons.filter((r) => bearsOn(r.route, d.route));
}

/** Whether a criterion of route `own` (null: of every route) bears on an outcome decided on `route` (null: no route). */
function bearsOn(own: string | null, route: string | null): boolean {
  return own === null || route === null || own === route;
}

/** The not-met reasons the determination rests on, in the guideline's order. */
export function notMetReasons(d: Pick<Determination, 'reasons' | 'route'>): Reason[] {
  return bearingReasons(d).filter((r) => r.status === 'not_met');
}

/** True when the recommendation alone makes the service not medically necessary. */
export function recommendationDecides(meta: GuidelineMeta): boolean {
  return meta.recommendation.status === 'not_recommended' && !meta.recommendation.criteriaIfUsedAnyway;
}

/** Why `determineChecked` builds no Determination. */
export interface Refusal {
  /** True: the results are malformed (`message` says how); false: a source not listed is cited (the whole message). */
  readonly malformed: boolean;
  readonly message: string;
}

/**
 * Build the Determination from the results compiled code returned, checked as they are read (each field once): one
 * result per criterion, in the criteria's order, each an object with a status, its text (unless built when first
 * read: `isLater`) and lists of citations, missing documents and evidence. The bundle's shape was checked at load;
 * this is the per-call check that decides the answer. A malformed result is named before any citation of a source
 * not listed (a bundle defect, not a case problem), wherever it is. A scope not met is answered without looking at
 * the results.
 */
export function determineChecked(guideline: CompiledGuideline, raw: unknown, scopeResult: ScopeResult): Result<Determination, Refusal> {
  const { meta } = guideline;
  const l = lookupsOf(meta);
  const { recommendationCitations } = l;
  // The first source cited that the guideline does not list: once the results are known to be well formed, the answer.
  let unknown: string | null = typeof recommendationCitations === 'string' ? recommendationCitations : null;
  const scopeCitations = unknown === null ? citeOnce(l, scopeResult.citations) : NONE;
  if (typeof scopeCitations === 'string') unknown = scopeCitations;
  const scopeStatus = scopeResult.status;
  if (scopeStatus === 'not_met') {
    if (unknown !== null) return refuse(meta, unknown);
    // Outside the guideline: no criterion is evaluated, nothing is missing.
    return ok({
      guideline: l.header,
      outcome: 'does_not_apply',
      recommendation: l.recommendation!,
      missingDocumentation: meta.missingDocumentation,
      scope: scopeOf(scopeStatus, scopeResult.text, scopeCitations as readonly Citation[], scopeResult.evidence),
      routes: NONE,
      route: null,
      reasons: NONE,
      missing: NONE,
      errors: NONE,
    });
  }

  const criteria = meta.criteria;
  if (!Array.isArray(raw)) return malformed('expected a list of criterion results');
  if (raw.length !== criteria.length) return malformed(`expected ${criteria.length} criterion results, got ${raw.length}`);
  const results = raw as readonly CriterionResult[];
  // One pass: each result checked, its reason built, and the outcome rules' weighing (`tally`).
  const reasons: Reason[] = [];
  const { criterion: routeAt, route: sameAs } = l.routeIndex;
  const declared = meta.routes;
  const ranks = declared.length === 0 ? null : new Array<number>(declared.length).fill(0);
  let heaviest = 0;
  let undocumented = false;
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    const expected = l.ids[i]!;
    if (typeof result !== 'object' || result === null || Array.isArray(result)) return malformed(`result ${i + 1} should be for criterion "${expected}"`);
    const criterion = result.criterion;
    if (criterion !== expected) return malformed(`result ${i + 1} should be for criterion "${expected}"`);
    const status = result.status;
    const s = rankOf(status);
    if (s < 0) return malformed(`criterion "${expected}" has status ${JSON.stringify(status)}`);
    // A result built by `later` (runtime/logic.ts) builds its text and evidence when first read: they are not read here.
    const deferred = isLater(result);
    const text = deferred ? '' : result.text;
    if (!deferred && typeof text !== 'string') return malformed(`criterion "${expected}" has no text`);
    const ids = result.citations;
    if (!Array.isArray(ids)) return malformed(`criterion "${expected}" has no list of citations`);
    if (!Array.isArray(result.missing)) return malformed(`criterion "${expected}" has no list of missing documents`);
    const evidence = deferred ? NONE : result.evidence;
    if (!deferred && !Array.isArray(evidence)) return malformed(`criterion "${expected}" has no list of evidence`);
    if (unknown !== null) continue; // only checking the rest now

    let citations: readonly Citation[] | string;
    if (l.idsAt[i] === ids) citations = l.citedAt[i]!;
    else {
      citations = citeOnce(l, ids);
      if (typeof citations === 'string') {
        unknown = citations;
        continue;
      }
      if (Object.isFrozen(ids)) {
        l.idsAt[i] = ids;
        l.citedAt[i] = citations;
      }
    }
    const route = l.routeAt[i]!;
    const description = l.descriptionAt[i]!;
    if (s === 1) undocumented = true;
    heaviest = weigh(routeAt, ranks, i, s, heaviest);
    reasons.push(
      deferred
        ? laterReason(result, criterion, route, description, status, citations)
        : { criterion, route, description, status, text, citations, evidence },
    );
  }
  if (unknown !== null) return refuse(meta, unknown);

  let routes: readonly RouteOutcome[] = NONE;
  let route: string | null = null;
  if (ranks !== null) {
    const own: RouteOutcome[] = [];
    const met = routesMet(declared, sameAs, ranks, own);
    routes = own;
    if (met >= 0) route = declared[met]!.id;
    else if (-met > heaviest) heaviest = -met;
  }
  const scopeMissing = scopeStatus === 'not_documented' ? scopeResult.missing : NONE;
  return ok({
    guideline: l.header,
    outcome: l.decides ? 'not_medically_necessary' : outcomeOf(meta, heaviest),
    recommendation: l.recommendation!,
    missingDocumentation: meta.missingDocumentation,
    scope: scopeOf(scopeStatus, scopeResult.text, scopeCitations as readonly Citation[], scopeResult.evidence),
    routes,
    route,
    reasons,
    // Nothing is missing unless the scope or a criterion is not documented.
    missing: l.decides || (!undocumented && scopeMissing.length === 0) ? NONE : missingDocuments(guideline, reasons, route, results, scopeMissing),
    errors: NONE,
  });
}

function malformed(message: string): Result<never, Refusal> {
  return err({ malformed: true, message });
}

function refuse(meta: GuidelineMeta, id: string): Result<never, Refusal> {
  return err({ malformed: false, message: unknownSource(meta.id, id) });
}

/** Lists a Determination holds empty: one frozen list, shared (the same JSON as a fresh `[]`). */
const NONE: readonly never[] = Object.freeze([]);

/** A scope that is met with no text, citations or evidence (a guideline without `applies when`), shared frozen. */
const APPLIES_SCOPE: Scope = Object.freeze({ status: 'met', text: '', citations: NONE, evidence: NONE });

function scopeOf(status: ScopeStatus, text: string, citations: readonly Citation[], evidence: readonly Evidence[]): Scope {
  if (status === 'met' && text === '' && citations.length === 0 && evidence.length === 0) return APPLIES_SCOPE;
  return { status, text, citations, evidence };
}

/**
 * The reason of such a result: its text and evidence read from the result when first asked, not when the
 * determination is built. The same fields in the same order as an eager reason, so the same JSON and the same values
 * for a caller who reads them.
 */
function laterReason(
  result: CriterionResult,
  criterion: string,
  route: string | null,
  description: string | null,
  status: CriterionStatus,
  citations: readonly Citation[],
): Reason {
  return {
    criterion,
    route,
    description,
    status,
    get text(): string {
      return result.text;
    },
    citations,
    get evidence(): readonly Evidence[] {
      return result.evidence;
    },
  };
}

interface Lookups {
  readonly sources: ReadonlyMap<string, Citation>;
  /** Each criterion's id, by its place in `meta.criteria` (`interned`: the results' ids are compared with them). */
  readonly ids: readonly string[];
  /** Each criterion's description and route, by its place in `meta.criteria`. */
  readonly descriptionAt: readonly (string | null)[];
  readonly routeAt: readonly (string | null)[];
  /** `recommendationDecides`. */
  readonly decides: boolean;
  /** By the criterion's place: the (frozen) source ids its result last cited and their citations (`citeOnce`). */
  readonly idsAt: (readonly string[] | undefined)[];
  readonly citedAt: (readonly Citation[] | undefined)[];
  /** The recommendation's citations, or the id of a source the guideline does not list. */
  readonly recommendationCitations: readonly Citation[] | string;
  /** A determination's constant parts, shared (frozen); `recommendation` undefined when a citation is unknown. */
  readonly header: Determination['guideline'];
  readonly recommendation: Determination['recommendation'] | undefined;
  /** An `invalid_case`'s recommendation: its citations without those of sources the guideline does not list. */
  readonly invalidRecommendation: Determination['recommendation'];
  /** Each criterion's and route's place among the routes (`tally`). */
  readonly routeIndex: RouteIndex;
  /** Citations by the (frozen) list of source ids compiled code returned them for (`citeOnce`). */
  readonly cited: WeakMap<readonly string[], readonly Citation[] | string>;
}

/** Per guideline, built on first use: the lookups every determination needs, not rebuilt per case. */
const lookups = new WeakMap<GuidelineMeta, Lookups>();

function lookupsOf(meta: GuidelineMeta): Lookups {
  let found = lookups.get(meta);
  if (found === undefined) {
    const sources = new Map(meta.sources.map((s) => [s.id, s]));
    const recommendationCitations = frozen(cite(sources, meta.recommendation.citations));
    // By id, so a criterion id listed twice (the compiler never writes one; load does not refuse it) takes the last
    // one's description and route for both, as determinations always have.
    const descriptions = new Map(meta.criteria.map((c) => [c.id, c.description]));
    const routes = new Map(meta.criteria.map((c) => [c.id, c.route ?? null]));
    found = {
      header: Object.freeze(guidelineHeader(meta)),
      recommendation: typeof recommendationCitations === 'string' ? undefined : Object.freeze(recommendationOf(meta, recommendationCitations)),
      invalidRecommendation: Object.freeze(
        recommendationOf(meta, Object.freeze(meta.recommendation.citations.flatMap((id) => sources.get(id) ?? []))),
      ),
      sources,
      ids: meta.criteria.map((c) => interned(c.id)),
      descriptionAt: meta.criteria.map((c) => descriptions.get(c.id) ?? null),
      routeAt: meta.criteria.map((c) => routes.get(c.id) ?? null),
      decides: recommendationDecides(meta),
      idsAt: meta.criteria.map(() => undefined),
      citedAt: meta.criteria.map(() => undefined),
      recommendationCitations,
      routeIndex: routeIndexOf(meta),
      cited: new WeakMap(),
    };
    lookups.set(meta, found);
  }
  return found;
}

/**
 * The engine's one copy of a text (V8 interns property keys): the ids and paths compiled code returns are literals of
 * its script, interned, so `===` with an interned copy of the metadata's text (parsed from guidelines.json, not
 * interned) is one identity check instead of a comparison of characters on every call. Any text compares the same.
 */
function interned(text: string): string {
  return Object.keys({ [text]: 0 })[0] ?? text;
}

const frozen = <T>(value: T): T => (typeof value === 'object' && value !== null ? Object.freeze(value) : value);

/**
 * The citations for a list of source ids, built once per list: compiled code returns the same frozen list for a
 * criterion on every call, so its citations are looked up once, not per case. Frozen, shared by determinations.
 */
function citeOnce(l: Lookups, ids: readonly string[]): readonly Citation[] | string {
  let found = l.cited.get(ids);
  if (found === undefined) {
    found = frozen(cite(l.sources, ids));
    if (Object.isFrozen(ids)) l.cited.set(ids, found);
  }
  return found;
}

/** The citations for source ids, or the first id the guideline does not list. */
function cite(sources: ReadonlyMap<string, Citation>, ids: readonly string[]): Citation[] | string {
  const out: Citation[] = [];
  for (const id of ids) {
    const source = sources.get(id);
    if (source === undefined) return id;
    out.push(source);
  }
  return out;
}

/** The Determination for case data that failed validation: the guideline's constant parts, shared, and the errors. */
export function invalidCase(meta: GuidelineMeta, errors: readonly FieldError[]): Determination {
  const l = lookupsOf(meta);
  return {
    guideline: l.header,
    outcome: 'invalid_case',
    recommendation: l.invalidRecommendation,
    missingDocumentation: meta.missingDocumentation,
    scope: APPLIES_SCOPE,
    routes: NONE,
    route: null,
    reasons: NONE,
    missing: NONE,
    errors,
  };
}

/**
 * The documents not stated that kept undecided the scope or a criterion bearing on the outcome (`bearingReasons`),
 * in the order of the guideline's requirements. Nothing is built when nothing is missing.
 */
function missingDocuments(
  guideline: CompiledGuideline,
  reasons: readonly Reason[],
  route: string | null,
  results: readonly CriterionResult[],
  scopeMissing: readonly string[],
): MissingDocument[] {
  const places = requirementPlaces(guideline.requirements);
  // The requirements named, by their place: the first MASK_PLACES as bits of `marks` (no array, no sort), any later
  // ones in `later`, ascending without repeats; paths the requirements do not list (a bundle inconsistency) apart.
  // Compiled code notes each path once per criterion, so these hold a few distinct paths.
  let marks = 0;
  let later: number[] | null = null;
  let unlisted: string[] | null = null;
  for (let i = -1; i < results.length; i++) {
    let paths: readonly string[];
    if (i < 0) paths = scopeMissing;
    else {
      const r = results[i]!;
      if (r.status !== 'not_documented' || !bearsOn(reasons[i]!.route, route)) continue;
      paths = r.missing;
    }
    for (let j = 0; j < paths.length; j++) {
      const path = paths[j]!;
      const place = places.place.get(path);
      if (place === undefined) {
        if (unlisted === null) unlisted = [path];
        else if (!unlisted.includes(path)) unlisted.push(path);
      } else if (place < MASK_PLACES) marks |= 1 << place;
      else insertPlace((later ??= []), place);
    }
  }
  const out: MissingDocument[] = [];
  for (let j = 0; marks !== 0; j++, marks >>>= 1) if ((marks & 1) !== 0) out.push(places.documents[j]!);
  if (later !== null) for (let k = 0; k < later.length; k++) out.push(places.documents[later[k]!]!);
  // Still reported, labelled by their path.
  if (unlisted !== null) for (const path of unlisted) out.push({ path, label: path });
  return out;
}

/** How many requirement places `missingDocuments` keeps as the bits of one number (31: `1 << 31` is negative). */
const MASK_PLACES = 31;

/** `named` kept in ascending order without repeats: `place` put where it belongs (a few places: no sort call). */
function insertPlace(named: number[], place: number): void {
  let j = named.length;
  while (j > 0 && named[j - 1]! > place) j--;
  if (j > 0 && named[j - 1] === place) return;
  named.splice(j, 0, place);
}

interface RequirementPlaces {
  /** Each path's place in the requirements (its first, when a path is listed twice). */
  readonly place: ReadonlyMap<string, number>;
  /** By place: the requirement as a missing document (frozen, shared by determinations). */
  readonly documents: readonly MissingDocument[];
}

/** Per list of requirements, built on first use. */
const placesOfRequirements = new WeakMap<readonly DataRequirement[], RequirementPlaces>();

function requirementPlaces(requirements: readonly DataRequirement[]): RequirementPlaces {
  let found = placesOfRequirements.get(requirements);
  if (found === undefined) {
    const places = new Map<string, number>();
    requirements.forEach((r, i) => {
      // Interned: looked up by the paths compiled code returns (`interned`).
      if (!places.has(r.path)) places.set(interned(r.path), i);
    });
    found = {
      place: places,
      documents: requirements.map((r) => Object.freeze({ path: r.path, label: r.label })),
    };
    placesOfRequirements.set(requirements, found);
  }
  return found;
}

function guidelineHeader(meta: GuidelineMeta): Determination['guideline'] {
  return { id: meta.id, version: meta.version, title: meta.title };
}

function recommendationOf(meta: GuidelineMeta, citations: readonly Citation[]): Determination['recommendation'] {
  return { status: meta.recommendation.status, criteriaIfUsedAnyway: meta.recommendation.criteriaIfUsedAnyway, citations };
}

function unknownSource(guideline: string, id: string): string {
  return `Guideline "${guideline}" cites source "${id}", which it does not list.`;
}
