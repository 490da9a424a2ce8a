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
import type { Symbol } from '../../../language/links.js';
import { unitOf } from '../../../language/resolve.js';
import type { FileState, Snapshot } from '../analysis.js';
import { fieldsAfter } from '../case-schema.js';
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
  const links = snapshot.links;
  const chain = chainBefore(file.parsed.document, offset - word.length);
  const items: CompletionItem[] = [];
  const wordStart = offset - word.length;
  const replace = (w: string) => ({ range: file.lines.range({ start: wordStart + w.lastIndexOf('.') + 1, end: offset }) });

  // A case-file path: after `from`, `of`, `to`, `lasting`… or once the word has a dot.
  if (/\b(from|of|to)\s+(latest\s+|earliest\s+)?$/.test(before) || word.includes('.')) {
    const prefix = word.includes('.') ? word.slice(0, word.lastIndexOf('.')) : '';
    const fact = [...chain].reverse().find((n): n is Fact => n.kind === 'Fact' && n.keyword === 'field');
    const container = fact ? links?.symbolOf(fact)?.container : undefined;
    const records = container?.kind === 'fact' || container?.kind === 'field' ? container.node : null;
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
    const visible = links?.visibleAt(file.uri, wordStart) ?? [];
    const named = visible.find((v) => (v.kind === 'fact' || v.kind === 'field') && v.name === subject);
    const fact = named?.kind === 'fact' || named?.kind === 'field' ? named.node : undefined;
    const unit = fact && links ? unitOf(links, fact) : null;
    const units = unit === null ? (fact?.type.kind === 'ElapsedType' ? TIME_UNITS : ALL_UNITS) : [unit === 'percent' ? '%' : unit];
    for (const u of units) items.push({ label: u, kind: CompletionItemKind.Unit, detail: unit === null ? 'unit' : `the unit of ${subject}` });
    return { isIncomplete: false, items };
  }

  const visible = links?.visibleAt(file.uri, wordStart) ?? [];
  if (/\bcite\s+([A-Za-z0-9_]+\s*,\s*)*$/.test(before)) {
    for (const v of visible) if (v.kind === 'source') items.push(item(v));
    return { isIncomplete: false, items };
  }
  if (/\broute\s+$/.test(before)) {
    for (const v of visible) if (v.kind === 'route') items.push(item(v));
    return { isIncomplete: false, items };
  }
  if (/\buses\s+([A-Za-z0-9_]+\s*,\s*)*$/.test(before)) {
    for (const v of visible) if (v.kind === 'library') items.push(item(v));
    return { isIncomplete: false, items };
  }

  const atLineStart = before.trim() === '';
  const tokensBefore = file.parsed.tokens.filter((t) => t.startOffset < wordStart);
  for (const k of expectedKeywords(chain, tokensBefore, atLineStart)) items.push({ label: k, kind: CompletionItemKind.Keyword });

  if (!atLineStart) {
    const seen = new Set<string>();
    for (const v of visible) {
      if (!['field', 'fact', 'threshold', 'valueset'].includes(v.kind) || seen.has(v.name)) continue;
      seen.add(v.name);
      items.push(item(v));
    }
  }
  if (atLineStart && chain.some((n: Node) => n.kind === 'Criteria')) {
    for (const s of CRITERION_SNIPPETS) items.push({ label: s.label, kind: CompletionItemKind.Snippet, detail: s.detail, insertText: s.body, insertTextFormat: InsertTextFormat.Snippet });
  }
  return { isIncomplete: false, items };
}

const KIND: Record<Symbol['kind'], CompletionItemKind> = {
  fact: CompletionItemKind.Variable,
  field: CompletionItemKind.Field,
  threshold: CompletionItemKind.Constant,
  valueset: CompletionItemKind.Enum,
  source: CompletionItemKind.Reference,
  criterion: CompletionItemKind.Function,
  route: CompletionItemKind.EnumMember,
  library: CompletionItemKind.Module,
  guideline: CompletionItemKind.Module,
};

/** A declared name as a completion item, its label (the author's words for it) as the detail. */
function item(symbol: Symbol): CompletionItem {
  const node = symbol.node as { label?: unknown; citation?: unknown };
  const words = [node.label, node.citation].find((t): t is { kind: 'Text'; value: string } => typeof t === 'object' && t !== null && (t as { kind?: unknown }).kind === 'Text');
  return { label: symbol.name, kind: KIND[symbol.kind], detail: words ? `${symbol.kind}: ${words.value}` : symbol.kind };
}

const clean = (item: CompletionItem): CompletionItem => {
  if (item.detail === undefined) delete item.detail;
  return item;
};
