/**
 * A Determination → an IMR-style rationale, as plain text or Markdown.
 *
 * Every clinical word comes from the Determination, that is from the bundle: the guideline title, source citations
 * and quotes, criterion descriptions and reason texts. This file adds only generic words ("Decision",
 * "Not documented", "not medically necessary", …). Order: decision, recommendation with its sources, criteria not
 * met (the reasons), not documented with the documents needed, then criteria met and not applicable, briefly.
 */
import type { Citation, Evidence, MissingDocumentationPolicy } from './contract.js';
import { bearingReasons, type Determination, type Outcome, type Reason, type RouteStatus } from './determination.js';

export const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = {
  medically_necessary: 'medically necessary',
  not_medically_necessary: 'not medically necessary',
  insufficient_information: 'insufficient information to decide',
  refer_for_physician_review: 'referred for physician review',
  invalid_case: 'not decided: the case data is invalid',
  does_not_apply: 'this guideline does not apply',
};

const ROUTE_WORDS: Readonly<Record<RouteStatus, string>> = {
  met: 'met',
  not_met: 'not met',
  not_documented: 'not documented',
  needs_judgement: 'needs clinical judgement',
};

const STATUS_WORDS: Readonly<Record<Reason['status'], string>> = {
  met: 'met',
  not_met: 'not met',
  not_documented: 'not documented',
  not_applicable: 'not applicable',
  needs_judgement: 'needs clinical judgement',
};

const SCOPE_UNCONFIRMED = 'Whether this guideline applies could not be confirmed; it is applied to the case as if it does.';

/** The route's label, for the letter. */
const routeLabel = (d: Determination, id: string | null): string => d.routes.find((r) => r.id === id)?.label ?? String(id);

const POLICY_WORDS: Readonly<Record<MissingDocumentationPolicy, string>> = {
  not_met: 'This guideline counts missing documentation as not met.',
  insufficient_information: 'This guideline treats missing documentation as insufficient information to decide.',
};

const RECOMMENDATION_WORDS = {
  recommended: 'recommended',
  conditionally_recommended: 'conditionally recommended',
  not_recommended: 'not recommended',
} as const;

/** The rationale as plain text (80-column friendly, two-space indents, one final newline). */
export function renderText(d: Determination): string {
  const lines: string[] = [];
  lines.push(`${d.guideline.title}: ${OUTCOME_WORDS[d.outcome]}`);
  lines.push(`Guideline ${d.guideline.id}, version ${d.guideline.version}`);

  const scopeLines = () => {
    const { scope } = d;
    if (scope.status === 'met') return;
    lines.push('', scope.status === 'not_met' ? `Scope: ${scope.text}` : `Scope: ${SCOPE_UNCONFIRMED}`);
    if (scope.status === 'not_documented') lines.push(`  ${scope.text}`);
    if (scope.citations.length > 0) lines.push(`  Source: ${scope.citations.map((c) => c.citation).join('; ')}`);
    const evidence = evidenceLine(scope.evidence);
    if (evidence !== null) lines.push(`  Case data: ${evidence}`);
  };

  if (d.outcome === 'does_not_apply') {
    scopeLines();
    lines.push('', `Decision: ${OUTCOME_WORDS[d.outcome]}.`);
    return lines.map(oneLine).join('\n') + '\n';
  }

  lines.push('', `Recommendation: ${recommendationLine(d)}`);
  for (const c of d.recommendation.citations) lines.push(`  - ${citationWithQuote(c)}`);

  if (d.outcome === 'invalid_case') {
    lines.push('', 'The case data cannot be evaluated until these fields are corrected:');
    for (const e of d.errors) lines.push(`  - ${fieldName(e.path)}: ${e.message}`);
    return lines.map(oneLine).join('\n') + '\n';
  }
  scopeLines();

  const numbered = (reasons: readonly Reason[], indent: string) => {
    reasons.forEach((r, i) => {
      lines.push(`${indent}${i + 1}. ${r.text}`);
      const more = `${indent}   `;
      if (r.description !== null && r.description !== r.text) lines.push(`${more}Criterion: ${r.description}`);
      if (r.citations.length > 0) lines.push(`${more}Source: ${r.citations.map((c) => c.citation).join('; ')}`);
      const evidence = evidenceLine(r.evidence);
      if (evidence !== null) lines.push(`${more}Case data: ${evidence}`);
    });
  };
  const section = (title: string, reasons: readonly Reason[], full: boolean) => {
    if (reasons.length === 0) return;
    lines.push('', `${title}:`);
    if (full) numbered(reasons, '  ');
    else {
      for (const r of reasons) {
        lines.push(`  - ${r.description ?? r.text}`);
        // A criterion met because its number was not stated (`if not stated met "…"`) says so in its own words.
        if (r.description !== null && r.text !== r.description) lines.push(`    ${r.text}`);
      }
    }
  };

  const bearing = bearingReasons(d);
  const common = d.reasons.filter((r) => r.route === null);
  section('Criteria not met', common.filter((r) => r.status === 'not_met'), true);
  section('Not documented', common.filter((r) => r.status === 'not_documented'), true);
  if (d.routes.length > 0) {
    if (d.route !== null) {
      lines.push('', `Supported under the route: ${routeLabel(d, d.route)}.`);
      const others = d.routes.filter((r) => r.id !== d.route);
      if (others.length > 0) {
        lines.push('', 'Other routes, not needed:');
        for (const other of others) {
          lines.push(`  ${other.label} (${ROUTE_WORDS[other.status]}):`);
          for (const r of d.reasons.filter((x) => x.route === other.id)) lines.push(`    - ${r.text} (${STATUS_WORDS[r.status]})`);
        }
      }
    } else {
      lines.push('', 'No route is met; the guideline needs one of them:');
      for (const route of d.routes) {
        lines.push(`  Route: ${route.label} (${ROUTE_WORDS[route.status]})`);
        numbered(d.reasons.filter((r) => r.route === route.id && (r.status === 'not_met' || r.status === 'not_documented')), '    ');
      }
    }
  }
  if (bearing.some((r) => r.status === 'not_documented')) lines.push(`  ${POLICY_WORDS[d.missingDocumentation]}`);
  section('Questions for the physician reviewer', bearing.filter((r) => r.status === 'needs_judgement'), true);
  if (d.missing.length > 0) {
    lines.push('', 'Documents needed to decide the criteria not documented:');
    for (const m of d.missing) lines.push(`  - ${m.label} (${m.path})`);
  }
  section('Criteria met', bearing.filter((r) => r.status === 'met'), false);
  section('Not applicable to this case', bearing.filter((r) => r.status === 'not_applicable'), false);

  lines.push('', `Decision: ${OUTCOME_WORDS[d.outcome]}.`);
  return lines.map(oneLine).join('\n') + '\n';
}

