/**
 * The one place offsets become LSP positions and back. Everything inside Rubric is a UTF-16 offset (language/source.ts);
 * the protocol speaks 0-based line and character (UTF-16 code units, the default `positionEncoding`). Every value is
 * clamped: a NaN, negative or past-the-end offset from a recovered token, or a position a client sends for a line that
 * no longer exists, becomes the nearest valid place, never NaN and never an "Invalid arguments" range in the client.
 */
import type { Position, Range } from 'vscode-languageserver';
import type { Span } from '../../language/index.js';

/** Line starts of one text, computed once per document version. */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (!text.includes('\r')) {
      // Only \n line ends: indexOf finds them far faster than a loop over every character (this runs on each edit).
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        // LSP counts \n, \r\n and a lone \r as line ends.
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** An offset within [0, text.length]; NaN and non-numbers become 0. */
  clampOffset(offset: unknown): number {
    if (typeof offset !== 'number' || !Number.isFinite(offset)) return 0;
    return Math.min(Math.max(0, Math.trunc(offset)), this.text.length);
  }

  positionAt(offset: unknown): Position {
    const at = this.clampOffset(offset);
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: at - (this.starts[low] ?? 0) };
  }

  /** The offset of a client position; lines past the end go to the end, characters past a line's end to its end. */
  offsetAt(position: unknown): number {
    const p = (typeof position === 'object' && position !== null ? position : {}) as { line?: unknown; character?: unknown };
    const line = typeof p.line === 'number' && Number.isFinite(p.line) ? Math.trunc(p.line) : 0;
    const character = typeof p.character === 'number' && Number.isFinite(p.character) ? Math.trunc(p.character) : 0;
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    const start = this.starts[line] ?? 0;
    const next = line + 1 < this.starts.length ? (this.starts[line + 1] ?? this.text.length) : this.text.length;
    let end = next;
    // The line's own end, before its line break.
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.min(start + Math.max(0, character), end);
  }

  /** A span as a range; a reversed or broken span becomes an empty range at its (clamped) start. */
  range(span: Span | undefined): Range {
    const start = this.clampOffset(span?.start);
    const end = Math.max(start, this.clampOffset(span?.end));
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** A client range as a span, clamped and ordered. */
  span(range: { start: unknown; end: unknown } | undefined): Span {
    const a = this.offsetAt(range?.start);
    const b = this.offsetAt(range?.end);
    return { start: Math.min(a, b), end: Math.max(a, b) };
  }
}
