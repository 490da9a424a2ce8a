/**
 * A Determination → an IMR-style rationale, as plain text or Markdown.
 *
 * Every clinical word comes from the Determination, that is from the bundle: the guideline title, source citations
 * and quotes, criterion descriptions and reason texts. This file adds only generic words ("Decision",
 * "Not documented", "not medically necessary", …). Order: decision, recommendation with its sources, criteria not
 * met (the reasons), not documented with the documents needed, then criteria met and not applicable, briefly.
 */
import type { Citation, Evidence, MissingDocumentationPolicy } from './contract.js';
import type { Determination, Outcome, Reason } from './determination.js';

const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = {
  medically_necessary: 'medically necessary',
  not_medically_necessary: 'not medically necessary',
  insufficient_information: 'insufficient information to decide',
  invalid_case: 'not decided: the case data is invalid',
};

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

  lines.push('', `Recommendation: ${recommendationLine(d)}`);
  for (const c of d.recommendation.citations) lines.push(`  - ${citationWithQuote(c)}`);

  if (d.outcome === 'invalid_case') {
    lines.push('', 'The case data cannot be evaluated until these fields are corrected:');
    for (const e of d.errors) lines.push(`  - ${fieldName(e.path)}: ${e.message}`);
    return lines.join('\n') + '\n';
  }

  const section = (title: string, reasons: readonly Reason[], full: boolean) => {
    if (reasons.length === 0) return;
    lines.push('', `${title}:`);
    reasons.forEach((r, i) => {
      if (!full) {
        lines.push(`  - ${r.description ?? r.text}`);
        // A criterion met because its number was not stated (`if not stated met "…"`) says so in its own words.
        if (r.description !== null && r.text !== r.description) lines.push(`    ${r.text}`);
        return;
      }
      lines.push(`  ${i + 1}. ${r.text}`);
      if (r.description !== null && r.description !== r.text) lines.push(`     Criterion: ${r.description}`);
      if (r.citations.length > 0) lines.push(`     Source: ${r.citations.map((c) => c.citation).join('; ')}`);
      const evidence = evidenceLine(r.evidence);
      if (evidence !== null) lines.push(`     Case data: ${evidence}`);
    });
  };

  section('Criteria not met', byStatus(d, 'not_met'), true);
  section('Not documented', byStatus(d, 'not_documented'), true);
  if (byStatus(d, 'not_documented').length > 0) lines.push(`  ${POLICY_WORDS[d.missingDocumentation]}`);
  if (d.missing.length > 0) {
    lines.push('', 'Documents needed to decide the criteria not documented:');
    for (const m of d.missing) lines.push(`  - ${m.label} (${m.path})`);
  }
  section('Criteria met', byStatus(d, 'met'), false);
  section('Not applicable to this case', byStatus(d, 'not_applicable'), false);

  lines.push('', `Decision: ${OUTCOME_WORDS[d.outcome]}.`);
  return lines.join('\n') + '\n';
}

/** The rationale as CommonMark. Text from the bundle is escaped so it cannot become markup. */
export function renderMarkdown(d: Determination): string {
  const out: string[] = [];
  out.push(`# ${md(d.guideline.title)}: ${OUTCOME_WORDS[d.outcome]}`, '');
  out.push(`Guideline \`${code(d.guideline.id)}\`, version ${md(d.guideline.version)}`, '');

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

  const section = (title: string, reasons: readonly Reason[], full: boolean) => {
    if (reasons.length === 0) return;
    out.push(`## ${title}`, '');
    reasons.forEach((r, i) => {
      if (!full) {
        out.push(`- ${mdBlock(r.description ?? r.text)}`);
        if (r.description !== null && r.text !== r.description) out.push(`  ${mdBlock(r.text)}`);
        return;
      }
      const details: string[] = [];
      if (r.description !== null && r.description !== r.text) details.push(`Criterion: ${md(r.description)}`);
      if (r.citations.length > 0) details.push(`Source: ${r.citations.map((c) => md(c.citation)).join('; ')}`);
      if (r.evidence.length > 0) {
        details.push(`Case data: ${r.evidence.map((e) => `\`${code(e.path)}\` = ${md(valueText(e.value))}`).join('; ')}`);
      }
      out.push(`${i + 1}. **${md(r.text)}**${details.map((line) => `  \n   ${line}`).join('')}`);
    });
    out.push('');
  };

  section('Criteria not met', byStatus(d, 'not_met'), true);
  section('Not documented', byStatus(d, 'not_documented'), true);
  if (byStatus(d, 'not_documented').length > 0) out.push(POLICY_WORDS[d.missingDocumentation], '');
  if (d.missing.length > 0) {
    out.push('### Documents needed', '');
    for (const m of d.missing) out.push(`- ${md(m.label)} (\`${code(m.path)}\`)`);
    out.push('');
  }
  section('Criteria met', byStatus(d, 'met'), false);
  section('Not applicable to this case', byStatus(d, 'not_applicable'), false);

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

function byStatus(d: Determination, status: Reason['status']): Reason[] {
  return d.reasons.filter((r) => r.status === status);
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

/** Escape inline text so CommonMark shows it literally. */
function md(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/** Escape text that starts a block, where "6. …" would start a list and "# …" a heading. */
function mdBlock(text: string): string {
  return md(text)
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/^([#+\-=>])/, '\\$1');
}

/** Text inside a code span: backticks cannot be escaped there, so they are dropped. */
function code(text: string): string {
  return text.replace(/`/g, '').replace(/\r?\n/g, ' ');
}
