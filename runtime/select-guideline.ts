/**
 * Which guidelines cover one requested item: its procedure codes, body region and service wording against each
 * guideline's `meta.service` (`label`, `codes`, `region`), and the rule that ranks the guidelines that do.
 *
 * A guideline covers an item
 * - by **code** when one of the item's CPT/HCPCS codes (`request.codes[]`) is one of the guideline's codes;
 * - by **region** when no code decides (the item has no codes, or the guideline lists none), one of the item's body
 *   regions (`request.body_region`, `request.body_regions[]`) is the guideline's, and the item's service wording
 *   names the guideline's service (below): a body region alone never chooses a guideline, since many services
 *   treat the same region;
 * - by **service** when no code decides and the item names no body region (or the guideline none), and the item's
 *   `request.service` names the guideline's service: it shares words with the guideline's service label (words
 *   of three letters or more, apart from a few English function words and the words of the guideline's region,
 *   which say where, not what).
 * It does not cover the item when the guideline names a region and the item names only other regions, or when both
 * list procedure codes and none is shared: codes and regions rule a guideline out before wording can rule it in.
 *
 * Ranking (`compareCandidates`), first difference wins:
 *   1. a code match before a region match before a service-wording match;
 *   2. within code matches, more of the item's codes matched first;
 *   3. a guideline whose scope is met before one whose scope is not documented (or could not be checked);
 *   4. more of the guideline's service-label words found in the item's service wording first (compared as fractions);
 *   5. the guideline id, in code-unit order.
 * Pure functions over plain data; the metadata is read defensively, since it comes from a bundle.
 */
import type { GuidelineMeta } from './contract.js';

export type MatchKind = 'code' | 'region' | 'service';

/** What an item asks for, as selection reads it. */
export interface RequestSummary {
  /** `request.service`, or null when not stated. */
  readonly service: string | null;
  readonly codes: readonly { readonly system: 'CPT' | 'HCPCS'; readonly code: string }[];
  /** `request.body_region` followed by `request.body_regions[]`, without repeats. */
  readonly body_regions: readonly string[];
}

export interface Coverage {
  /** How the guideline covers the item; null when it does not. */
  readonly kind: MatchKind | null;
  /** The item's codes the guideline lists, written "CPT 64490". */
  readonly codes: readonly string[];
  /** The guideline's service-label words found in the item's service wording, and how many words the label has. */
  readonly words: readonly string[];
  readonly labelWords: number;
  /** In plain words, starting lower case: "CPT 64490 is one of its codes". */
  readonly why: string;
}

/** The parts of `meta.service` selection reads, checked: a malformed bundle gives empty parts, not an exception. */
export interface ServiceOf {
  readonly label: string | null;
  readonly codes: readonly string[];
  readonly region: string | null;
}

export function serviceOf(meta: GuidelineMeta): ServiceOf {
  const service = (meta as { service?: unknown }).service;
  if (typeof service !== 'object' || service === null) return { label: null, codes: [], region: null };
  const { label, codes, region } = service as { label?: unknown; codes?: unknown; region?: unknown };
  const procedureCodes: string[] = [];
  if (Array.isArray(codes)) {
    for (const c of codes as unknown[]) {
      if (typeof c !== 'object' || c === null) continue;
      const { system, code } = c as { system?: unknown; code?: unknown };
      if ((system === 'cpt' || system === 'hcpcs') && typeof code === 'string') procedureCodes.push(codeKey(system, code));
    }
  }
  return {
    label: typeof label === 'string' ? label : null,
    codes: procedureCodes,
    region: typeof region === 'string' && normalRegion(region) !== '' ? region : null,
  };
}

/**
 * A guideline's service prepared for selection, once per bundle (its metadata is frozen): the checked parts, the
 * region normalised, and the label's words without the region's (which say where, not what).
 */
export interface ServiceEntry {
  readonly service: ServiceOf;
  /** `normalRegion(service.region)`, or null. */
  readonly region: string | null;
  readonly labelWords: readonly string[];
  /** Its codes as a "not for this item" reason names them, and the service in words. */
  readonly codesText: string;
  readonly described: string;
}

export function serviceEntry(meta: GuidelineMeta): ServiceEntry {
  const service = serviceOf(meta);
  const whereWords = new Set(significantWords(service.region ?? ''));
  return {
    service,
    region: service.region === null ? null : normalRegion(service.region),
    labelWords: significantWords(service.label ?? '').filter((w) => !whereWords.has(w)),
    codesText: service.codes.join(', '),
    described: describeService(service),
  };
}

