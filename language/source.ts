/**
 * A source document and the one place offsets become lines and columns.
 * Every position inside Rubric is a UTF-16 offset into `text`; line/column pairs exist only at the edges
 * (CLI output, LSP ranges), computed here.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A 1-based line and column, for people. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

export class SourceFile {
  private lineStartsCache: number[] | undefined;

  constructor(
    /** A path relative to the project root (CLI) or a document URI (LSP). */
    readonly uri: string,
    readonly text: string,
  ) {}

  get lineStarts(): readonly number[] {
    if (this.lineStartsCache === undefined) {
      // A line ends at LF, CRLF or a lone CR (old Mac files): each counts as one line break.
      const starts = [0];
      const text = this.text;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
      this.lineStartsCache = starts;
    }
    return this.lineStartsCache;
  }

  /** 1-based line and column of an offset; offsets outside the text are clamped, NaN becomes 0. */
  positionAt(offset: number): LineColumn {
    const clamped = Number.isFinite(offset) ? Math.min(Math.max(0, Math.trunc(offset)), this.text.length) : 0;
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (starts[low] ?? 0) + 1 };
  }

  /** Offset of a 1-based line and column, clamped to the text. */
  offsetAt(position: LineColumn): number {
    const starts = this.lineStarts;
    const lineIndex = Math.min(Math.max(0, position.line - 1), starts.length - 1);
    const lineStart = starts[lineIndex] ?? 0;
    const nextStart = starts[lineIndex + 1] ?? this.text.length + 1;
    return Math.min(lineStart + Math.max(0, position.column - 1), nextStart - 1, this.text.length);
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }
}

export const span = (start: number, end: number): Span => ({ start, end });

/** The smallest span covering both. */
export const cover = (a: Span, b: Span): Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });
