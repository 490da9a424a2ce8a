/**
 * Hover: a fact's kind, unit and case-file path (with what runtime/case-file.schema.json says about it); a citation's
 * full source with its quote; a value set's label and codes; a threshold's value; a criterion's text, kind and
 * citations; a case-file path's description.
 */
import type { Hover, MarkupContent, Position } from 'vscode-languageserver';
import type { Criterion, Fact, FactType, OrMissing, Path, Text } from '../../../language/index.js';
import { isMissing } from '../../../language/index.js';
import type { Links, Symbol } from '../../../language/links.js';
import { factKind, quantityText, unitOf } from '../../../language/resolve.js';
import type { FileState, Snapshot } from '../analysis.js';
import { describePath } from '../case-schema.js';
import { pathAt } from '../locate.js';

const text = (t: OrMissing<Text> | null | undefined): string => (t && !isMissing(t) ? t.value : '');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** The case-file path a fact type reads (`from …`, `of …`), if it has one. */
export function pathOfType(type: OrMissing<FactType>): Path | null {
  if (type.kind === 'Missing') return null;
  return 'path' in type && !isMissing(type.path) ? type.path : null;
}

/** The whole case-file path of a fact or a field (a field's path is inside its records' list entries). */
export function fullPath(fact: Fact, records: Fact | null): string | null {
  const own = pathOfType(fact.type);
  if (own === null) return null;
  if (records === null) return own.raw;
  const base = pathOfType(records.type);
  return base === null ? null : `${base.raw}[].${own.raw}`;
}

const containerFact = (symbol: Symbol): Fact | null => (symbol.container?.kind === 'fact' || symbol.container?.kind === 'field' ? symbol.container.node : null);

function describeFact(links: Links, symbol: Symbol & { node: Fact }): string {
  const fact = symbol.node;
  const kind = factKind(fact.type);
  const unit = unitOf(links, fact);
  const path = fullPath(fact, containerFact(symbol));
  const lines = [`**${fact.keyword} ${symbol.name}** — ${text(fact.label)}`, ''];
  lines.push(`${kind === null ? 'kind not given' : `a ${kind} fact`}${unit === null ? '' : `, in ${unit}`}`);
  if (fact.type.kind === 'ElapsedType' && !isMissing(fact.type.to)) lines.push('', `elapsed from ${code(pathOfType(fact.type)?.raw ?? '')} to ${code(fact.type.to.raw)}`);
  if (path !== null) {
    lines.push('', `case file: ${code(path)}`);
    const about = describePath(path);
    if (about) lines.push('', about);
  }
  return lines.join('\n');
}

function criterionKind(c: Criterion): string {
  const kinds = c.clauses
    .map((k) => ({ ExcludeClause: 'exclusion', MaxLevelsClause: 'level limit', RequireClause: 'requirement', JudgementClause: 'clinical judgement' })[k.kind as string])
    .filter((k): k is string => k !== undefined);
  return kinds.length === 0 ? 'no test yet' : kinds.join(', ');
}

export function describe(links: Links, d: Symbol): string {
  switch (d.kind) {
    case 'fact':
    case 'field':
      return describeFact(links, d);
    case 'threshold': {
      const t = d.node;
      return [`**threshold ${d.name}** — ${text(t.label)}`, '', isMissing(t.value) ? 'no value yet' : `value: **${quantityText(t.value)}**`].join('\n');
    }
    case 'valueset': {
      const v = d.node;
      const lines = [`**value set ${d.name}** — ${text(v.label)}`, ''];
      for (const list of v.codes) lines.push(`${list.system.toUpperCase()}: ${list.codes.map((c) => code(c.raw) + (c.prefix ? ' (and every code below it)' : '')).join(', ')}`, '');
      return lines.join('\n').trimEnd();
    }
    case 'source': {
      const s = d.node;
      const lines = [`**source ${d.name}**`, '', text(s.citation)];
      for (const f of s.fields) {
        const value = isMissing(f.value) ? '' : f.value.kind === 'Text' ? f.value.value : f.value.raw;
        lines.push('', f.field === 'quote' ? `> ${value}` : `${f.field}: ${value}`);
      }
      return lines.join('\n');
    }
    case 'criterion': {
      const c = d.node;
      const cites = c.clauses.flatMap((k) => (k.kind === 'CiteClause' ? k.sources.flatMap((s) => (isMissing(s) ? [] : [s.text])) : []));
      return [`**criterion ${d.name}** (${criterionKind(c)})`, '', text(c.description), '', cites.length > 0 ? `cites ${cites.map(code).join(', ')}` : 'no citation'].join('\n');
    }
    case 'route':
      return `**route ${d.name}** — ${text(d.node.label)}`;
    case 'library':
      return `**library ${d.name}**`;
    case 'guideline':
      return `**guideline ${d.name}**`;
  }
}

export function hover(snapshot: Snapshot, file: FileState, position: Position): Hover | null {
  const offset = file.lines.offsetAt(position);
  const links = snapshot.links;
  const markdown = (value: string, span: { start: number; end: number }): Hover => ({ contents: { kind: 'markdown', value } satisfies MarkupContent, range: file.lines.range(span) });
  const at = links?.symbolAt(file.uri, offset);
  if (links && at) return markdown(describe(links, at.symbol), at.name.span);
  const chain = pathAt(file.parsed.document, offset);
  const node = chain.at(-1);
  if (node?.kind === 'Path') {
    const fact = [...chain].reverse().find((n): n is Fact => n.kind === 'Fact');
    const symbol = fact && links?.symbolOf(fact);
    const records = symbol ? containerFact(symbol) : null;
    const full = records ? `${pathOfType(records.type)?.raw ?? ''}[].${node.raw}` : node.raw;
    const about = describePath(full);
    return markdown(`case file: ${code(full)}${about ? `\n\n${about}` : ''}`, node.span);
  }
  return null;
}