/** An item's summary prepared for selection, once per item. */
export interface RequestFacts {
  readonly request: RequestSummary;
  /** The item's codes as `codeKey` writes them: "CPT 64490". */
  readonly codes: readonly string[];
  /** The item's body regions, normalised. */
  readonly regions: readonly string[];
  /** The significant words of the item's service wording. */
  readonly words: readonly string[];
  readonly wordSet: ReadonlySet<string>;
  /** "CPT 64490, CPT 64491 or CPT 64492"; "cervical and lumbar": as reasons name the item's codes and regions. */
  readonly codesText: string;
  readonly regionsText: string;
}

export function requestFacts(request: RequestSummary): RequestFacts {
  const words = significantWords(request.service ?? '');
  const codes = request.codes.map((c) => codeKey(c.system, c.code));
  return {
    request,
    codes,
    regions: request.body_regions.map(normalRegion),
    words,
    wordSet: new Set(words),
    codesText: listWords(codes, 'or'),
    regionsText: listWords(request.body_regions),
  };
}

/** How (and whether) a guideline covers an item. */
export function coverage(meta: GuidelineMeta, request: RequestSummary): Coverage {
  return coverageOf(serviceEntry(meta), requestFacts(request));
}

/**
 * `coverage` over prepared parts. A guideline that shares no code and no word with the item (`ServiceIndex`
 * finds those that do) can be given `sharesNothing`: its answer is the same, without looking for what it shares.
 */
export function coverageOf(entry: ServiceEntry, facts: RequestFacts, sharesNothing = false): Coverage {
  // No closures here: this runs for every guideline of the bundle on every item.
  const { service } = entry;
  const codes = sharesNothing ? NONE : [...new Set(facts.codes.filter((c) => service.codes.includes(c)))];
  const label = entry.labelWords;
  const words = sharesNothing ? NONE : label.filter((w) => facts.wordSet.has(w));
  const labelWords = label.length;

  const regions = facts.regions;
  let why: string;
  if (entry.region !== null && regions.length > 0 && !regions.includes(entry.region)) {
    why = `it covers the ${service.region ?? ''} region; the item is for ${facts.regionsText}`;
  } else if (codes.length > 0) {
    why = codes.length === 1 ? `${codes[0]} is one of its codes` : `${listWords(codes)} are among its codes`;
    return { kind: 'code', codes, words, labelWords, why };
  } else if (facts.codes.length > 0 && service.codes.length > 0) {
    why = `its codes (${entry.codesText}) do not include ${facts.codesText}`;
  } else if (entry.region !== null && regions.length > 0) {
    if (words.length > 0) {
      why = `it covers the ${service.region ?? ''} region, the item's body region, and ${sharingWords(service, words)}`;
      return { kind: 'region', codes, words, labelWords, why };
    }
    why = `it covers the ${service.region ?? ''} region, but the service requested does not name its service ("${service.label ?? ''}")`;
  } else if (words.length > 0) {
    return { kind: 'service', codes, words, labelWords, why: sharingWords(service, words) };
  } else {
    why = `it covers ${entry.described}, which the item does not name`;
  }
  return { kind: null, codes, words, labelWords, why };
}

const NONE: readonly string[] = Object.freeze([]);

function sharingWords(service: ServiceOf, words: readonly string[]): string {
  return `its service "${service.label ?? ''}" shares ${listWords(words.map((w) => `"${w}"`))} with the service requested`;
}

/**
 * The guidelines of a bundle by what can choose them, built once: procedure code → guidelines listing it, and
 * service-label word → guidelines whose label has it. A guideline covers an item only by a shared code or a shared
 * word (`coverageOf`), so `candidates` finds every one that may, whatever the number of guidelines.
 */
export interface ServiceIndex {
  readonly byCode: ReadonlyMap<string, readonly number[]>;
  readonly byWord: ReadonlyMap<string, readonly number[]>;
}

/** `entries[i]` is the guideline at position i (null: one whose service could not be read, never a candidate). */
export function indexServices(entries: readonly (ServiceEntry | null)[]): ServiceIndex {
  const byCode = new Map<string, number[]>();
  const byWord = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  entries.forEach((entry, i) => {
    if (entry === null) return;
    for (const code of entry.service.codes) add(byCode, code, i);
    for (const word of entry.labelWords) add(byWord, word, i);
  });
  return { byCode, byWord };
}

