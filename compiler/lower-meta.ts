/**
 * Lowering, metadata: a checked guideline's title, version, recommendation, sources, criteria and routes as the
 * runtime's `GuidelineMeta` (runtime/contract.ts), plain data copied out of the model.
 */
import type { CheckedGuideline } from '../language/model.js';
import type { GuidelineMeta } from '../runtime/contract.js';

export function guidelineMeta(g: CheckedGuideline): GuidelineMeta {
  return {
    id: g.id,
    title: g.title,
    version: g.version,
    edition: g.edition,
    jurisdiction: g.jurisdiction,
    service: {
      label: g.service.label,
      codes: g.service.codes.map((c) => ({ system: c.system, code: c.code })),
      region: g.service.region,
    },
    recommendation: {
      status: g.recommendation.status,
      criteriaIfUsedAnyway: g.recommendation.criteriaIfUsedAnyway,
      citations: [...g.recommendation.citations],
    },
    missingDocumentation: g.missingDocumentation,
    sources: g.sources.map((s) => ({
      id: s.id,
      citation: s.citation,
      document: s.document,
      chapter: s.chapter,
      section: s.section,
      page: s.page,
      quote: s.quote,
    })),
    criteria: g.criteria.map((c) => ({ id: c.id, description: c.description, citations: [...c.citations], route: c.route })),
    routes: g.routes.map((r) => ({ id: r.id, label: r.label })),
  };
}
