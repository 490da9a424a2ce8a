/**
 * Completion, by what the cursor is in: after `from`/`of` or inside a dotted path, the case-file fields
 * runtime/case-file.schema.json documents (documentation items after `documentation.`); after a number, the units
 * the compared fact is measured in; after `cite`, the sources; after `route`, the routes; elsewhere the keywords the
 * grammar allows (features/keywords.ts), the facts, thresholds and value sets declared, the fields of the records in
 * scope, and at the start of a line in the criteria, a snippet for each kind of criterion.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type Position,
} from 'vscode-languageserver';
import type { Fact, Node } from '../../../language/index.js';
import { isMissing } from '../../../language/index.js';
import { unitOf, type GuidelineScope } from '../../../language/resolve.js';
import type { FileState, Snapshot } from '../analysis.js';
import { fieldsAfter } from '../case-schema.js';
import { recordsInScope } from '../declarations.js';
import { chainBefore } from '../locate.js';
import { pathOfType } from './hover.js';
import { expectedKeywords } from './keywords.js';

const ALL_UNITS = ['%', 'percent', 'levels', 'visits', 'sessions', 'hours', 'days', 'weeks', 'months', 'years', 'degrees', 'mg'];
const TIME_UNITS = ['hours', 'days', 'weeks', 'months', 'years'];

/** One snippet per kind of criterion (the same bodies as the extension's snippets file). */
const CRITERION_SNIPPETS: readonly { label: string; detail: string; body: string }[] = [
  { label: 'criterion … require', detail: 'a criterion met when a condition holds', body: 'criterion ${1:name} "${2:The guideline\'s sentence.}"\n  require ${3:condition}\n  cite ${4:source}\n  reason "${5:Why it is not met.}"' },
  { label: 'criterion … exclude', detail: 'a criterion not met when an excluded diagnosis is documented', body: 'criterion ${1:name} "${2:The guideline\'s sentence.}"\n  exclude ${3:valueset}\n  cite ${4:source}\n  reason "${5:The injured worker has been diagnosed with {matched\\}, which is an exclusion criterion.}"' },
  { label: 'criterion … max_levels', detail: 'a criterion limiting the levels requested', body: 'criterion ${1:name} "${2:No more than 2 levels may be blocked at any one time.}"\n  max_levels ${3:2}\n  cite ${4:source}\n  reason "${5:The request is for {requested_levels\\} levels.}"' },
  { label: 'criterion … judgement', detail: 'a question for the physician reviewer', body: 'criterion ${1:name} "${2:The guideline\'s sentence.}"\n  when ${3:condition}\n  judgement "${4:The question for the physician reviewer?}"\n  cite ${5:source}' },
];

