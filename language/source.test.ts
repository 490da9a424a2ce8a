import { describe, expect, it } from 'vitest';
import { SourceFile } from './source.js';

describe('SourceFile', () => {
  const source = new SourceFile('a.rubric', 'guideline x\n  title "T"\n\nend');

  it('turns offsets into 1-based lines and columns', () => {
    expect(source.positionAt(0)).toEqual({ line: 1, column: 1 });
    expect(source.positionAt(12)).toEqual({ line: 2, column: 1 });
    expect(source.positionAt(14)).toEqual({ line: 2, column: 3 });
    expect(source.positionAt(24)).toEqual({ line: 3, column: 1 });
    expect(source.positionAt(25)).toEqual({ line: 4, column: 1 });
  });

  it('clamps offsets outside the text and NaN instead of failing', () => {
    expect(source.positionAt(-5)).toEqual({ line: 1, column: 1 });
    expect(source.positionAt(10_000)).toEqual({ line: 4, column: 4 });
    expect(source.positionAt(Number.NaN)).toEqual({ line: 1, column: 1 });
  });

  it('turns lines and columns back into offsets', () => {
    for (const offset of [0, 5, 12, 14, 23, 24, 25, 28]) {
      expect(source.offsetAt(source.positionAt(offset))).toBe(offset);
    }
  });

  it('counts LF, CRLF and a lone CR each as one line break', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['guideline x', '  title "T"', '', 'end'].join(eol);
      const lines = new SourceFile('eol.rubric', text);
      expect(lines.positionAt(text.indexOf('title'))).toEqual({ line: 2, column: 3 });
      expect(lines.positionAt(text.indexOf('end'))).toEqual({ line: 4, column: 1 });
      expect(lines.lineStarts).toHaveLength(4);
    }
  });
});