/** The rationale as CommonMark. Text from the bundle is escaped so it cannot become markup. */
export function renderMarkdown(d: Determination): string {
  const out: string[] = [];
  out.push(`# ${md(d.guideline.title)}: ${OUTCOME_WORDS[d.outcome]}`, '');
  out.push(`Guideline \`${code(d.guideline.id)}\`, version ${md(d.guideline.version)}`, '');

  const scopeBlock = () => {
    const { scope } = d;
    if (scope.status === 'met') return;
    out.push('## Scope', '');
    if (scope.status === 'not_documented') out.push(SCOPE_UNCONFIRMED, '');
    const details: string[] = [];
    if (scope.citations.length > 0) details.push(`Source: ${scope.citations.map((c) => md(c.citation)).join('; ')}`);
    if (scope.evidence.length > 0) details.push(`Case data: ${scope.evidence.map((e) => `\`${code(e.path)}\` = ${md(valueText(e.value))}`).join('; ')}`);
    out.push(`${mdBlock(scope.text)}${details.map((line) => `  \n${line}`).join('')}`, '');
  };

  if (d.outcome === 'does_not_apply') {
    scopeBlock();
    out.push(`**Decision: ${OUTCOME_WORDS[d.outcome]}.**`, '');
    return out.join('\n');
  }

  out.push('## Recommendation', '', `${capitalize(recommendationLine(d))}`, '');
  for (const c of d.recommendation.citations) {
    if (c.quote !== null) out.push(`> ${mdBlock(c.quote)}`, `> — ${md(c.citation)}`, '');
    else out.push(`- ${mdBlock(c.citation)}`, '');
  }

  if (d.outcome === 'invalid_case') {
    out.push('## Case data errors', '', 'The case data cannot be evaluated until these fields are corrected:', '');
    for (const e of d.errors) out.push(`- \`${code(e.path === '' ? '/' : e.path)}\`: ${md(e.message)}`);
    out.push('');
    return out.join('\n');
  }
  scopeBlock();

  const numbered = (reasons: readonly Reason[]) => {
    reasons.forEach((r, i) => {
      const details: string[] = [];
      if (r.description !== null && r.description !== r.text) details.push(`Criterion: ${md(r.description)}`);
      if (r.citations.length > 0) details.push(`Source: ${r.citations.map((c) => md(c.citation)).join('; ')}`);
      if (r.evidence.length > 0) {
        details.push(`Case data: ${r.evidence.map((e) => `\`${code(e.path)}\` = ${md(valueText(e.value))}`).join('; ')}`);
      }
      out.push(`${i + 1}. **${md(r.text)}**${details.map((line) => `  \n   ${line}`).join('')}`);
    });
  };
  const section = (title: string, reasons: readonly Reason[], full: boolean) => {
    if (reasons.length === 0) return;
    out.push(`## ${title}`, '');
    if (full) numbered(reasons);
    else {
      for (const r of reasons) {
        out.push(`- ${mdBlock(r.description ?? r.text)}`);
        if (r.description !== null && r.text !== r.description) out.push(`  ${mdBlock(r.text)}`);
      }
    }
    out.push('');
  };

  const bearing = bearingReasons(d);
  const common = d.reasons.filter((r) => r.route === null);
  section('Criteria not met', common.filter((r) => r.status === 'not_met'), true);
  section('Not documented', common.filter((r) => r.status === 'not_documented'), true);
  if (d.routes.length > 0) {
    out.push('## Routes', '');
    if (d.route !== null) {
      out.push(`Supported under the route: ${md(routeLabel(d, d.route))}.`, '');
      const others = d.routes.filter((r) => r.id !== d.route);
      if (others.length > 0) {
        out.push('### Other routes, not needed', '');
        for (const other of others) {
          out.push(`- ${mdBlock(other.label)} (${ROUTE_WORDS[other.status]})`);
          for (const r of d.reasons.filter((x) => x.route === other.id)) out.push(`  - ${mdBlock(r.text)} (${STATUS_WORDS[r.status]})`);
        }
        out.push('');
      }
    } else {
      out.push('No route is met; the guideline needs one of them.', '');
      for (const route of d.routes) {
        out.push(`### Route: ${md(route.label)} (${ROUTE_WORDS[route.status]})`, '');
        const shown = d.reasons.filter((r) => r.route === route.id && (r.status === 'not_met' || r.status === 'not_documented'));
        if (shown.length > 0) {
          numbered(shown);
          out.push('');
        }
      }
    }
  }
  if (bearing.some((r) => r.status === 'not_documented')) out.push(POLICY_WORDS[d.missingDocumentation], '');
  section('Questions for the physician reviewer', bearing.filter((r) => r.status === 'needs_judgement'), true);
  if (d.missing.length > 0) {
    out.push('### Documents needed', '');
    for (const m of d.missing) out.push(`- ${md(m.label)} (\`${code(m.path)}\`)`);
    out.push('');
  }
  section('Criteria met', bearing.filter((r) => r.status === 'met'), false);
  section('Not applicable to this case', bearing.filter((r) => r.status === 'not_applicable'), false);

  out.push(`**Decision: ${OUTCOME_WORDS[d.outcome]}.**`, '');
  return out.join('\n');
}

function recommendationLine(d: Determination): string {
  const { status, criteriaIfUsedAnyway } = d.recommendation;
  if (status !== 'not_recommended') return `${RECOMMENDATION_WORDS[status]}.`;
  return criteriaIfUsedAnyway
    ? `${RECOMMENDATION_WORDS[status]}; the guideline gives criteria for use if it is used anyway, applied below.`
    : `${RECOMMENDATION_WORDS[status]}; the guideline gives no criteria for use anyway, so the criteria below do not change the decision.`;
}

function citationWithQuote(c: Citation): string {
  return c.quote === null ? c.citation : `${c.citation}: "${c.quote}"`;
}

function evidenceLine(evidence: readonly Evidence[]): string | null {
  if (evidence.length === 0) return null;
  return evidence.map((e) => `${e.path} = ${valueText(e.value)}`).join('; ');
}

function valueText(value: unknown): string {
  return value === null || value === undefined ? 'not stated' : short(value);
}

function short(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = '(unprintable)';
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function fieldName(path: string): string {
  return path === '' ? 'the case file' : path;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The one guard every rendered string passes: text from the bundle or the case stays on its own line. Line breaks
 * (LF, CR, U+2028/9), every other control character (so ANSI escapes cannot reach a terminal) and the bidirectional
 * overrides (which reorder what a reader sees) become spaces, so no case text can start a line of the letter such as
 * a forged "Decision: …".
 */
export function oneLine(text: string): string {
  return text.replace(/\r\n/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');
}

/** Escape inline text so CommonMark shows it literally. */
export function md(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/** Escape text that starts a block, where "6. …" would start a list and "# …" a heading. */
export function mdBlock(text: string): string {
  return md(text)
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/^([#+\-=>])/, '\\$1');
}

/** Text inside a code span: backticks cannot be escaped there, so they are dropped. */
export function code(text: string): string {
  return oneLine(text).replace(/`/g, '');
}
