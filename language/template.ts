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

/** Decoded characters of a quoted text, each with its offset in the source file. */
function decode(text: Text): { chars: string[]; offsets: number[] } {
  const raw = text.raw;
  const chars: string[] = [];
  const offsets: number[] = [];
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
  for (let i = first; i < last; i++) {
    const c = raw[i] ?? '';
    offsets.push(text.span.start + i);
    if (c === '\\' && i + 1 < last && (raw[i + 1] === '"' || raw[i + 1] === '\\')) {
      chars.push(raw[i + 1] ?? '');
      i++;
    } else {
      chars.push(c);
    }
  }
  offsets.push(text.span.start + last);
  return { chars, offsets };
}

export function parseTemplate(text: Text): ParsedTemplate {
  const { chars, offsets } = decode(text);
  const parts: TemplatePart[] = [];
  const placeholders: Placeholder[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '{' && chars[i + 1] === '{') {
      literal += '{';
      i++;
    } else if (c === '}' && chars[i + 1] === '}') {
      literal += '}';
      i++;
    } else if (c === '{') {
      const close = chars.indexOf('}', i + 1);
      if (close < 0) {
        literal += c; // an unclosed brace is just a brace
        continue;
      }
      const name = chars.slice(i + 1, close).join('').trim();
      flush();
      const span = { start: offsets[i] ?? text.span.start, end: (offsets[close] ?? text.span.end) + 1 };
      placeholders.push({ name, span });
      parts.push(name === 'matched' ? { kind: 'matched' } : { kind: 'fact', fact: name });
      i = close;
    } else {
      literal += c;
    }
  }
  flush();
  return { parts, placeholders };
}
