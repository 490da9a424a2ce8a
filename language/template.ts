/**
 * Reason templates: the text of `reason "…"` and `missing "…"` split into literal text and
 * `{placeholders}`. `{{` and `}}` are literal braces. Each placeholder carries the span of its
 * `{…}` in the source, computed from `Text.raw` (whose only escapes are `\"` and `\\`).
 */
import type { Text } from './ast.js';
import type { TemplatePart } from './model.js';
import type { Span } from './source.js';

export interface Placeholder {
  /** The name between the braces, trimmed. */
  readonly name: string;
  /** The `{…}` in the source file. */
  readonly span: Span;
}

export interface ParsedTemplate {
  readonly parts: readonly TemplatePart[];
  readonly placeholders: readonly Placeholder[];
}

/** The text between a quoted text's quotes, as indices into `raw`: [first, last). */
function body(raw: string): { first: number; last: number } {
  // `raw` includes the quotes; a missing closing quote (already reported) is tolerated.
  const first = raw.startsWith('"') ? 1 : 0;
  // The closing quote is the first quote no backslash escapes (`"C:\\"` ends after its escaped backslash).
  let last = raw.length;
  for (let i = first; i < raw.length; i++) {
    if (raw[i] === '\\') i++;
    else if (raw[i] === '"') {
      last = i;
      break;
    }
  }
  return { first, last };
}

/** `raw` from `from` to `to`, its escapes (`\"` and `\\`) decoded. */
function decoded(raw: string, from: number, to: number): string {
  const part = raw.slice(from, to);
  return part.indexOf('\\') < 0 ? part : part.replace(/\\(["\\])/g, '$1');
}

/**
 * Splits the template, reading `raw` in place (no array of characters): a brace is never part of an escape, so every
 * `{` and `}` of the text is one in `raw`, at the offset its span needs.
 */
export function parseTemplate(text: Text): ParsedTemplate {
  const raw = text.raw;
  const { first, last } = body(raw);
  const parts: TemplatePart[] = [];
  const placeholders: Placeholder[] = [];
  let literal = '';
  /** Where the literal text not yet added to `literal` starts. */
  let from = first;
  const flush = (): void => {
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
  };
  let i = first;
  while (i < last) {
    const c = raw[i];
    if (c === '\\') {
      i += i + 1 < last && (raw[i + 1] === '"' || raw[i + 1] === '\\') ? 2 : 1;
      continue;
    }
    if ((c === '{' || c === '}') && raw[i + 1] === c && i + 1 < last) {
      literal += decoded(raw, from, i) + c; // `{{` and `}}` are one literal brace
      i += 2;
      from = i;
      continue;
    }
    if (c === '{') {
      const close = raw.indexOf('}', i + 1);
      if (close >= 0 && close < last) {
        literal += decoded(raw, from, i);
        flush();
        const name = decoded(raw, i + 1, close).trim();
        placeholders.push({ name, span: { start: text.span.start + i, end: text.span.start + close + 1 } });
        parts.push(name === 'matched' ? { kind: 'matched' } : { kind: 'fact', fact: name });
        i = close + 1;
        from = i;
        continue;
      }
      // an unclosed brace is just a brace
    }
    i++;
  }
  literal += decoded(raw, from, last);
  flush();
  return { parts, placeholders };
}
