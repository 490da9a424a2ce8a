/**
 * Test helper: a LoadedBundle of stand-in guidelines that differ only in the service they cover (label, codes,
 * region), each with one criterion, so selection tests can vary one thing at a time. `scopes` makes a guideline's
 * determination carry a scope (as guidelines with `applies when` will): `not_met` gives the outcome
 * `does_not_apply`, `not_documented` a determination evaluated presumptively.
 */
import { BUNDLE_FORMAT, type CompiledBundle, type CompiledGuideline, type GuidelineMeta, type Manifest } from '../contract.js';
import type { Determination } from '../determination.js';
import { createLoadedBundle, type LoadedBundle } from '../evaluate.js';
import type { GuidelineSource } from '../evaluate-request.js';
import { ok } from '../result.js';

export interface FakeService {
  readonly label?: string | null;
  readonly codes?: readonly string[];
  readonly region?: string | null;
  readonly title?: string;
}

/** `codes` are written "cpt 64490" / "hcpcs E0720". */
export function fakeGuideline(id: string, service: FakeService): CompiledGuideline {
  const meta: GuidelineMeta = {
    id,
    title: service.title ?? `Guideline ${id}`,
    version: '1',
    edition: null,
    jurisdiction: null,
    service: {
      label: service.label ?? null,
      codes: (service.codes ?? []).map((c) => {
        const [system, code] = c.split(' ');
        return { system: system as 'cpt' | 'hcpcs', code: code ?? '' };
      }),
      region: service.region ?? null,
    },
    recommendation: { status: 'recommended', criteriaIfUsedAnyway: false, citations: [] },
    missingDocumentation: 'insufficient_information',
    sources: [],
    routes: [],
    criteria: [{ id: 'visits_stated', description: 'The number of visits is stated.', citations: [], route: null }],
  };
  return {
    meta,
    caseSchema: { type: 'object', properties: { request: { type: ['object', 'null'], properties: { visits: { type: ['integer', 'null'] } } } } },
    requirements: [{ path: 'request.visits', label: 'visits requested', kind: 'number', unit: null }],
    applies: () => ({ status: 'met', text: '', citations: [], evidence: [], missing: [] }),
    evaluate: (caseData: unknown) => {
      const visits = (caseData as { request?: { visits?: unknown } }).request?.visits;
      const stated = typeof visits === 'number';
      return [
        {
          criterion: 'visits_stated',
          status: stated ? 'met' : 'not_documented',
          text: stated ? 'The number of visits is stated.' : 'The number of visits is not stated.',
          citations: [],
          evidence: [{ path: 'request.visits', value: stated ? visits : null }],
          missing: stated ? [] : ['request.visits'],
        },
      ];
    },
  };
}

export function fakeBundle(services: Readonly<Record<string, FakeService>>): LoadedBundle {
  const guidelines: Record<string, CompiledGuideline> = {};
  for (const [id, service] of Object.entries(services)) guidelines[id] = fakeGuideline(id, service);
  const bundle: CompiledBundle = { format: BUNDLE_FORMAT, guidelines };
  return createLoadedBundle(bundle, { format: BUNDLE_FORMAT } as unknown as Manifest);
}

export type FakeScope = { readonly status: 'not_met' | 'not_documented'; readonly text: string };

/** The bundle, with the scopes given: as the runtime will answer for guidelines that declare `applies when`. */
export function withScopes(bundle: LoadedBundle, scopes: Readonly<Record<string, FakeScope>>): GuidelineSource {
  return {
    guidelineIds: () => bundle.guidelineIds(),
    guideline: (id) => bundle.guideline(id),
    evaluate: (id, caseData) => {
      const result = bundle.evaluate(id, caseData);
      const scope = Object.hasOwn(scopes, id) ? scopes[id] : undefined;
      if (!result.ok || scope === undefined) return result;
      const d: Determination & { scope: unknown } = {
        ...result.value,
        ...(scope.status === 'not_met' ? { outcome: 'does_not_apply' as const, reasons: [], missing: [] } : {}),
        scope: { status: scope.status, text: scope.text, citations: [], evidence: [] },
      };
      return ok(d);
    },
  };
}
