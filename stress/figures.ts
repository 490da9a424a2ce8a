/**
 * What each stress part reports: how many inputs it ran, how many failed (each failure is a broken guarantee, so
 * every count must be 0), the figures that say how it went, and the first failures, shortened for printing.
 */
export interface Figure {
  readonly part: string;
  readonly inputs: number;
  readonly failures: number;
  /** Measured figures, printed as "name: value". */
  readonly figures: Readonly<Record<string, string>>;
  /** The first few failures: what broke and the input that broke it (shortened). */
  readonly examples: readonly string[];
}

/** Collects failures for one part, keeping the first few as examples. */
export class Failures {
  count = 0;
  readonly examples: string[] = [];

  add(what: string, input: string): void {
    this.count++;
    if (this.examples.length < 3) this.examples.push(`${what}\n      input: ${shorten(input)}`);
  }
}

export function shorten(text: string, max = 300): string {
  const printable = JSON.stringify(text);
  return printable.length <= max ? printable : `${printable.slice(0, max)}… (${text.length} characters)`;
}

export function printFigures(figures: readonly Figure[], write: (line: string) => void): void {
  for (const f of figures) {
    write(`${f.part}: ${f.inputs.toLocaleString('en-US')} inputs, ${f.failures} failures`);
    for (const [name, value] of Object.entries(f.figures)) write(`  ${name}: ${value}`);
    for (const e of f.examples) write(`  FAILED ${e}`);
  }
}

/** The median of a list of numbers (0 for an empty list). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