export function completion(snapshot: Snapshot, file: FileState, position: Position): CompletionList {
  const offset = file.lines.offsetAt(position);
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const linePrefix = text.slice(lineStart, offset);
  const word = /[A-Za-z0-9_.[\]]*$/.exec(linePrefix)?.[0] ?? '';
  const before = linePrefix.slice(0, linePrefix.length - word.length);
  const scope = snapshot.scope(file.uri);
  const guideline = scope?.kind === 'guideline' ? scope : null;
  const chain = chainBefore(file.parsed.document, offset - word.length);
  const items: CompletionItem[] = [];
  const wordStart = offset - word.length;
  const replace = (w: string) => ({ range: file.lines.range({ start: wordStart + w.lastIndexOf('.') + 1, end: offset }) });

  // A case-file path: after `from`, `of`, `to`, `lasting`… or once the word has a dot.
  if (/\b(from|of|to)\s+(latest\s+|earliest\s+)?$/.test(before) || word.includes('.')) {
    const prefix = word.includes('.') ? word.slice(0, word.lastIndexOf('.')) : '';
    const fact = [...chain].reverse().find((n): n is Fact => n.kind === 'Fact' && n.keyword === 'field');
    const records = fact && guideline ? recordsOfFieldDecl(guideline, fact) : null;
    const base = records ? pathOfType(records.type)?.raw : undefined;
    const full = base === undefined ? prefix : prefix === '' ? `${base}[]` : `${base}[].${prefix}`;
    for (const f of fieldsAfter(full)) {
      items.push({ label: f.name, kind: CompletionItemKind.Field, detail: f.list ? 'list' : undefined, documentation: { kind: 'markdown', value: f.description }, textEdit: { ...replace(word), newText: f.name } } as CompletionItem);
    }
    return { isIncomplete: false, items: items.map(clean) };
  }

  // A unit after a number: the compared fact's own unit first.
  if (/(^|[\s(])-?[0-9]+(\.[0-9]+)?\s+$/.test(before) || /-?[0-9]+(\.[0-9]+)?$/.test(before)) {
    const subject = /([A-Za-z_][A-Za-z0-9_]*)\s*(?:>=|<=|>|<|=|≥|≤)\s*-?[0-9.]+\s*$/.exec(before)?.[1];
    const fact = subject && guideline ? guideline.facts.get(subject)?.node : undefined;
    const unit = fact && guideline ? unitOf(guideline, fact) : null;
    const units = unit === null ? (fact?.type.kind === 'ElapsedType' ? TIME_UNITS : ALL_UNITS) : [unit === 'percent' ? '%' : unit];
    for (const u of units) items.push({ label: u, kind: CompletionItemKind.Unit, detail: unit === null ? 'unit' : `the unit of ${subject}` });
    return { isIncomplete: false, items };
  }

  if (guideline && /\bcite\s+([A-Za-z0-9_]+\s*,\s*)*$/.test(before)) {
    for (const [name, s] of guideline.sources) items.push({ label: name, kind: CompletionItemKind.Reference, detail: isMissing(s.node.citation) ? 'source' : s.node.citation.value });
    return { isIncomplete: false, items };
  }
  if (guideline && /\broute\s+$/.test(before)) {
    for (const [name, r] of guideline.routes) items.push({ label: name, kind: CompletionItemKind.EnumMember, detail: isMissing(r.node.label) ? 'route' : r.node.label.value });
    return { isIncomplete: false, items };
  }

  const atLineStart = before.trim() === '';
  const tokensBefore = file.parsed.tokens.filter((t) => t.startOffset < wordStart);
  for (const k of expectedKeywords(chain, tokensBefore, atLineStart)) items.push({ label: k, kind: CompletionItemKind.Keyword });

  if (guideline && !atLineStart) {
    for (const [name, f] of guideline.facts) items.push({ label: name, kind: CompletionItemKind.Variable, detail: isMissing(f.node.label) ? 'fact' : f.node.label.value });
    for (const [name, t] of guideline.thresholds) items.push({ label: name, kind: CompletionItemKind.Constant, detail: isMissing(t.node.label) ? 'threshold' : t.node.label.value });
    for (const [name, v] of guideline.valueSets) items.push({ label: name, kind: CompletionItemKind.Enum, detail: isMissing(v.node.label) ? 'value set' : v.node.label.value });
    const records = recordsInScope(guideline, chain);
    if (records) {
      for (const [name, f] of guideline.fields.get(records) ?? []) items.push({ label: name, kind: CompletionItemKind.Field, detail: isMissing(f.node.label) ? 'field' : f.node.label.value });
    }
  }
  if (atLineStart && chain.some((n: Node) => n.kind === 'Criteria')) {
    for (const s of CRITERION_SNIPPETS) items.push({ label: s.label, kind: CompletionItemKind.Snippet, detail: s.detail, insertText: s.body, insertTextFormat: InsertTextFormat.Snippet });
  }
  return { isIncomplete: false, items };
}

/** The records fact a `field` declaration sits in. */
function recordsOfFieldDecl(scope: GuidelineScope, field: Fact): Fact | null {
  for (const [records, fields] of scope.fields) for (const f of fields.values()) if (f.node === field) return records;
  return null;
}

const clean = (item: CompletionItem): CompletionItem => {
  if (item.detail === undefined) delete item.detail;
  return item;
};
