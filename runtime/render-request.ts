/**
 * A RequestEvaluation (several requested items) → one letter with a section per item, as an IMR letter decides
 * several items: what the item asks for, which guideline decides it and why (the others considered), then that
 * guideline's determination rendered by render.ts, and a summary of every item's decision at the end.
 *
 * Every clinical word comes from the case file (the item's service, codes, body regions) or from the bundle
 * (titles, ids, service labels, scope reasons); this file adds only generic words. Markdown goes through the
 * escaping of render.ts.
 */
import type { ItemResult, RequestEvaluation } from './evaluate-request.js';
import { code, md, mdBlock, oneLine, OUTCOME_WORDS, renderMarkdown, renderText } from './render.js';

const STATUS_WORDS: Readonly<Record<Exclude<ItemResult['status'], 'decided'>, string>> = {
  no_guideline_applies: 'no guideline applies',
  invalid_item: 'not decided: the item is invalid',
  evaluation_failed: 'not decided: the guideline could not be evaluated',
};

/** The letter as plain text (two-space indents, one final newline). */
export function renderRequestText(result: RequestEvaluation): string {
  // Every line passes render.ts's oneLine as it is joined, so no case text can start a line of its own.
  const lines: string[] = [];
  const count = result.items.length;
  lines.push(count === 1 ? 'Determination of 1 requested item' : `Determination of ${count} requested items`);
  if (result.errors.length > 0) {
    lines.push('', 'The case file cannot be evaluated until these fields are corrected:');
    lines.push(...result.errors.map((e) => `  - ${e.path === '' ? 'the case file' : e.path}: ${e.message}`));
    return lines.map(oneLine).join('\n') + '\n';
  }
  for (const item of result.items) {
    lines.push('', `Item ${item.item + 1} of ${count}: ${itemTitle(item)}`);
    const details = detailsOf(item);
    if (details.length > 0) lines.push(`  ${details.join('; ')}`);
    lines.push(`  ${item.note}`);
    if (item.errors.length > 0) {
      lines.push('  Fields to correct:');
      lines.push(...item.errors.map((e) => `    - ${e.path}: ${e.message}`));
    }
    const shown = item.considered.filter((c) => c.status !== 'not_for_this_item');
    const others = item.considered.length - shown.length;
    if (item.considered.length > 0) {
      lines.push('  Guidelines considered:');
      for (const c of shown) lines.push(`    - ${c.guideline}: ${c.why}`);
      if (others > 0) lines.push(`    ${othersLine(shown.length, others)}`);
    }
    if (item.determination !== null) lines.push('', ...renderText(item.determination).trimEnd().split('\n'));
  }
  lines.push('', 'Summary:');
  for (const item of result.items) lines.push(`  ${item.item + 1}. ${itemTitle(item)}: ${decisionWords(item)}`);
  return lines.map(oneLine).join('\n') + '\n';
}

/** The letter as CommonMark; the item's determinations are nested under the item's heading. */
export function renderRequestMarkdown(result: RequestEvaluation): string {
  const out: string[] = [];
  const count = result.items.length;
  out.push(`# ${count === 1 ? 'Determination of 1 requested item' : `Determination of ${count} requested items`}`, '');
  if (result.errors.length > 0) {
    out.push('## Case data errors', '', 'The case file cannot be evaluated until these fields are corrected:', '');
    out.push(...result.errors.map((e) => `- \`${code(e.path === '' ? '/' : e.path)}\`: ${md(e.message)}`), '');
    return out.join('\n');
  }
  for (const item of result.items) {
    out.push(`## Item ${item.item + 1} of ${count}: ${md(itemTitle(item))}`, '');
    const details = detailsOf(item, md, (text) => `\`${code(text)}\``);
    if (details.length > 0) out.push(details.join('; '), '');
    out.push(mdBlock(item.note), '');
    if (item.errors.length > 0) {
      out.push('Fields to correct:', '');
      out.push(...item.errors.map((e) => `- \`${code(e.path)}\`: ${md(e.message)}`), '');
    }
    const shown = item.considered.filter((c) => c.status !== 'not_for_this_item');
    const others = item.considered.length - shown.length;
    if (item.considered.length > 0) {
      out.push('Guidelines considered:', '');
      for (const c of shown) out.push(`- \`${code(c.guideline)}\`: ${md(c.why)}`);
      if (others > 0) out.push(`- ${othersLine(shown.length, others)}`);
      out.push('');
    }
    if (item.determination !== null) {
      // The determination's own headings (#, ##, ###) move two levels down, under the item's heading.
      const nested = renderMarkdown(item.determination).replace(/^(#{1,4}) /gm, '##$1 ');
      out.push(nested.trimEnd(), '');
    }
  }
  out.push('## Summary', '');
  for (const item of result.items) out.push(`${item.item + 1}. ${md(itemTitle(item))}: ${md(decisionWords(item))}`);
  out.push('');
  return out.join('\n');
}

function othersLine(shown: number, others: number): string {
  if (shown === 0) return others === 1 ? 'The one guideline in the bundle covers other services.' : `None of the ${others} guidelines in the bundle covers this service.`;
  return others === 1 ? '1 other guideline covers other services.' : `${others} other guidelines cover other services.`;
}

function itemTitle(item: ItemResult): string {
  const { service, codes } = item.request;
  if (service !== null && service.trim() !== '') return service;
  if (codes.length > 0) return codes.map((c) => `${c.system} ${c.code}`).join(', ');
  if (item.request.body_regions.length > 0) return `a service for the ${item.request.body_regions.join(', ')} region`;
  return 'no service named';
}

/** "Codes: CPT 64490, CPT 64491", "Body region: cervical"; `text` escapes case text and `codeText` wraps a code. */
function detailsOf(item: ItemResult, text: (t: string) => string = (t) => t, codeText: (t: string) => string = (t) => t): string[] {
  const out: string[] = [];
  const { codes, body_regions: regions } = item.request;
  const hasService = item.request.service !== null && item.request.service.trim() !== '';
  if (codes.length > 0 && hasService) out.push(`Codes: ${codes.map((c) => codeText(`${c.system} ${c.code}`)).join(', ')}`);
  if (regions.length > 0) out.push(`${regions.length === 1 ? 'body region' : 'body regions'}: ${regions.map(text).join(', ')}`);
  if (out[0] !== undefined) out[0] = out[0].charAt(0).toUpperCase() + out[0].slice(1);
  return out;
}

function decisionWords(item: ItemResult): string {
  if (item.determination === null) return STATUS_WORDS[item.status === 'decided' ? 'evaluation_failed' : item.status];
  const d = item.determination;
  const words = OUTCOME_WORDS[d.outcome];
  return `${words} (${d.guideline.id})`;
}