/** The positions of the guidelines that share a code or a service word with the item. */
export function candidates(index: ServiceIndex, facts: RequestFacts): ReadonlySet<number> {
  const out = new Set<number>();
  for (const code of facts.codes) for (const i of index.byCode.get(code) ?? []) out.add(i);
  for (const word of facts.words) for (const i of index.byWord.get(word) ?? []) out.add(i);
  return out;
}

/** Scope as ranking sees it: met, or not documented / not known (a case whose fields must be corrected first). */
export type RankedScope = 'met' | 'not_documented';

export interface Candidate {
  readonly id: string;
  readonly coverage: Coverage;
  readonly scope: RankedScope;
}

const KIND_ORDER: Readonly<Record<MatchKind, number>> = { code: 0, region: 1, service: 2 };

/** Negative when `a` ranks before `b`. Total and deterministic (ids are distinct). */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return rankDifference(a, b)?.order ?? 0;
}

/** The first ranking rule that tells two candidates apart, in words for the one ranked lower. */
export function rankDifference(a: Candidate, b: Candidate): { readonly order: number; readonly why: string } | null {
  const kindA = KIND_ORDER[a.coverage.kind ?? 'service'];
  const kindB = KIND_ORDER[b.coverage.kind ?? 'service'];
  if (kindA !== kindB) return { order: kindA - kindB, why: `a ${kindWords(a.coverage.kind)} match ranks before a ${kindWords(b.coverage.kind)} match` };
  if (a.coverage.kind === 'code' && a.coverage.codes.length !== b.coverage.codes.length) {
    return { order: b.coverage.codes.length - a.coverage.codes.length, why: 'it matches fewer of the requested codes' };
  }
  if (a.scope !== b.scope) return { order: a.scope === 'met' ? -1 : 1, why: 'a guideline whose scope is met ranks before one whose scope is not documented' };
  // Compare the fractions words/labelWords without dividing
  // (A label without words shares none, so the max() only keeps the other side's count from being multiplied by 0.)
  const fractionA = a.coverage.words.length * Math.max(b.coverage.labelWords, 1);
  const fractionB = b.coverage.words.length * Math.max(a.coverage.labelWords, 1);
  if (fractionA !== fractionB) return { order: fractionB - fractionA, why: 'its service label shares fewer of its words with the service requested' };
  if (a.id !== b.id) return { order: a.id < b.id ? -1 : 1, why: 'the match is otherwise equal, and guideline ids decide in alphabetical order' };
  return null;
}

function kindWords(kind: MatchKind | null): string {
  return kind === 'code' ? 'procedure-code' : kind === 'region' ? 'body-region' : 'service-wording';
}

/** "CPT 64490": the system upper case, the code trimmed and upper case (HCPCS letters are written either way). */
export function codeKey(system: string, code: string): string {
  return `${system.toUpperCase()} ${code.trim().toUpperCase()}`;
}

/** Body regions compare without case, and with spaces, hyphens and underscores alike: "low back" = "low_back". */
export function normalRegion(region: string): string {
  return region.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

/** English function words and request boilerplate: they say nothing about which service is meant. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'and', 'are', 'but', 'for', 'from', 'has', 'have', 'into', 'its', 'not', 'per', 'the', 'then', 'this', 'that',
  'with', 'without', 'was', 'were', 'request', 'requested', 'service', 'services', 'times', 'each',
]);

/** Lower-case words of three or more letters or digits, a final "s" dropped from words of five or more, no repeats. */
export function significantWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out: string[] = [];
  for (const word of words) {
    if (word.length < 3 || FUNCTION_WORDS.has(word)) continue;
    const stem = word.length >= 5 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
    if (!out.includes(stem)) out.push(stem);
  }
  return out;
}

function describeService(service: ServiceOf): string {
  const parts: string[] = [];
  if (service.label !== null) parts.push(`"${service.label}"`);
  if (service.codes.length > 0) parts.push(service.codes.join(', '));
  if (service.region !== null) parts.push(`the ${service.region} region`);
  return parts.length === 0 ? 'a service it does not describe' : parts.join(', ');
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[], last = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1] ?? ''}`;
}
