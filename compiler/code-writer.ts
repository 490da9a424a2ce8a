/** A tiny indentation-aware line writer: what emit.ts and emit-validation.ts write generated code with. */
export class CodeWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text = ''): this {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
    return this;
  }

  /** `head {`, the body one level deeper, then `tail`. */
  block(head: string, body: () => void, tail = '}'): this {
    this.line(`${head} {`);
    this.depth++;
    body();
    this.depth--;
    return this.line(tail);
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}
